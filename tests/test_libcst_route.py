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
            "deferred_hooks.DeferredHooks",
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
