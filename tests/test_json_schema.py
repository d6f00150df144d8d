"""The JSON document matches the schema shipped beside the tool, in every state a
file can end in."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scaffold_migrate.cli import cli

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "scaffold_migrate" / "report.schema.json").read_text())
LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(LEGACY)
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "flagged.py").write_text(
        "from flask.helpers import _endpoint_from_view_func\nviews = [_endpoint_from_view_func]\n"
    )
    (tmp_path / "broken.py").write_text("from flask.helpers import _endpoint_from_view_func\ndef (:\n")
    (tmp_path / "checked.py").write_text("import flask\n")
    return tmp_path


def document(*args):
    result = CliRunner().invoke(cli, ["-t", "3.1", "--no-progress", "--format", "json", *args, "."])
    return json.loads(result.stdout)


@pytest.mark.parametrize("args", [(), ("--diff",), ("--write",)], ids=["dry-run", "diff", "write"])
def test_the_document_matches_the_schema(project, args):
    report = document(*args)
    jsonschema.validate(report, SCHEMA)
    statuses = {entry["path"]: entry["status"] for entry in report["files"]}
    assert statuses["app.py"] == ("written" if "--write" in args else "changed")
    assert statuses["broken.py"] == "error" and statuses["plain.py"] == "skipped"
    assert statuses["checked.py"] in ("skipped", "unchanged")
    assert ("diff" in next(entry for entry in report["files"] if entry["path"] == "app.py")) is ("--diff" in args)


def test_changes_findings_and_errors_carry_their_places(project):
    report = document()
    files = {entry["path"]: entry for entry in report["files"]}
    (change,) = files["app.py"]["changes"]
    assert (change["rule"], change["line"], change["column"], change["end_line"]) == ("SM003", 2, 8, 2)
    (finding,) = files["flagged.py"]["findings"]
    assert finding["code"] == "SM003/not-inlinable" and finding["path"] == "flagged.py" and finding["end_line"] == 2
    assert files["broken.py"]["error"]["kind"] == "parse" and files["broken.py"]["error"]["line"] == 2
    assert report["schema_version"] == 1 and report["tool_version"]
