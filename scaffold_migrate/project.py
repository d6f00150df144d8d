"""Phase one: the project the files belong to, and its index (codemods._project).

The project is the nearest folder, from the first path upwards, holding
pyproject.toml, setup.py, setup.cfg or .git (else the folder given), so that a
pre-commit run on a few files, a single file and a whole-tree run see the same facts.
A module's dotted name comes from its import root: the first folder above it with no
`__init__.py`.

Every file is read once, and only the files the run migrates are searched for
every rule's words (from codemods._catalogue, so that a run with nothing to parse
imports no rule); the rest of the project is read for its facts (Flask named at all,
hand-made bases, `_PackageBoundObject`, conftest.py fixtures). Only the modules a
rule can read are parsed (Python's `ast`): those with one of the rules' words (or a
private hook dict of a hand-made base), then, as resolving their names needs them,
the project modules those names lead to. A module constructing a project class that
inherits `_PackageBoundObject`'s constructor, which needs no rule word, is found by
the class's name.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from codemods import CATALOGUE
from codemods._fixtures import CONFTEST, SHARED_SCOPES, fixture_scopes, inherited_fixtures, set_up_receivers
from codemods._flask import (
    ATTRIBUTE_FUNCTIONS,
    COMMON_BASE_DICTS,
    HAND_MADE_BASE,
    PACKAGE_BOUND_OBJECT,
    SHARED_TEST_APP,
)
from codemods._project import (
    Class,
    Construction,
    ModuleFacts,
    ProjectIndex,
    RunFacts,
    dotted_name,
    module_facts,
)
from scaffold_migrate.discovery import STDIN, discover
from scaffold_migrate.forking import fork_is_safe
from scaffold_migrate.target_detection import project_folders
from scaffold_migrate.verify import python_ast

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
# A module no rule could apply to (Triggers.could_apply), with no private hook dict of a
# hand-made base and no name the modules with them lead to, is not read again: no
# rule reads it. Most rules could apply where one of their words occurs: one flat
# search for all those words costs far less than asking rule by rule.
# A rule needing one of some words besides its own, or whose words count only where a
# pattern matches around them (`.env`, not `os.environ`), decides for itself.
_DECIDING_THEMSELVES = tuple(entry for entry in CATALOGUE if entry.one_of or entry.trigger_patterns)
SEED_WORDS = tuple(sorted({word for entry in CATALOGUE if entry not in _DECIDING_THEMSELVES for word in entry.words}))
_PRIVATE_DICT = re.compile(
    rb"(?<![A-Za-z0-9_])_(?:" + b"|".join(name.encode() for name in sorted(COMMON_BASE_DICTS)) + rb")\b"
)
_PRIVATE_DICT_ENDINGS = (b"_funcs", b"_processors", b"_functions")


def project_root(paths: Sequence[str]) -> str:
    """The folder of the project the first of `paths` belongs to."""
    first = next((path for path in paths if path != STDIN), os.curdir)
    folders = list(project_folders(first if os.path.isdir(first) else os.path.dirname(first) or os.curdir))
    marked = (folder for folder in folders if any(os.path.exists(os.path.join(folder, m)) for m in PROJECT_MARKERS))
    return next(marked, folders[0])


@lru_cache(maxsize=4096)
def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


@lru_cache(maxsize=4096)
def _package_of_folder(folder: str) -> str:
    """The dotted package a folder's modules belong to ("" at an import root): the
    folders above it that hold an `__init__.py` (as libcst's
    calculate_module_and_package names them, without importing libcst)."""
    root = folder
    while _is_package(root) and os.path.dirname(root) != root:
        root = os.path.dirname(root)
    if root == folder:
        return ""
    return ".".join(PurePath(folder).relative_to(root).parts)


def module_name(path: str) -> tuple[str, str]:
    """The dotted name of the module at `path`, and its package."""
    folder, file = os.path.split(os.path.abspath(path))
    package = _package_of_folder(folder)
    stem = file[:-3] if file.endswith(".py") else file
    if stem == "__init__":
        return package, package
    return (f"{package}.{stem}" if package else stem), package


class ModuleLoader:
    """Reads a project module's facts by its dotted name (picklable: each worker
    process reads what its files need)."""

    def __init__(self, files: Mapping[str, tuple[str, str]]) -> None:
        self.files = dict(files)  # module -> (path, package), for names one file has
        self._modules = {path: module for module, (path, _) in self.files.items()}

    def __call__(self, module: str) -> ModuleFacts | None:
        if module not in self.files:
            return None
        path, package = self.files[module]
        source = _read(path)
        tree = python_ast(source) if source is not None else None
        return None if tree is None else module_facts(tree, module, package, path)

    def __contains__(self, module: object) -> bool:
        return module in self.files

    def module_of(self, path: str) -> str | None:
        return self._modules.get(path)


def build_index(
    root: str,
    migrating: Sequence[str] = (),
    exclude: Sequence[str] = (),
    given: Sequence[str] = (),
    jobs: int = 1,
) -> ProjectIndex:
    """The index of the project at `root`, for a run that migrates the files
    `migrating`, found under the paths `given` (when `root` is one of them, its files
    are not looked for again). With `jobs` > 1, a large project's files are read in
    that many processes."""
    migrated = frozenset(os.path.abspath(path) for path in migrating if path != STDIN)
    given_folders = {os.path.abspath(path) for path in given if path != STDIN and os.path.isdir(path)}
    found = [] if os.path.abspath(root) in given_folders else discover([root], exclude)
    files = dict.fromkeys([*found, *(path for path in migrating if path != STDIN)])
    named = {os.path.abspath(path): module_name(path) for path in files}
    counts: dict[str, int] = {}
    for module, _ in named.values():
        counts[module] = counts.get(module, 0) + 1
    loader = ModuleLoader({module: (path, package) for path, (module, package) in named.items() if counts[module] == 1})
    index = ProjectIndex({}, root, top_level={module.split(".")[0] for module in counts}, loader=loader)
    unique = [(path, module if counts[module] == 1 else None, path in migrated) for path, (module, _) in named.items()]
    scanned = _scan_all(unique, jobs)
    hand_made = scanned.hand_made
    package_bound = scanned.package_bound
    skippable = scanned.skippable
    names_flask = scanned.names_flask
    connections = _package_bound_users(index, package_bound, named, loader)
    for path in _tests_on_conftest_apps(scanned):
        connections[path] = connections.get(path, frozenset()) | {SHARED_TEST_APP}
    uses = _private_dict_uses(named) if hand_made else {}
    common_bases = _migrated_bases(index, hand_made, uses, migrated)
    for renames in common_bases.values():
        for name in renames:
            for path, _ in uses.get(name, ()):
                connections[path] = connections.get(path, frozenset()) | {HAND_MADE_BASE}
    return index.with_run(
        RunFacts(
            connections=connections,
            migrating=migrated,
            constructions=_package_bound_constructions(index, connections),
            private_dict_uses=uses,
            common_bases=common_bases,
            skippable=frozenset(skippable - set(connections)),
            conftest_fixtures=scanned.conftest_fixtures,
            names_flask=names_flask,
            files=tuple(named),
        )
    )


@dataclass
class _Scan:
    """What reading the project's files once tells: which no rule can touch, whether
    any names Flask, the hand-made bases, the modules naming _PackageBoundObject."""

    skippable: set[str] = field(default_factory=set)
    names_flask: bool = False
    hand_made: dict[str, dict[str, str]] = field(default_factory=dict)
    package_bound: list[str] = field(default_factory=list)
    conftest_fixtures: dict[str, dict[str, str]] = field(default_factory=dict)  # folder -> fixture -> scope
    test_modules: list[str] = field(default_factory=list)

    def add(self, other: _Scan) -> None:
        self.skippable |= other.skippable
        self.names_flask = self.names_flask or other.names_flask
        self.hand_made.update(other.hand_made)
        self.package_bound += other.package_bound
        self.conftest_fixtures.update(other.conftest_fixtures)
        self.test_modules += other.test_modules


def _scan(files: Sequence[tuple[str, str | None, bool]]) -> _Scan:
    """Read each file (with its module's name, None when two files share it, and
    whether the run migrates it: only then does it matter whether a rule could touch
    it, which costs a pre-commit run on a few files of a large project the most)."""
    scan = _Scan()
    for path, module, migrated in files:
        source = _read(path)
        if source is None:
            continue
        scan.names_flask = scan.names_flask or b"flask" in source
        if (
            migrated
            and not any(word in source for word in SEED_WORDS)
            and not any(rule.could_apply(source) for rule in _DECIDING_THEMSELVES)
        ):
            scan.skippable.add(path)
        _scan_tests(path, source, scan, migrated)
        if module is None:
            continue
        if b"add_url_rule" in source and b"def route" in source and _PRIVATE_DICT.search(source):
            scan.hand_made.update(_hand_made_bases(source, module))
        if b"_PackageBoundObject" in source:
            scan.package_bound.append(module)
    return scan


def _scan_tests(path: str, source: bytes, scan: _Scan, migrated: bool) -> None:
    """A conftest.py's fixtures, and the test modules the run migrates."""
    if os.path.basename(path) == CONFTEST and b"fixture" in source:
        tree = python_ast(source)
        fixtures = fixture_scopes(tree) if tree is not None else {}
        if fixtures:
            scan.conftest_fixtures[os.path.dirname(os.path.abspath(path))] = fixtures
    if migrated and b"def test" in source:
        scan.test_modules.append(path)


