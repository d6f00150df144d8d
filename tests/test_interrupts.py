"""Interrupted runs and dying workers: nothing half-written, the rest reported, exit 2."""

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from click.testing import CliRunner

from codemods.versions import FlaskVersion
from scaffold_migrate import pipeline, pool, writer
from scaffold_migrate.cli import cli
from scaffold_migrate.engine import migrate_files
from scaffold_migrate.plan import RunPlan

LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
MIGRATED = "name = view.__name__\n"
ADMIN = (Path(__file__).resolve().parents[1] / "examples" / "legacy_app" / "admin.py").read_text()


def legacy_files(folder, count, text=LEGACY):
    for number in range(count):
        (folder / f"m{number:03}.py").write_text(text)


def run(*args):
    return CliRunner().invoke(cli, ["-t", "3.1", "--no-progress", "-j", "1", *args])


def test_interrupt_while_writing_reports_what_was_and_was_not_written(tmp_path, monkeypatch):
    legacy_files(tmp_path, 3)
    replace = os.replace
    calls = []

    def interrupted_second(source, destination):
        calls.append(destination)
        if len(calls) == 2:
            raise KeyboardInterrupt
        replace(source, destination)

    monkeypatch.setattr(writer.os, "replace", interrupted_second)
    result = run("-w", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert [path.read_text() for path in sorted(tmp_path.iterdir())] == [MIGRATED, LEGACY, LEGACY]
    assert sorted(os.listdir(tmp_path)) == ["m000.py", "m001.py", "m002.py"]
    assert "Interrupted: interrupted while writing: 1 files written, 2 not written" in result.output
    assert "m001.py: cannot write: interrupted before this file was written" in result.output
    assert "m002.py: cannot write: interrupted before this file was written" in result.output


def test_interrupt_while_migrating_writes_nothing(tmp_path, monkeypatch):
    legacy_files(tmp_path, 3)
    migrate_bytes = pipeline.migrate_bytes

    def interrupted_second(source, path, job, rules=None):
        if path.endswith("m001.py"):
            raise KeyboardInterrupt
        return migrate_bytes(source, path, job, rules)

    monkeypatch.setattr(pipeline, "migrate_bytes", interrupted_second)
    result = run("-w", "--format", "json", str(tmp_path))
    assert result.exit_code == 2
    assert '"interrupted": "interrupted after 1 of 3 files; nothing was written"' in result.output
    assert all(path.read_text() == LEGACY for path in tmp_path.iterdir())


def wait_for_workers(pid, timeout=60):
    """Until the process has started its worker pool (by then it handles SIGTERM)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + timeout
    while not children.read_text().split():
        assert time.monotonic() < deadline, "no worker process started"
        time.sleep(0.05)
    time.sleep(0.5)


def test_sigterm_stops_a_real_run_cleanly(tmp_path):
    legacy_files(tmp_path, 400, ADMIN)
    process = subprocess.Popen(
        [sys.executable, "-m", "scaffold_migrate", "-t", "3.1", "-w", "-j", "2", "--no-progress", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_workers(process.pid)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "Interrupted: interrupted after " in stderr and "nothing was written" in stderr
    assert len(os.listdir(tmp_path)) == 400
    assert all(path.read_text() == ADMIN for path in tmp_path.iterdir())


REAL_MIGRATE_BYTES = pipeline.migrate_bytes


def exit_on_crash_py(source, path, job, rules=None):
    """Stands in for pipeline.migrate_bytes in a forked worker: dies on crash.py."""
    if path.endswith("crash.py"):
        os._exit(1)
    return REAL_MIGRATE_BYTES(source, path, job, rules)


def test_a_dying_worker_fails_its_files_and_nothing_else(tmp_path, monkeypatch):
    legacy_files(tmp_path, 12)
    (tmp_path / "crash.py").write_text(LEGACY)
    paths = [str(path) for path in sorted(tmp_path.iterdir())]
    monkeypatch.setattr(pipeline, "migrate_bytes", exit_on_crash_py)
    monkeypatch.setattr(
        pool,
        "start_pool",
        lambda jobs, job: ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=pool._start_worker,
            initargs=(job,),
        ),
    )
    results = migrate_files(paths, RunPlan(FlaskVersion(3, 1), ("SM003",)), jobs=2)
    assert [result.path for result in results] == paths
    crashed, *others = sorted(results, key=lambda result: not result.path.endswith("crash.py"))
    assert crashed.error.kind == "rule" and "worker process died on this file" in crashed.error.message
    assert all(result.changed and result.error is None for result in others)
    assert all(path.read_text() == LEGACY for path in tmp_path.iterdir())
