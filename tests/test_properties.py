"""Property tests: any valid program is left byte-identical; generated legacy code
never crashes a rule and comes out compiling and idempotent, and with the same
result whether unrelated bodies are set aside or parsed.

A modest number of examples by default; SCAFFOLD_MIGRATE_EXAMPLES=2000 runs more."""

import keyword
import os
from unittest import mock

import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods._flask import HOOK_KINDS
from codemods.registry import RULES
from codemods.versions import TARGETS
from scaffold_migrate import focus as focus_module
from scaffold_migrate import migrate_source
from scaffold_migrate.focus import Focus

EXAMPLES = int(os.environ.get("SCAFFOLD_MIGRATE_EXAMPLES", "30"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Every rule's trigger words, so the prefilter lets every program through to the rules.
TRIGGER_COMMENT = (
    "# " + " ".join(sorted({word.decode() for rule in RULES for word in (*rule.TRIGGERS, *rule.REQUIRED)})) + "\n"
)


@PROPERTY
@given(program=hypothesmith.from_grammar())
def test_any_valid_program_comes_out_byte_identical(program):
    source = TRIGGER_COMMENT + program
    result = migrate_source(source)
    assert not result.changed, result.new_text
    assert result.error is None or result.error.kind == "parse", result.error


TAKEN = {"flask", "Blueprint", "Flask", "self", "app", "options", "super", "print", "object"}
names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and name not in TAKEN and not name.startswith("_")
)
comments = st.one_of(st.just(""), st.from_regex(r"  # [a-z ]{0,12}", fullmatch=True))


def idioms(n):
    """The legacy idioms of every rule, with the names in `n` filled in."""
    hooks = [
        f"{n['bp']}.record_once(lambda {n['s']}: {n['s']}.app.{attribute}.setdefault({n['bp']}.name, []).append({n['f']}))"
        for attribute in HOOK_KINDS
    ]
    return hooks + [
        f"{n['bp']}.record_once(lambda {n['s']}: {n['s']}.app._register_error_handler({n['bp']}.name, 404, {n['f']}))",
        f"{n['bp']}.record_once(lambda {n['s']}: {n['s']}.app.before_request_funcs.setdefault(None, []).append({n['f']}))",
        f"@{n['bp']}.record\ndef {n['g']}({n['s']}):\n    {n['s']}.app.after_request_funcs.setdefault({n['bp']}.name, []).append({n['f']})",
        f"@{n['bp']}.record_once\ndef {n['g']}({n['s']}):\n    {n['s']}.app.view_functions['{n['g']}'] = {n['f']}",
        f"def {n['g']}_setup({n['s']}):\n    {n['s']}.app.before_request_funcs.setdefault({n['bp']}.name, []).append({n['f']})\n"
        f"{n['bp']}.record({n['g']}_setup)",
        f"class {n['C']}(Blueprint):\n    def register(self, app, options, first_registration=False):\n"
        f"        if first_registration:\n            pass\n        super().register(app, options, first_registration)",
        f"{n['x']} = _endpoint_from_view_func({n['f']})",
        f"class {n['C']}P(_PackageBoundObject):\n    def __init__(self, import_name):\n"
        f"        _PackageBoundObject.__init__(self, import_name, 'templates')",
        f"{n['app']}._register_error_handler(None, 500, {n['f']})",
        f"{n['x']} = [b.name for b in {n['app']}._blueprint_order]",
        f"{n['app']}.before_first_request({n['f']})",
    ]


def is_expression_statement(statement):
    head = statement.split("(")[0]
    return "\n" not in statement and not statement.startswith(("from", "class", "def", "@")) and "=" not in head


@st.composite
def named_legacy_modules(draw):
    """A legacy module, and the names it was written with."""
    chosen = draw(st.lists(names, min_size=8, max_size=8, unique=True))
    n = dict(zip(["bp", "s", "f", "g", "C", "x", "app", "name"], chosen))
    n["C"] = n["C"].capitalize()
    header = [
        "from flask import Blueprint, Flask",
        "from flask.helpers import _endpoint_from_view_func, _PackageBoundObject, find_package",
        f"{n['app']} = Flask(__name__)",
        f"{n['bp']} = Blueprint({n['name']!r}, __name__)",
        f"def {n['f']}(*args):\n    return args",
    ]
    body = draw(st.lists(st.sampled_from(idioms(n)), min_size=1, max_size=5))
    lines = []
    for statement in header + body:
        if is_expression_statement(statement) and draw(st.booleans()):
            statement = f"({statement})"
        lines.append(statement + draw(comments) + "\n" * draw(st.integers(1, 3)))
    return n, "".join(lines)


def legacy_modules():
    return named_legacy_modules().map(lambda named: named[1])


@PROPERTY
@given(source=legacy_modules(), target=st.sampled_from([str(target) for target in TARGETS]))
def test_legacy_code_never_crashes_and_comes_out_compiling_and_idempotent(source, target):
    result = migrate_source(source, target=target)
    assert result.error is None, result.error
    assert result.changed
    compile(result.new_text, "<migrated>", "exec")
    again = migrate_source(result.new_text, target=target)
    assert again.error is None and not again.changed, again.new_text


def unrelated_code(n):
    """Top-level code beside the idioms: some shares names with them, some does not,
    so that setting definitions aside (scaffold_migrate.focus) is put to the test;
    some bind a name a rewrite may add."""
    return [
        "def helper(values, factor=2):\n    return [value * factor for value in sorted(values)]",
        f"def calls_hook(a):\n    return {n['f']}(a)",
        f"class Model(object):\n    def describe(self):\n        return {n['bp']}.name",
        f"class Sub{n['C']}({n['C']}):\n    size = 1",
        f"def rebinds():\n    global {n['bp']}\n    {n['bp']} = None",
        f"def later():\n    {n['bp']}.record_once(lambda s: s.app.before_request_funcs.setdefault({n['bp']}.name, []).append({n['f']}))",
        f"def registers({n['app']}):\n    {n['app']}.register_blueprint({n['bp']})",
        f"def shadows({n['f']}):\n    return {n['f']}",
        f"def uses_setup():\n    return {n['g']}_setup",
        f"class Theme({n['C']}P):\n    def __init__(self, import_name):\n        super().__init__(import_name, 'static')",
        "class Scaffold(object):\n    size = 2",
        "def has_app_context():\n    return False",
    ]


@st.composite
def legacy_modules_with_unrelated_code(draw):
    n, source = draw(named_legacy_modules())
    extra = draw(st.lists(st.sampled_from(unrelated_code(n)), min_size=1, max_size=4))
    return source + "".join(f"\n\n{statement}\n" for statement in extra)


@PROPERTY
@given(source=legacy_modules_with_unrelated_code(), target=st.sampled_from([str(target) for target in TARGETS]))
def test_setting_definitions_aside_changes_no_result(source, target):
    focused = migrate_source(source, target=target)
    with mock.patch.object(focus_module, "focus", lambda source, words, tree: Focus(source)):
        whole = migrate_source(source, target=target)
    assert focused == whole
