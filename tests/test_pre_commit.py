"""The pre-commit hook, run by pre-commit itself on a temporary repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
MIGRATED = "name = view.__name__\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(folder, *args):
    return subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    ).stdout.strip()


def snapshot_of_this_project(folder):
    """The working tree as a repository of its own, so the hook under test is the one
    on disk, committed or not."""
    files = git(PROJECT, "ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    for name in files:
        if (PROJECT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, folder / name)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "snapshot")
    return git(folder, "rev-parse", "HEAD")


def pre_commit(repo, home, config):
    (repo / ".pre-commit-config.yaml").write_text(config)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)},
    )


def test_hook_checks_by_default_and_writes_when_asked(tmp_path):
    tool = tmp_path / "tool"
    tool.mkdir()
    revision = snapshot_of_this_project(tool)
    repo = tmp_path / "app"
    repo.mkdir()
    (repo / "app.py").write_text(LEGACY)
    git(repo, "init", "-q")
    git(repo, "add", "app.py")
    hook = f"repos:\n- repo: {tool}\n  rev: {revision}\n  hooks:\n  - id: scaffold-migrate\n"

    check = pre_commit(repo, tmp_path / "cache", hook)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "scaffold-migrate" in check.stdout and "Failed" in check.stdout
    assert "app.py: would change (SM003 endpoint-helper)" in check.stdout
    assert "run again with --write to apply the changes" in check.stdout
    assert (repo / "app.py").read_text() == LEGACY

    write = pre_commit(repo, tmp_path / "cache", hook + "    args: [-t, '3.1', --write]\n")
    assert write.returncode == 1 and "files were modified by this hook" in write.stdout
    assert (repo / "app.py").read_text() == MIGRATED

    clean = pre_commit(repo, tmp_path / "cache", hook + "    args: [-t, '3.1', --check]\n")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    finding = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.before_first_request\ndef warm():\n    pass\n"
    (repo / "setup_hooks.py").write_text(finding)
    git(repo, "add", "setup_hooks.py")
    pending = pre_commit(repo, tmp_path / "cache", hook + "    args: [-t, '3.1', --check]\n")
    assert pending.returncode == 1 and "SM007/before-first-request" in pending.stdout, pending.stdout

    acknowledged = finding.replace("@app.before_first_request", "@app.before_first_request  # noqa: SM007")
    (repo / "setup_hooks.py").write_text(acknowledged)
    reviewed = pre_commit(repo, tmp_path / "cache", hook + "    args: [-t, '3.1', --check]\n")
    assert reviewed.returncode == 0 and "Passed" in reviewed.stdout, reviewed.stdout
