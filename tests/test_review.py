import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from scaffold_migrate import migrate_source
from scaffold_migrate.cli import cli
from scaffold_migrate.results import Change, FileResult
from scaffold_migrate.review import Review, apply_hunks, split_hunks

PADDING = "".join(f"x{number} = {number}\n" for number in range(10))
LEGACY = (
    "from flask.helpers import _endpoint_from_view_func\n"
    + PADDING
    + "first = _endpoint_from_view_func(view)\n"
    + PADDING
    + "second = _endpoint_from_view_func(other)\n"
)
ONLY_FIRST = LEGACY.replace("_endpoint_from_view_func(view)", "view.__name__")
ONLY_SECOND = LEGACY.replace("_endpoint_from_view_func(other)", "other.__name__")
MIGRATED = ONLY_FIRST.replace("_endpoint_from_view_func(other)", "other.__name__").split("\n", 1)[1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(LEGACY)
    (tmp_path / "b.py").write_text(LEGACY)
    return tmp_path


def review(keys, *paths):
    return CliRunner().invoke(cli, ["-t", "3.1", "--no-progress", "-i", *(paths or ("a.py",))], input=keys)


def test_hunks_are_shown_with_their_rule_and_only_accepted_ones_are_written(project):
    result = review("nyn")
    assert result.exit_code == 0, result.output
    assert result.output.count("Apply this hunk [y,n,a,d,q,?]?") == 3
    assert "a.py  hunk 1/3  SM003 endpoint-helper" in result.output
    assert "-from flask.helpers import _endpoint_from_view_func" in result.output
    assert "+first = view.__name__" in result.output
    assert (project / "a.py").read_text() == ONLY_FIRST
    assert "wrote a.py" in result.output
    assert "1 changed" in result.output and "SM003 endpoint-helper: 1 change," in result.output


def test_rest_of_file_keys_and_help(project):
    assert review("?ya").exit_code == 0
    assert (project / "a.py").read_text() == MIGRATED
    (project / "a.py").write_text(LEGACY)
    result = review("nd")
    assert "y - apply this hunk" not in result.output
    assert (project / "a.py").read_text() == LEGACY and "wrote" not in result.output
    assert "0 changed" in result.output


def test_help_key_lists_the_keys(project):
    result = review("?q")
    assert "a - apply this hunk and the rest of this file" in result.output
    assert result.output.count("Apply this hunk") == 2


def test_quit_writes_what_was_accepted_in_this_file_and_stops(project):
    result = review("nnyq", "a.py", "b.py")
    assert (project / "a.py").read_text() == ONLY_SECOND
    assert (project / "b.py").read_text() == LEGACY
    assert "b.py  hunk 1/3" in result.output
    assert result.output.count("Apply this hunk") == 4


def test_end_of_input_is_quit(project):
    result = review("y", "a.py", "b.py")
    assert result.exit_code == 0
    assert (project / "a.py").read_text() == LEGACY.split("\n", 1)[1]
    assert (project / "b.py").read_text() == LEGACY


@pytest.mark.parametrize("args", [["-w"], ["--check"], ["--diff"], ["--format", "json"], ["-"]])
def test_interactive_combines_with_no_other_mode(project, args):
    result = CliRunner().invoke(cli, ["-i", *args])
    assert result.exit_code == 3
    assert "cannot be" in result.output


BROKEN_OLD = "x = (\n" + "    1,\n" * 10 + ")\n"
BROKEN_NEW = "x = [\n" + "    1,\n" * 10 + "]\n"


def reviewer(keys):
    console = Console(record=True, width=200)
    pressed = iter(keys)
    return Review(console, lambda: next(pressed, "")), console


def test_hunks_that_do_not_compile_alone_offer_the_whole_file_or_nothing(tmp_path):
    path = tmp_path / "x.py"
    path.write_text(BROKEN_OLD)
    result = FileResult(
        str(path),
        old_source=BROKEN_OLD.encode(),
        new_source=BROKEN_NEW.encode(),
        changes=(Change("SM001", "deferred-hooks", 1, "m"), Change("SM001", "deferred-hooks", 12, "m")),
    )
    assert len(split_hunks(result)) == 2

    run, console = reviewer("ynn")
    [left] = run.run([result])
    assert not left.written and path.read_text() == BROKEN_OLD
    assert "do not compile without the others" in console.export_text()

    run, console = reviewer("yny")
    [written] = run.run([result])
    assert written.written and path.read_text() == BROKEN_NEW


def test_apply_hunks_rebuilds_any_subset():
    result = FileResult("a.py", old_source=LEGACY.encode(), new_source=(MIGRATED).encode())
    hunks = split_hunks(result)
    assert len(hunks) == 3
    assert apply_hunks(result.old_source, hunks, [False] * 3) == LEGACY.encode()
    assert apply_hunks(result.old_source, hunks, [True] * 3) == MIGRATED.encode()
    assert apply_hunks(result.old_source, hunks, [False, True, False]) == ONLY_FIRST.encode()
    assert re.search(r"^@@ -1,4 \+1,3 @@$", hunks[0].text, re.M)


def migrated_result(path):
    return migrate_source(path.read_text(), target="3.1", path=str(path))


def _keys_then_ctrl_c(*keys):
    """A terminal's key presses: `keys`, then Ctrl-C for each one after (as click.getchar raises)."""
    pressed = iter(keys)

    def read_key():
        key = next(pressed, None)
        if key is None or key == "^C":
            raise KeyboardInterrupt
        return key

    return read_key


@pytest.mark.parametrize("keep, expected", [("y", ONLY_FIRST), ("n", LEGACY)])
def test_ctrl_c_keeps_the_hunks_accepted_in_the_file_only_when_asked(project, keep, expected):
    results = [migrated_result(project / "a.py"), migrated_result(project / "b.py")]
    console = Console(record=True, width=200)
    review = Review(console, _keys_then_ctrl_c("n", "y", "^C", keep))
    reviewed = review.run(results)
    assert review.interrupted
    assert (project / "a.py").read_text() == expected and (project / "b.py").read_text() == LEGACY
    assert reviewed[0].written is (keep == "y") and not reviewed[1].written
    assert "Interrupted: write the 1 hunk(s) accepted in this file [y,n]?" in console.export_text()


def test_ctrl_c_in_a_review_exits_2_saying_what_was_written(project, monkeypatch):
    from scaffold_migrate import cli as cli_module

    monkeypatch.setattr(cli_module, "_read_key", _keys_then_ctrl_c("y", "y", "y"))
    result = CliRunner().invoke(cli, ["-t", "3.1", "--no-progress", "-i", "a.py", "b.py"])
    assert result.exit_code == 2, result.output
    assert "Interrupted: the review was stopped: 1 file written" in result.output
    assert (project / "a.py").read_text() == MIGRATED and (project / "b.py").read_text() == LEGACY
