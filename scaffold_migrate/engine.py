"""One file through the rules, and many files through a process pool.

Per file: read the bytes once; skip without parsing when no enabled rule's trigger
word occurs; check the source compiles; set aside the bodies no rule can read
(focus); parse once with libcst; resolve the metadata once (analysis); run every
rule in one traversal (rule_pass); settle the imports they scheduled (imports); put
the set-aside bodies back; verify the output compiles; return a small FileResult.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import libcst as cst
from libcst import MetadataWrapper
from libcst.codemod import CodemodContext

from codemods import Rule, get_rule
from codemods._flask import FlaskVersion
from codemods._project import EMPTY, ProjectIndex
from scaffold_migrate import analysis
from scaffold_migrate.focus import Focus, focus
from scaffold_migrate.imports import (
    add_imports,
    remove_unused_imports,
    scheduled_additions,
    scheduled_removals,
    supported_addition,
)
from scaffold_migrate.project import module_name
from scaffold_migrate.results import Change, FileError, FileResult, Finding
from scaffold_migrate.rule_pass import RuleFailed, RulePass
from scaffold_migrate.todos import add_todos

# Below this many files that need parsing, starting worker processes costs more
# than it saves.
POOL_THRESHOLD = 8
# libcst parses about 0.4 MB/s: a bigger file (generated code, in practice) that
# contains a trigger word is reported rather than parsed for minutes.
MAX_PARSED_BYTES = 10_000_000


@dataclass(frozen=True)
class Job:
    """What to run on each file: picklable, so workers can rebuild the rules."""

    target: FlaskVersion
    rule_ids: tuple[str, ...]
    add_todos: bool = False
    project: ProjectIndex = EMPTY

    @classmethod
    def for_rules(
        cls,
        target: FlaskVersion,
        rules: Iterable[type[Rule]],
        add_todos: bool = False,
        project: ProjectIndex = EMPTY,
    ) -> Job:
        return cls(target, tuple(rule.ID for rule in rules), add_todos, project)

    @cached_property
    def rules(self) -> tuple[type[Rule], ...]:
        return tuple(get_rule(rule_id) for rule_id in self.rule_ids)

    def might_apply(self, source: bytes, path: str) -> bool:
        return bool(self.rules_for(source, path))

    def rules_for(self, source: bytes, path: str) -> list[type[Rule]]:
        """The rules that might touch the file. What the project connects the module
        to is asked (which may read other modules) only where a rule's trigger word
        occurs without its required words."""
        connections = self.project.run_connections(path)
        rules = [rule for rule in self.rules if rule.might_apply(source, connections)]
        if any(
            rule not in rules and rule.REQUIRED and any(word in source for word in rule.TRIGGERS) for rule in self.rules
        ):
            connections = self.project.connections(path)
            rules = [rule for rule in self.rules if rule.might_apply(source, connections)]
        return rules

    @cached_property
    def vocabulary(self) -> tuple[bytes, ...]:
        """Every word one of the rules acts on (see scaffold_migrate.focus)."""
        return tuple(
            sorted({word for rule in self.rules for word in (*rule.TRIGGERS, *rule.REQUIRED, *rule.VOCABULARY)})
        )


def migrate_bytes(source: bytes, path: str, job: Job) -> FileResult:
    """Run the job's rules on one file's bytes; never raises for bad input."""
    rules = job.rules_for(source, path)
    if not rules:
        return FileResult(path, skipped=True)
    if len(source) > MAX_PARSED_BYTES:
        size = len(source) / 1e6
        limit = MAX_PARSED_BYTES / 1e6
        message = f"too large to parse ({size:.1f} MB, limit {limit:.0f} MB): exclude it or migrate it by hand"
        return FileResult(path, error=FileError("parse", message))
    error = compile_error(source, path, kind="parse")
    if error is not None:
        return FileResult(path, error=error)
    if all(rule.FOCUSABLE for rule in rules):
        result = _migrate_focused(source, focus(source, job.vocabulary), path, job, rules)
        if result is not None:
            return result
    result = _migrate_focused(source, Focus(source), path, job, rules)
    assert result is not None  # nothing set aside: nothing to put back
    return result


def _migrate_focused(
    source: bytes, focused: Focus, path: str, job: Job, rules: Sequence[type[Rule]]
) -> FileResult | None:
    """The rules on the focused source, with the set-aside bodies put back; None when
    they cannot be put back."""
    try:
        module = cst.parse_module(focused.source)
    except Exception as exc:  # libcst rejects what CPython accepted, or recursion
        return FileResult(path, error=FileError("parse", f"libcst: {_first_line(exc)}"))
    try:
        transformed, changes, findings = _run_rules(module, rules, path, job, focused.to_original_line)
    except RuleFailed as failure:
        return FileResult(path, error=FileError("rule", str(failure)))
    module_code = module.code  # generated afresh each time it is asked for
    original_code = focused.restore(module_code, module.encoding)
    current_code = focused.restore(transformed.code, module.encoding)
    if original_code is None or current_code is None:
        return None

    if job.add_todos and findings:
        current_code, commented = add_todos(current_code, findings, _line_map(current_code, original_code))
        changes += (
            Change(finding.rule_id, finding.rule_name, finding.line, "added a TODO comment for this finding")
            for finding in commented
        )
    try:
        new_source = current_code.encode(module.encoding)
    except UnicodeEncodeError as exc:
        return FileResult(path, error=FileError("verify", f"output not encodable: {exc}"))
    if new_source == source or current_code == original_code:
        # The second case: libcst's own round trip is not exact (it drops
        # white space after the last line) and no rule changed anything.
        return FileResult(path, encoding=module.encoding, findings=tuple(findings))
    if module_code.encode(module.encoding, errors="surrogateescape") != focused.source:
        message = "libcst cannot reproduce this file byte for byte (white space at its end?); left alone"
        return FileResult(path, error=FileError("verify", message), findings=tuple(findings))
    error = compile_error(new_source, path, kind="verify")
    if error is not None:
        return FileResult(path, error=error, findings=tuple(findings))
    return FileResult(
        path,
        old_source=source,
        new_source=new_source,
        encoding=module.encoding,
        changes=tuple(changes),
        findings=tuple(findings),
    )


def read_source(path: str) -> bytes | FileError:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        return FileError("read", exc.strerror or str(exc))


def migrate_files(
    paths: Sequence[str],
    job: Job,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Every path through the job, results in the order of `paths`.

    Files are read and prefiltered here; the few that need parsing go to worker
    processes once there are enough of them to pay for the pool.
    """
    results: list[FileResult | None] = [None] * len(paths)
    waiting: list[tuple[int, bytes]] = []
    futures: dict[Future[FileResult], int] = {}
    pool: ProcessPoolExecutor | None = None

    def settle(index: int, result: FileResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    try:
        for index, path in enumerate(paths):
            if job.project.skips(path):
                settle(index, FileResult(path, skipped=True))
                continue
            source = read_source(path)
            if isinstance(source, FileError):
                settle(index, FileResult(path, error=source))
            elif not job.might_apply(source, path):
                settle(index, FileResult(path, skipped=True))
            else:
                waiting.append((index, source))
            if pool is None and jobs > 1 and len(waiting) >= POOL_THRESHOLD:
                pool = _start_pool(jobs, job)
            if pool is not None:
                for waiting_index, waiting_source in waiting:
                    arguments = (waiting_source, paths[waiting_index])
                    try:
                        future = pool.submit(_migrate_in_worker, *arguments)
                    except BrokenProcessPool:  # a worker died: its files are retried below
                        pool.shutdown(wait=True)
                        pool = _start_pool(jobs, job)
                        future = pool.submit(_migrate_in_worker, *arguments)
                    futures[future] = waiting_index
                waiting.clear()
        for index, source in waiting:
            settle(index, migrate_bytes(source, paths[index], job))
        broken: list[int] = []
        for future in as_completed(futures):
            index = futures[future]
            if isinstance(future.exception(), BrokenProcessPool):
                broken.append(index)
            else:
                settle(index, _outcome(future, paths[index]))
        for index in sorted(broken):
            settle(index, _retry_alone(paths[index], job))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [result for result in results if result is not None]


def _retry_alone(path: str, job: Job) -> FileResult:
    """A file whose worker pool broke (some worker died, maybe on another file),
    run again in a process of its own, so that only the file that kills a worker
    fails."""
    source = read_source(path)
    if isinstance(source, FileError):
        return FileResult(path, error=source)
    pool = _start_pool(1, job)
    try:
        return _outcome(pool.submit(_migrate_in_worker, source, path), path)
    finally:
        pool.shutdown(wait=True)


def _start_pool(jobs: int, job: Job) -> ProcessPoolExecutor:
    """Workers that run `job`: it is handed to each worker once, not with every file
    (the project index can be large)."""
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(job,))


