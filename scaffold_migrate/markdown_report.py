"""`--report FILE.md`: the run as Markdown, fit for a pull-request description."""

from __future__ import annotations

import os
from collections import Counter

from codemods import rule_triggers
from scaffold_migrate import __version__
from scaffold_migrate.render import checked_line, display_path
from scaffold_migrate.results import FileResult, Report


def markdown_report(report: Report, report_path: str) -> str:
    """The report; links to files are relative to where the report is written."""
    folder = os.path.dirname(os.path.abspath(report_path))

    def link(path: str, line: int = 0) -> str:
        shown = display_path(path) + (f":{line}" if line else "")
        target = os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
        return f"[`{shown}`]({target}{f'#L{line}' if line else ''})"

    written = sum(result.written for result in report.files)
    lines = [
        f"# Flask Scaffold migration (scaffold-migrate {__version__})",
        "",
        f"Target: **Flask {report.target}** (from {report.target_source}).",
        "",
        *(f"- note: {note}" for note in report.notes),
        *([""] if report.notes else []),
        "| files checked | not parsed (nothing a rule acts on) | changed | written | findings | errors |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {len(report.files)} | {report.skipped} | {len(report.changed)} | {written} "
        f"| {len(report.findings)} | {len(report.errors)} |",
        "",
        checked_line(report) + ".",
    ]
    counts = report.counts_by_rule()
    if counts:
        lines += ["", "## Rules", "", "| rule | name | changes | findings |", "|---|---|---:|---:|"]
        lines += [
            f"| {rule_id} | {rule_triggers(rule_id).name} | {changes} | {findings} |"
            for rule_id, (changes, findings) in counts.items()
        ]
    if report.changed:
        lines += ["", "## Changed files", ""]
        lines += [f"- {link(result.path)}: {_rules_applied(result)}{_state(result)}" for result in report.changed]
    if report.findings:
        lines += ["", "## Findings: work to do by hand", ""]
        lines += [
            f"- [ ] {link(finding.path, finding.line)} **{finding.code}** {finding.message}"
            for finding in report.findings
        ]
    if report.errors:
        lines += ["", "## Files left alone because of errors", ""]
        lines += [
            f"- {result.error.describe(display_path(result.path))}"
            for result in report.errors
            if result.error is not None
        ]
    return "\n".join(lines) + "\n"


def _rules_applied(result: FileResult) -> str:
    counts = Counter(change.rule_id for change in result.changes)
    return ", ".join(f"{rule_id} ×{count}" if count > 1 else rule_id for rule_id, count in sorted(counts.items()))


def _state(result: FileResult) -> str:
    if result.written:
        return " (written)"
    return " (not written: see errors)" if result.error is not None else ""
