from tests.project_cases import changed_text, migrate_project
from tests.rule_cases import standard_rule_tests

RULE = "SM008"

(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


def test_a_send_file_re_exported_by_a_project_module_is_flask_s(tmp_path):
    report = migrate_project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/compat.py": "from flask import send_file\n",
            "app/views.py": """\
                from .compat import send_file

                def report(path):
                    return send_file(path, attachment_filename="r.csv")
            """,
            "app/_vendor/__init__.py": "",
            "app/_vendor/flask/__init__.py": "def send_file(path, attachment_filename=None):\n    pass\n",
            "app/legacy.py": """\
                from app._vendor.flask import send_file

                send_file("a", attachment_filename="b")
            """,
        },
        select=["SM008"],
    )
    assert not report.findings and not report.errors
    assert 'send_file(path, download_name="r.csv")' in changed_text(report, "views.py")
    assert len(report.changed) == 1
