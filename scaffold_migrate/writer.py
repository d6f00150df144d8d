"""Atomic write-back: a temp file in the same folder, then os.replace."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import tempfile

from scaffold_migrate.results import ErrorKind, FileError, FileResult

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteRefused(Exception):
    """The file is not in a state we may overwrite (read-only, changed since read)."""


def write_result(result: FileResult) -> FileResult:
    """Write a changed file's new source; the result says whether it was written."""
    if not result.changed or result.written:
        return result
    assert result.old_source is not None and result.new_source is not None
    try:
        replace_file(result.path, result.old_source, result.new_source)
    except (OSError, WriteRefused) as exc:
        message = str(exc) if isinstance(exc, WriteRefused) else (exc.strerror or str(exc))
        return dataclasses.replace(result, error=FileError(ErrorKind.WRITE, message))
    return dataclasses.replace(result, written=True)


def replace_file(path: str, expected: bytes, new: bytes) -> None:
    """Replace the contents of `path` (a symlink's target, not the link) with `new`,
    keeping its mode, provided it still holds `expected`."""
    real_path = os.path.realpath(path)
    status = os.stat(real_path)
    if not status.st_mode & _WRITE_BITS:
        raise WriteRefused("file is read-only")
    with open(real_path, "rb") as file:
        if file.read() != expected:
            raise WriteRefused("file changed on disk since it was read")
    folder, name = os.path.split(real_path)
    descriptor, temp_path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(new)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp_path, stat.S_IMODE(status.st_mode))
        os.replace(temp_path, real_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_path)
        raise
