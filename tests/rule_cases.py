"""Assertions every rule test uses: rewrites compile and are idempotent; no-ops are
byte-identical; every finding is one that `scaffold-migrate explain` lists."""

from __future__ import annotations

import textwrap

import pytest

from codemods import get_rule
from codemods._base import CASE_TARGET, case_with_target
from scaffold_migrate import FileResult, migrate_source


def run_rule(rule: str, source: str, target: str = CASE_TARGET) -> FileResult:
    result = migrate_source(textwrap.dedent(source), target=target, select=[rule])
    assert result.error is None, result.error
    for finding in result.findings:
        assert finding.kind in get_rule(rule).FINDINGS, finding
    return result


def assert_rewrites(rule: str, before: str, after: str, target: str = CASE_TARGET) -> FileResult:
    result = run_rule(rule, before, target)
    expected = textwrap.dedent(after)
    assert result.new_text == expected
    compile(expected, "<after>", "exec")
    again = run_rule(rule, expected, target)
    assert not again.changed, f"not idempotent:\n{again.new_text}"
    return result


def assert_unchanged(rule: str, source: str, target: str = CASE_TARGET) -> FileResult:
    result = run_rule(rule, source, target)
    assert not result.changed, f"unexpected rewrite:\n{result.new_text}"
    return result


def standard_rule_tests(rule: str):
    """The tests every rule module has, over the cases the rule declares: each
    rewrite (before, after) is exact, compiles and is idempotent, and reports no
    finding; each no-op source stays byte-identical without a finding; each finding
    case (source, line, text) stays byte-identical and reports exactly one finding,
    on that line, saying that text; there are at least as many no-ops as rewrites. A
    case may start with its target version."""
    rule_class = get_rule(rule)
    rewrites, unchanged, findings = rule_class.REWRITES, rule_class.NO_OPS, rule_class.FINDING_CASES

    @pytest.mark.parametrize("name", list(findings))
    def test_reports_what_it_cannot_do(name):
        target, source, line, text = case_with_target(findings[name])
        result = assert_unchanged(rule, source, target=target)
        assert [finding.line for finding in result.findings] == [line], result.findings
        assert text in result.findings[0].message

    @pytest.mark.parametrize("name", list(rewrites))
    def test_rewrites(name):
        target, before, after = case_with_target(rewrites[name])
        result = assert_rewrites(rule, before, after, target=target)
        assert result.changes and not result.findings

    @pytest.mark.parametrize("name", list(unchanged))
    def test_leaves_alone(name):
        target, source = case_with_target(unchanged[name])
        assert not assert_unchanged(rule, source, target=target).findings

    def test_at_least_as_many_no_ops_as_rewrites():
        assert len(unchanged) >= len(rewrites)

    return test_rewrites, test_leaves_alone, test_reports_what_it_cannot_do, test_at_least_as_many_no_ops_as_rewrites
