"""A rule's candidate calls (the ast stage after its trigger words) are in every
rewrite and finding case of the rule, and pick out the calls they say."""

import ast
import textwrap

import pytest

from codemods import rule_triggers
from codemods._base import case_with_target
from codemods._candidates import CandidateCalls, holds_candidate
from codemods.registry import RULES

DECLARING = [rule for rule in RULES if rule.CANDIDATES is not None]


def test_some_rule_declares_candidates():
    assert DECLARING


@pytest.mark.parametrize("rule", DECLARING, ids=lambda rule: rule.ID)
def test_every_case_of_the_rule_holds_a_candidate(rule):
    cases = {**rule.REWRITES, **rule.FINDING_CASES}
    sources = {name: textwrap.dedent(case_with_target(case)[1]) for name, case in cases.items()}
    candidates = rule_triggers(rule.ID).candidates
    assert candidates == rule.CANDIDATES
    held = [name for name, source in sources.items() if holds_candidate(ast.parse(source), [candidates], PROJECT)]
    assert held == list(sources)


PROJECT = frozenset({"myapp"})
CALLS = CandidateCalls(
    names=frozenset({"send"}), keywords=frozenset({"cache_timeout"}), double_star=True, positional_over=2
)


@pytest.mark.parametrize(
    "source, found",
    [
        ("send(a, cache_timeout=1)", True),
        ("send(a, max_age=1)", False),
        ("send(a, **options)", True),
        ("send(a, b, c)", True),
        ("send(a, b)", False),
        ("send(a, b, *rest)", False),
        ("g(send(cache_timeout=1))", True),
        ("flask.helpers.send(a, b, c)", True),
        ("other(a, b, c, cache_timeout=1, **options)", False),
        ("super().__init__(**options)", False),
        ("from flask import send as serve\nserve(a, b, c)", True),
        ("from flask import url_for\nurl_for(a, b, c)", False),
        ("from myapp.compat import serve\nserve(a, b, c)", True),
        ("from .compat import serve\nserve(a, b, c)", True),
        ("import myapp.compat\nmyapp.compat.serve(a, b, c)", True),
        ("from myapp.compat import *\nserve(a)", True),
        ("from flask import *\nserve(a, b, c)", False),
    ],
)
def test_candidate_calls(source, found):
    assert holds_candidate(ast.parse(source), [CALLS], PROJECT) is found


def test_double_star_counts_only_where_declared():
    calls = CandidateCalls(names=frozenset({"send"}), keywords=frozenset({"x"}))
    assert not holds_candidate(ast.parse("send(**options)"), [calls], PROJECT)
