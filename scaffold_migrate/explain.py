"""What `scaffold-migrate explain RULE` shows: the rule's own docstring and the kinds
of finding it declares, each with its stable code and what to do by hand."""

from __future__ import annotations

import inspect
import sys

from rich.console import Console
from rich.text import Text

from codemods import Rule
from scaffold_migrate.render import target_versions


def finding_lines(rule: type[Rule]) -> list[str]:
    """One line a kind of finding: "SM001/late-binding: what it means and what to do"."""
    return [f"{rule.ID}/{kind}: {description}" for kind, description in rule.FINDINGS.items()]


def print_explanation(console: Console, rule: type[Rule]) -> None:
    heading = Text(f"{rule.ID} {rule.NAME}", style="bold")
    heading.append(f"  (targets {target_versions(rule)})", style="dim")
    console.print(heading)
    console.print(rule.SUMMARY)
    console.print()
    docstring = inspect.getdoc(sys.modules[rule.__module__]) or ""
    _title, _, body = docstring.partition("\n")
    console.print(Text(body.strip("\n")))
    console.print()
    console.print(Text("Findings it can report (work left to do by hand):", style="bold"))
    for line in finding_lines(rule):
        console.print(Text(f"- {line}"))
