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
    ],
)
def test_the_triggers_pass_over_words_they_are_a_prefix_of(rule, source):
    assert not rule_triggers(rule).might_apply(source.encode())
