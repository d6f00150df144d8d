"""`--add-todos`: a `# TODO(scaffold-migrate SMxxx/kind): what to do` comment above each
finding's line, never twice, and only where a comment cannot change the program."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import Callable

from scaffold_migrate.results import Finding

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def todo_comment(finding: Finding) -> str:
    message = " ".join(finding.message.split())
    return f"# TODO(scaffold-migrate {finding.code}): {message}"


def add_todos(
    text: str, findings: Sequence[Finding], to_current_line: Callable[[int], int]
) -> tuple[str, list[Finding]]:
    """`text` with a TODO comment above the line of each finding (lines of the file
    as read, mapped into `text` by `to_current_line`), and the findings that got one.

    A finding whose comment is already there is left alone; so is one whose line
    starts inside a string, where a comment would change the program."""
    lines = [line for line in _LINE.findall(text) if line]
    baseline = _dump(text)
    added: list[Finding] = []
    if baseline is None:
        return text, added
    for finding in sorted(findings, key=lambda finding: finding.line, reverse=True):
        index = to_current_line(finding.line) - 1
        if not 0 <= index < len(lines) or _already_there(lines, index, todo_comment(finding)):
            continue
        line = lines[index]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        candidate = lines[:index] + [indent + todo_comment(finding) + _newline(lines)] + lines[index:]
        if _dump("".join(candidate)) == baseline:
            lines, added = candidate, added + [finding]
    return "".join(lines), added


def _already_there(lines: list[str], index: int, comment: str) -> bool:
    """Whether `comment` is among the comment lines right above line `index`."""
    above = index - 1
    while above >= 0 and lines[above].lstrip().startswith("#"):
        if lines[above].strip() == comment:
            return True
        above -= 1
    return False


def _newline(lines: list[str]) -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith(("\n", "\r")):
            return line[-1]
    return "\n"


def _dump(text: str) -> str | None:
    try:
        return ast.dump(ast.parse(text))
    except (SyntaxError, ValueError):
        return None
