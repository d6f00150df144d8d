import pathlib
import textwrap

import pytest

from scaffold_migrate import focus as focus_module
from scaffold_migrate.focus import Focus, focus

WORDS = (b"record", b"flask")


def focused(source, words=WORDS):
    source = textwrap.dedent(source).encode()
    result = focus(source, words)
    assert result.restore(result.source.decode(), "utf-8") == source.decode()
    return result


def set_aside_names(result):
    """The first line of each set-aside run, stripped."""
    return [run.original.decode().splitlines()[0].strip() for run in result.set_aside]


def test_unrelated_definitions_are_set_aside_and_put_back_byte_for_byte():
    result = focused(
        """\
        from flask import Blueprint
        bp = Blueprint("x", __name__)


        @decorate(1)
        def helper(values, factor=2):
            \"\"\"Scale.\"\"\"
            return [value * factor for value in sorted(values)]


        class Model(object):
            size = 3

            def describe(self):
                return len(self.name)
        # trailing comment
        """
    )
    assert set_aside_names(result) == ["@decorate(1)"]
    text = result.source.decode()
    assert "\n\n\nhelper = Model = None  # scaffold-migrate " in text
    assert "def" not in text and "class" not in text
    assert text.endswith("# trailing comment\n")


def test_a_run_of_definitions_stops_at_a_statement_that_stays():
    result = focused("def a():\n    return 1\nx = 1\ndef b():\n    return 2\nclass C:\n    pass\n")
    assert result.source.decode().splitlines()[1:] == ["x = 1", result.source.decode().splitlines()[-1]]
    assert result.source.startswith(b"a = None  # scaffold-migrate ")
    assert b"\nb = C = None  # scaffold-migrate " in result.source


def test_lines_of_the_focused_source_map_to_lines_of_the_file():
    result = focused(
        """\
        def a():
            x = 1
            return x
        b = 1
        def c():
            return 1
        d = 2
        """
    )
    assert [result.to_original_line(line) for line in range(1, 5)] == [1, 4, 5, 7]


KEPT = {
    "holds a word the rules act on": "def f():\n    return bp.record(1)\n",
    "declares a global": "def f():\n    global g\n    g = 1\n",
    "declares a nonlocal": "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g\n",
    "is named by the rest": "def f():\n    return 1\nx = f\n",
    "reads a module name the rest uses": "def f():\n    return shared\nshared = 1\n",
    "its header reads a name the rest uses": "class B(Base):\n    x = 1\nclass Base:\n    y = record\n",
    "reads a builtin the module rebinds": "def f():\n    return len([])\nlen = 3\n",
    "kept only because a kept body shares its name": "def f():\n    return g()\ndef g():\n    return 1\nuse = f\n",
    "body without a newline at the end of the file": "def f():\n    return 1",
}


@pytest.mark.parametrize("source", KEPT.values(), ids=KEPT.keys())
def test_definitions_the_rules_may_read_are_kept(source):
    result = focus(source.encode(), WORDS)
    assert result.set_aside == () and result.source == source.encode()


def test_builtins_the_module_does_not_rebind_are_not_shared_names():
    result = focused("def f():\n    return len([])\nx = len\n")
    assert set_aside_names(result) == ["def f():"]


@pytest.mark.parametrize(
    "source",
    ["def f(): return 1\nx = 1\n", "def f(\n    a,\n): return a\nx = 1\n", "async def f():\n    return 1\nx = 1\n"],
    ids=["one-line body", "body on the line of the closing parenthesis", "async def"],
)
def test_a_definition_is_set_aside_whatever_its_layout(source):
    result = focused(source)
    assert result.source.startswith(b"f = None  # scaffold-migrate ")


def test_windows_newlines_are_kept():
    result = focused("def f():\r\n    return 1\r\nx = 1\r\n")
    assert result.source.split(b"\r\n")[0].startswith(b"f = None  # scaffold-migrate ")
    assert b"\n" not in result.source.replace(b"\r\n", b"")


