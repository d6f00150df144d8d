"""The README's rules table says what the registry (and --list-rules) says."""

import re
from pathlib import Path

from codemods import RULES
from scaffold_migrate.render import target_versions

README = Path(__file__).resolve().parent.parent / "README.md"


def test_rules_table_matches_the_registry():
    rows = re.findall(r"^\| (SM\d{3}) \| ([a-z-]+) \| ([^|]+) \| (.+) \|$", README.read_text(), re.MULTILINE)
    expected = [(rule.ID, rule.NAME, target_versions(rule), rule.SUMMARY) for rule in RULES]
    assert [(a, b, c.strip(), d.strip()) for a, b, c, d in rows] == expected


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
