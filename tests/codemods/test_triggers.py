"""Every rule's triggers (the catalogue's words and patterns, all a run reads before
it parses a file) find every rewrite and finding case of the rule, and pass over
the common words they were once prefixes of."""

import textwrap

import pytest

from codemods import rule_triggers
from codemods._base import case_with_target
from codemods.registry import RULES


def _sources(rule):
    for name, case in rule.REWRITES.items():
        yield name, case_with_target(case)[1]
    for name, case in rule.FINDING_CASES.items():
        yield name, case_with_target(case)[1]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_the_triggers_find_every_case_of_the_rule(rule):
    entry = rule_triggers(rule.ID)
    missed = [name for name, source in _sources(rule) if not entry.might_apply(textwrap.dedent(source).encode())]
    assert not missed


@pytest.mark.parametrize(
    "rule, source",
    [
        ("SM002", "import flask\n\n\ndef register_views(app):\n    app.add_url_rule('/', 'index', index)\n"),
        ("SM002", "import flask\n\n\nclass Commands:\n    def register_commands(self, cli):\n        pass\n"),
        ("SM001", "from flask import current_app\n\nlog.records.append(current_app.name)\n"),
        ("SM014", "import flask\n\nstate.recorder.app.start()\n"),
        ("SM014", "import flask\n\nclient = app.test_client()\nassert view.endpoint == 'index'\n"),
        ("SM014", "import flask\n\n\nclass Test:\n    def test_it(self):\n        self.app.register_blueprint(bp)\n"),
        ("SM006", "from flask import Flask\nfrom markupsafe import Markup\n"),
        ("SM006", "import flask\nfrom flask_admin._backwards import Markup\n"),
        ("SM006", "import flask\n\nflask.appcontext_pushed.connect(record)\n"),
        ("SM009", "import flask_sqlalchemy as fsa\n\nfsa.sqlalchemy.__version__\n"),
        ("SM009", "import flask\n\n\ndef test_populate_from_json(app):\n    pass\n"),
        ("SM013", 'import flask\n\n"""\n    def create_app(script_info):\n"""\n'),
        ("SM013", "import flask\n\n\ndef create_app(name, engine):\n    pass\n"),
        ("SM002", "import flask\n\n\n@bp.route('/register')\ndef register():\n    pass\n"),
    ],
)
def test_the_triggers_pass_over_words_they_are_a_prefix_of(rule, source):
    assert not rule_triggers(rule).might_apply(source.encode())


@pytest.mark.parametrize(
    "rule, source",
    [
        ("SM006", "from flask import url_for, \\\n    Markup\n"),
        ("SM006", "from flask import (\n    url_for,\n    Markup,\n)\n"),
        ("SM006", "import flask.helpers as helpers\n\nhelpers.escape(text)\n"),
        ("SM014", "import flask\n\nclient = app.test_client()\n@app.before_request\ndef hook():\n    pass\n"),
        ("SM014", "import flask\n\nclient = app.test_client()\napp.add_url_rule \\\n    ('/', 'i', i)\n"),
        ("SM014", "import flask\n\n(app).register_blueprint(bp)\n"),
        ("SM013", "import flask\r\rasync def create_app(script_info):\r    pass\r"),
    ],
)
def test_the_triggers_find_the_rarer_spellings(rule, source):
    assert rule_triggers(rule).might_apply(source.encode())


# Words whose patterns also ask for one of the rule's vocabulary words, which focus keeps.
_KEPT_THROUGH_ANOTHER_WORD = {"SM014": {b"test_client", b"scope=", b"setUpClass"}}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_focus_keeps_the_bodies_holding_a_trigger(rule):
    entry = rule_triggers(rule.ID)
    kept = (*entry.triggers, *entry.required, *entry.vocabulary)
    words = [word for word, _ in entry.trigger_patterns] + list(entry.self_evident)
    lost = {word for word in words if not any(kept_word in word for kept_word in kept)}
    assert lost <= _KEPT_THROUGH_ANOTHER_WORD.get(rule.ID, set())
