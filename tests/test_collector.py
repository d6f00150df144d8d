import gc
import subprocess
import sys

from scaffold_migrate import collector

PROGRAM = """
import gc, sys
from scaffold_migrate.cli import main
sys.argv = ["scaffold-migrate", "--version"]
try:
    main()
except SystemExit:
    pass
print(gc.get_threshold(), gc.get_freeze_count() > 0)
"""


def test_the_command_line_collects_less_often_than_python_s_default():
    assert collector.THRESHOLDS[0] > 700
    completed = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines()[-1] == f"{collector.THRESHOLDS} True"


API_PROGRAM = """
import gc, sys
from scaffold_migrate.api import migrate_paths
before = gc.get_threshold()
migrate_paths([sys.argv[1]])
print(gc.get_threshold() == before, gc.get_freeze_count())
"""


def test_the_api_leaves_the_collector_as_it_is(tmp_path):
    (tmp_path / "m.py").write_text("from flask.helpers import _endpoint_from_view_func\n")
    completed = subprocess.run(
        [sys.executable, "-c", API_PROGRAM, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == ["True", "0"]


# Scopes hold cycles: a file with a function and a blueprint leaves some behind.
PARSED = """
from flask import Blueprint
bp = Blueprint("admin", __name__)
def hook():
    pass
bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(hook))
"""


def test_a_parsed_file_leaves_no_cycles_for_a_later_collection():
    from scaffold_migrate.api import migrate_source

    migrate_source(PARSED)  # imports what a parsed file needs, before the collector is watched
    gc.disable()
    try:
        gc.collect()
        result = migrate_source(PARSED)
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert result.changes
