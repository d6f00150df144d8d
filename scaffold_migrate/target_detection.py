"""Choosing the Flask version to migrate to: given, or detected from the project."""

from __future__ import annotations

import configparser
import glob
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codemods.versions import LATEST_PATCH, NEWEST, TARGETS, FlaskVersion
from scaffold_migrate.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib
if TYPE_CHECKING:
    from packaging.version import Version

AUTO = "auto"
_FLASK_METADATA = re.compile(r"^flask-([^-]+?)\.(?:dist-info|egg-info)$", re.IGNORECASE)
TARGET_CHOICES = (*(str(target) for target in TARGETS), AUTO)
_FLASK_REQUIREMENT = re.compile(
    r"""^\s*flask\s*(?:\[[^\]]*\])?\s*(?P<spec>[<>=!~][^;#'"]*)?\s*(?:[;#'"]|$)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TargetChoice:
    version: FlaskVersion
    source: str
    notes: tuple[str, ...] = ()


def resolve_target(value: str, project_dir: str = ".") -> TargetChoice:
    """The target for a --target-version value; `auto` looks at the project."""
    if value != AUTO:
        try:
            return TargetChoice(FlaskVersion.parse(value), "--target-version")
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    notes: list[str] = []
    for where, specifier in _pins(os.path.abspath(project_dir)):
        version = newest_allowed(specifier)
        if version is not None:
            return TargetChoice(version, f"{where} (flask{specifier})", tuple(notes))
        notes.append(f"ignored flask{specifier} in {where}: it allows no Flask 2.0 or later")
    for installed, where in _installed_flasks(os.path.abspath(project_dir)):
        if installed.major >= 2:
            version = min(FlaskVersion(installed.major, installed.minor), NEWEST)
            return TargetChoice(version, f"Flask {installed} installed in {where}", tuple(notes))
        notes.append(f"ignored Flask {installed} installed in {where}: older than 2.0")
        break
    return TargetChoice(NEWEST, "newest supported", tuple(notes))


def newest_allowed(specifier: str) -> FlaskVersion | None:
    """The newest target some release of which satisfies `specifier` (pip's choice)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # here: only a project pinning Flask needs it
    from packaging.version import Version

    try:
        allowed = SpecifierSet(specifier.replace(" ", ""))
    except InvalidSpecifier:
        return None
    for target in reversed(TARGETS):
        last_patch = Version(LATEST_PATCH[target]).micro
        releases = (f"{target}.{patch}" for patch in range(last_patch + 1))
        if any(allowed.contains(release, prereleases=False) for release in releases):
            return target
    return None


def _installed_flasks(project_dir: str) -> Iterator[tuple[Version, str]]:
    """The Flask installed in the project's own environment, first ($VIRTUAL_ENV, or
    a .venv or venv folder of the project: under pipx or pre-commit, the tool runs in
    an environment of its own), then in the tool's."""
    environments = [os.environ["VIRTUAL_ENV"]] if os.environ.get("VIRTUAL_ENV") else []
    environments += [
        os.path.join(folder, name)
        for folder in project_folders(project_dir)
        for name in (".venv", "venv")
        if os.path.isdir(os.path.join(folder, name))
    ]
    for environment in environments:
        site_packages = [
            *glob.glob(os.path.join(environment, "lib", "python*", "site-packages")),
            os.path.join(environment, "Lib", "site-packages"),
        ]
        for version in _flask_versions(site_packages):
            yield version, environment
            return
    for version in _flask_versions(sys.path):
        yield version, "the tool's own environment"
        return


def _flask_versions(folders: list[str]) -> Iterator[Version]:
    """The versions of the Flask distributions installed in `folders`, from the names
    of their metadata folders (`flask-3.1.0.dist-info`, as importlib.metadata finds
    them, without importing it)."""
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            match = _FLASK_METADATA.match(entry)
            version = _version(match.group(1)) if match else None
            if version is not None:
                yield version


def _version(text: str) -> Version | None:
    from packaging.version import Version

    try:
        return Version(text)
    except ValueError:
        return None


def project_folders(start: str) -> Iterator[str]:
    """`start` (or its folder) and the folders above it, up to the repository root."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start))
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return
        folder = parent


def _pins(start: str) -> Iterator[tuple[str, str]]:
    """(file, specifier) for each Flask requirement of the nearest project folder
    at or above `start` that has any."""
    for folder in project_folders(start):
        pins = list(_folder_pins(folder))
        if pins:
            yield from pins
            return


def _folder_pins(folder: str) -> Iterator[tuple[str, str]]:
    def relative(name: str) -> str:
        return os.path.relpath(os.path.join(folder, name))

    for requirement in _pyproject_requirements(os.path.join(folder, "pyproject.toml")):
        yield from _specifiers(relative("pyproject.toml"), requirement)
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in names:
        if name.startswith("requirements") and name.endswith(".txt"):
            for line in _read_lines(os.path.join(folder, name)):
                yield from _specifiers(relative(name), line)
    for requirement in _setup_cfg_requirements(os.path.join(folder, "setup.cfg")):
        yield from _specifiers(relative("setup.cfg"), requirement)
    for line in _read_lines(os.path.join(folder, "setup.py")):
        for quoted in re.findall(r"""['"]([^'"]*)['"]""", line):
            yield from _specifiers(relative("setup.py"), quoted)


def _specifiers(where: str, requirement: str) -> Iterator[tuple[str, str]]:
    match = _FLASK_REQUIREMENT.match(requirement)
    if match:
        yield where, (match.group("spec") or "").strip()


def _pyproject_requirements(path: str) -> list[str]:
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    project = data.get("project", {})
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    for name, constraint in poetry.items():
        if name.lower() == "flask":
            version = constraint.get("version", "*") if isinstance(constraint, dict) else constraint
            requirements.append("flask" + _poetry_to_pep440(str(version)))
    return requirements


def _poetry_to_pep440(constraint: str) -> str:
    """Poetry's ^X.Y / ~X.Y / X.Y.Z / * as a PEP 440 specifier."""
    constraint = constraint.strip()
    match = re.fullmatch(r"([\^~])(\d+)\.(\d+)(?:\.\d+)?", constraint)
    if match:
        caret, major, minor = match.group(1) == "^", int(match.group(2)), int(match.group(3))
        upper = f"{major + 1}.0" if caret else f"{major}.{minor + 1}"
        return f">={major}.{minor},<{upper}"
    if re.fullmatch(r"\d+(\.\d+)*", constraint):
        return f"=={constraint}"
    return "" if constraint == "*" else constraint


def _setup_cfg_requirements(path: str) -> list[str]:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        return parser.get("options", "install_requires", fallback="").splitlines()
    except (configparser.Error, UnicodeDecodeError):
        return []


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read().splitlines()
    except OSError:
        return []