def _tests_on_conftest_apps(scanned: _Scan) -> Iterator[str]:
    """The test modules that call setup methods on what a conftest.py's wider-scoped
    fixture may give them (SM014 then reads them, though they may not name Flask):
    read again only in a project with such fixtures, and only below them."""
    if not any(
        scope in SHARED_SCOPES for fixtures in scanned.conftest_fixtures.values() for scope in fixtures.values()
    ):
        return
    for path in scanned.test_modules:
        inherited = inherited_fixtures(path, scanned.conftest_fixtures)
        shared = {name for name, (scope, _) in inherited.items() if scope in SHARED_SCOPES}
        source = _read(path) if shared else None
        if source is not None and shared & set_up_receivers(source):
            yield os.path.abspath(path)


# Below this many files, worker processes cost more than reading in one saves.
PARALLEL_SCAN_THRESHOLD = 1000


def _scan_all(files: Sequence[tuple[str, str | None, bool]], jobs: int) -> _Scan:
    """_scan over every file, in `jobs` forked processes for a large project (where
    fork is safe: Linux, no other thread)."""
    if jobs < 2 or len(files) < PARALLEL_SCAN_THRESHOLD or not fork_is_safe():
        return _scan(files)
    import multiprocessing  # here: only a large project pays for them
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[start::jobs] for start in range(jobs)]
    total = _Scan()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        for part in pool.map(_scan, chunks):
            total.add(part)
    return total


