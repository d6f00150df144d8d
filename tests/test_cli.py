import io
import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from scaffold_migrate.cli import cli

LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
MIGRATED = "name = view.__name__\n"


def run(*args, input=None, env=None):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by default
        runner = CliRunner()
    return runner.invoke(cli, ["-t", "3.1", "--no-progress", *args], input=input, env=env)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(LEGACY)
    (tmp_path / "plain.py").write_text("x = 1\n")
    return tmp_path


def test_dry_run_shows_diff_writes_nothing_exits_1(project):
    result = run(".")
    assert result.exit_code == 1
    assert "-name = _endpoint_from_view_func(view)" in result.stdout
    assert "+name = view.__name__" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: plain text
    assert (project / "app.py").read_text() == LEGACY
    assert "2 files checked (1 with nothing a rule acts on, not parsed), 1 would change, 0 findings" in result.stderr
    assert "SM003 endpoint-helper: 1 change, 0 findings" in result.stderr
    assert result.stderr.rstrip().endswith(
        "Nothing written: 1 file would change; run again with --write to apply the changes, or -i to review them."
    )


def test_write_applies_then_nothing_is_left(project):
    result = run("-w", ".")
    assert result.exit_code == 0, result.output
    assert "fixed app.py" in result.stdout
    assert (project / "app.py").read_text() == MIGRATED
    again = run(".")
    assert again.exit_code == 0 and "0 would change" in again.stderr


def test_check_lists_files(project):
    result = run("--check")
    assert result.exit_code == 1 and result.stdout.strip() == "app.py: would change (SM003 endpoint-helper)"
    (project / "app.py").write_text(MIGRATED)
    assert run("--check").exit_code == 0


def test_diff_is_plain_on_stdout_and_git_applies_it(project):
    result = run("--diff", ".")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "Target" in result.stderr and "Target" not in result.stdout
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "apply"], cwd=project, input=result.stdout.encode(), check=True)
    assert (project / "app.py").read_text() == MIGRATED


def test_diff_of_file_without_final_newline_applies(project):
    (project / "app.py").write_text(LEGACY.rstrip("\n"))
    result = run("--diff", ".")
    assert "\\ No newline at end of file" in result.stdout
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "apply"], cwd=project, input=result.stdout.encode(), check=True)
    assert (project / "app.py").read_text() == MIGRATED.rstrip("\n")


def test_json_is_one_document(project):
    result = run("--format", "json", ".")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["target"] == "3.1" and document["target_source"] == "--target-version"
    assert document["summary"]["changed"] == 1 and document["summary"]["rules"]["SM003"]["changes"] == 1
    assert {entry["path"] for entry in document["files"]} == {"app.py", "plain.py"}
    assert document["schema_version"] == 1


def test_select_and_ignore_by_id_or_name(project):
    assert run("--ignore", "SM003,SM006", ".").exit_code == 0
    assert run("--ignore", "endpoint-helper,moved-names", ".").exit_code == 0
    assert run("--select", "endpoint-helper", ".").exit_code == 1
    assert run("--select", "SM001", ".").exit_code == 0
    unknown = run("--select", "SM999", ".")
    assert unknown.exit_code == 3 and "unknown rule" in unknown.stderr


def test_list_rules(project):
    result = run("--list-rules")
    assert result.exit_code == 0
    assert "SM003" in result.stdout and "endpoint-helper" in result.stdout and "2.0+" in result.stdout
    rules = json.loads(run("--list-rules", "--format", "json").stdout)
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["SM003"]["name"] == "endpoint-helper" and by_id["SM001"]["targets"] == "2.0+"


def test_exclude(project):
    assert run("--exclude", "app.py", ".").exit_code == 0


def test_jobs(project):
    for number in range(12):
        (project / f"m{number}.py").write_text(LEGACY)
    result = run("-j", "2", "--check", ".")
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 13
    assert run("-j", "0", ".").exit_code == 3


