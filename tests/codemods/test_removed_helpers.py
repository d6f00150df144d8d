from tests.project_cases import changed_text, migrate_project
from tests.rule_cases import standard_rule_tests

RULE = "SM009"

(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


def test_from_json_on_an_app_imported_from_another_module(tmp_path):
    report = migrate_project(
        tmp_path,
        {
            "portal/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "portal/settings.py": """\
                import json

                from portal import app

                app.config.from_json("settings.json", True)
            """,
        },
        select=["SM009"],
    )
    assert not report.findings and not report.errors
    assert 'app.config.from_file("settings.json", load=json.load, silent=True)' in changed_text(report, "settings.py")