_WORKER_JOBS: list[Job] = []  # in a worker process: the job it runs


def _migrate_in_worker(source: bytes, path: str) -> FileResult:
    return migrate_bytes(source, path, _WORKER_JOBS[0])


def _start_method() -> str:
    """fork on Linux while this process runs no other thread: the workers start at
    once with the tool already imported (a forkserver first imports it, half a
    second). Otherwise, or elsewhere, a forkserver, or spawn."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _start_worker(job: Job) -> None:
    """Ctrl-C reaches the whole process group: the main process stops the run, and
    the workers finish the file in hand rather than die printing tracebacks. A
    forked worker drops the main process's SIGTERM handler."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_JOBS[:] = [job]


def _outcome(future: Future[FileResult], path: str) -> FileResult:
    try:
        return future.result()
    except BrokenProcessPool:
        message = "the worker process died on this file (crash or out of memory); left alone"
        return FileResult(path, error=FileError("rule", message))
    except Exception as exc:  # the result could not be sent back
        return FileResult(path, error=FileError("rule", f"worker failed: {type(exc).__name__}: {exc}"))


def default_jobs() -> int:
    return os.cpu_count() or 1


def _run_rules(
    module: cst.Module,
    rule_classes: Sequence[type[Rule]],
    path: str,
    job: Job,
    to_original: Callable[[int], int],
) -> tuple[cst.Module, list[Change], list[Finding]]:
    """The module after every rule, with what each changed and found, in rule order
    (at the lines `to_original` gives for the module's lines)."""
    target = job.target
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    rules = [rule_class(_context(path, wrapper), target, job.project) for rule_class in rule_classes]
    resolved = analysis.resolve(wrapper, {provider for rule in rules for provider in rule.get_inherited_dependencies()})
    for rule in rules:
        rule.prepare(resolved.metadata, resolved.nodes)
    transformed = module.visit(RulePass(rules))
    for rule in rules:
        unsupported = [item for item in scheduled_additions(rule.context) if not supported_addition(item)]
        if unsupported:
            raise RuleFailed(rule, ValueError(f"unsupported import addition: {unsupported[0]}"))
    additions = [item for rule in rules for item in scheduled_additions(rule.context)]
    if additions:
        transformed = add_imports(transformed, additions)
    removed: set[str] = set()
    import_clean_ups: dict[str, Change] = {}
    for rule in rules:
        removals = scheduled_removals(rule.context)
        if not removals:
            continue
        before = transformed
        try:
            transformed, removed_here = remove_unused_imports(transformed, removals, target)
        except Exception as error:
            raise RuleFailed(rule, error) from error
        removed |= removed_here
        if not rule.changes and removed_here:
            line = _line_map(module.code, before.code)(_first_difference(before.code, transformed.code))
            import_clean_ups[rule.ID] = Change(rule.ID, rule.NAME, to_original(line), "removed an unused import")
    changes: list[Change] = []
    findings: list[Finding] = []
    for rule in rules:
        changes += (
            Change(rule.ID, rule.NAME, to_original(event.line), event.message)
            for event in rule.changes
            if event.binding not in removed
        )
        if rule.ID in import_clean_ups:
            changes.append(import_clean_ups[rule.ID])
        findings += (
            Finding(path, to_original(event.line), event.column, rule.ID, rule.NAME, event.message, event.kind)
            for event in rule.findings
        )
    return transformed, changes, findings