def _package_bound_users(
    index: ProjectIndex, modules: Iterable[str], named: Mapping[str, tuple[str, str]], loader: ModuleLoader
) -> dict[str, frozenset[str]]:
    """The modules that bind a project class inheriting `_PackageBoundObject`'s
    constructor, found from the modules naming `_PackageBoundObject` and then, round
    by round, by the names of such classes (a re-export or a subclass names what it
    takes, and a construction needs none of the rules' words)."""
    connections: dict[str, frozenset[str]] = {}
    pending = [facts for module in modules if (facts := index.module(module)) is not None]
    done: set[str] = set()
    while pending:
        names = set()
        for facts in pending:
            bound = [
                name for name in facts.bound() if index.inherits_init(f"{facts.module}.{name}", PACKAGE_BOUND_OBJECT)
            ]
            if bound:
                connections[facts.path] = PACKAGE_BOUND_OBJECT
                names.update(bound)
        names -= done
        done |= names
        if not names:
            break
        mentions = re.compile(rb"\b(?:" + b"|".join(re.escape(name.encode()) for name in sorted(names)) + rb")\b")
        pending = [
            facts
            for path, (module, _) in named.items()
            if path not in connections
            and loader.module_of(path) == module
            and (source := _read(path)) is not None
            and mentions.search(source)
            and (facts := index.module(module)) is not None
        ]
    return connections


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _private_dict_uses(paths: Iterable[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Where each file names a private hook dict of a hand-made base (SM005):
    read only when the project has such a base."""
    uses: dict[str, list[tuple[str, int]]] = {}
    for path in paths:
        source = _read(path)
        if source is None or not any(ending in source for ending in _PRIVATE_DICT_ENDINGS):
            continue
        for match in _PRIVATE_DICT.finditer(source):
            uses.setdefault(match.group().decode(), []).append((path, source.count(b"\n", 0, match.start()) + 1))
    return {name: tuple(found) for name, found in uses.items()}


def _hand_made_bases(source: bytes, module: str) -> dict[str, dict[str, str]]:
    """The module's classes SM005 migrates (read with libcst, as the rule reads
    them: such modules are rare), by dotted name."""
    import libcst as cst

    from codemods._hand_made_base import common_bases

    try:
        tree = cst.parse_module(source)
    except Exception:  # the per-file phase reports it
        return {}
    return {f"{module}.{name}": renames for name, renames in common_bases(tree).items()}


def _migrated_bases(
    index: ProjectIndex,
    hand_made: Mapping[str, Mapping[str, str]],
    uses: Mapping[str, tuple[tuple[str, int], ...]],
    migrating: frozenset[str],
) -> dict[str, Mapping[str, str]]:
    """The hand-made bases (SM005) this run can migrate without breaking another
    file: the base's file and every other file using its dicts are migrated, and
    each such use is renamed with it. SM005 renames `self.<dict>` (and
    `getattr(self, "<dict>")`) in the methods of subclasses of migrated bases, and
    every use in a module that defines a migrated base itself; a base also stays
    when a base that is not migrated has uses in its module."""
    paths = {dotted: target.facts.path for dotted in hand_made if isinstance(target := index.resolve(dotted), Class)}
    kept = {dotted for dotted, path in paths.items() if path in migrating}
    counts: dict[str, dict[str, int]] = {}
    for name in {name for renames in hand_made.values() for name in renames}:
        for path, _ in uses.get(name, ()):
            counts.setdefault(path, {}).setdefault(name, 0)
            counts[path][name] += 1
    uses_of = _DictUses(index, hand_made, migrating, counts)
    while True:
        whole_module = {(paths[dotted], name) for dotted in kept for name in hand_made[dotted]}
        dropped = {
            dotted
            for dotted in kept
            for name in hand_made[dotted]
            for path in counts
            if name in counts[path]
            and path != paths[dotted]
            and (path, name) not in whole_module
            and not uses_of.renamed(path, name, kept)
        }
        dropped |= {
            dotted
            for dotted in kept
            for other in set(hand_made) - kept
            if any(name in counts.get(paths[dotted], {}) for name in hand_made[other])
        }
        if not dropped:
            return {dotted: hand_made[dotted] for dotted in kept}
        kept -= dropped


class _DictUses:
    """Whether SM005 renames all the uses of a dict in a file, each file read once."""

    def __init__(
        self,
        index: ProjectIndex,
        hand_made: Mapping[str, Mapping[str, str]],
        migrating: frozenset[str],
        counts: Mapping[str, Mapping[str, int]],
    ) -> None:
        self.index, self.hand_made, self.migrating, self.counts = index, hand_made, migrating, counts
        self._trees: dict[str, ast.Module | None] = {}

    def renamed(self, path: str, name: str, kept: set[str]) -> bool:
        """Whether every use of `name` in the file is `self.<dict>` in a subclass of
        one of the `kept` bases, and the run migrates the file."""
        if path not in self.migrating:
            return False
        if path not in self._trees:
            source = _read(path)
            self._trees[path] = python_ast(source) if source is not None else None
        tree, facts = self._trees[path], self.index.facts_for(path)
        if tree is None or facts is None:
            return False
        bases = {dotted: self.hand_made[dotted] for dotted in kept}
        return _subclass_uses(tree, facts, self.index, bases).get(name, 0) == self.counts[path][name]


def _subclass_uses(
    tree: ast.Module, facts: ModuleFacts, index: ProjectIndex, bases: Mapping[str, Mapping[str, str]]
) -> dict[str, int]:
    """How often each dict is used as SM005 renames it in the module's subclasses of
    `bases` (the same nodes as codemods.common_base.subclass_use)."""
    found: dict[str, int] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.ClassDef):
            continue
        renames: dict[str, str] = {}
        for target in index.project_classes(f"{facts.module}.{statement.name}"):
            renames.update(bases.get(target.dotted, {}))
        if not renames:
            continue
        for method in statement.body:
            if not isinstance(method, ast.FunctionDef) or not method.args.args:
                continue
            self_name = method.args.args[0].arg
            for node in ast.walk(method):
                name = _dict_use(node, self_name, renames)
                if name is not None:
                    found[name] = found.get(name, 0) + 1
    return found


def _dict_use(node: ast.AST, self_name: str, renames: Mapping[str, str]) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr in renames:
        return node.attr if isinstance(node.value, ast.Name) and node.value.id == self_name else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ATTRIBUTE_FUNCTIONS
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == self_name
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
        and node.args[1].value in renames
    ):
        return node.args[1].value
    return None


def _package_bound_constructions(
    index: ProjectIndex, connections: Mapping[str, frozenset[str]]
) -> dict[str, tuple[Construction, ...]]:
    """Calls in the project that pass `_PackageBoundObject.__init__` arguments by
    position, for each project class inheriting that constructor."""
    found: dict[str, list[Construction]] = {}
    for path, roots in connections.items():
        facts = index.facts_for(path)
        if (
            facts is None
            or roots.isdisjoint(PACKAGE_BOUND_OBJECT)
            or not any(index.inherits_init(f"{facts.module}.{name}", PACKAGE_BOUND_OBJECT) for name in facts.bound())
        ):
            continue
        source = _read(path)
        tree = python_ast(source) if source is not None else None
        if tree is None:
            continue
        for dotted, construction in package_bound_calls(tree, facts, index):
            found.setdefault(dotted, []).append(construction)
    return {dotted: tuple(calls) for dotted, calls in found.items()}


def package_bound_calls(
    tree: ast.Module, facts: ModuleFacts, index: ProjectIndex
) -> Iterator[tuple[str, Construction]]:
    """(class, call) for each call in the module that gives a project class
    inheriting `_PackageBoundObject.__init__` more than its import name by position."""

    def inherits(expression: ast.expr) -> str | None:
        dotted = dotted_name(expression, facts.imports, facts.module)
        return dotted if index.inherits_init(dotted, PACKAGE_BOUND_OBJECT) else None

    for class_node, call in _calls_with_class(tree):
        func = call.func
        positional = len(call.args)
        if isinstance(func, ast.Attribute) and func.attr == "__init__":
            if (
                isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name)
                and func.value.func.id == "super"
            ):
                bases = class_node.bases if class_node is not None else []
                dotted = inherits(bases[0]) if bases else None
            else:
                dotted, positional = inherits(func.value), positional - 1
        else:
            dotted = inherits(func)
        if dotted is not None and (positional > 1 or any(isinstance(arg, ast.Starred) for arg in call.args)):
            yield dotted, Construction(facts.path, call.lineno, positional)


def _calls_with_class(
    tree: ast.AST, class_node: ast.ClassDef | None = None
) -> Iterator[tuple[ast.ClassDef | None, ast.Call]]:
    """Every call, with the class whose body (or method) it is in."""
    for child in ast.iter_child_nodes(tree):
        inner = child if isinstance(child, ast.ClassDef) else class_node
        if isinstance(child, ast.Call):
            yield class_node, child
        yield from _calls_with_class(child, inner)
