"""What a rule knows of the file it reads, and what it asks for beyond its tree: the
attributes of libcst's CodemodContext the rules use, without importing libcst.codemod
(whose matchers cost more to import than most runs spend on their files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import libcst as cst


class Addition(NamedTuple):
    """`from module import obj`, to add unless the module already imports it."""

    module: str
    obj: str


class Removal(NamedTuple):
    """An import to remove if the module no longer uses what it binds: `import
    module` (obj None) or `from module import obj`, `as asname` when aliased."""

    module: str
    obj: str | None = None
    asname: str | None = None


@dataclass
class RuleContext:
    """The file a rule reads (its module's dotted name and package, which relative
    imports are resolved against: None for source that is no file), the module, its
    whole text, and the imports and warnings the rule leaves to the engine."""

    filename: str | None = None
    full_module_name: str | None = None
    full_package_name: str | None = None
    module: cst.Module | None = None
    source: bytes | None = None  # the file as read, before focus set any body aside
    additions: list[Addition] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