def test_target_version(project):
    result = run("-t", "2.0", ".")
    assert result.exit_code == 1 and "Flask 2.0 (from --target-version)" in result.stderr
    assert run("-t", "1.1", ".").exit_code == 3


def test_auto_target_says_where_it_came_from(project):
    (project / "requirements.txt").write_text("flask==2.2.5\n")
    result = CliRunner().invoke(cli, ["--no-progress", "."])
    assert "Target: Flask 2.2 (from requirements.txt (flask==2.2.5))" in result.output


def test_stdin_to_stdout(project):
    result = run("-", input=LEGACY)
    assert result.exit_code == 0 and result.stdout == MIGRATED
    unchanged = run("-", input="x = 1  # _endpoint_from_view_func\n")
    assert unchanged.exit_code == 0 and unchanged.stdout == "x = 1  # _endpoint_from_view_func\n"
    broken = run("-", input="print '_endpoint_from_view_func'\n")
    assert broken.exit_code == 2 and broken.stdout == "print '_endpoint_from_view_func'\n"
    assert run("--check", "-", input=LEGACY).exit_code == 1
    assert run("-", "app.py").exit_code == 3


def test_unparseable_file_is_one_line_exit_2_and_the_run_goes_on(project):
    (project / "old.py").write_text("import flask\nprint '_endpoint_from_view_func'\n")
    result = run(".")
    assert result.exit_code == 2
    assert re.search(r"^old\.py:2:\d+: cannot parse: Missing parentheses", result.stderr, re.M)
    assert "Traceback" not in result.output
    assert "+name = view.__name__" in result.stdout


def test_findings_are_printed_with_position(project):
    (project / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nf = _endpoint_from_view_func\n"
    )
    result = run("--select", "SM003", ".")
    assert result.exit_code == 1, "a finding nothing acknowledges is pending work"
    assert "app.py:2:5: SM003/not-inlinable" in result.stdout and "1 finding," in result.stderr
    with_moved_names = run(".")
    assert with_moved_names.exit_code == 1 and "+from flask.sansio.scaffold import" in with_moved_names.stdout


def test_quiet_and_verbose(project):
    quiet = run("-q", ".")
    assert quiet.exit_code == 1 and quiet.stderr == "" and "+name" in quiet.stdout
    verbose = run("-v", ".")
    assert "plain.py: skipped (no trigger word)" in verbose.stdout
    assert "app.py:2: SM003 inlined" in verbose.stdout
    assert run("-q", "-v", ".").exit_code == 3


def test_colour_forced_and_no_color(project):
    assert "\x1b[" in run("--color", ".").stdout
    assert "\x1b[" not in run(".", env={"NO_COLOR": "1"}).stdout


def test_usage_errors_exit_3(project):
    assert run("--write", "--check", ".").exit_code == 3
    assert run("--bogus").exit_code == 3
    assert run("missing.py").exit_code == 3


def test_write_failure_exits_2(project):
    os.chmod(project / "app.py", 0o444)
    result = run("-w", ".")
    assert result.exit_code == 2 and "app.py: cannot write: file is read-only" in result.stderr


