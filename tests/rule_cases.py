"""Assertions every rule test uses: rewrites compile and are idempotent; no-ops are
byte-identical."""

from __future__ import annotations

import textwrap

from scaffold_migrate import FileResult, migrate_source


def run_rule(rule: str, source: str, target: str = "3.1") -> FileResult:
    result = migrate_source(textwrap.dedent(source), target=target, select=[rule])
    assert result.error is None, result.error
    return result


def assert_rewrites(rule: str, before: str, after: str, target: str = "3.1") -> FileResult:
    result = run_rule(rule, before, target)
    expected = textwrap.dedent(after)
    assert result.new_text == expected
    compile(expected, "<after>", "exec")
    again = run_rule(rule, expected, target)
    assert not again.changed, f"not idempotent:\n{again.new_text}"
    return result


def assert_unchanged(rule: str, source: str, target: str = "3.1") -> FileResult:
    result = run_rule(rule, source, target)
    assert not result.changed, f"unexpected rewrite:\n{result.new_text}"
    return result
