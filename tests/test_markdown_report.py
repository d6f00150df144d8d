from click.testing import CliRunner

from scaffold_migrate.cli import cli

LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
FIRST_REQUEST = (
    "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.before_first_request\ndef warm_up():\n    pass\n"
)


def test_report_for_a_pull_request(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(LEGACY)
    (tmp_path / "src" / "setup_hooks.py").write_text(FIRST_REQUEST)
    (tmp_path / "src" / "py2.py").write_text('import flask.helpers._endpoint_from_view_func\nprint "flask"\n')
    (tmp_path / "docs").mkdir()

    result = CliRunner().invoke(cli, ["-t", "3.1", "--no-progress", "--report", "docs/migration.md", "src"])

    assert result.exit_code == 2, result.output
    report = (tmp_path / "docs" / "migration.md").read_text()
    assert report.startswith("# Flask Scaffold migration (scaffold-migrate ")
    assert "Target: **Flask 3.1** (from --target-version)." in report
    assert "Checked: the Flask 2.0 to 3.1 changes the rules cover" in report
    assert "| 3 | 0 | 1 | 0 | 1 | 1 |" in report
    assert "| SM003 | endpoint-helper | 1 | 0 |" in report
    assert "| SM007 | private-app-api | 0 | 1 |" in report
    assert "- [`src/app.py`](../src/app.py): SM003\n" in report
    assert (
        "- [ ] [`src/setup_hooks.py:6`](../src/setup_hooks.py#L6) **SM007/before-first-request** `before_first_request` was "
        "removed in Flask 2.3" in report
    )
    assert "- src/py2.py:2:" in report and "cannot parse" in report


def test_report_after_writing_and_when_it_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(LEGACY)
    result = CliRunner().invoke(cli, ["-t", "3.1", "-w", "--report", "report.md", "."])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "report.md").read_text()
    assert "- [`app.py`](app.py): SM003 (written)\n" in report
    assert "## Findings" not in report and "## Files left alone" not in report

    (tmp_path / "app.py").write_text(LEGACY)
    failed = CliRunner().invoke(cli, ["-t", "3.1", "--report", "missing/report.md", "."])
    assert failed.exit_code == 2
    assert "missing/report.md: cannot write the report" in failed.output
