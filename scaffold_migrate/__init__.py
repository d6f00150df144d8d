"""scaffold-migrate: migrate Flask 0.x/1.x code to the Scaffold design of Flask 2.x/3.x."""

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
