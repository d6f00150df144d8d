from tests.rule_cases import assert_rewrites, standard_rule_tests

RULE = "SM015"

test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(RULE)


def test_an_endpoint_with_quotes_in_its_code_is_built_with_percent_formatting():
    assert_rewrites(
        RULE,
        """\
        from flask import Blueprint

        bp = Blueprint("api", __name__)
        bp.record(lambda s: s.app.view_functions.update({"%s.%s" % (s.blueprint.name, "items"): items}))
        """,
        """\
        from flask import Blueprint

        bp = Blueprint("api", __name__)
        bp.record(lambda s: s.app.view_functions.update({("%s.%s.%s" % (s.name_prefix, s.name, "items")).lstrip("."): items}))
        """,
    )
