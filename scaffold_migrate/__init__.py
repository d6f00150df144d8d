"""scaffold-migrate: migrate Flask 0.x/1.x code to the Scaffold design of Flask 2.x/3.x."""

# First: the rules this tool ships, before a project's own `codemods` can shadow them.
import scaffold_migrate._own_rules  # noqa: F401  (imported for its effect)
from scaffold_migrate.api import migrate_paths, migrate_source
from scaffold_migrate.discovery import DiscoveryError
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.results import Change, ErrorKind, FileError, FileResult, Finding, Outcome, Report

__version__ = "0.1.0"

__all__ = [
    "Change",
    "ConfigError",
    "DiscoveryError",
    "ErrorKind",
    "FileError",
    "FileResult",
    "Finding",
    "Outcome",
    "Report",
    "migrate_paths",
    "migrate_source",
]
