"""The README says what the registry (and --list-rules) says: its rules table and\nits rule sections come from the rules' data."""

import inspect
import sys

import pytest

from codemods.registry import RULES
from scaffold_migrate.rule_docs import README, sections, with_rule_sections


def test_readme_names_every_cli_option():
    from scaffold_migrate.cli import cli

    text = README.read_text()
    options = [
        option
        for command in cli.commands.values()
        for parameter in command.params
        for option in parameter.opts
        if option.startswith("--")
    ]
    assert len(options) > 10
    for option in options:
        assert option in text, option


def test_readme_rule_sections_are_made_from_the_rules_data():
    text = README.read_text(encoding="utf-8")
    assert with_rule_sections(text) == text, "stale: run `python -m scaffold_migrate.rule_docs`"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_every_rule_documents_each_section_with_a_tested_example(rule):
    for title, text in sections(rule):
        assert text.strip(), f"{rule.ID} has no {title!r}"
    if rule.REWRITES:
        assert rule.EXAMPLES and set(rule.EXAMPLES) <= set(rule.REWRITES)
    else:  # a rule that only reports shows a finding case
        assert rule.FINDING_CASES and not rule.EXAMPLES
    assert inspect.getdoc(sys.modules[rule.__module__]).count("\n") == 0, "the docs live on the class"


def test_readme_exit_codes_say_what_help_says():
    from click.testing import CliRunner

    from scaffold_migrate.cli import cli

    def words(text):
        return " ".join(text.replace("`", "").replace("*", "").split())

    help_text = words(CliRunner().invoke(cli, ["--help"]).output)
    codes = help_text[
        help_text.index("Exit codes: 0") : help_text.index("configuration error.") + len("configuration error.")
    ]
    assert codes in words(README.read_text(encoding="utf-8"))


def test_no_rule_word_is_so_common_that_focus_could_set_nothing_aside():
    """Every trigger, required and vocabulary word is also a word focus keeps code for
    (scaffold_migrate.focus): a word such as "." would keep every function body."""
    for rule in RULES:
        for word in (*rule.TRIGGERS, *rule.REQUIRED, *rule.VOCABULARY):
            assert len(word) >= 4, (rule.ID, word)
