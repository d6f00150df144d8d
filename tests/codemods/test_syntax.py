import libcst as cst
import pytest

from codemods._syntax import dotted


@pytest.mark.parametrize("name", ["flask", "flask.sansio.scaffold"])
def test_a_dotted_name_is_built_as_libcst_parses_it(name):
    assert dotted(name).deep_equals(cst.parse_expression(name))


def test_attributes_follow_a_dotted_name():
    assert dotted("app.bp", "endpoint").deep_equals(cst.parse_expression("app.bp.endpoint"))
