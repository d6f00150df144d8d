"""Whether source compiles, as CPython sees it: before a file is parsed, and
before new source is written."""

from __future__ import annotations

import ast
import warnings

from scaffold_migrate.results import ErrorKind, FileError


def compile_error(source: bytes | ast.Module, path: str, kind: ErrorKind) -> FileError | None:
    """Why the source (or CPython's ast of it) does not compile; None when it does."""
    try:
        with warnings.catch_warnings():  # the user's code's SyntaxWarnings are not ours to print
            warnings.simplefilter("ignore")
            compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        reason = exc.msg or "invalid syntax"
        return FileError(kind, reason, exc.lineno or 0, exc.offset or 0)
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileError(kind, first_line(exc))
    return None


def python_ast(source: bytes) -> ast.Module | None:
    """CPython's ast of the source; None when it does not parse."""
    try:
        with warnings.catch_warnings():  # the file's own SyntaxWarnings are not ours to print
            warnings.simplefilter("ignore")
            return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
