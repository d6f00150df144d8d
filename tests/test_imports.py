import textwrap

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from codemods._context import Addition
from codemods._nodes import NodeIndex
from codemods.versions import FlaskVersion
from scaffold_migrate import imports
from scaffold_migrate.imports import _used_names, add_imports, remove_unused_imports, statement_uses

ADDITION_CASES = {
    "new line after the leading imports": "import os\nfrom flask import Flask\nx = 1\n",
    "merged into the leading import of the module": "from flask.sansio.scaffold import setupmethod\n\nx = 1\n",
    "after the docstring": '"""Doc."""\nx = 1\n',
    "blank line kept before a comment": "import os\n# comment\nx = 1\n",
    "already imported": "from flask.sansio.scaffold import Scaffold\nx = 1\n",
    "star import": "from flask.sansio.scaffold import *\nx = 1\n",
    "aliased import does not count": "from flask.sansio.scaffold import Scaffold as S\nx = 1\n",
    "later imports are not the leading ones": "x = 1\nfrom flask.sansio.scaffold import setupmethod\n",
    "empty module": "",
}


@pytest.mark.parametrize("source", ADDITION_CASES.values(), ids=ADDITION_CASES.keys())
def test_additions_are_written_as_libcst_writes_them(source):
    items = [Addition("flask.sansio.scaffold", "Scaffold"), Addition("flask", "request")]
    context = CodemodContext()
    for item in items:
        AddImportsVisitor.add_needed_import(context, item.module, item.obj)
    expected = AddImportsVisitor(context).transform_module(cst.parse_module(source)).code
    assert add_imports(cst.parse_module(source), items).code == expected


REMOVAL_CASES = {
    "unused": ("from flask.helpers import _endpoint_from_view_func, url_for\nurl_for\n", {"_endpoint_from_view_func"}),
    "used": ("from flask.helpers import _endpoint_from_view_func\n_endpoint_from_view_func(f)\n", set()),
    "named in __all__": (
        "from flask.helpers import _endpoint_from_view_func\n__all__ = ['_endpoint_from_view_func']\n",
        set(),
    ),
    "alone on its line, in a function": (
        "def f():\n    from flask.helpers import _endpoint_from_view_func\n    return 1\n",
        {"_endpoint_from_view_func"},
    ),
    "first of a parenthesized list, with comments": (
        "from flask.helpers import (  # helpers\n"
        "    _endpoint_from_view_func,  # gone in 2.0\n"
        "    url_for,  # kept\n"
        ")\nurl_for\n",
        {"_endpoint_from_view_func"},
    ),
    "last of a parenthesized list, with comments": (
        "from flask.helpers import (\n    url_for,  # kept\n    _endpoint_from_view_func,  # gone in 2.0\n)\nurl_for\n",
        {"_endpoint_from_view_func"},
    ),
    "middle of a list": (
        "from flask.helpers import url_for, _endpoint_from_view_func, flash\nurl_for, flash\n",
        {"_endpoint_from_view_func"},
    ),
    "aliased: not the scheduled import": (
        "from flask.helpers import _endpoint_from_view_func as endpoint\n",
        set(),
    ),
    "beside other statements on its line": (
        "import os; from flask.helpers import _endpoint_from_view_func; os\n",
        {"_endpoint_from_view_func"},
    ),
}


@pytest.mark.parametrize("source, removed", REMOVAL_CASES.values(), ids=REMOVAL_CASES.keys())
def test_removals_drop_only_unused_imports_as_libcst_does(source, removed):
    removal = ("flask.helpers", "_endpoint_from_view_func", None)
    new_module, names = remove_unused_imports(cst.parse_module(source), [removal], FlaskVersion(3, 1))
    assert names == removed
    context = CodemodContext()
    RemoveImportsVisitor.remove_unused_import(context, *removal)
    assert new_module.code == RemoveImportsVisitor(context).transform_module(cst.parse_module(source)).code


