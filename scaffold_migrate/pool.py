"""The worker processes of a run with enough files to parse to pay for them
(imported only then: multiprocessing and concurrent.futures cost a short run more
than its work)."""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from scaffold_migrate import collector, pipeline
from scaffold_migrate.engine import read_source
from scaffold_migrate.forking import fork_is_safe
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.results import ErrorKind, FileError, FileResult

__all__ = ["BrokenProcessPool", "as_completed", "migrate_in_worker", "outcome", "retry_alone", "start_pool"]


def retry_alone(path: str, plan: RunPlan) -> FileResult:
    """A file whose worker pool broke (some worker died, maybe on another file),
    run again in a process of its own, so that only the file that kills a worker
    fails."""
    source = read_source(path)
    if isinstance(source, FileError):
        return FileResult(path, error=source)
    pool = start_pool(1, plan)
    try:
        return outcome(pool.submit(migrate_in_worker, source, path), path)
    finally:
        pool.shutdown(wait=True)


def start_pool(jobs: int, plan: RunPlan) -> ProcessPoolExecutor:
    """Workers that run `plan`: it is handed to each worker once, not with every file
    (the project index can be large)."""
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(plan,))


_WORKER_PLANS: list[RunPlan] = []  # in a worker process: the plan it runs


def migrate_in_worker(source: bytes, path: str) -> FileResult:
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
    forked worker drops the main process's SIGTERM handler. The collector is the
    command line's (a program calling the API keeps its own in its process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_PLANS[:] = [plan]
    collector.tune()


def outcome(future: Future[FileResult], path: str) -> FileResult:
    try:
        return future.result()
    except BrokenProcessPool:
        message = "the worker process died on this file (crash or out of memory); left alone"
        return FileResult(path, error=FileError(ErrorKind.RULE, message))
    except Exception as exc:  # the result could not be sent back
        return FileResult(path, error=FileError(ErrorKind.RULE, f"worker failed: {type(exc).__name__}: {exc}"))
