import subprocess
import sys

from codemods import CATALOGUE
from codemods.registry import RULES
from scaffold_migrate.catalogue_source import CATALOGUE as CATALOGUE_FILE
from scaffold_migrate.catalogue_source import catalogue_source


def test_the_catalogue_is_made_from_the_rules():
    assert CATALOGUE_FILE.read_text(encoding="utf-8") == catalogue_source(), (
        "stale: run `python -m scaffold_migrate.rule_docs`"
    )
    assert tuple(rule.triggers() for rule in RULES) == CATALOGUE


NO_PARSE_RUN = """
import sys
from scaffold_migrate.cli import cli
try:
    cli(["--check", sys.argv[1]])
except SystemExit as exit:
    assert exit.code == 0, exit.code
rules = {"registry", "_base"} | {entry.module.split(".")[1] for entry in __import__("codemods").CATALOGUE}
unused = {"libcst", "rich", "multiprocessing", "concurrent", "pathspec"}
print(sorted(
    name for name in sys.modules
    if name.split(".")[0] in unused or name.startswith("codemods.") and name.split(".")[1] in rules
))
"""


def test_a_run_that_parses_no_file_imports_neither_libcst_nor_the_rules(tmp_path):
    """Nor rich (its output is a pipe), the process pool or pathspec (no patterns)."""
    clean = tmp_path / "clean.py"
    clean.write_text("import os\n\n\ndef cwd():\n    return os.getcwd()\n")
    (tmp_path / "setup.py").write_text("")
    completed = subprocess.run(
        [sys.executable, "-c", NO_PARSE_RUN, str(clean)], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert completed.stdout.strip() == "[]", completed.stdout
