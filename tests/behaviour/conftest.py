"""Flask venvs for the behaviour harness, built from PyPI once and cached.

The cache folder is $SCAFFOLD_MIGRATE_VENVS, else a folder in the temp directory.
A venv that fails to build fails the tests that need it: nothing is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scaffold_migrate import migrate_paths

HERE = Path(__file__).parent
APPS = HERE / "apps"
OWN_PROJECTS = HERE / "own_projects"  # apps migrated apart from those of APPS
FINDING_APPS = HERE / "finding_apps"  # apps with what no rewrite keeps (findings only)
DRIVER = HERE / "driver.py"
LEGACY = "1.1.4"
MODERN = ("2.0", "2.3", "3.1")
REQUIREMENTS = {
    LEGACY: ["flask==1.1.4", "werkzeug==1.0.1", "jinja2==2.11.3", "markupsafe==2.0.1", "itsdangerous==1.1.0"],
    "2.0": ["flask==2.0.3", "werkzeug==2.0.3"],
    "2.3": ["flask==2.3.3", "werkzeug<3"],
    "3.1": ["flask~=3.1.0"],
}


def app_files(folder: Path) -> list[Path]:
    """The apps (one module each) and projects (a package each) in `folder`."""
    projects = [path for path in folder.iterdir() if (path / "__init__.py").is_file()]
    return sorted([*folder.glob("*.py"), *projects])


def _cache_root() -> Path:
    return Path(os.environ.get("SCAFFOLD_MIGRATE_VENVS") or Path(tempfile.gettempdir()) / "scaffold-migrate-venvs")


def flask_python(version: str) -> Path:
    """The interpreter of a venv holding the Flask `version` line, built if needed."""
    requirements = REQUIREMENTS[version]
    digest = hashlib.sha256(json.dumps([sys.version, requirements]).encode()).hexdigest()[:12]
    venv = _cache_root() / f"flask-{version}-{digest}"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    ready = venv / ".ready"
    if not ready.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
            check=True,
        )
        ready.write_text("\n".join(requirements))
    return python


def observe(version: str, mode: str, folder: Path) -> dict:
    completed = subprocess.run(
        [str(flask_python(version)), str(DRIVER), mode, *map(str, app_files(folder))],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


@pytest.fixture(scope="session")
def original_observations() -> dict:
    return observe(LEGACY, "top", APPS)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> dict:
    """target -> (folder of apps migrated for it, the report)."""
    copies = {}
    for target in MODERN:
        folder = tmp_path_factory.mktemp(f"migrated-{target}") / "apps"
        shutil.copytree(APPS, folder)
        report = migrate_paths([str(folder)], write=True, target=target)
        copies[target] = (folder, report)
    return copies


@pytest.fixture(scope="session")
def migrated_observations(migrated) -> dict:
    return {target: observe(target, "top", folder) for target, (folder, _) in migrated.items()}


@pytest.fixture(scope="session")
def nested_observations(migrated) -> dict:
    return {target: observe(target, "nested", folder) for target, (folder, _) in migrated.items()}
