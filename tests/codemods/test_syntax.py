import libcst as cst
import pytest

from codemods._syntax import dotted


@pytest.mark.parametrize("name", ["flask", "flask.sansio.scaffold"])
def test_a_dotted_name_is_built_as_libcst_parses_it(name):
    assert dotted(name).deep_equals(cst.parse_expression(name))
