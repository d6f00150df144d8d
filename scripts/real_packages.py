"""Run scaffold-migrate on real legacy Flask packages from PyPI (network needed).

For each sdist: no crash, every changed file compiles, a second run changes
nothing. Then Flask-RESTful 0.3.8's own test suite runs on Flask 1.1.4 as
released and on Flask 2.0.3 after migration. Not part of the test suite:

    python scripts/real_packages.py [--workdir DIR] [--python PYTHON3.9]

Flask-RESTful's tests use nose, which needs Python <= 3.9.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGES = ("Flask-RESTful==0.3.8", "flask-restplus==0.13.0", "Flask-Sockets==0.2.1", "Flask-Unchained==0.8.0")
TARGET = "2.0"
OLD_FLASK = ("flask==1.1.4", "werkzeug==1.0.1", "jinja2==2.11.3", "markupsafe==2.0.1", "itsdangerous==1.1.0")
NEW_FLASK = ("flask==2.0.3", "werkzeug==2.0.3")
RESTFUL_TEST_DEPS = ("pytest<8", "nose", "mock", "blinker", "pytz", "six", "aniso8601")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "scaffold-migrate-real"))
    parser.add_argument("--python", default=shutil.which("python3.9") or sys.executable)
    args = parser.parse_args()
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    failures = []
    print(f"{'package':<26} {'files':>5} {'changed':>7} {'changes':>7} {'findings':>8} {'errors':>6}  rules")
    for spec in PACKAGES:
        original = download(spec, work / "sdists")
        migrated = work / "migrated" / original.name
        shutil.copytree(original, migrated)
        summary, problems = migrate_and_check(migrated)
        failures += [f"{spec}: {problem}" for problem in problems]
        rules = ", ".join(
            f"{rule} {counts['changes']}/{counts['findings']}" for rule, counts in summary["rules"].items()
        )
        print(
            f"{spec:<26} {summary['scanned']:>5} {summary['changed']:>7} {summary['changes']:>7} "
            f"{summary['findings']:>8} {summary['errors']:>6}  {rules}"
        )
        if spec.startswith("Flask-RESTful"):
            restful = (original, migrated)

    print("\nFlask-RESTful 0.3.8 test suite (rule changes/findings above are per rule):")
    before, failed_before = run_restful_tests(args.python, work / "venv-1.1.4", OLD_FLASK, restful[0])
    after, failed_after = run_restful_tests(args.python, work / "venv-2.0.3", NEW_FLASK, restful[1])
    unmigrated, _ = run_restful_tests(args.python, work / "venv-2.0.3", NEW_FLASK, restful[0], reuse=True)
    print(f"  original on Flask 1.1.4:  {before}")
    print(f"  migrated on Flask 2.0.3:  {after}")
    print(f"  original on Flask 2.0.3:  {unmigrated}")
    for test in sorted(failed_before):
        print(f"  fails on both: {test}" if test in failed_after else f"  fails before only: {test}")
    if (after, failed_after) != (before, failed_before):
        failures.append(f"Flask-RESTful's suite differs after migration: {sorted(failed_after ^ failed_before)}")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


def download(spec: str, folder: Path) -> Path:
    """The sdist of `spec`, unpacked; the folder holding its files."""
    folder.mkdir(parents=True, exist_ok=True)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            spec,
            "-d",
            str(folder),
        ]
    )
    name = spec.split("==")[0].lower().replace("-", "_")
    archive = next(
        path for path in folder.iterdir() if path.is_file() and path.name.lower().replace("-", "_").startswith(name)
    )
    target = folder / archive.name.split(".tar")[0].split(".zip")[0]
    if archive.suffix == ".zip":
        zipfile.ZipFile(archive).extractall(folder)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(folder)
    return target


def migrate_and_check(folder: Path) -> tuple[dict, list[str]]:
    first = tool("-w", folder)
    problems = []
    if first.returncode not in (0, 2) or "Traceback" in first.stderr:
        problems.append(f"first run exited {first.returncode}: {first.stderr[-500:]}")
    report = json.loads(first.stdout)
    for result in report["files"]:
        error = result["error"] or ""
        if error and "cannot parse" not in error:
            problems.append(error)
        if result["changed"]:
            path = result["path"]
            try:
                compile(Path(path).read_bytes(), path, "exec", dont_inherit=True)
            except SyntaxError as exc:
                problems.append(f"{path} does not compile: {exc}")
    second = json.loads(tool("--check", folder).stdout)
    if second["summary"]["changed"]:
        problems.append(f"second run would change {second['summary']['changed']} files")
    summary = dict(report["summary"])
    summary["changes"] = sum(counts["changes"] for counts in summary["rules"].values())
    return summary, problems


def tool(mode: str, folder: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scaffold_migrate", mode, "-t", TARGET, "--format", "json", "--no-progress"]
    return subprocess.run([*command, str(folder)], capture_output=True, text=True)


def run_restful_tests(
    python: str, venv: Path, flask: tuple[str, ...], source: Path, reuse: bool = False
) -> tuple[str, set[str]]:
    """Flask-RESTful's tests from `source`, installed from there: the summary
    ("N passed, M failed") and the failed tests."""
    if not reuse:
        run([python, "-m", "venv", str(venv)])
        run([str(venv / "bin" / "pip"), "install", "--quiet", *flask, *RESTFUL_TEST_DEPS])
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", "--force-reinstall", str(source)])
    tests = Path(tempfile.mkdtemp(prefix="restful-tests-")) / "tests"
    shutil.copytree(source / "tests", tests)
    # Werkzeug 1.0 removed the `werkzeug.MultiDict` alias: an environmental fix.
    for module in tests.glob("*.py"):
        text = module.read_text()
        fixed = re.sub(
            r"^from werkzeug import (.*?),\s*MultiDict\s*$",
            r"from werkzeug import \1\nfrom werkzeug.datastructures import MultiDict",
            text,
            flags=re.MULTILINE,
        )
        module.write_text(fixed)
    outcome = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", str(tests)],
        capture_output=True,
        text=True,
        cwd=tests.parent,
    )
    lines = outcome.stdout.strip().splitlines() or ["no output"]
    failed = {line.split()[1] for line in lines if line.startswith("FAILED ")}
    return re.sub(r"=+|\s+in\s+[\d.]+s.*", "", lines[-1]).strip(), failed


def run(command: list[str]) -> None:
    outcome = subprocess.run(command, capture_output=True, text=True)
    if outcome.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{outcome.stdout}{outcome.stderr}")


if __name__ == "__main__":
    sys.exit(main())
