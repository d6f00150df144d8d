"""Many files through the pipeline: read and prefiltered here, the few that need
parsing sent to a process pool once there are enough of them to pay for it."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from scaffold_migrate import pipeline
from scaffold_migrate.forking import fork_is_safe
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.results import ErrorKind, FileError, FileResult

# Below this many files that need parsing, starting worker processes costs more
# than it saves.
POOL_THRESHOLD = 8


def read_source(path: str) -> bytes | FileError:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        return FileError(ErrorKind.READ, exc.strerror or str(exc))


def migrate_files(
    paths: Sequence[str],
    plan: RunPlan,
    jobs: int = 1,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Every path through the plan, results in the order of `paths`.

    Files are read and prefiltered here; the few that need parsing go to worker
    processes once there are enough of them to pay for the pool.
    """
    run = _Run(paths, plan, jobs, on_result)
    try:
        for index in range(len(paths)):
            run.read(index)
        run.finish()
    finally:
        if run.pool is not None:
            run.pool.shutdown(wait=True, cancel_futures=True)
    return [result for result in run.results if result is not None]


class _Run:
    """One run's files: settled, waiting for a pool, or in its workers' hands."""

    def __init__(
        self,
        paths: Sequence[str],
        plan: RunPlan,
        jobs: int,
        on_result: Callable[[FileResult], None] | None,
    ) -> None:
        self.paths, self.plan, self.jobs, self.on_result = paths, plan, jobs, on_result
        self.results: list[FileResult | None] = [None] * len(paths)
        self.waiting: list[tuple[int, bytes]] = []
        self.futures: dict[Future[FileResult], int] = {}
        self.pool: ProcessPoolExecutor | None = None

    def settle(self, index: int, result: FileResult) -> None:
        self.results[index] = result
        if self.on_result is not None:
            self.on_result(result)

    def read(self, index: int) -> None:
        """Settle a file that needs no parsing; queue the others."""
        path = self.paths[index]
        if self.plan.project.skips(path):
            self.settle(index, FileResult(path, skipped=True))
            return
        source = read_source(path)
        if isinstance(source, FileError):
            self.settle(index, FileResult(path, error=source))
        elif not self.plan.might_apply(source, path):
            self.settle(index, FileResult(path, skipped=True))
        else:
            self.waiting.append((index, source))
        if self.pool is None and self.jobs > 1 and len(self.waiting) >= POOL_THRESHOLD:
            self.pool = _start_pool(self.jobs, self.plan)
        if self.pool is not None:
            self.submit_waiting(self.pool)

    def submit_waiting(self, pool: ProcessPoolExecutor) -> None:
        for index, source in self.waiting:
            arguments = (source, self.paths[index])
            try:
                future = pool.submit(_migrate_in_worker, *arguments)
            except BrokenProcessPool:  # a worker died: its files are retried in finish()
                pool.shutdown(wait=True)
                pool = self.pool = _start_pool(self.jobs, self.plan)
                future = pool.submit(_migrate_in_worker, *arguments)
            self.futures[future] = index
        self.waiting.clear()

    def finish(self) -> None:
        """The files no pool took, here; then the pool's results, each file of a
        broken pool run again on its own."""
        for index, source in self.waiting:
            self.settle(index, pipeline.migrate_bytes(source, self.paths[index], self.plan))
        broken: list[int] = []
        for future in as_completed(self.futures):
            index = self.futures[future]
            if isinstance(future.exception(), BrokenProcessPool):
                broken.append(index)
            else:
                self.settle(index, _outcome(future, self.paths[index]))
        for index in sorted(broken):
            self.settle(index, _retry_alone(self.paths[index], self.plan))


def _retry_alone(path: str, plan: RunPlan) -> FileResult:
    """A file whose worker pool broke (some worker died, maybe on another file),
    run again in a process of its own, so that only the file that kills a worker
    fails."""
    source = read_source(path)
    if isinstance(source, FileError):
        return FileResult(path, error=source)
    pool = _start_pool(1, plan)
    try:
        return _outcome(pool.submit(_migrate_in_worker, source, path), path)
    finally:
        pool.shutdown(wait=True)


def _start_pool(jobs: int, plan: RunPlan) -> ProcessPoolExecutor:
    """Workers that run `plan`: it is handed to each worker once, not with every file
    (the project index can be large)."""
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(plan,))


_WORKER_PLANS: list[RunPlan] = []  # in a worker process: the plan it runs


def _migrate_in_worker(source: bytes, path: str) -> FileResult:
    return pipeline.migrate_bytes(source, path, _WORKER_PLANS[0])


def _start_method() -> str:
    """fork on Linux while this process runs no other thread: the workers start at
    once with the tool already imported (a forkserver first imports it, half a
    second). Otherwise, or elsewhere, a forkserver, or spawn."""
    if fork_is_safe():
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _start_worker(plan: RunPlan) -> None:
    """Ctrl-C reaches the whole process group: the main process stops the run, and
    the workers finish the file in hand rather than die printing tracebacks. A
    forked worker drops the main process's SIGTERM handler."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_PLANS[:] = [plan]


def _outcome(future: Future[FileResult], path: str) -> FileResult:
    try:
        return future.result()
    except BrokenProcessPool:
        message = "the worker process died on this file (crash or out of memory); left alone"
        return FileResult(path, error=FileError(ErrorKind.RULE, message))
    except Exception as exc:  # the result could not be sent back
        return FileResult(path, error=FileError(ErrorKind.RULE, f"worker failed: {type(exc).__name__}: {exc}"))


def default_jobs() -> int:
    return os.cpu_count() or 1
