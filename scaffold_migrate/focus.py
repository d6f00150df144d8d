"""Parse only what the rules can look at: unrelated top-level functions and
classes are set aside before libcst parses a file, and put back byte for byte
afterwards.

libcst's parse and analysis cost grows with the size of the file, and a legacy
module is mostly code no rule reads: helpers, models, views. A top-level `def` or
`class` is set aside when
- its text holds none of the words the enabled rules act on (their triggers and
  the words of the Flask API they rewrite),
- it declares no `global` or `nonlocal` name, so its body binds nothing outside it,
- no code that stays shares a name with it: its own name, the module-level names its
  body reads and the names its decorators, bases, defaults and annotations read.
Each run of such definitions (adjacent statements, with the blank lines and
comments between them) becomes one line that still binds their names,
`name = other = None`, carrying a marker made from a hash of the file, which the
file does not contain. A rule cannot change or report anything in such a
definition, nor decide differently elsewhere because of it: what binds a name it
may look up (before adding an import, say) still binds it.
"""

from __future__ import annotations

import _symtable  # type: ignore[import-not-found]  # no stubs: its tables are Any here
import ast
import builtins
import hashlib
import keyword
import re
import warnings
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Union

from scaffold_migrate.verify import python_ast

_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
# What can bind a module-level name from elsewhere than a module-level statement.
_MAY_BIND_ELSEWHERE = re.compile(rb"\bglobal\b|\bnonlocal\b|import[\s\\]*\*")
_KEYWORDS = frozenset(word.encode() for word in keyword.kwlist)
_MARKER_COMMENT = b"# scaffold-migrate "
_Definition = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# The symbol tables the symtable module wraps, read as that module reads them (its
# objects cost one per symbol looked up; tests/test_focus.py holds the two to agree).
_SCOPE_OFF, _SCOPE_MASK = _symtable.SCOPE_OFF, _symtable.SCOPE_MASK
_BUILTINS = {name: name.encode() for name in dir(builtins)}


@dataclass(frozen=True)
class SetAside:
    """One run of definitions set aside: where its marker line is in the focused
    source, and what it stands for."""

    line: int
    marker: bytes
    original: bytes

    @property
    def original_lines(self) -> int:
        return self.original.count(b"\n") or 1

    @property
    def comment(self) -> bytes:
        """The marker line's comment, which no other line of the focused source holds."""
        return self.marker[self.marker.index(_MARKER_COMMENT) :].rstrip(b"\r\n")


@dataclass(frozen=True)
class Focus:
    """The source libcst parses, and the way back to the file's own lines and bytes."""

    source: bytes
    set_aside: tuple[SetAside, ...] = ()

    def to_original_line(self, line: int) -> int:
        """The line of the file that `line` of the focused source is (or stands for)."""
        index = bisect_right([body.line for body in self.set_aside], line - 1)
        return line + sum(body.original_lines - 1 for body in self.set_aside[:index])

    def restore(self, code: str, encoding: str) -> str | None:
        """`code`, generated from the focused source, with every run put back; None
        when a marker is not found exactly once (a rule moved or copied it)."""
        for body in self.set_aside:
            marker = body.marker.decode(encoding, "surrogateescape")
            if code.count(marker) != 1:
                return None
            code = code.replace(marker, body.original.decode(encoding, "surrogateescape"))
        return code


def focus(source: bytes, words: Iterable[bytes], tree: ast.Module | None = None) -> Focus:
    """The file with the definitions no rule can read set aside (see the module docstring);
    `tree` is CPython's ast of it, when already parsed."""
    tree = tree or python_ast(source)
    if tree is None:
        return Focus(source)
    try:
        with warnings.catch_warnings():  # the file's own SyntaxWarnings are not ours to print
            warnings.simplefilter("ignore")
            table = _symtable.symtable(source, "<focus>", "exec")  # it takes bytes too
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Focus(source)
    lines = source.splitlines(keepends=True)
    any_word = _any_of(tuple(words))
    builtins_read = _unshadowed_builtins(source, tree, table)
    candidates = {}
    tables = {(child.name, child.lineno): child for child in table.children}
    for statement in tree.body:
        if isinstance(statement, _DEFINITIONS) and _ends_a_line(statement, lines):
            if any_word is not None and any_word.search(_text(statement, lines)):
                continue
            names = _outside_names(statement, tables.get((statement.name, statement.lineno)))
            if names is not None:
                candidates[statement] = names - builtins_read
    if not candidates:
        return Focus(source)
    kept_words = _words_outside(lines, candidates)
    changed = True
    while changed:  # a statement that stays brings its words: others may have to stay too
        changed = False
        for statement, names in list(candidates.items()):
            if names & kept_words:
                del candidates[statement]
                kept_words |= _words(_text(statement, lines))
                changed = True
    return _set_aside(source, lines, _runs(tree.body, candidates))


