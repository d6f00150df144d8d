"""The project index: what each module of a project binds at module level, and what
those names are once imports and re-exports are followed across modules.

A legacy project creates a blueprint in `admin/__init__.py` and hooks it in
`admin/views.py`, and derives twenty classes from a Blueprint subclass of `utils.py`.
The index is what lets a rule working on one module know that `admin` (imported
from `.`) is a flask.Blueprint, or that `BaseBlueprint` derives from one.

Module facts are read with Python's `ast` (a tenth of libcst's cost), and only for
the modules that can bind such names; the index is a small picklable value.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, Union

from codemods._flask import FLASK_ROOTS

# A base class or callee the module's own syntax cannot name.
UNKNOWN = "?"
_BUILTINS = frozenset(dir(builtins))
_MAX_HOPS = 64
# The names of libraries a star import is known to give (`from flask import *`).
STAR_EXPORTS = frozenset({"flask.Flask", "flask.Blueprint", "flask.current_app"})


@dataclass(frozen=True)
class ClassFacts:
    bases: tuple[str, ...]  # dotted names, as the module's imports resolve them
    methods: frozenset[str]
    line: int


@dataclass(frozen=True)
class InstanceFacts:
    factory: str  # the dotted name of what was called: `admin = Blueprint(...)`
    constructed_name: str | None  # its literal first argument (or name=)
    line: int


@dataclass(frozen=True)
class ModuleFacts:
    """What one module binds at module level (names bound twice are left out)."""

    module: str
    package: str
    path: str
    imports: Mapping[str, str] = field(default_factory=dict)  # local name -> dotted
    star_imports: tuple[str, ...] = ()
    classes: Mapping[str, ClassFacts] = field(default_factory=dict)
    instances: Mapping[str, InstanceFacts] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    other: frozenset[str] = frozenset()  # bound once, to something else

    def bound(self) -> frozenset[str]:
        return frozenset({*self.imports, *self.classes, *self.instances, *self.ambiguous, *self.other})


@dataclass(frozen=True)
class Module:
    name: str  # a module of the project (its facts are read only to look inside it)


@dataclass(frozen=True)
class Class:
    facts: ModuleFacts
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.facts.module}.{self.name}"


@dataclass(frozen=True)
class Instance:
    facts: ModuleFacts
    name: str

    @property
    def of(self) -> InstanceFacts:
        return self.facts.instances[self.name]


@dataclass(frozen=True)
class External:
    """A name outside the project, such as flask.Blueprint."""

    dotted: str


Target = Union[Module, Class, Instance, External]


@dataclass(frozen=True)
class Construction:
    """A call that passes arguments to `_PackageBoundObject.__init__` by position:
    `Theme(name, "templates")`, `Base.__init__(self, name, "templates")`,
    `super().__init__(name, "templates")`."""

    path: str
    line: int
    positional: int  # positional arguments after `self`


@dataclass(frozen=True)
class RunFacts:
    """What phase one learnt beyond the module facts."""

    # Each file that binds Flask objects or classes of the project, to the Flask
    # classes they derive from (so it can be Flask code without naming Flask).
    connections: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The files this run migrates (a pre-commit run may migrate a few).
    migrating: frozenset[str] = frozenset()
    # Per project class inheriting `_PackageBoundObject.__init__`, its constructions.
    constructions: Mapping[str, tuple[Construction, ...]] = field(default_factory=dict)
    # Per private hook dict name of a hand-made base (`_before_request_funcs`), the
    # files and lines that use it.
    private_dict_uses: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # The hand-made bases (SM005) used in other files in ways this run migrates
    # with them, with their dict renames.
    common_bases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The files phase one read and found no rule can touch: not read again.
    skippable: frozenset[str] = frozenset()
    # Per folder holding a conftest.py, the pytest fixtures it defines and their scopes.
    conftest_fixtures: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Whether any file of the project names Flask: else no name of it is Flask's.
    names_flask: bool = False
    # Every Python file of the project, for the rare question "does any other file
    # mention this name?" (read again only when it is asked).
    files: tuple[str, ...] = ()


class Loader(Protocol):
    """Reads the facts of the project's modules when a resolution needs them."""

    def __call__(self, module: str) -> ModuleFacts | None: ...

    def __contains__(self, module: object) -> bool: ...

    def module_of(self, path: str) -> str | None: ...