MODULE_REMOVAL_CASES = {
    "unused": ("import flask.helpers\nimport os\nos\n", {"flask"}),
    "one of two": ("import os, flask.helpers\nos\n", {"flask"}),
    "used": ("import flask.helpers\nflask.helpers.url_for\n", set()),
}


@pytest.mark.parametrize("source, removed", MODULE_REMOVAL_CASES.values(), ids=MODULE_REMOVAL_CASES.keys())
def test_module_removals_drop_only_unused_imports_as_libcst_does(source, removed):
    removal = ("flask.helpers", None, None)
    new_module, names = remove_unused_imports(cst.parse_module(source), [removal], FlaskVersion(3, 1))
    assert names == removed
    context = CodemodContext()
    RemoveImportsVisitor.remove_unused_import(context, *removal)
    assert new_module.code == RemoveImportsVisitor(context).transform_module(cst.parse_module(source)).code


def test_a_removal_follows_the_name_to_where_moved_names_imports_it():
    source = "from flask.sansio.scaffold import Scaffold, _endpoint_from_view_func\nScaffold\n"
    removal = ("flask.helpers", "_endpoint_from_view_func", None)
    new_module, names = remove_unused_imports(cst.parse_module(source), [removal], FlaskVersion(3, 1))
    assert new_module.code == "from flask.sansio.scaffold import Scaffold\nScaffold\n"
    assert names == {"_endpoint_from_view_func"}
    new_module, names = remove_unused_imports(cst.parse_module(source), [removal], FlaskVersion(2, 0))
    assert new_module.code == source and not names


def test_an_import_named_in_a_string_is_kept_even_where_libcst_would_drop_it():
    source = textwrap.dedent(
        """\
        from flask.helpers import _endpoint_from_view_func
        log = "no _endpoint_from_view_func here"
        """
    )
    removal = ("flask.helpers", "_endpoint_from_view_func", None)
    new_module, names = remove_unused_imports(cst.parse_module(source), [removal], FlaskVersion(3, 1))
    assert new_module.code == source and not names


USES = """# header comment
import os, sys as system
from flask import _app_ctx_stack, Flask
try:
    from flask import escape
except ImportError:
    from markupsafe import escape
x = f"{os.sep} {Flask!r:>{width}}"
"_app_ctx_stack in a string"
def f(a=system):
    import json
    return json.dumps(a)
# footer comment
"""


def test_the_statements_parsed_give_the_uses_walking_them_gives():
    module = cst.parse_module(USES)
    known = statement_uses(NodeIndex.walk(module).nodes)
    assert _used_names(module, known) == _used_names(module, {})
    names, imports = _used_names(module, {})
    assert {"os", "Flask", "_app_ctx_stack", "system", "json", "width"} <= names and "escape" not in names
    assert len(imports) == 5
    assert module.body[1] in known and module.body[2] not in known and module.body[5] not in known  # held deeper
    changed = module.with_changes(body=[*module.body[:3], module.body[4], cst.parse_statement("y = 1\n")])
    assert _used_names(changed, known) == _used_names(changed, {})
    assert not {"width", "json"} & _used_names(changed, known)[0]


def test_a_statement_walked_for_one_removal_is_not_walked_for_the_next(monkeypatch):
    module = cst.parse_module(USES)
    known = statement_uses(NodeIndex.walk(module).nodes)
    new = cst.parse_statement("y = os.getcwd()\n")
    changed = module.with_changes(body=[*module.body, new])
    walked = []
    walk = imports._walk_uses
    monkeypatch.setattr(imports, "_walk_uses", lambda root, *args: walked.append(root) or walk(root, *args))
    first = _used_names(changed, known)
    assert new in walked
    walked.clear()
    assert _used_names(changed, known) == first
    assert new not in walked and module.body[2] in walked  # the try holds its imports deeper: walked each time
