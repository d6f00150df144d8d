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