class ProjectIndex:
    """The modules of one project, by dotted name, and what their names are.

    `top_level` holds the top-level names of every module of the project, parsed or
    not: a name under them is the project's, never a library's. With a `loader`, a
    module's facts are read the first time a resolution needs them (in the process
    that asks: each worker reads what its files need), so the index only ever holds
    what the run looked at.
    """

    def __init__(
        self,
        modules: Mapping[str, ModuleFacts] = {},
        root: str | None = None,
        top_level: Iterable[str] = (),
        run: RunFacts = RunFacts(),
        loader: Loader | None = None,
    ) -> None:
        self.modules: dict[str, ModuleFacts] = dict(modules)
        self.root = root
        self.top_level = frozenset(top_level) | {name.split(".")[0] for name in self.modules}
        self.run = run
        self.by_path = {facts.path: facts for facts in self.modules.values()}
        self._loader = loader
        self._missing: set[str] = set()
        self._connections: dict[str, frozenset[str]] = {}

    def __reduce__(self) -> tuple:
        return (ProjectIndex, (self.modules, self.root, self.top_level, self.run, self._loader))

    def __len__(self) -> int:
        return len(self.modules)

    def with_run(self, run: RunFacts) -> ProjectIndex:
        """The same index, with what phase one learnt for the whole run."""
        return ProjectIndex(self.modules, self.root, self.top_level, run, self._loader)

    def module(self, name: str) -> ModuleFacts | None:
        """The facts of the project module `name`, read now if needed."""
        facts = self.modules.get(name)
        if facts is None and self._loader is not None and name not in self._missing:
            facts = self._loader(name)
            if facts is None:
                self._missing.add(name)
            else:
                self.modules[name] = facts
                self.by_path[facts.path] = facts
        return facts

    def knows(self, name: str) -> bool:
        """Whether `name` is a module of the project (without reading it)."""
        return name in self.modules or (self._loader is not None and name in self._loader)

    def facts_for(self, path: str) -> ModuleFacts | None:
        absolute = os.path.abspath(path)
        if absolute not in self.by_path and self._loader is not None:
            module = self._loader.module_of(absolute)
            if module is not None:
                self.module(module)
        return self.by_path.get(absolute)

    def run_connections(self, path: str) -> frozenset[str]:
        """What phase one connected the module at `path` to (constructions of a
        project `_PackageBoundObject` subclass, uses of a hand-made base's dicts)."""
        connections = self.run.connections
        return connections.get(os.path.abspath(path), frozenset()) if connections else frozenset()

    def connections(self, path: str) -> frozenset[str]:
        """The Flask classes the module at `path` binds project objects or classes
        of, its own or imported (empty for a module that binds none), with
        `run_connections`: such a module can be Flask code without naming Flask."""
        absolute = os.path.abspath(path)
        if not self.run.names_flask:
            return self.run_connections(absolute)
        if absolute not in self._connections:
            facts = self.facts_for(absolute)
            found = self.run_connections(absolute)
            if facts is not None:
                found |= frozenset().union(*(self.flask_roots(f"{facts.module}.{name}") for name in facts.bound()))
                if any(self.owns(star) for star in facts.star_imports):
                    found |= FLASK_ROOTS
            self._connections[absolute] = found
        return self._connections[absolute]

    def flask_roots(self, dotted: str) -> frozenset[str]:
        """The Flask classes the project class or instance `dotted` derives from."""
        target = self.resolve(dotted)
        if isinstance(target, Instance) and target.of.factory != UNKNOWN:
            factory = self.resolve(target.of.factory)
            if isinstance(factory, External):
                return frozenset({factory.dotted}) & FLASK_ROOTS
            target = factory
        if isinstance(target, Class):
            return self.roots(target) & FLASK_ROOTS
        return frozenset()

    def skips(self, path: str) -> bool:
        """Whether phase one read the file at `path` and found no rule can touch it
        (none of their words, nothing the project connects it to)."""
        return bool(self.run.skippable) and os.path.abspath(path) in self.run.skippable

    def inherits_init(self, dotted: str, of: frozenset[str]) -> bool:
        """Whether the project class `dotted` derives from `of` alone and takes its
        `__init__` from it (no project class on the way defines one)."""
        target = self.resolve(dotted)
        if not isinstance(target, Class) or self.roots(target) != of:
            return False
        return not self.defines(dotted, "__init__")

    def mentions(self, word: str, besides: str) -> bool:
        """Whether a project file other than `besides` has `word` as a word: what a
        rewrite of a module-level name must then leave alone."""
        return bool(self.found_in_files({word: re.compile(rb"\b" + re.escape(word.encode()) + rb"\b")}, besides))

    def found_in_files(
        self, patterns: Mapping[str, re.Pattern[bytes]], besides: str = "", in_templates: Iterable[str] = ()
    ) -> set[str]:
        """The names of the `patterns` found in the project's Python files other than
        `besides` (those named `in_templates` also in its templates), each file read
        once; an unreadable file may hold any of them."""
        templates = set(in_templates)
        files = [(path, set(patterns)) for path in self.run.files]
        if templates and self.root:
            files += [(path, templates) for path in template_files(self.root)]
        found: set[str] = set()
        for path, names in files:
            wanted = names - found
            if not wanted or (besides and os.path.abspath(path) == os.path.abspath(besides)):
                continue
            try:
                with open(path, "rb") as file:
                    text = file.read()
            except OSError:
                found |= wanted
                continue
            found |= {name for name in wanted if patterns[name].search(text)}
        return found

    def migrates(self, path: str) -> bool:
        """Whether this run migrates the file at `path` too."""
        return os.path.abspath(path) in self.run.migrating

    def owns(self, dotted: str) -> bool:
        """Whether `dotted` names something of the project (its top-level package is
        one of the project's modules): a vendored `flask` package of the project is
        the project's, not Flask."""
        return dotted.split(".")[0] in self.top_level

    def resolve(self, dotted: str) -> Target | None:
        """What `dotted` is once imports and re-exports are followed; None when the
        project binds it in a way the index cannot follow."""
        return self._resolve(dotted, frozenset())

    def _resolve(self, dotted: str, seen: frozenset[str]) -> Target | None:
        if dotted in seen or len(seen) > _MAX_HOPS:
            return None
        seen = seen | {dotted}
        parts = dotted.split(".")
        # The longest leading part that is a module is the module (as imports read
        # it); the rest are the names it binds, or its submodules.
        if not self.owns(dotted):
            return External(dotted)
        start = next((end for end in range(len(parts), 0, -1) if self.knows(".".join(parts[:end]))), 0)
        if not start:
            return None
        current: Target = Module(".".join(parts[:start]))
        for index in range(start, len(parts)):
            facts = self.module(current.name) if isinstance(current, Module) else None
            if facts is None:
                return None
            part = parts[index]
            rest = ".".join(parts[index + 1 :])
            found = self._member(facts, part, seen)
            if found == f"{facts.module}.{part}":  # `from . import views` in a package
                found = None
            if found is not None:
                if isinstance(found, str):
                    return self._resolve(f"{found}.{rest}" if rest else found, seen)
                current = found
            elif self.knows(f"{facts.module}.{part}"):
                current = Module(f"{facts.module}.{part}")
            else:
                return None
        return current

    def _member(self, facts: ModuleFacts, name: str, seen: frozenset[str]) -> None | str | Target:
        """What the module binds `name` to: a target, or the dotted name its import
        binds (to be resolved further)."""
        if name in facts.ambiguous or name in facts.other:
            return None
        if name in facts.classes:
            return Class(facts, name)
        if name in facts.instances:
            return Instance(facts, name)
        if name in facts.imports:
            return facts.imports[name]
        for star in facts.star_imports:
            star_facts = self.module(star)
            if star_facts is not None:
                found = self._member(star_facts, name, seen)
                if found is not None:
                    return found
            elif f"{star}.{name}" in STAR_EXPORTS:
                # What a library's star import gives is not known, but for these.
                return f"{star}.{name}"
        return None

    def roots(self, target: Class, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The names outside the project `target` derives from; UNKNOWN stands for a
        base the index cannot follow."""
        if target.dotted in seen:
            return frozenset({UNKNOWN})
        seen = seen | {target.dotted}
        found: set[str] = set()
        for base in target.facts.classes[target.name].bases:
            resolved = self.resolve(base) if base != UNKNOWN else None
            if isinstance(resolved, External):
                found.add(resolved.dotted)
            elif isinstance(resolved, Class):
                found |= self.roots(resolved, seen)
            else:
                found.add(UNKNOWN)
        return frozenset(found)

    def derives_from(self, dotted: str, classes: frozenset[str]) -> bool:
        """Whether `dotted` is one of `classes` (qualified names outside the project)
        or a project class deriving from one."""
        target = self.resolve(dotted)
        if isinstance(target, External):
            return target.dotted in classes
        return isinstance(target, Class) and not self.roots(target).isdisjoint(classes)

    def instance_of(self, dotted: str, classes: frozenset[str]) -> InstanceFacts | None:
        """The facts of the module-level instance `dotted` names, when it is one of
        `classes` (or of a project subclass of one)."""
        target = self.resolve(dotted)
        if not isinstance(target, Instance):
            return None
        factory = target.of.factory
        if factory == UNKNOWN or not self.derives_from(factory, classes):
            return None
        return target.of

    def defines(self, dotted: str, method: str) -> bool:
        """Whether the project class `dotted`, or a project class it derives from,
        defines `method` itself."""
        return any(method in self.class_facts(target).methods for target in self.project_classes(dotted))

    def project_classes(self, dotted: str) -> Iterator[Class]:
        """The project class `dotted` names and the project classes it derives from."""
        pending, seen = [dotted], set()
        while pending:
            target = self.resolve(pending.pop())
            if not isinstance(target, Class) or target.dotted in seen:
                continue
            seen.add(target.dotted)
            yield target
            pending.extend(base for base in self.class_facts(target).bases if base != UNKNOWN)

    @staticmethod
    def class_facts(target: Class) -> ClassFacts:
        return target.facts.classes[target.name]


EMPTY = ProjectIndex()
# Folders no template of the project is in.
_NOT_THE_PROJECTS = frozenset({"node_modules", "site-packages", "__pycache__", "venv", "env"})


def template_files(root: str) -> Iterator[str]:
    """The files in folders named `templates` under `root` (Flask's default
    template_folder, for app and blueprints), outside hidden and virtualenv folders."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in _NOT_THE_PROJECTS]
        if "templates" in os.path.relpath(folder, root).split(os.sep):
            yield from (os.path.join(folder, name) for name in files)


def module_facts(tree: ast.Module, module: str, package: str, path: str) -> ModuleFacts:
    """The facts of one parsed module (`package` is what its relative imports are
    relative to)."""
    counts: dict[str, int] = {}
    imports: dict[str, str] = {}
    stars: list[str] = []
    classes: dict[str, ClassFacts] = {}
    instances: dict[str, InstanceFacts] = {}
    other: set[str] = set()

    def bind(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    for statement in _module_level(tree.body):
        if isinstance(statement, ast.ImportFrom):
            source = _absolute(statement, package)
            for alias in statement.names:
                if alias.name == "*":
                    if source is not None:
                        stars.append(source)
                    continue
                local = alias.asname or alias.name
                bind(local)
                if source is None:
                    other.add(local)
                else:
                    imports[local] = f"{source}.{alias.name}"
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                local = alias.asname or alias.name.split(".")[0]
                bind(local)
                imports[local] = alias.name if alias.asname else local
        elif isinstance(statement, ast.ClassDef):
            bind(statement.name)
            classes[statement.name] = ClassFacts(
                tuple(dotted_name(base, imports, module) for base in statement.bases),
                frozenset(
                    item.name for item in statement.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                ),
                statement.lineno,
            )
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            value = statement.value
            for target in targets:
                for name in _bound_names(target):
                    bind(name)
                    if isinstance(target, ast.Name) and len(targets) == 1 and isinstance(value, ast.Call):
                        instances[name] = InstanceFacts(
                            dotted_name(value.func, imports, module), _constructed_name(value), statement.lineno
                        )
                    else:
                        other.add(name)
        else:
            for name in _other_bindings(statement):
                bind(name)
                other.add(name)
    ambiguous = frozenset(name for name, count in counts.items() if count > 1)
    return ModuleFacts(
        module,
        package,
        path,
        {name: value for name, value in imports.items() if name not in ambiguous},
        tuple(stars),
        {name: value for name, value in classes.items() if name not in ambiguous},
        {name: value for name, value in instances.items() if name not in ambiguous},
        ambiguous,
        frozenset(other - ambiguous - set(imports) - set(classes) - set(instances)),
    )


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run at import: the module's, and those in its `if`,
    `try` and `with` blocks."""
    for statement in body:
        if isinstance(statement, ast.If):
            yield from _module_level(statement.body)
            yield from _module_level(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (
                statement.body,
                *(handler.body for handler in statement.handlers),
                statement.orelse,
                statement.finalbody,
            ):
                yield from _module_level(block)
        elif isinstance(statement, ast.With):
            yield from _module_level(statement.body)
        else:
            yield statement


def _absolute(statement: ast.ImportFrom, package: str) -> str | None:
    if not statement.level:
        return statement.module
    from libcst.helpers import get_absolute_module_from_package  # not for a run that reads no relative import

    try:
        return get_absolute_module_from_package(package or None, statement.module, statement.level)
    except Exception:
        return None


def dotted_name(expression: ast.expr, imports: Mapping[str, str], module: str) -> str:
    """The dotted name of `a.b.C` through the module's imports so far; a name the
    module does not import is taken to be its own."""
    attributes = []
    while isinstance(expression, ast.Attribute):
        attributes.append(expression.attr)
        expression = expression.value
    if not isinstance(expression, ast.Name):
        return UNKNOWN
    if expression.id in imports:
        head = imports[expression.id]
    elif expression.id in _BUILTINS:
        head = f"builtins.{expression.id}"
    else:
        head = f"{module}.{expression.id}"
    return ".".join([head, *reversed(attributes)])


def _constructed_name(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "name":
            return _string(keyword.value)
    if call.args and not isinstance(call.args[0], ast.Starred):
        return _string(call.args[0])
    return None


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _bound_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _bound_names(element.value if isinstance(element, ast.Starred) else element)


def _other_bindings(statement: ast.stmt) -> Iterator[str]:
    """Names a module-level statement of another kind binds (defs, loops, ...)."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield statement.name
    elif isinstance(statement, (ast.For, ast.AsyncFor, ast.AugAssign)):
        yield from _bound_names(statement.target)
    elif isinstance(statement, ast.Delete):
        for target in statement.targets:
            yield from _bound_names(target)
    for node in ast.walk(statement) if isinstance(statement, ast.Expr) else ():
        if isinstance(node, ast.NamedExpr):
            yield node.target.id
