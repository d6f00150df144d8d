"""One file's parse and rules, once the pipeline chose them for it: parse with
libcst, resolve the metadata once (analysis), run every rule in one traversal
(rule_pass), settle the imports they scheduled (imports), put the set-aside
definitions back and verify the output compiles. Only a run that parses a file imports this,
and with it libcst and the rules it runs."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence

import libcst as cst
from libcst import MetadataWrapper

from codemods import Triggers, get_rule
from codemods._base import Rule
from codemods._context import RuleContext
from codemods._libcst import module_code as module_code_of
from codemods._libcst import parse_module, transform
from codemods._nodes import NodeIndex
from scaffold_migrate import analysis
from scaffold_migrate.focus import Focus
from scaffold_migrate.imports import StatementUses, add_imports, remove_unused_imports, statement_uses
from scaffold_migrate.lines import first_difference, line_map
from scaffold_migrate.plan import RunPlan
from scaffold_migrate.project import module_name
from scaffold_migrate.results import Change, ErrorKind, FileError, FileResult, Finding
from scaffold_migrate.rule_pass import RuleFailed, RulePass
from scaffold_migrate.suppressions import acknowledged
from scaffold_migrate.todos import add_todos
from scaffold_migrate.verify import compile_error, first_line


def migrate_focused(
    source: bytes, focused: Focus, path: str, plan: RunPlan, rules: Sequence[Triggers]
) -> FileResult | None:
    """The rules on the focused source, with the set-aside definitions put back; None when
    they cannot be put back."""
    try:
        module = parse_module(focused.source)
    except Exception as exc:  # libcst rejects what CPython accepted, or recursion
        if focused.source != source:
            return None  # then the whole file is parsed: what was set aside must not be why
        return FileResult(path, error=FileError(ErrorKind.PARSE, f"libcst: {first_line(exc)}"))
    try:
        rule_classes = [get_rule(rule.id) for rule in rules]
        transformed, changes, findings, known_code = _run_rules(
            module, source, rule_classes, path, plan, focused.to_original_line
        )
    except RuleFailed as failure:
        return FileResult(path, error=FileError(ErrorKind.RULE, str(failure)))
    module_code = known_code if known_code is not None else module_code_of(module)
    original_code = focused.restore(module_code, module.encoding)
    transformed_code = module_code_of(transformed)
    current_code = focused.restore(transformed_code, module.encoding)
    if original_code is None or current_code is None:
        return None
    if findings:
        lines = original_code.splitlines()
        findings = [
            dataclasses.replace(finding, acknowledged=acknowledged(lines, finding.line, finding.rule_id, finding.code))
            for finding in findings
        ]
    open_findings = [finding for finding in findings if not finding.acknowledged]
    commented: list[Finding] = []
    if plan.add_todos and open_findings:
        current_code, commented = add_todos(current_code, open_findings, line_map(current_code, original_code))
        changes += (
            Change(finding.rule_id, finding.rule_name, finding.line, "added a TODO comment for this finding")
            for finding in commented
        )
    try:
        new_source = current_code.encode(module.encoding)
    except UnicodeEncodeError as exc:
        return FileResult(path, error=FileError(ErrorKind.VERIFY, f"output not encodable: {exc}"))
    if new_source == source or current_code == original_code:
        # The second case: libcst's own round trip is not exact (it drops
        # white space after the last line) and no rule changed anything.
        return FileResult(path, encoding=module.encoding, findings=tuple(findings))
    if module_code.encode(module.encoding, errors="surrogateescape") != focused.source:
        message = "libcst cannot reproduce this file byte for byte (white space at its end?); left alone"
        return FileResult(path, error=FileError(ErrorKind.VERIFY, message), findings=tuple(findings))
    stands_for_it = bool(focused.set_aside) and not commented and _markers_stay(focused, module, transformed)
    error = _output_error(new_source, transformed_code.encode(module.encoding) if stands_for_it else None, path)
    if error is not None:
        return FileResult(path, error=error, findings=tuple(findings))
    return FileResult(
        path,
        old_source=source,
        new_source=new_source,
        encoding=module.encoding,
        changes=tuple(changes),
        findings=tuple(findings),
    )


def _markers_stay(focused: Focus, module: cst.Module, transformed: cst.Module) -> bool:
    """Whether each marker line of the focused source is still, untouched, a statement
    of the module the rules left."""
    comments = {run.comment.decode("ascii") for run in focused.set_aside}
    markers = [
        statement
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        and statement.trailing_whitespace.comment is not None
        and statement.trailing_whitespace.comment.value in comments
    ]
    staying = {id(statement) for statement in transformed.body}
    return len(markers) == len(comments) and all(id(marker) in staying for marker in markers)


def _output_error(new_source: bytes, focused_source: bytes | None, path: str) -> FileError | None:
    """Why the new source does not compile; None when it does. `focused_source`, when
    given, is the focused code the new source is with its runs put back, its markers
    untouched statements of the module: it compiles exactly when the new source does,
    and costs a fraction of it. Putting a run back puts top-level definitions, which
    compiled there (the input compiled), where a top-level assignment bound the same
    names: they declare no global or nonlocal name, so nothing around them changes
    what they compile to, nor they what the rest does. A failure is worded from the
    whole new source."""
    if focused_source is not None and compile_error(focused_source, path, kind=ErrorKind.VERIFY) is None:
        return None
    return compile_error(new_source, path, kind=ErrorKind.VERIFY)


def _run_rules(
    module: cst.Module,
    source: bytes,
    rule_classes: Sequence[type[Rule]],
    path: str,
    plan: RunPlan,
    to_original: Callable[[int], int],
) -> tuple[cst.Module, list[Change], list[Finding], str | None]:
    """The module after every rule, with what each changed and found, in rule order
    (at the lines `to_original` gives for the module's lines), and the module's code
    when finding positions generated it."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    # A file's module (also one standard input stands for, which may not exist yet).
    names = (
        module_name(path) if path.endswith(".py") and os.path.isdir(os.path.dirname(os.path.abspath(path))) else None
    )
    rules = [
        rule_class(_context(path, names, module, source), plan.target, plan.project) for rule_class in rule_classes
    ]
    resolved = analysis.resolve(wrapper, {provider for rule in rules for provider in rule.get_inherited_dependencies()})
    for rule in rules:
        rule.prepare(resolved.metadata, resolved.nodes)
    rule_pass = RulePass(rules)
    transformed = _add_imports(transform(module, rule_pass, rule_pass.quiet), rules)
    transformed, removed, clean_ups = _remove_unused_imports(
        module, transformed, rules, plan, to_original, resolved.nodes
    )
    changes: list[Change] = []
    findings: list[Finding] = []
    for rule in rules:
        changes += (
            Change(
                rule.ID, rule.NAME, to_original(event.line), event.message, event.column, to_original(event.end_line)
            )
            for event in rule.changes
            if event.binding not in removed
        )
        if rule.ID in clean_ups:
            changes.append(clean_ups[rule.ID])
        findings += (
            Finding(
                path,
                to_original(event.line),
                event.column,
                rule.ID,
                rule.NAME,
                event.message,
                event.kind,
                end_line=to_original(event.end_line),
            )
            for event in rule.findings
        )
    return transformed, changes, findings, resolved.module_code()


def _add_imports(transformed: cst.Module, rules: Sequence[Rule]) -> cst.Module:
    """The imports the rules scheduled, added."""
    additions = [item for rule in rules for item in rule.context.additions]
    return add_imports(transformed, additions) if additions else transformed


def _remove_unused_imports(
    module: cst.Module,
    transformed: cst.Module,
    rules: Sequence[Rule],
    plan: RunPlan,
    to_original: Callable[[int], int],
    nodes: NodeIndex,
) -> tuple[cst.Module, set[str], dict[str, Change]]:
    """The imports the rules left unused, removed; the names those imports bound; and,
    for a rule that changed nothing else, the change the removal is. `nodes`: the
    parsed module's, whose unchanged statements need not be walked again."""
    removed: set[str] = set()
    clean_ups: dict[str, Change] = {}
    known: StatementUses | None = None
    for rule in rules:
        removals = rule.context.removals
        if not removals:
            continue
        before = transformed
        if known is None:
            known = statement_uses(nodes.nodes)
        try:
            transformed, removed_here = remove_unused_imports(transformed, removals, plan.target, known)
        except Exception as error:
            raise RuleFailed(rule, error) from error
        removed |= removed_here
        if not rule.changes and removed_here:
            line = line_map(module.code, before.code)(first_difference(before.code, transformed.code))
            clean_ups[rule.ID] = Change(rule.ID, rule.NAME, to_original(line), "removed an unused import")
    return transformed, removed, clean_ups


def _context(path: str, names: tuple[str, str] | None, module: cst.Module, source: bytes) -> RuleContext:
    """A rule's context (each rule schedules its imports in its own): the file, its
    module's dotted name and package, which relative imports are resolved against
    (None for source that is no file), and its whole text (`module` is what focus
    left of it)."""
    dotted, package = names if names is not None else (None, None)
    return RuleContext(path, dotted, package, module, source)
