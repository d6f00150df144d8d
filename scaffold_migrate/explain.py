"""What `scaffold-migrate explain RULE` shows: the rule's documentation, the same
sections the README has (scaffold_migrate.rule_docs), with its finding codes."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from codemods._base import Rule
from scaffold_migrate.render import target_versions
from scaffold_migrate.rule_docs import sections


def print_explanation(console: Console, rule: type[Rule]) -> None:
    heading = Text(f"{rule.ID} {rule.NAME}", style="bold")
    heading.append(f"  (targets {target_versions(rule)})", style="dim")
    console.print(heading)
    console.print(rule.SUMMARY, markup=False, highlight=False)
    for title, text in sections(rule):
        console.print()
        console.print(Text(title, style="bold underline"))
        console.print(Text(text), soft_wrap=True)
