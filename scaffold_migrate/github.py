"""`--format github`: one workflow command a change or finding, which GitHub Actions
shows as an annotation on the file's line."""

from __future__ import annotations

from collections.abc import Iterator

from scaffold_migrate.render import display_path
from scaffold_migrate.results import Report


def workflow_commands(report: Report) -> Iterator[str]:
    for result in report.files:
        path = display_path(result.path)
        if result.changed and not result.written:
            for change in result.changes:
                title = f"{change.rule_id} {change.rule_name}"
                message = f"would change: {change.message} (scaffold-migrate --write applies it)"
                yield _command("error", path, change.line, None, title, message)
        for finding in result.findings:
            if not finding.acknowledged:
                yield _command("error", path, finding.line, finding.column, finding.code, finding.message)
        if result.error is not None:
            yield _command("error", path, result.error.line or 1, None, "scaffold-migrate", result.error.message)


def _command(kind: str, path: str, line: int, column: int | None, title: str, message: str) -> str:
    properties = [f"file={_property(path)}", f"line={line}"]
    if column is not None:
        properties.append(f"col={column}")
    properties.append(f"title={_property(title)}")
    return f"::{kind} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
