"""One file through the rules.

Read the bytes once; skip without parsing when no enabled rule's trigger word
occurs, or when every rule left declares the calls it acts on and CPython's ast
holds none of them; check the source compiles; set aside the definitions no rule
can read (focus); then parse and run the rules (transform); return a small FileResult.
"""

from __future__ import annotations

import ast

from codemods import Triggers
from codemods._candidates import holds_candidate
from scaffold_migrate.collector import collect_young
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.results import ErrorKind, FileError, FileResult
from scaffold_migrate.verify import compile_error, python_ast

# libcst parses about 0.4 MB/s: a bigger file (generated code, in practice) that
# contains a trigger word is reported rather than parsed for minutes.
MAX_PARSED_BYTES = 10_000_000


def migrate_bytes(source: bytes, path: str, plan: RunPlan, rules: list[Triggers] | None = None) -> FileResult:
    """Run the plan's rules on one file's bytes; never raises for bad input.
    `rules`: those of the plan that might touch the file, when already asked."""
    rules = plan.rules_for(source, path) if rules is None else rules
    if not rules:
        return FileResult(path, skipped=True)
    if len(source) > MAX_PARSED_BYTES:
        size = len(source) / 1e6
        limit = MAX_PARSED_BYTES / 1e6
        message = f"too large to parse ({size:.1f} MB, limit {limit:.0f} MB): exclude it or migrate it by hand"
        return FileResult(path, error=FileError(ErrorKind.PARSE, message))
    focusable = all(rule.focusable for rule in rules)
    declared = all(rule.candidates is not None for rule in rules)
    tree = python_ast(source) if focusable or declared else None
    if declared and tree is not None:
        candidates = [rule.candidates for rule in rules if rule.candidates]
        if not holds_candidate(tree, candidates, plan.project.top_level):
            return FileResult(path, skipped=True)
    error = compile_error(source if tree is None else tree, path, kind=ErrorKind.PARSE)  # the tree: parsed once
    if error is not None:
        return FileResult(path, error=error)
    result = _parsed(source, path, plan, rules, tree if focusable else None)
    collect_young()  # what the file's run left in cycles, while it is still in cache
    return result


def _parsed(source: bytes, path: str, plan: RunPlan, rules: list[Triggers], tree: ast.Module | None) -> FileResult:
    """The rules run on the file (focused when `tree`, its ast, is given)."""
    from scaffold_migrate.focus import Focus, focus  # these, libcst and the rules: only for a file to parse
    from scaffold_migrate.transform import migrate_focused

    if tree is not None:
        result = migrate_focused(source, focus(source, plan.vocabulary(rules), tree), path, plan, rules)
        if result is not None:
            return result
    result = migrate_focused(source, Focus(source), path, plan, rules)
    assert result is not None  # nothing set aside: nothing to put back
    return result
