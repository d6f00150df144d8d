"""`--interactive`: review the changes hunk by hunk and write only what was accepted."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable

from rich.console import Console
from rich.text import Text

from codemods import rule_triggers
from scaffold_migrate.render import diff_line_style, display_path, text_encoding
from scaffold_migrate.results import Change, ErrorKind, FileResult
from scaffold_migrate.verify import compile_error
from scaffold_migrate.writer import write_result

CONTEXT = 3
HELP = """\
y - apply this hunk
n - do not apply this hunk
a - apply this hunk and the rest of this file
d - do not apply this hunk nor the rest of this file
q - quit: apply nothing more (the hunks accepted in this file are still written)
? - this help"""
KEYS = "y,n,a,d,q,?"


@dataclass(frozen=True)
class Hunk:
    """One group of nearby changes: old lines [old_start, old_end) become `new_lines`."""

    old_start: int
    old_end: int
    new_lines: tuple[bytes, ...]
    text: str
    rule_ids: tuple[str, ...]
    changes: tuple[Change, ...]


def split_hunks(result: FileResult) -> list[Hunk]:
    assert result.old_source is not None and result.new_source is not None
    old, new = result.old_source.splitlines(True), result.new_source.splitlines(True)
    groups = list(difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(CONTEXT))
    spans = [(group[0][1], group[-1][2]) for group in groups]
    owners = [_hunk_of(change.line, spans) for change in result.changes]
    hunks = []
    for index, (group, (old_start, old_end)) in enumerate(zip(groups, spans)):
        changes = tuple(change for change, owner in zip(result.changes, owners) if owner == index)
        hunks.append(
            Hunk(
                old_start,
                old_end,
                tuple(new[group[0][3] : group[-1][4]]),
                _hunk_text(group, old, new, result.encoding),
                _rule_ids(result, changes, old_start),
                changes,
            )
        )
    return hunks


def _rule_ids(result: FileResult, changes: tuple[Change, ...], old_start: int) -> tuple[str, ...]:
    """The rules of a hunk's changes; for a hunk with none (an import a rule's
    clean-up removed), the rule of the file's nearest change."""
    if changes or not result.changes:
        return tuple(sorted({change.rule_id for change in changes}))
    return (min(result.changes, key=lambda change: abs(change.line - 1 - old_start)).rule_id,)


def _hunk_of(line: int, spans: Sequence[tuple[int, int]]) -> int:
    """The index of the hunk (old line spans, 0-based, end exclusive) that a change
    reported at 1-based `line` belongs to: the one holding it, else the nearest."""
    return min(
        range(len(spans)),
        key=lambda index: 0 if spans[index][0] < line <= spans[index][1] else abs(line - spans[index][0]),
    )


def _hunk_text(group: list, old: list[bytes], new: list[bytes], encoding: str) -> str:
    old_start, old_end, new_start, new_end = group[0][1], group[-1][2], group[0][3], group[-1][4]
    lines = [f"@@ -{old_start + 1},{old_end - old_start} +{new_start + 1},{new_end - new_start} @@"]
    for tag, i1, i2, j1, j2 in group:
        if tag == "equal":
            lines += [" " + _decode(line, encoding) for line in old[i1:i2]]
            continue
        lines += ["-" + _decode(line, encoding) for line in old[i1:i2]]
        lines += ["+" + _decode(line, encoding) for line in new[j1:j2]]
    return "\n".join(lines)


def _decode(line: bytes, encoding: str) -> str:
    return line.decode(text_encoding(encoding), errors="replace").rstrip("\r\n")


def apply_hunks(old_source: bytes, hunks: Sequence[Hunk], accepted: Sequence[bool]) -> bytes:
    old = old_source.splitlines(True)
    parts: list[bytes] = []
    position = 0
    for hunk, take in zip(hunks, accepted):
        parts += old[position : hunk.old_start]
        parts += hunk.new_lines if take else old[hunk.old_start : hunk.old_end]
        position = hunk.old_end
    parts += old[position:]
    return b"".join(parts)


class Quit(Exception):
    """The user asked to stop reviewing."""


class Interrupted(Exception):
    """Ctrl-C (or Ctrl-D) stopped the review in a file: what became of it."""

    def __init__(self, result: FileResult) -> None:
        super().__init__()
        self.result = result


