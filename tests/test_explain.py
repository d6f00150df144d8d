import json
import re
import textwrap

import pytest
from click.testing import CliRunner

from codemods._base import case_with_target
from codemods.registry import RULES
from scaffold_migrate.cli import cli
from scaffold_migrate.render import target_versions
from scaffold_migrate.rule_docs import sections


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_explain_shows_the_rule_documentation_with_its_example_cases_and_finding_codes(rule):
    result = invoke("explain", rule.ID)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{rule.ID} {rule.NAME}  (targets {target_versions(rule)})\n{rule.SUMMARY}\n")
    for title, text in sections(rule):
        assert f"\n{title}\n{text}\n" in result.output
    assert re.search(r"Flask \d\.\d", result.output), "the Flask change behind the rule"
    for name in rule.EXAMPLES:
        _target, before, after = case_with_target(rule.REWRITES[name])
        assert textwrap.dedent(before).strip() in result.output
        assert textwrap.dedent(after).strip() in result.output
    for kind in rule.FINDINGS:
        assert f"- `{rule.ID}/{kind}`: " in result.output


def test_explain_takes_a_name_and_rejects_an_unknown_rule():
    assert invoke("explain", "moved-names").output.startswith("SM006 moved-names")
    unknown = invoke("explain", "SM999")
    assert unknown.exit_code == 3
    assert "unknown rule 'SM999'" in unknown.output


def test_every_finding_kind_a_rule_reports_is_declared():
    from codemods._base import Rule
    from codemods.endpoint_helper import EndpointHelper

    rule = EndpointHelper.__new__(EndpointHelper)
    with pytest.raises(KeyError, match="undeclared finding kind 'made-up'"):
        Rule.report_finding(rule, None, "made-up", "text")


def test_rules_table_and_json():
    table = invoke("rules", "--no-color")
    assert table.exit_code == 0
    for rule in RULES:
        assert rule.ID in table.output and rule.NAME in table.output
    rows = json.loads(invoke("rules", "--format", "json").output)
    assert [row["id"] for row in rows] == [rule.ID for rule in RULES]
    assert json.loads(invoke("--list-rules", "--format", "json").output) == rows


def test_migration_stays_the_default_command_and_a_path_can_shadow_a_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
    )
    for args in (["-t", "3.1", "./rules"], ["migrate", "-t", "3.1", "rules"], ["-t", "3.1"]):
        result = invoke(*args, "--no-progress")
        assert result.exit_code == 1, (args, result.output)
        assert "+name = view.__name__" in result.output
    assert invoke("--help").output.startswith("Usage: scaffold-migrate [OPTIONS] [PATHS]...")
