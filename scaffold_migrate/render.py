"""Showing a report: rich coloured diffs, findings, errors, the summary; plain diffs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from codemods import rule_triggers
from codemods.versions import TARGETS
from scaffold_migrate.diffs import display_path, unified_diff
from scaffold_migrate.results import FileResult, Report
from scaffold_migrate.terminal import Output, Styled

if TYPE_CHECKING:
    from codemods._base import Rule

_DIFF_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def text_encoding(encoding: str) -> str:
    """The codec to show a file's lines with (a BOM file's lines are plain UTF-8)."""
    return "utf-8" if encoding == "utf-8-sig" else encoding


def print_diff(output: Output, result: FileResult) -> None:
    text = unified_diff(result).decode(text_encoding(result.encoding), errors="replace")
    for line in text.splitlines():
        output.print(Styled(line, style=diff_line_style(line)))


def diff_line_style(line: str) -> str:
    return next((style for prefix, style in _DIFF_STYLES if line.startswith(prefix)), "")


def print_findings(output: Output, results: Iterable[FileResult]) -> None:
    for result in results:
        for finding in result.findings:
            text = Styled(f"{display_path(finding.path)}:{finding.line}:{finding.column}: ")
            text.append(finding.code, style="dim" if finding.acknowledged else "bold yellow")
            text.append(f" {finding.message}" + (" (acknowledged)" if finding.acknowledged else ""))
            output.print(text)


def print_errors(output: Output, results: Iterable[FileResult]) -> None:
    for result in results:
        if result.error is not None:
            output.print(Styled(result.error.describe(display_path(result.path)), style="red"))


def print_changes(output: Output, result: FileResult) -> None:
    for change in result.changes:
        output.print(
            Styled(f"{display_path(result.path)}:{change.line}: {change.rule_id} {change.message}", style="dim")
        )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def print_summary(output: Output, report: Report, wrote: bool) -> None:
    changed = sum(result.written for result in report.files) if wrote else len(report.changed)
    verb = "changed" if wrote else "would change"
    checked = f"{plural(len(report.files), 'file')} checked"
    line = Styled(f"{checked} ({report.skipped} with nothing a rule acts on, not parsed), ")
    line.append(f"{changed} {verb}", style="bold green" if changed else "")
    acknowledged = len(report.findings) - len(report.open_findings)
    line.append(
        f", {plural(len(report.findings), 'finding')}" + (f" ({acknowledged} acknowledged)" if acknowledged else ""),
        style="bold yellow" if report.open_findings else "",
    )
    line.append(f", {plural(len(report.errors), 'error')}", style="bold red" if report.errors else "")
    output.print(line)
    for rule_id, (changes, findings) in report.counts_by_rule().items():
        output.print(
            f"  {rule_id} {rule_triggers(rule_id).name}: {plural(changes, 'change')}, {plural(findings, 'finding')}"
        )
    output.print(Styled(checked_line(report), style="dim"))


FILE_TABLE_THRESHOLD = 20  # files with changes or findings, above which a dry run ends with a table


def print_file_table(output: Output, report: Report) -> None:
    """After a long dry run's diffs: one row a file that changes or has findings."""
    rows = [result for result in report.files if result.changed or result.findings]
    if len(rows) < FILE_TABLE_THRESHOLD:
        return
    from rich.table import Table  # a long run's table: rich draws it

    table = Table("file", "changes", "findings", "rules", box=None, show_edge=False, title="Files")
    for result in rows:
        rules = sorted({change.rule_id for change in result.changes} | {finding.rule_id for finding in result.findings})
        table.add_row(display_path(result.path), str(len(result.changes)), str(len(result.findings)), " ".join(rules))
    output.show(table)


def print_statistics(output: Output, report: Report) -> None:
    """Counts per rule (changes) and per kind of finding, largest first."""
    changes: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for result in report.files:
        changes.update(f"{change.rule_id} {change.rule_name}" for change in result.changes)
        findings.update(finding.code for finding in result.findings)
    output.print(Styled("Statistics:", style="bold"))
    for code, count in changes.most_common():
        output.print(f"{count:>6}  {code} (changes)")
    for code, count in findings.most_common():
        output.print(f"{count:>6}  {code}")
    if not changes and not findings:
        output.print("     0  changes or findings")


def print_next_step(output: Output, report: Report) -> None:
    """How a dry run ends: that nothing was written, and what to do next."""
    open_findings = len(report.open_findings)
    if not report.pending and not open_findings and not report.errors:
        output.print(Styled(f"Nothing to do for Flask {report.target}.", style="bold green"))
        return
    pending = [f"{plural(len(report.pending), 'file')} would change"] if report.pending else []
    if open_findings:
        pending.append(f"{plural(open_findings, 'finding')} need{'s' if open_findings == 1 else ''} work by hand")
    steps = ["run again with --write to apply the changes, or -i to review them"] if report.pending else []
    if open_findings:
        steps.append("`scaffold-migrate explain RULE` says what to do for a finding")
    message = (
        "Nothing written"
        + (": " + " and ".join(pending) if pending else "")
        + ("; " + "; ".join(steps) if steps else "")
    )
    output.print(Styled(message + ".", style="bold"))


def checked_line(report: Report) -> str:
    """What a clean run vouches for: which releases' changes, by which rules."""
    checked = report.checked
    releases = checked["flask_releases"]
    span = releases[0] if len(releases) == 1 else f"{releases[0]} to {releases[-1]}"
    rules = (
        f"all {len(checked['rules'])} rules for the target"
        if checked["all_rules"]
        else "only the rules " + ", ".join(checked["rules"])
    )
    return f"Checked: the Flask {span} changes the rules cover ({rules}); not checked: " + "; ".join(
        checked["not_checked"]
    )


def target_versions(rule: type[Rule]) -> str:
    """ "2.0+" for a rule that applies from 2.0 on, else the list of targets."""
    applies = [target for target in TARGETS if target in rule.TARGETS]
    if applies and applies == [target for target in TARGETS if target >= applies[0]]:
        return f"{applies[0]}+"
    return ", ".join(str(target) for target in applies)


def print_rules(output: Output, rules: Iterable[type[Rule]]) -> None:
    from rich.table import Table

    table = Table("id", "name", "targets", "summary", box=None, show_edge=False)
    for rule in rules:
        table.add_row(rule.ID, rule.NAME, target_versions(rule), rule.SUMMARY)
    output.show(table)
