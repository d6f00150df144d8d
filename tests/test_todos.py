from click.testing import CliRunner

from scaffold_migrate import migrate_source
from scaffold_migrate.cli import cli

FIRST_REQUEST = """\
from flask import Flask
from flask.helpers import _endpoint_from_view_func

app = Flask(__name__)
name = _endpoint_from_view_func(view)


class Setup:
    def install(self):
        app.before_first_request(self.warm_up)
"""
TODO = (
    "# TODO(scaffold-migrate SM007/before-first-request): `before_first_request` was removed in Flask 2.3: run this "
    "setup once in the app factory"
)


def migrate(source):
    return migrate_source(source, target="3.1", add_todos=True)


def test_todo_above_the_finding_line_after_other_rewrites_with_its_indent():
    result = migrate(FIRST_REQUEST)
    lines = result.new_text.splitlines()
    assert lines[1] == "" and lines[3] == "name = view.__name__"
    assert lines[8].startswith("        " + TODO)
    assert lines[9] == "        app.before_first_request(self.warm_up)"
    assert [finding.line for finding in result.findings] == [10]
    assert ("SM007", 10, "added a TODO comment for this finding") in [
        (change.rule_id, change.line, change.message) for change in result.changes
    ]
    again = migrate(result.new_text)
    assert not again.changed and [finding.line for finding in again.findings] == [10]


def test_without_the_option_no_comment_and_crlf_is_kept():
    assert not migrate_source(
        "from flask import Flask\r\napp = Flask(__name__)\r\napp.before_first_request(f)\r\n", target="3.1"
    ).changed
    result = migrate("from flask import Flask\r\napp = Flask(__name__)\r\napp.before_first_request(f)\r\n")
    assert result.new_text.split("\r\n")[2].startswith(TODO)
    assert "\n" not in result.new_text.replace("\r\n", "")


def test_two_findings_on_one_line_get_two_comments_once_each():
    source = (
        "from flask import Flask\napp = Flask(__name__)\napp.before_first_request(f); app.before_first_request(g)\n"
    )
    result = migrate(source)
    lines = result.new_text.splitlines()
    assert lines[2].startswith(TODO) and lines[3].startswith(TODO) and lines[4].startswith("app.before")
    assert not migrate(result.new_text).changed


def test_no_comment_where_it_would_land_inside_a_string():
    source = 'from flask import Flask\napp = Flask(__name__)\nx = """\nabc"""; app.before_first_request(f)\n'
    result = migrate(source)
    assert not result.changed
    assert [finding.line for finding in result.findings] == [4]


def test_command_line_writes_the_todos(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(FIRST_REQUEST)
    result = CliRunner().invoke(cli, ["-t", "3.1", "--add-todos", "-w", "app.py"])
    assert result.exit_code == 0, result.output
    assert TODO in (tmp_path / "app.py").read_text()