def _ends_a_line(statement: _Definition, lines: list[bytes]) -> bool:
    """Whether the statement's last line ends with a newline (a top-level one starts
    its first line)."""
    return lines[(statement.end_lineno or 0) - 1].endswith((b"\n", b"\r"))


def _runs(body: list[ast.stmt], candidates: Iterable[ast.stmt]) -> list[list[_Definition]]:
    """The candidates, grouped into runs of statements adjacent in the module."""
    chosen = set(candidates)
    runs: list[list[_Definition]] = []
    previous = None
    for statement in body:
        if statement in chosen:
            assert isinstance(statement, _DEFINITIONS)
            if previous is None or previous not in chosen:
                runs.append([])
            runs[-1].append(statement)
        previous = statement
    return runs


def _text(statement: _Definition, lines: list[bytes]) -> bytes:
    """The statement's lines, its decorators included."""
    return b"".join(lines[_first_line(statement) - 1 : statement.end_lineno])


def _first_line(statement: _Definition) -> int:
    return min([statement.lineno, *(decorator.lineno for decorator in statement.decorator_list)])


@cache
def _any_of(words: tuple[bytes, ...]) -> re.Pattern[bytes] | None:
    """A search for any of the words, anywhere (None: there are none)."""
    return re.compile(b"|".join(map(re.escape, words))) if words else None


def _outside_names(statement: _Definition, table: Any) -> set[bytes] | None:
    """The names the statement shares with the rest of the module: its own, the
    module-level names its body reads, and the names its header reads. None when it
    cannot be set aside (it declares global or nonlocal names, or its symbol table
    is not found)."""
    names = _global_reads(table) if table is not None else None
    if names is None:
        return None
    names.add(statement.name.encode())
    header: list[ast.AST] = [*statement.decorator_list]
    if isinstance(statement, ast.ClassDef):
        header += [*statement.bases, *statement.keywords]
    else:
        header += [*statement.args.defaults, *(default for default in statement.args.kw_defaults if default)]
        header += [arg.annotation for arg in ast.walk(statement.args) if isinstance(arg, ast.arg) and arg.annotation]
        if statement.returns is not None:
            header.append(statement.returns)
    for part in header:
        names.update(node.id.encode() for node in ast.walk(part) if isinstance(node, ast.Name))
    return names


def _global_reads(table: Any) -> set[bytes] | None:
    """The module-level names a definition's symbol table, and those nested in it,
    read; None when one of them declares a global or nonlocal name."""
    names = set()
    pending = [table]
    while pending:
        current = pending.pop()
        for name, flags in current.symbols.items():
            scope = (flags >> _SCOPE_OFF) & _SCOPE_MASK
            if scope == _symtable.GLOBAL_EXPLICIT or flags & _symtable.DEF_NONLOCAL:  # global, nonlocal
                return None
            if scope == _symtable.GLOBAL_IMPLICIT:
                names.add(name.encode())
        pending.extend(current.children)
    return names


def _unshadowed_builtins(source: bytes, tree: ast.Module, table: Any) -> set[bytes]:
    """The builtins no code of the module rebinds: reading them shares nothing."""
    namespaces = {child.name for child in table.children}
    binding = _symtable.DEF_LOCAL | _symtable.DEF_IMPORT  # assigned, imported
    bound = {name for name, flags in table.symbols.items() if flags & binding or name in namespaces}
    if _MAY_BIND_ELSEWHERE.search(source) is not None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                bound.update(node.names)
            elif isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                return set()
    return {encoded for name, encoded in _BUILTINS.items() if name not in bound}


def _words_outside(lines: list[bytes], candidates: dict) -> set[bytes]:
    """Every word of the file outside the candidates' text."""
    outside = bytearray()
    covered = {line for statement in candidates for line in range(_first_line(statement), statement.end_lineno + 1)}
    for number, line in enumerate(lines, 1):
        if number not in covered:
            outside += line
    return _words(bytes(outside))


def _words(text: bytes) -> set[bytes]:
    return set(_WORD.findall(text)) - _KEYWORDS


def _set_aside(source: bytes, lines: list[bytes], runs: list[list[_Definition]]) -> Focus:
    token = hashlib.blake2b(source, digest_size=8).hexdigest().encode()
    if token in source:
        return Focus(source)
    out: list[bytes] = []
    set_aside: list[SetAside] = []
    position = 0
    for index, run in enumerate(runs):
        first, last = _first_line(run[0]), run[-1].end_lineno
        assert last is not None
        out += lines[position : first - 1]
        newline = b"\r\n" if lines[last - 1].endswith(b"\r\n") else lines[last - 1][-1:]
        names = b"".join(statement.name.encode() + b" = " for statement in run)
        marker = names + b"None  " + _MARKER_COMMENT + token + b" " + str(index).encode() + newline
        set_aside.append(SetAside(len(out) + 1, marker, b"".join(lines[first - 1 : last])))
        out.append(marker)
        position = last
    out += lines[position:]
    return Focus(b"".join(out), tuple(set_aside))
