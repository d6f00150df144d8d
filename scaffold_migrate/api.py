"""The library entry points; the command line is built on them."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Callable

from codemods import select as select_rules
from codemods._project import EMPTY, ProjectIndex
from codemods.versions import NEWEST
from scaffold_migrate.discovery import STDIN, discover, excluded_by_name
from scaffold_migrate.engine import migrate_files
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.pipeline import migrate_bytes
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.project import build_index, project_root
from scaffold_migrate.results import ErrorKind, FileError, FileResult, Report
from scaffold_migrate.target_detection import TargetChoice, resolve_target
from scaffold_migrate.writer import write_result

Progress = Callable[[int, int], None]


def migrate_source(
    code: str | bytes,
    *,
    target: str = str(NEWEST),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    path: str = "<string>",
    add_todos: bool = False,
) -> FileResult:
    """Migrate one module's source. `result.new_text` is the new source, or None
    when nothing changed; `result.findings` is the work left to do by hand (with
    `add_todos`, also marked by a TODO comment above each finding's line)."""
    choice = resolve_target(target, os.getcwd())
    plan = _plan(choice, select, ignore, add_todos)
    source = code.encode("utf-8") if isinstance(code, str) else code
    return migrate_bytes(source, path, plan)


def migrate_paths(
    paths: Sequence[str],
    *,
    write: bool = False,
    target: str = "auto",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    exclude: Sequence[str] = (),
    force_exclude: bool = False,
    stdin_filename: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    add_todos: bool = False,
) -> Report:
    """Migrate the Python files under `paths` ("-" reads standard input).

    Writes changed files only with `write=True`, atomically and only when the new
    source compiles. `target="auto"` detects the Flask version from the project.
    `add_todos` puts a TODO comment above each finding's line. `force_exclude`
    applies `exclude` to files named in `paths` too. `stdin_filename` is the file
    standard input holds: the target, the project and the module are that file's. A KeyboardInterrupt
    ends the run early with `report.interrupted` saying what was done: no file is
    left half-written, and files not yet reached are not looked at (or not written).
    Raises ConfigError or DiscoveryError for settings or paths that cannot be used.
    """
    located = [stdin_filename if path == STDIN and stdin_filename else path for path in paths]
    choice = resolve_target(target, _project_dir(located))
    unreadable: list[tuple[str, str]] = []
    files = discover(paths, exclude, unreadable, force_exclude)
    unlisted = [FileResult(folder, error=FileError(ErrorKind.READ, why)) for folder, why in unreadable]
    project = build_index(project_root(located), files, exclude, given=located, jobs=jobs)
    plan = _plan(choice, select, ignore, add_todos, project)
    settled: list[FileResult] = []

    def on_result(result: FileResult) -> None:
        settled.append(result)
        if progress is not None:
            progress(len(settled), len(files))

    def report(results: Sequence[FileResult], interrupted: str | None = None) -> Report:
        return Report(
            str(choice.version),
            choice.source,
            (*results, *unlisted),
            choice.notes,
            interrupted,
            rules=plan.rule_ids,
            all_rules=not select and not ignore,
        )

    try:
        results = migrate_files([path for path in files if path != STDIN], plan, jobs, on_result)
    except KeyboardInterrupt:
        order = {path: index for index, path in enumerate(files)}
        done = sorted(settled, key=lambda result: order[result.path])
        return report(done, f"interrupted after {len(done)} of {len(files)} files; nothing was written")
    if STDIN in files:
        skip = stdin_filename is not None and force_exclude and excluded_by_name(stdin_filename, exclude)
        results.insert(files.index(STDIN), _migrate_stdin(plan, stdin_filename, skip))
    if not write:
        return report(results)
    return report(*_write_all(results))


def _write_all(results: Sequence[FileResult]) -> tuple[list[FileResult], str | None]:
    """Each changed file written (standard input's result is printed, not written),
    and what an interruption while writing left undone."""
    written: list[FileResult] = []
    for index, result in enumerate(results):
        try:
            written.append(write_result(result) if result.path != STDIN else result)
        except KeyboardInterrupt:
            written += [_unwritten(result) for result in results[index:]]
            count = sum(result.written for result in written)
            pending = sum(result.changed and not result.written for result in written)
            return written, f"interrupted while writing: {count} files written, {pending} not written"
    return written, None


def _unwritten(result: FileResult) -> FileResult:
    """A changed file the interrupted run did not get to write (or wrote just before
    the interruption: the file on disk says which)."""
    if not result.changed or result.written:
        return result
    try:
        with open(result.path, "rb") as file:
            if file.read() == result.new_source:
                return dataclasses.replace(result, written=True)
    except OSError:
        pass
    return dataclasses.replace(result, error=FileError(ErrorKind.WRITE, "interrupted before this file was written"))


def _migrate_stdin(plan: RunPlan, filename: str | None, skip: bool) -> FileResult:
    """Standard input's result keeps the input even when unchanged, to echo it. It is
    migrated as the file `filename` (its module, the findings' path) when given."""
    source = sys.stdin.buffer.read()
    if skip:
        return FileResult(STDIN, skipped=True, old_source=source)
    result = dataclasses.replace(migrate_bytes(source, filename or STDIN, plan), path=STDIN)
    return result if result.changed else dataclasses.replace(result, old_source=source)


def _plan(
    choice: TargetChoice,
    select: Iterable[str],
    ignore: Iterable[str],
    add_todos: bool,
    project: ProjectIndex = EMPTY,
) -> RunPlan:
    try:
        return RunPlan.for_rules(choice.version, select_rules(choice.version, select, ignore), add_todos, project)
    except KeyError as exc:
        raise ConfigError(exc.args[0]) from None


def _project_dir(paths: Sequence[str]) -> str:
    first = next((path for path in paths if path != STDIN), os.getcwd())
    return first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first))
