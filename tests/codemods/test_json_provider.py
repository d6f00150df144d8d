import pytest

from tests.project_cases import changed_text, migrate_project
from tests.rule_cases import assert_unchanged, run_rule, standard_rule_tests

RULE = "SM012"

(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


ENCODER = """\
from flask import Blueprint, Flask
from flask.json import JSONEncoder


class Encoder(JSONEncoder):
    def default(self, o):
        return {body}


{owner}
{owner_name}.json_encoder = Encoder
"""


@pytest.mark.parametrize(
    "body, owner",
    [
        ("self.sort_keys", "app = Flask(__name__)"),  # the provider's attributes are not the encoder's
        ("str(o)", "bp = Blueprint('bp', __name__)"),  # a blueprint's encoder served its views only
    ],
    ids=["reads-its-own-attributes", "on-a-blueprint"],
)
def test_an_encoder_that_is_no_plain_default_stays_with_findings(body, owner):
    source = ENCODER.format(body=body, owner=owner, owner_name=owner.split()[0])
    result = assert_unchanged(RULE, source)
    assert [finding.line for finding in result.findings] == [2, 11]


@pytest.mark.parametrize(
    "other_module, rewritten",
    [
        ("import json\nfrom site import Encoder\n\njson.dumps({}, cls=Encoder)\n", False),
        ("from site import app\n", True),
    ],
    ids=["another-module-mentions-it", "no-other-module-mentions-it"],
)
def test_an_encoder_becomes_a_provider_only_when_no_other_module_mentions_it(tmp_path, other_module, rewritten):
    report = migrate_project(
        tmp_path,
        {
            "site/__init__.py": ENCODER.format(body="str(o)", owner="app = Flask(__name__)", owner_name="app"),
            "site/api.py": other_module,
        },
        select=["SM012"],
    )
    if rewritten:
        assert not report.findings and "app.json = Encoder(app)" in changed_text(report, "__init__.py")
    else:
        assert not report.changed and len(report.findings) == 2


def test_an_encoder_set_after_json_settings_of_its_app_stays():
    source = ENCODER.format(
        body="str(o)", owner='app = Flask(__name__)\napp.config["JSON_SORT_KEYS"] = False', owner_name="app"
    )
    result = run_rule(RULE, source)
    assert "app.json.sort_keys = False" in result.new_text and "app.json_encoder = Encoder" in result.new_text
    assert [finding.line for finding in result.findings] == [2, 12]
