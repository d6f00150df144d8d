"""Findings acknowledged in the code: `# scaffold-migrate: ignore[SM007]` (several
codes, a rule id or a full `SM007/before-first-request` code, or none for all) or
`# noqa: SM007` (ruff's habit; a bare `# noqa` acknowledges nothing), on the
finding's line or the line above. A `--add-todos` TODO does not acknowledge: it
marks the work as still to do."""

from __future__ import annotations

import re
from collections.abc import Sequence

_IGNORE = re.compile(r"#\s*scaffold-migrate:\s*ignore(?:\[([^\]]*)\])?")
_NOQA = re.compile(r"#\s*noqa:\s*([A-Za-z0-9/\-_, ]+)")


def acknowledged(lines: Sequence[str], line: int, rule_id: str, code: str) -> bool:
    """Whether line `line` (1-based) of `lines`, or the line above, acknowledges a
    finding of `rule_id` with `code`."""
    for number in (line, line - 1):
        if 1 <= number <= len(lines) and _acknowledges(lines[number - 1], rule_id, code):
            return True
    return False


def _acknowledges(text: str, rule_id: str, code: str) -> bool:
    if "#" not in text:
        return False
    for match in _IGNORE.finditer(text):
        if match.group(1) is None or _names(match.group(1), rule_id, code):
            return True
    return any(_names(match.group(1), rule_id, code) for match in _NOQA.finditer(text))


def _names(listed: str, rule_id: str, code: str) -> bool:
    return any(entry in (rule_id, code) for entry in re.split(r"[\s,]+", listed.strip()) if entry)