class Review:
    """Asks about each hunk of each changed file through `read_key`; writes what was
    accepted, atomically, provided it compiles. `interrupted` tells whether Ctrl-C
    (or Ctrl-D) ended the review early."""

    def __init__(self, console: Console, read_key: Callable[[], str]) -> None:
        self.console = console
        self.read_key = read_key
        self.interrupted = False

    def run(self, results: Sequence[FileResult]) -> list[FileResult]:
        reviewed = list(results)
        for index, result in enumerate(results):
            if not result.changed or result.error is not None:
                continue
            try:
                reviewed[index] = self._file(result)
            except Quit:
                break
            except Interrupted as stop:
                reviewed[index] = stop.result
                self.interrupted = True
                break
        return reviewed

    def _file(self, result: FileResult) -> FileResult:
        hunks = split_hunks(result)
        accepted: list[bool] = []
        quitting = False
        try:
            for number, hunk in enumerate(hunks, 1):
                self._show(result, hunk, number, len(hunks))
                key = self._ask(f"Apply this hunk [{KEYS}]? ", "ynadq")
                if key == "q":
                    quitting = True
                    break
                accepted.append(key in "ya")
                if key in "ad":
                    accepted += [key == "a"] * (len(hunks) - number)
                    break
        except (KeyboardInterrupt, EOFError):
            self.console.print()
            accepted += [False] * (len(hunks) - len(accepted))
            raise Interrupted(self._write(result, hunks, accepted) if self._keep(sum(accepted)) else result) from None
        accepted += [False] * (len(hunks) - len(accepted))
        written = self._write(result, hunks, accepted)
        if quitting:
            raise Quit
        return written

    def _keep(self, accepted: int) -> bool:
        """After Ctrl-C in a file: whether to write the hunks accepted in it so far."""
        if not accepted:
            return False
        try:
            return self._ask(f"Interrupted: write the {accepted} hunk(s) accepted in this file [y,n]? ", "yn") == "y"
        except (KeyboardInterrupt, EOFError):
            self.console.print()
            return False

    def _ask(self, prompt: str, allowed: str) -> str:
        """A key among `allowed`; the end of the input counts as q (or n where q is not
        allowed). Ctrl-C and Ctrl-D in a terminal raise, to stop the review."""
        while True:
            self.console.print(Text(prompt, style="bold blue"), end="")
            key = self.read_key()
            if key == "":
                key = "q" if "q" in allowed else "n"
            self.console.print(key)
            if key and key in allowed:
                return key
            self.console.print(HELP if "a" in allowed else "y - yes\nn - no", style="red", highlight=False)

    def _show(self, result: FileResult, hunk: Hunk, number: int, total: int) -> None:
        header = Text(f"{display_path(result.path)}  hunk {number}/{total}  ", style="bold")
        rules = ", ".join(f"{rule_id} {rule_triggers(rule_id).name}" for rule_id in hunk.rule_ids)
        header.append(rules, style="bold yellow")
        self.console.print(header)
        for line in hunk.text.splitlines():
            self.console.print(Text(line, style=diff_line_style(line)))

    def _write(self, result: FileResult, hunks: Sequence[Hunk], accepted: Sequence[bool]) -> FileResult:
        if not any(accepted):
            return result
        assert result.old_source is not None
        if not all(accepted):
            partial = apply_hunks(result.old_source, hunks, accepted)
            if compile_error(partial, result.path, kind=ErrorKind.VERIFY) is None:
                changes = tuple(change for hunk, take in zip(hunks, accepted) if take for change in hunk.changes)
                result = dataclasses.replace(result, new_source=partial, changes=changes)
            elif (
                self._ask(
                    "The accepted hunks do not compile without the others: "
                    "write the whole file (y) or leave it unchanged (n) [y,n]? ",
                    "yn",
                )
                == "n"
            ):
                return result
        return self._written(write_result(result))

    def _written(self, result: FileResult) -> FileResult:
        if result.error is not None:
            self.console.print(Text(result.error.describe(display_path(result.path)), style="red"))
        else:
            self.console.print(Text(f"wrote {display_path(result.path)}", style="green"))
        return result
