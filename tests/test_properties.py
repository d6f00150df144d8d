"""Property tests: any valid program is left byte-identical; generated legacy code
never crashes a rule and comes out compiling and idempotent.

A modest number of examples by default; SCAFFOLD_MIGRATE_EXAMPLES=2000 runs more."""

import keyword
import os

import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods import RULES
from codemods._flask import HOOK_KINDS, TARGETS
from scaffold_migrate import migrate_source

EXAMPLES = int(os.environ.get("SCAFFOLD_MIGRATE_EXAMPLES", "30"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Every rule's trigger words, so the prefilter lets every program through to the rules.
TRIGGER_COMMENT = "# " + " ".join(sorted({word.decode() for rule in RULES for word in (*rule.TRIGGERS, *rule.REQUIRED)})) + "\n"


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
def legacy_modules(draw):
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
    return "".join(lines)


@PROPERTY
@given(source=legacy_modules(), target=st.sampled_from([str(target) for target in TARGETS]))
def test_legacy_code_never_crashes_and_comes_out_compiling_and_idempotent(source, target):
    result = migrate_source(source, target=target)
    assert result.error is None, result.error
    assert result.changed
    compile(result.new_text, "<migrated>", "exec")
    again = migrate_source(result.new_text, target=target)
    assert again.error is None and not again.changed, again.new_text
