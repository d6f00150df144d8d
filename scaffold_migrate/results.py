"""What a run produces: frozen, picklable records and their JSON form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from codemods.versions import TARGETS, FlaskVersion

# The version of the JSON document's shape (scaffold_migrate/report.schema.json).
SCHEMA_VERSION = 1
# What no rule looks for yet: Flask changes of the releases checked, and the removals
# of the libraries Flask 2.x/3.x requires newer releases of.
NOT_CHECKED = (
    "setup methods called after registration or a first request elsewhere than in the same function, module or "
    "test suite (methods of other objects, apps passed around) (2.2, 2.3)",
    "a blueprint registered twice from different functions or modules (2.1)",
    "the removals of Werkzeug, Jinja, itsdangerous and click (werkzeug.contrib, jinja2.contextfilter, ...)",
)


@dataclass(frozen=True)
class Change:
    """One rewrite a rule made; `line` is in the file as it was read."""

    rule_id: str
    rule_name: str
    line: int
    message: str
    column: int = 0  # 1-based; 0 where a change has no one place (an import clean-up)
    end_line: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "name": self.rule_name,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """Something a rule detected but could not rewrite safely: work to do by hand.

    `line` and `column` are in the file as it was read."""

    path: str
    line: int
    column: int
    rule_id: str
    rule_name: str
    message: str
    kind: str = ""  # one of the rule's FINDINGS
    # Acknowledged by a comment in the code (scaffold_migrate.suppressions): counted,
    # shown, but no longer pending.
    acknowledged: bool = False
    end_line: int = 0

    @property
    def code(self) -> str:
        """The stable code of the finding's kind: "SM001/late-binding"."""
        return f"{self.rule_id}/{self.kind}" if self.kind else self.rule_id

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def to_json(self) -> dict[str, Any]:
        from scaffold_migrate.diffs import display_path

        return {
            "path": display_path(self.path),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "rule": self.rule_id,
            "name": self.rule_name,
            "code": self.code,
            "message": self.message,
            "acknowledged": self.acknowledged,
        }


class ErrorKind(str, Enum):
    """What failed for a file (a str, as in the JSON)."""

    READ = "read"
    PARSE = "parse"
    VERIFY = "verify"
    RULE = "rule"
    WRITE = "write"


class Outcome(str, Enum):
    """What happened to a file (a str, as in the JSON)."""

    SKIPPED = "skipped"  # no rule can touch it (no trigger word, or no candidate call): not parsed
    UNCHANGED = "unchanged"
    CHANGED = "changed"  # would change (dry run)
    WRITTEN = "written"
    ERROR = "error"


@dataclass(frozen=True)
class FileError:
    """Why a file was left alone."""

    kind: ErrorKind
    message: str
    line: int = 0
    column: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "message": self.message, "line": self.line, "column": self.column}

    def describe(self, path: str) -> str:
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        verb = {ErrorKind.PARSE: "cannot parse", ErrorKind.READ: "cannot read", ErrorKind.WRITE: "cannot write"}.get(
            self.kind, f"{self.kind.value} failed"
        )
        return f"{where}: {verb}: {self.message}"


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file. Source text is kept only for changed files (and, as
    `old_source`, for standard input)."""

    path: str
    skipped: bool = False
    old_source: bytes | None = None
    new_source: bytes | None = None
    encoding: str = "utf-8"
    changes: tuple[Change, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: FileError | None = None
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.new_source is not None

    @property
    def outcome(self) -> Outcome:
        if self.error is not None:
            return Outcome.ERROR
        if self.written:
            return Outcome.WRITTEN
        if self.changed:
            return Outcome.CHANGED
        return Outcome.SKIPPED if self.skipped else Outcome.UNCHANGED

    @property
    def new_text(self) -> str | None:
        """The migrated source as text (None when nothing changed)."""
        return None if self.new_source is None else _decode(self.new_source, self.encoding)

    def to_json(self, with_diff: bool = False) -> dict[str, Any]:
        from scaffold_migrate.diffs import display_path, unified_diff

        document = {
            "path": display_path(self.path),
            "status": self.outcome.value,
            "changes": [change.to_json() for change in self.changes],
            "findings": [finding.to_json() for finding in self.findings],
            "error": None if self.error is None else self.error.to_json(),
        }
        if with_diff and self.changed:
            document["diff"] = unified_diff(self).decode("utf-8", "surrogateescape")
        return document


@dataclass(frozen=True)
class Report:
    """The outcome of a run over many files, in discovery order."""

    target: str
    target_source: str
    files: tuple[FileResult, ...] = field(default=())
    notes: tuple[str, ...] = ()
    # Set when the run was interrupted: what was and was not done.
    interrupted: str | None = None
    # What the run checked: the rules it ran, out of all those for the target.
    rules: tuple[str, ...] = ()
    all_rules: bool = True

    @property
    def checked(self) -> dict[str, Any]:
        """The releases whose changes the run looked for, in which libraries: what a
        clean run vouches for."""
        releases = [str(version) for version in TARGETS if version <= FlaskVersion.parse(self.target)]
        return {
            "flask_releases": releases,
            "rules": list(self.rules),
            "all_rules": self.all_rules,
            "not_checked": list(NOT_CHECKED),
        }

    @property
    def changed(self) -> tuple[FileResult, ...]:
        return tuple(result for result in self.files if result.changed)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for result in self.files for finding in result.findings)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings no comment in the code acknowledges: work still pending."""
        return tuple(finding for finding in self.findings if not finding.acknowledged)

    @property
    def errors(self) -> tuple[FileResult, ...]:
        return tuple(result for result in self.files if result.error is not None)

    @property
    def skipped(self) -> int:
        return sum(result.skipped for result in self.files)

    @property
    def pending(self) -> tuple[FileResult, ...]:
        """Changed files not written (a dry run, or a write that failed)."""
        return tuple(result for result in self.changed if not result.written)

    def counts_by_rule(self) -> dict[str, tuple[int, int]]:
        """rule id -> (changes, findings), in rule id order."""
        changes = Counter(change.rule_id for result in self.files for change in result.changes)
        findings = Counter(finding.rule_id for finding in self.findings)
        return {rule: (changes[rule], findings[rule]) for rule in sorted(changes | findings)}

    def to_json(self, with_diffs: bool = False) -> dict[str, Any]:
        from scaffold_migrate import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "tool_version": __version__,
            "target": self.target,
            "target_source": self.target_source,
            "notes": list(self.notes),
            "interrupted": self.interrupted,
            "checked": self.checked,
            "summary": {
                "scanned": len(self.files),
                "skipped": self.skipped,
                "changed": len(self.changed),
                "written": sum(result.written for result in self.files),
                "findings": len(self.findings),
                "acknowledged": len(self.findings) - len(self.open_findings),
                "errors": len(self.errors),
                "rules": {
                    rule: {"changes": changes, "findings": findings}
                    for rule, (changes, findings) in self.counts_by_rule().items()
                },
            },
            "files": [result.to_json(with_diffs) for result in self.files],
        }


def _decode(source: bytes, encoding: str) -> str:
    return source.decode(encoding, errors="surrogateescape")
