"""The error the library raises for settings it cannot use (a bad target, an unknown
rule, a bad [tool.scaffold-migrate] table)."""


class ConfigError(Exception):
    """A setting the user gave cannot be used."""