def test_module_entry_point(project):
    completed = subprocess.run(
        [sys.executable, "-m", "scaffold_migrate", "-t", "3.1", "--check", "."],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1 and completed.stdout.strip() == "app.py: would change (SM003 endpoint-helper)"


@pytest.mark.parametrize(
    "comment",
    [
        "  # scaffold-migrate: ignore[SM003]",
        "  # scaffold-migrate: ignore",
        "  # scaffold-migrate: ignore[SM001, SM003/not-inlinable]",
        "  # noqa: SM003",
    ],
)
def test_an_acknowledged_finding_is_counted_but_not_pending(project, comment):
    (project / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nf = _endpoint_from_view_func" + comment + "\n"
    )
    result = run("--select", "SM003", "--check", ".")
    assert result.exit_code == 0, result.output
    report = json.loads(run("--select", "SM003", "--format", "json", ".").stdout)
    (finding,) = report["files"][0]["findings"]
    assert finding["acknowledged"] is True and report["summary"]["acknowledged"] == 1


@pytest.mark.parametrize(
    "comment", ["  # noqa", "  # noqa: E501", "  # scaffold-migrate: ignore[SM001]", "  # TODO(scaffold-migrate SM003)"]
)
def test_other_comments_acknowledge_nothing(project, comment):
    (project / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nf = _endpoint_from_view_func" + comment + "\n"
    )
    assert run("--select", "SM003", "--check", ".").exit_code == 1


def test_a_comment_on_the_line_above_acknowledges(project):
    (project / "app.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\n"
        "# scaffold-migrate: ignore[SM003]  (kept for an old plugin)\n"
        "f = _endpoint_from_view_func\n"
    )
    assert run("--select", "SM003", "--check", ".").exit_code == 0


def test_the_summary_and_the_json_say_what_was_checked(project):
    from codemods.registry import RULES

    summary = run(".").stderr
    assert f"Checked: the Flask 2.0 to 3.1 changes the rules cover (all {len(RULES)} rules for the target)" in summary
    assert "not checked: setup methods called after registration or a first request elsewhere" in summary
    older = json.loads(run("--format", "json", "-t", "2.1", "--select", "SM003", ".").stdout)["checked"]
    assert older["flask_releases"] == ["2.0", "2.1"] and older["rules"] == ["SM003"] and not older["all_rules"]
    assert "only the rules SM003" in run("--select", "SM003", ".").stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("color, no_color_env, styled", [(None, "", True), (False, "", False), (None, "1", False)])
def test_no_color_and_NO_COLOR_print_plain_text_even_on_a_terminal(monkeypatch, color, no_color_env, styled):
    from scaffold_migrate.terminal import Output, Styled

    monkeypatch.setenv("NO_COLOR", no_color_env)
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = _Terminal()
    Output(terminal, color).print(Styled("fixed", "bold"))
    assert ("\x1b[" in terminal.getvalue()) is styled
    assert "fixed" in terminal.getvalue()


def test_output_to_a_pipe_is_plain_and_forced_colour_styles_it(monkeypatch):
    from scaffold_migrate.terminal import Output, Styled

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    pipe, forced = io.StringIO(), io.StringIO()
    Output(pipe, None).print(Styled("fixed", "bold").append(" [app.py]"))
    Output(forced, True).print(Styled("fixed", "bold"))
    assert pipe.getvalue() == "fixed [app.py]\n"
    assert "\x1b[" in forced.getvalue()


def test_check_with_diff_prints_the_diff_and_fails_as_a_check(project):
    result = run("--check", "--diff", ".")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert (project / "app.py").read_text() == LEGACY


def test_statistics_count_changes_per_rule_and_findings_per_kind(project):
    (project / "other.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nviews = [_endpoint_from_view_func]\n"
    )
    result = run("--statistics", ".")
    tail = result.stderr[result.stderr.index("Statistics:") :]
    assert "     1  SM003 endpoint-helper (changes)" in tail
    assert "     1  SM003/not-inlinable" in tail


def test_github_format_annotates_each_pending_change_and_finding(project):
    (project / "other.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nviews = [_endpoint_from_view_func]\n"
    )
    result = run("--format", "github", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("::error file=app.py,line=2,title=SM003 endpoint-helper::would change: ") for line in lines
    ), lines
    assert any(line.startswith("::error file=other.py,line=2,col=10,title=SM003/not-inlinable::") for line in lines)
    assert "would change" in result.stderr  # the summary stays on stderr


def test_github_format_escapes_what_workflow_commands_reserve():
    from scaffold_migrate.github import _command

    assert (
        _command("error", "a,b:c.py", 3, None, "T", "50%\nnext")
        == "::error file=a%2Cb%3Ac.py,line=3,title=T::50%25%0Anext"
    )


def test_a_folder_that_cannot_be_listed_is_an_error_with_exit_2(project, monkeypatch):
    import scaffold_migrate.discovery as discovery

    (project / "locked").mkdir()
    (project / "locked" / "views.py").write_text(LEGACY)
    listing = os.scandir

    def scandir(folder):
        if os.path.basename(folder) == "locked":
            raise PermissionError(13, "Permission denied", folder)
        return listing(folder)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    result = run("--check", ".")
    assert result.exit_code == 2
    assert "locked: cannot read: Permission denied" in result.stderr


def test_force_exclude_applies_the_excludes_to_files_named_on_the_command_line(project):
    (project / "migrations").mkdir()
    (project / "migrations" / "old.py").write_text(LEGACY)
    named = ["--exclude", "migrations/", "migrations/old.py"]
    assert run("--check", *named).exit_code == 1
    assert run("--check", "--force-exclude", *named).exit_code == 0


def test_stdin_filename_migrates_standard_input_as_that_file_of_its_project(tmp_path, monkeypatch):
    from tests.project_cases import write_project

    root = write_project(
        tmp_path / "site",
        {
            "pyproject.toml": '[tool.scaffold-migrate]\ntarget-version = "2.3"\n',
            "pkg/__init__.py": "from flask import Blueprint\n\nadmin = Blueprint('admin', __name__)\n",
        },
    )
    views = (
        "from . import admin\n\ndef f():\n    pass\n\n"
        "admin.record_once(lambda s: s.app.before_request_funcs.setdefault(admin.name, []).append(f))\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(cli, ["--no-progress", "--stdin-filename", str(root / "pkg" / "views.py")], input=views)
    assert result.exit_code == 0, result.output
    assert result.stdout == "from . import admin\n\ndef f():\n    pass\n\nadmin.before_request(f)\n"
    assert "Target: Flask 2.3 (from " in result.stderr and "pyproject.toml [tool.scaffold-migrate]" in result.stderr
    alone = CliRunner().invoke(cli, ["--no-progress", "-t", "3.1", "-"], input=views)
    assert alone.stdout == views


def test_stdin_filename_needs_standard_input_alone(project):
    assert run("--stdin-filename", "app.py", "app.py").exit_code == 3


def test_diff_headers_of_files_outside_the_current_folder_are_relative_to_the_repository(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "top.py").write_text(LEGACY)
    (repo / "sub" / "app.py").write_text(LEGACY)
    monkeypatch.chdir(repo / "sub")
    patch = run("--diff", "..").stdout
    assert "--- a/top.py\n+++ b/top.py\n" in patch and "--- a/sub/app.py\n" in patch
    assert "../" not in patch
    assert run("--diff", "app.py").stdout.startswith("--- a/app.py\n")


def test_a_long_dry_run_ends_with_a_table_of_its_files(project):
    from scaffold_migrate.render import FILE_TABLE_THRESHOLD

    for number in range(FILE_TABLE_THRESHOLD):
        (project / f"m{number:02}.py").write_text(LEGACY)
    result = run(".")
    assert "Files" in result.stderr and re.search(r"m07\.py\s+1\s+0\s+SM003", result.stderr)
    (project / "m00.py").unlink()
    (project / "app.py").unlink()
    assert "m07.py " not in run(".").stderr


def test_the_progress_bar_counts_the_files_and_is_closed_after_the_run():
    from rich.console import Console

    from scaffold_migrate.cli import PROGRESS_THRESHOLD, _ProgressBar

    terminal = _Terminal()
    bar = _ProgressBar(Console(file=terminal, force_terminal=True, width=120), "Checking")
    for done in range(1, PROGRESS_THRESHOLD + 1):
        bar(done, PROGRESS_THRESHOLD + 1)  # one file short: the run's end closes it
    assert bar.bar is not None
    bar.close()
    assert bar.bar is None and f"{PROGRESS_THRESHOLD}/{PROGRESS_THRESHOLD + 1}" in terminal.getvalue()
    bar(PROGRESS_THRESHOLD + 1, PROGRESS_THRESHOLD + 1)
    bar(PROGRESS_THRESHOLD + 1, PROGRESS_THRESHOLD + 1)
    assert "Checking files" in terminal.getvalue()
