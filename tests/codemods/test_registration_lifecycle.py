from pathlib import Path

from tests.project_cases import migrate_project
from tests.rule_cases import assert_unchanged, standard_rule_tests

RULE = "SM014"

(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


def test_a_repeated_registration_replaying_record_callbacks_stays_a_finding():
    source = """\
from flask import Blueprint, Flask

bp = Blueprint("bp", __name__)
bp.record(lambda state: state.app.extensions.setdefault("seen", []).append(1))
app = Flask(__name__)
app.register_blueprint(bp)
app.register_blueprint(bp)
"""
    result = assert_unchanged(RULE, source)
    assert [(finding.kind, finding.line) for finding in result.findings] == [("registered-twice", 7)]


CONFTEST_APP = {
    "myapp/__init__.py": """\
        from flask import Flask


        def create_app():
            return Flask(__name__)
        """,
    "tests/conftest.py": """\
        import pytest

        from myapp import create_app


        @pytest.fixture(scope="session")
        def app():
            return create_app()
        """,
    "tests/test_views.py": """\
        def test_late_route(app):
            app.add_url_rule("/late", "late", lambda: "late")
        """,
    "tests/own/conftest.py": """\
        from pytest import fixture

        from myapp import create_app


        @fixture
        def app():
            return create_app()
        """,
    "tests/own/test_views.py": """\
        def test_route(app):
            app.route("/x")(lambda: "x")
        """,
    "tests/local/test_views.py": """\
        import pytest


        @pytest.fixture
        def app():
            return None


        def test_route(app):
            app.before_request(lambda: None)
        """,
}


def test_a_conftest_fixture_shared_by_tests_is_seen_in_every_test_module(tmp_path):
    report = migrate_project(tmp_path, CONFTEST_APP)
    findings = [(result.path, finding) for result in report.files for finding in result.findings]
    assert [(Path(path).relative_to(tmp_path).as_posix(), finding.line) for path, finding in findings] == [
        ("tests/test_views.py", 2)
    ]
    assert "the session-scoped fixture `app` of tests/conftest.py" in findings[0][1].message


def test_a_conftest_fixture_is_seen_when_only_the_test_module_is_checked(tmp_path):
    report = migrate_project(tmp_path, CONFTEST_APP, paths=("tests/test_views.py", "tests/own/test_views.py"))
    assert [finding.kind for result in report.files for finding in result.findings] == ["shared-app-setup"]
