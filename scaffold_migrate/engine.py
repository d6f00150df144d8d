"""Many files through the pipeline: read and prefiltered here, the few that need
parsing sent to a process pool once there are enough of them to pay for it."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from codemods import Triggers
from scaffold_migrate import pipeline
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.results import ErrorKind, FileError, FileResult

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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
    processes (scaffold_migrate.pool, imported then) once there are enough of them
    to pay for the pool.
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
        self.waiting: list[tuple[int, bytes, list[Triggers]]] = []  # and the rules that might touch it
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
        elif not (rules := self.plan.rules_for(source, path)):
            self.settle(index, FileResult(path, skipped=True))
        else:
            self.waiting.append((index, source, rules))
        if self.pool is None and self.jobs > 1 and len(self.waiting) >= POOL_THRESHOLD:
            from scaffold_migrate import pool

            self.pool = pool.start_pool(self.jobs, self.plan)
        if self.pool is not None:
            self.submit_waiting(self.pool)

    def submit_waiting(self, workers: ProcessPoolExecutor) -> None:
        from scaffold_migrate import pool

        for index, source, _ in self.waiting:  # a worker asks which rules itself
            arguments = (source, self.paths[index])
            try:
                future = workers.submit(pool.migrate_in_worker, *arguments)
            except pool.BrokenProcessPool:  # a worker died: its files are retried in finish()
                workers.shutdown(wait=True)
                workers = self.pool = pool.start_pool(self.jobs, self.plan)
                future = workers.submit(pool.migrate_in_worker, *arguments)
            self.futures[future] = index
        self.waiting.clear()

    def finish(self) -> None:
        """The files no pool took, here; then the pool's results, each file of a
        broken pool run again on its own."""
        for index, source, rules in self.waiting:
            self.settle(index, pipeline.migrate_bytes(source, self.paths[index], self.plan, rules))
        if not self.futures:
            return
        from scaffold_migrate import pool

        broken: list[int] = []
        for future in pool.as_completed(self.futures):
            index = self.futures[future]
            if isinstance(future.exception(), pool.BrokenProcessPool):
                broken.append(index)
            else:
                self.settle(index, pool.outcome(future, self.paths[index]))
        for index in sorted(broken):
            self.settle(index, pool.retry_alone(self.paths[index], self.plan))


def default_jobs() -> int:
    return os.cpu_count() or 1