def _context(path: str, wrapper: MetadataWrapper) -> CodemodContext:
    """The rules' context: the file, and its module's dotted name and package, which
    relative imports are resolved against."""
    if not os.path.isfile(path):
        return CodemodContext(filename=path, wrapper=wrapper)
    module, package = module_name(path)
    return CodemodContext(filename=path, full_module_name=module, full_package_name=package, wrapper=wrapper)


def compile_error(source: bytes, path: str, kind: str) -> FileError | None:
    try:
        with warnings.catch_warnings():  # the user's code's SyntaxWarnings are not ours to print
            warnings.simplefilter("ignore")
            compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        reason = exc.msg or "invalid syntax"
        return FileError(kind, reason, exc.lineno or 0, exc.offset or 0)
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileError(kind, _first_line(exc))
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _first_difference(before: str, after: str) -> int:
    """The 1-based number of the first line where `after` differs from `before`."""
    before_lines, after_lines = before.splitlines(), after.splitlines()
    for number, (old, new) in enumerate(zip(before_lines, after_lines), 1):
        if old != new:
            return number
    return min(len(before_lines), len(after_lines)) + 1


def _line_map(original: str, current: str) -> Callable[[int], int]:
    """Map 1-based lines of `current` back to the lines of `original` they came from."""
    opcodes = difflib.SequenceMatcher(None, original.splitlines(), current.splitlines(), autojunk=False).get_opcodes()

    def to_original(line: int) -> int:
        index = line - 1
        for tag, i1, i2, j1, j2 in opcodes:
            if j1 <= index < j2:
                offset = index - j1 if tag == "equal" else min(index - j1, max(i2 - i1 - 1, 0))
                return i1 + offset + 1
        return line

    return to_original
