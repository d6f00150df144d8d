"""`[tool.scaffold-migrate]` in pyproject.toml: defaults for the command-line options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from codemods import rule_triggers
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.target_detection import TARGET_CHOICES, project_folders, tomllib

TABLE = "scaffold-migrate"


@dataclass(frozen=True)
class Settings:
    """Where the settings came from (None: nowhere) and the options' default values,
    keyed by the command's parameter names."""

    path: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)


def load_settings(start: str) -> Settings:
    """The `[tool.scaffold-migrate]` table of the nearest pyproject.toml at or above
    `start` that has one (up to the repository root). Raises ConfigError for a file
    that is not TOML, an unknown key or a bad value."""
    for folder in project_folders(start):
        path = os.path.join(folder, "pyproject.toml")
        table = _table(path)
        if table is not None:
            return Settings(os.path.relpath(path), _defaults(path, table))
    return Settings()


def _table(path: str) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{os.path.relpath(path)}: cannot read: {exc}") from None
    table = data.get("tool", {}).get(TABLE)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{os.path.relpath(path)}: [tool.{TABLE}] must be a table")
    return table


def _defaults(path: str, table: dict[str, Any]) -> dict[str, Any]:
    defaults = {}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            raise ConfigError(f"{os.path.relpath(path)}: unknown key {key!r} in [tool.{TABLE}]; known keys: {known}")
        parameter, convert = _KEYS[key]
        try:
            defaults[parameter] = convert(value)
        except (TypeError, ValueError, KeyError) as exc:
            reason = exc.args[0] if exc.args else "bad value"
            raise ConfigError(f"{os.path.relpath(path)}: [tool.{TABLE}] {key} = {value!r}: {reason}") from None
    return defaults


def _target(value: Any) -> str:
    if value not in TARGET_CHOICES:
        raise ValueError(f"expected one of {', '.join(TARGET_CHOICES)}")
    return str(value)


def _rule_list(value: Any) -> str:
    """Rule ids or names, as a list or one comma-separated string; the option's form."""
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise TypeError("expected a list of rule ids or names")
    for name in names:
        rule_triggers(name)
    return ",".join(name.strip() for name in names)


def _globs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(glob, str) for glob in value):
        raise TypeError("expected a list of globs")
    return tuple(value)


def _jobs(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "target-version": ("target_version", _target),
    "select": ("select", _rule_list),
    "ignore": ("ignore", _rule_list),
    "exclude": ("exclude", _globs),
    "jobs": ("jobs", _jobs),
}
