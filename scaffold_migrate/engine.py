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
            if plan.project.skips(path):
                settle(index, FileResult(path, skipped=True))
                continue
            source = read_source(path)
            if isinstance(source, FileError):
                settle(index, FileResult(path, error=source))
            elif not plan.might_apply(source, path):
                settle(index, FileResult(path, skipped=True))
            else:
                waiting.append((index, source))
            if pool is None and jobs > 1 and len(waiting) >= POOL_THRESHOLD:
                pool = _start_pool(jobs, plan)
            if pool is not None:
                for waiting_index, waiting_source in waiting:
                    arguments = (waiting_source, paths[waiting_index])
                    try:
                        future = pool.submit(_migrate_in_worker, *arguments)
                    except BrokenProcessPool:  # a worker died: its files are retried below
                        pool.shutdown(wait=True)
                        pool = _start_pool(jobs, plan)
                        future = pool.submit(_migrate_in_worker, *arguments)
                    futures[future] = waiting_index
                waiting.clear()
        for index, source in waiting:
            settle(index, pipeline.migrate_bytes(source, paths[index], plan))
        broken: list[int] = []
        for future in as_completed(futures):
            index = futures[future]
            if isinstance(future.exception(), BrokenProcessPool):
                broken.append(index)
            else:
                settle(index, _outcome(future, paths[index]))
        for index in sorted(broken):
            settle(index, _retry_alone(paths[index], plan))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [result for result in results if result is not None]


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