def test_a_marker_that_does_not_come_back_exactly_once_means_no_restore():
    result = focused("def f():\n    return 1\n")
    text = result.source.decode()
    assert result.restore(text + text, "utf-8") is None
    assert result.restore("", "utf-8") is None


def test_invalid_source_is_not_focused():
    assert focus(b"def f(:\n", WORDS) == Focus(b"def f(:\n")


def test_the_file_s_own_syntax_warnings_are_not_printed(recwarn):
    focused('def f():\n    return "\\d"\nx = 1\n')
    assert not recwarn.list


@pytest.mark.parametrize(
    "binder",
    ["from os import *\n", "def g():\n    global len\n    len = 1\n"],
    ids=["star import", "global declaration"],
)
def test_builtins_that_may_be_rebound_elsewhere_are_shared_names(binder):
    result = focus(f"def f():\n    return len([])\nx = len\n{binder}".encode(), WORDS)
    assert not any(b"len([])" in body.original for body in result.set_aside)


def test_a_definition_is_set_aside_with_its_decorators():
    import libcst as cst

    result = focused(
        """\
        def test_options(app):
            @app.route("/", methods=["GET", "POST"])
            def index():
                return "Hello World"

            return index
        """
    )
    assert set_aside_names(result) == ["def test_options(app):"]
    cst.parse_module(result.source)


def test_decorators_of_a_definition_are_set_aside_with_it():
    result = focused("x = 1\n@decorate\n@other(2)\nclass C:\n    pass\n")
    assert set_aside_names(result) == ["@decorate"]
    assert result.source.splitlines()[1] == result.set_aside[0].marker.rstrip()
    assert result.set_aside[0].marker.startswith(b"C = None  # scaffold-migrate ")


def _global_reads_by_symtable_objects(table):
    """_global_reads as the symtable module's objects tell it."""
    names = set()
    pending = [table]
    while pending:
        current = pending.pop()
        for symbol in current.get_symbols():
            if symbol.is_declared_global() or symbol.is_nonlocal():
                return None
            if symbol.is_global():
                names.add(symbol.get_name().encode())
        pending.extend(current.get_children())
    return names


TABLE_SOURCES = [
    "import os\nfrom x import *\ndef f(a, *b, c=d, **e):\n    global g\n    return [h for h in i if h]\n",
    "def f():\n    x = 1\n    def g():\n        nonlocal x\n        return x + y\n    return g\n",
    "class C(Base):\n    a = b\n    def m(self):\n        return self.a, c, (lambda q: q + r)\n",
    "async def f():\n    async for a in b:\n        await c\n    return {k: v for k, v in d}\n",
    "def genexpr():\n    return 1\nlistcomp = [x for x in y]\n",
]


@pytest.mark.parametrize(
    "source",
    [*TABLE_SOURCES, *(path.read_text() for path in sorted(pathlib.Path(focus_module.__file__).parent.glob("*.py")))],
)
def test_the_symbol_tables_are_read_as_the_symtable_module_reads_them(source):
    import _symtable
    import ast
    import builtins
    import re
    import symtable
    from unittest import mock

    tree, table = ast.parse(source), symtable.symtable(source, "<test>", "exec")
    raw = _symtable.symtable(source, "<test>", "exec")
    bound = {
        symbol.get_name()
        for symbol in table.get_symbols()
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()
    }
    with mock.patch.object(focus_module, "_MAY_BIND_ELSEWHERE", re.compile(b"(?!)")):  # the module's own bindings
        unshadowed = focus_module._unshadowed_builtins(source.encode(), tree, raw)
    assert unshadowed == {name.encode() for name in dir(builtins) if name not in bound}
    children = {(child.get_name(), child.get_lineno()): child for child in table.get_children()}
    raw_children = {(child.name, child.lineno): child for child in raw.children}
    for key, child in children.items():
        assert focus_module._global_reads(raw_children[key]) == _global_reads_by_symtable_objects(child)
