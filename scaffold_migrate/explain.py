"""What `scaffold-migrate explain RULE` shows: the rule's own docstring and the
findings its code can report, read from the rule's source so they cannot drift."""

from __future__ import annotations

import ast
import inspect
import itertools
import re
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.text import Text

from codemods import Rule
from scaffold_migrate.render import target_versions

PLACEHOLDER = "…"


def finding_messages(rule: type[Rule]) -> list[str]:
    """The messages of the `self.report_finding(node, message)` calls in the rule's
    module: module-level string constants filled in, what is computed at run time
    shown as "…", one message per branch of a conditional."""
    module = sys.modules[rule.__module__]
    tree = ast.parse(inspect.getsource(module))
    constants = {name: value for name, value in vars(module).items() if isinstance(value, str)}
    return [
        message
        for call in _finding_calls(tree)
        if len(call.args) >= 2
        for message in _variants(call.args[1], constants)
    ]


def explains(rule: type[Rule], message: str) -> bool:
    """Whether `message`, as the rule reported it, is one of its finding_messages."""
    return any(
        re.fullmatch(".*".join(re.escape(part) for part in template.split(PLACEHOLDER)), message, re.DOTALL)
        for template in finding_messages(rule)
    )


def _finding_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "report_finding":
            yield node


def _variants(node: ast.expr, constants: dict[str, str]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.FormattedValue) and node.format_spec is None:
        return _variants(node.value, constants)
    if isinstance(node, ast.JoinedStr):
        return _concatenations([_variants(part, constants) for part in node.values])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _concatenations([_variants(node.left, constants), _variants(node.right, constants)])
    if isinstance(node, ast.IfExp):
        return _variants(node.body, constants) + _variants(node.orelse, constants)
    return [PLACEHOLDER]


def _concatenations(parts: list[list[str]]) -> list[str]:
    return ["".join(choice) for choice in itertools.product(*parts)]


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
    for message in finding_messages(rule):
        console.print(Text(f"- {message}"))
