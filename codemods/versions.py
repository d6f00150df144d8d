"""The Flask release lines the tool migrates to, and how their names are read."""

from __future__ import annotations

from typing import NamedTuple


class FlaskVersion(NamedTuple):
    """A Flask release line (major, minor) that can be migrated to."""

    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> FlaskVersion:
        """Parse "2.3" (or "2.3.3": the patch level is ignored) into a known target."""
        parts = text.strip().split(".")
        try:
            version = cls(int(parts[0]), int(parts[1]))
        except (IndexError, ValueError):
            raise ValueError(f"not a Flask version: {text!r}") from None
        if version not in TARGETS:
            known = ", ".join(str(target) for target in TARGETS)
            raise ValueError(f"unsupported target Flask {version} (known: {known})")
        return version


TARGETS = tuple(FlaskVersion(*pair) for pair in ((2, 0), (2, 1), (2, 2), (2, 3), (3, 0), (3, 1)))
NEWEST = TARGETS[-1]

# The newest patch release of each line: what "pip install flask~=X.Y.0" gives,
# used to evaluate requirement specifiers against the targets.
LATEST_PATCH = {
    FlaskVersion(2, 0): "2.0.3",
    FlaskVersion(2, 1): "2.1.3",
    FlaskVersion(2, 2): "2.2.5",
    FlaskVersion(2, 3): "2.3.3",
    FlaskVersion(3, 0): "3.0.3",
    FlaskVersion(3, 1): "3.1.3",
}


def targets_from(first: FlaskVersion) -> frozenset[FlaskVersion]:
    """Every target from `first` on: the usual shape of a rule's applicability."""
    return frozenset(target for target in TARGETS if target >= first)


ALL_TARGETS = targets_from(TARGETS[0])
