import libcst as cst

from codemods._nodes import NodeIndex
from codemods._resolve import ImportedName

SOURCE = """\
from flask.helpers import _PackageBoundObject as Bound
import flask.helpers
from other import _PackageBoundObject
x = Bound, flask.helpers._PackageBoundObject, Other, flask.helpers.other, f()
"""


def test_only_names_an_import_of_the_attribute_binds_may_refer_to_it():
    module = cst.parse_module(SOURCE)
    nodes = NodeIndex.walk(module)
    imported = ImportedName(nodes, "_PackageBoundObject")
    assert imported.names == {"_PackageBoundObject", "Bound"}
    (values,) = (node for node in nodes.of_type(cst.Tuple))
    may_be = [imported.may_be(element.value) for element in values.elements]
    assert may_be == [True, True, False, False, True]  # a call: the scope analysis decides
