"""Each rule also runs alone as a libcst codemod, as the README says."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LEGACY = """\
from flask import Blueprint

bp = Blueprint("shop", __name__)


def load_user():
    pass


bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(load_user))
"""


def test_a_rule_runs_through_libcst_s_codemod_command(tmp_path):
    target = tmp_path / "views.py"
    target.write_text(LEGACY)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "libcst_route.DeferredHooks",
            "--target-version",
            "3.1",
            "--no-format",
            str(target),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert target.read_text().endswith("\nbp.before_request(load_user)\n")


def test_the_tool_runs_inside_a_project_with_a_codemods_package_of_its_own(tmp_path):
    (tmp_path / "codemods").mkdir()
    (tmp_path / "codemods" / "__init__.py").write_text("raise ImportError('the project own codemods')\n")
    (tmp_path / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "scaffold_migrate", "-t", "3.1", "--diff", "app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1, completed.stderr
    assert "+name = view.__name__" in completed.stdout


def test_the_libcst_route_works_from_outside_the_repository(tmp_path):
    (tmp_path / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
    )
    command = ["-x", "codemods.libcst_route.EndpointHelper", "--no-format", "--target-version", "3.1", "app.py"]
    completed = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", *command], cwd=tmp_path, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "app.py").read_text() == "name = view.__name__\n"


def test_the_tool_s_own_runs_import_neither_libcst_s_codemods_nor_its_matchers(tmp_path):
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "views.py").write_text(LEGACY)
    probe = (
        "import sys\n"
        "from scaffold_migrate.cli import cli\n"
        "try:\n"
        "    cli(['--check', '-t', '3.1', 'views.py'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 1, exit.code\n"
        "print(sorted(name for name in sys.modules if name.startswith(('libcst.codemod', 'libcst.matchers'))))\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1] == "[]"
