"""What an expression refers to: through imports, aliases, assignments and classes."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_absolute_module_from_package
from libcst.metadata import (
    BuiltinAssignment,
    CodePosition,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    Scope,
    ScopeProvider,
)

from codemods._base import Rule
from codemods._nodes import NodeIndex
from codemods._project import UNKNOWN, Class, External
from codemods._syntax import absolute_module, is_object, methods


def qualified_names(rule: Rule, node: cst.CSTNode) -> frozenset[str]:
    """The dotted names `node` may refer to ("flask.helpers.x" for an imported x;
    relative imports made absolute against the module's package).

    Empty for nodes the scope analysis knows nothing about (new nodes included).
    """
    try:
        names = rule.get_metadata(QualifiedNameProvider, node, set())
    except KeyError:
        return frozenset()
    return frozenset(absolute_name(rule, name.name) for name in names)


class ImportedName:
    """Which nodes of a module may refer to a name imported from some module (its
    qualified name ending with `attribute`), before the scope analysis is asked: a
    Name that is the attribute itself or an alias an import of it binds, an Attribute
    ending with it, and any node of another type."""

    def __init__(self, nodes: NodeIndex, attribute: str) -> None:
        self.attribute = attribute
        self.names = {attribute} | {
            alias.evaluated_alias or alias.evaluated_name
            for alias in nodes.of_type(cst.ImportAlias)
            if alias.evaluated_name.rpartition(".")[2] == attribute
        }

    def may_be(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name):
            return node.value in self.names
        if isinstance(node, cst.Attribute):
            return node.attr.value == self.attribute
        return True


def flask_api_names(rule: Rule, node: cst.CSTNode, among: Collection[str]) -> frozenset[str]:
    """Which of `among` (names of Flask's own API, "flask.send_file") `node` may
    refer to, followed through the project's re-exports; a vendored `flask` package
    of the project is the project's, not Flask. Only project names ending like one of
    them are followed: resolving costs."""
    endings = {name.rpartition(".")[2] for name in among}
    found = set()
    for name in qualified_names(rule, node):
        if not rule.project.owns(name):
            target: object = External(name)
        elif name.rpartition(".")[2] in endings:
            target = rule.project.resolve(name)
        else:
            continue
        if isinstance(target, External) and target.dotted in among:
            found.add(target.dotted)
    return frozenset(found)


def absolute_name(rule: Rule, name: str) -> str:
    """`name` with a leading relative part ("..utils.Base") made absolute; as it is
    when the module's package is not known."""
    if not name.startswith("."):
        return name
    rest = name.lstrip(".")
    try:
        absolute = get_absolute_module_from_package(rule.context.full_package_name, rest or None, len(name) - len(rest))
    except Exception:  # more dots than packages
        return name
    return absolute or name


def bindings(rule: Rule, name: cst.Name) -> tuple[Scope, tuple[object, ...]] | None:
    """The scope `name` is read in and every binding of that name visible there."""
    scope = rule.get_metadata(ScopeProvider, name, None)
    if scope is None:
        return None
    return scope, tuple(scope[name.value])


def bound_before(rule: Rule, name: cst.Name, point: CodePosition, inner: Scope | None) -> bool:
    """Whether every binding of `name` (a builtin, or an assignment outside the scope
    `inner`) is made before `point` in the source, so that evaluating `name` there
    gives what evaluating it later would."""
    found = bindings(rule, name)
    if found is None or not found[1]:
        return False
    for assignment in found[1]:
        if isinstance(assignment, BuiltinAssignment):
            continue
        node = getattr(assignment, "node", None)
        if node is None or assignment.scope is inner:  # type: ignore[attr-defined]
            return False
        start = rule.get_metadata(PositionProvider, node).start
        if (start.line, start.column) >= (point.line, point.column):
            return False
    return True


@dataclass(frozen=True)
class Instance:
    """A receiver proven to be an instance of one of the resolver's classes."""

    name: str  # the variable ("admin", "self")
    constructed_name: str | None  # the literal first argument it was created with
    subclass: cst.ClassDef | None  # for `self`: the subclass of this module
    # The class it is an instance of, when that is a class of this module or of the
    # project (its own methods may override Flask's).
    local_class: cst.ClassDef | None = None
    project_class: str | None = None
    # False for a receiver used as a blueprint that nothing proves is one (findings
    # only), with its expression.
    proven: bool = True
    node: cst.BaseExpression | None = None


class InstanceResolver:
    """Answers "is this expression an instance of one of `classes` (qualified names,
    such as flask.Blueprint)?" for one module, through assignments, `self` and the
    module's own subclasses."""

    def __init__(self, rule: Rule, classes: frozenset[str]) -> None:
        self.rule = rule
        self.classes = classes
        self.subclasses: set[cst.ClassDef] = set()
        class_defs = rule.nodes.of_type(cst.ClassDef)
        grew = True
        while grew:
            grew = False
            for class_def in class_defs:
                if class_def not in self.subclasses and any(
                    self.is_class(base.value) for base in class_def.bases if not base.keyword
                ):
                    self.subclasses.add(class_def)
                    grew = True

    def is_class(self, expression: cst.BaseExpression) -> bool:
        """Whether `expression` names one of the classes, or a subclass of one (of
        this module, or of the project through its index)."""
        project = self.rule.project
        if any(project.derives_from(name, self.classes) for name in qualified_names(self.rule, expression)):
            return True
        return isinstance(expression, cst.Name) and self._local_class(expression) is not None

    def project_class(self, expression: cst.BaseExpression) -> str | None:
        """The dotted name of the project class `expression` names, if it is one."""
        project = self.rule.project
        return next(
            (
                name
                for name in sorted(qualified_names(self.rule, expression))
                if project.owns(name) and project.derives_from(name, self.classes)
            ),
            None,
        )

    def _local_class(self, name: cst.Name) -> cst.ClassDef | None:
        found = bindings(self.rule, name)
        if found is None or len(found[1]) != 1:
            return None
        node = getattr(found[1][0], "node", None)
        return node if node in self.subclasses else None

    def instance(self, expression: cst.BaseExpression) -> Instance | None:
        """The instance `expression` is, when that is certain."""
        if not isinstance(expression, cst.Name):
            return None
        found = bindings(self.rule, expression)
        if found is None or not found[1]:
            return None
        subclass = self._self_of_method(found[1])
        if subclass is not None:
            return Instance(expression.value, None, subclass, local_class=subclass)
        if len(found[1]) == 1:
            node = getattr(found[1][0], "node", None)
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                return self._imported_instance(expression)
            if isinstance(node, cst.Param):
                return self._annotated_parameter(expression.value, node, found[0])
        names = set()
        factories = set()
        for assignment in found[1]:
            value = self.assigned_value(getattr(assignment, "node", None))
            if not (isinstance(value, cst.Call) and self.is_class(value.func)):
                return None
            names.add(_constructed_name(value))
            factories.add(value.func)
        factory = factories.pop() if len(factories) == 1 else None
        return Instance(
            expression.value,
            names.pop() if len(names) == 1 else None,
            None,
            local_class=self._local_class(factory) if isinstance(factory, cst.Name) else None,
            project_class=self.project_class(factory) if factory is not None else None,
        )

    def known_other(self, expression: cst.BaseExpression) -> bool:
        """Whether `expression` is an instance of a class known not to be one of the
        classes: assigned once from a call of such a class."""
        if not isinstance(expression, cst.Name):
            return False
        found = bindings(self.rule, expression)
        if found is None or len(found[1]) != 1:
            return False
        value = self.assigned_value(getattr(found[1][0], "node", None))
        return isinstance(value, cst.Call) and self.known_other_class(value.func)

    def known_other_class(self, expression: cst.BaseExpression, seen: frozenset[cst.ClassDef] = frozenset()) -> bool:
        """Whether `expression` names a class known to derive from none of the
        classes, nor from anything unknown: `object`, a class of this module or of
        the project made only of such classes."""
        if is_object(expression):
            return True
        if isinstance(expression, cst.Name):
            found = bindings(self.rule, expression)
            node = getattr(found[1][0], "node", None) if found is not None and len(found[1]) == 1 else None
            if isinstance(node, cst.ClassDef):
                return node not in seen and all(
                    not base.keyword and self.known_other_class(base.value, seen | {node}) for base in node.bases
                )
        project = self.rule.project
        for name in qualified_names(self.rule, expression):
            target = project.resolve(name)
            if isinstance(target, Class):
                roots = project.roots(target)
                return UNKNOWN not in roots and roots.isdisjoint(self.classes)
        return False

    def _imported_instance(self, name: cst.Name) -> Instance | None:
        """A module-level instance of another module of the project."""
        project = self.rule.project
        for qualified in sorted(qualified_names(self.rule, name)):
            facts = project.instance_of(qualified, self.classes)
            if facts is not None:
                factory = facts.factory if project.owns(facts.factory) else None
                return Instance(name.value, facts.constructed_name, None, project_class=factory)
        return None

    def _annotated_parameter(self, name: str, param: cst.Param, scope: Scope) -> Instance | None:
        """A parameter annotated with one of the classes (`app: Flask`, `bp:
        Optional["Blueprint"]`, a project subclass)."""
        if param.annotation is None:
            return None
        annotation = annotated_class(self.rule, param.annotation.annotation, scope)
        if annotation is None:
            return None
        node, names = annotation
        if not any(self.rule.project.derives_from(qualified, self.classes) for qualified in names):
            local = self._local_class(node) if isinstance(node, cst.Name) else None
            if local is None:
                return None
            return Instance(name, None, None, local_class=local)
        project_class = next((qualified for qualified in sorted(names) if self.rule.project.owns(qualified)), None)
        return Instance(name, None, None, project_class=project_class)

    def assigned_value(self, target: cst.CSTNode | None) -> cst.BaseExpression | None:
        """The value a name alone on the left of `=` was given."""
        if not isinstance(target, cst.Name):
            return None
        parent = self.rule.get_metadata(ParentNodeProvider, target)
        if isinstance(parent, cst.AnnAssign):
            return parent.value
        if isinstance(parent, cst.AssignTarget):
            statement = self.rule.get_metadata(ParentNodeProvider, parent)
            if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
                return statement.value
        return None

    def _self_of_method(self, assignments: tuple[object, ...]) -> cst.ClassDef | None:
        """The subclass whose method has the name as its first parameter."""
        if len(assignments) != 1:
            return None
        param = getattr(assignments[0], "node", None)
        if not isinstance(param, cst.Param):
            return None
        function = self.rule.get_metadata(ParentNodeProvider, self.rule.get_metadata(ParentNodeProvider, param))
        if not isinstance(function, cst.FunctionDef) or not function.params.params:
            return None
        if function.params.params[0] is not param or _is_static_or_class_method(function):
            return None
        class_def = enclosing_class(self.rule, function)
        return class_def if class_def in self.subclasses else None

    def defines(self, class_def: cst.ClassDef, method: str) -> bool:
        """Whether the class, or a class of this module or of the project it derives
        from, defines `method` itself."""
        if any(
            isinstance(statement, cst.FunctionDef) and statement.name.value == method
            for statement in class_def.body.body
        ):
            return True
        for base in class_def.bases:
            local = self._local_class(base.value) if isinstance(base.value, cst.Name) else None
            if local is not None and self.defines(local, method):
                return True
            if any(self.rule.project.defines(name, method) for name in qualified_names(self.rule, base.value)):
                return True
        return False

    def overrides(self, instance: Instance, method: str) -> bool:
        """Whether the instance's own class (not Flask's) defines `method`."""
        if instance.local_class is not None:
            return self.defines(instance.local_class, method)
        return instance.project_class is not None and self.rule.project.defines(instance.project_class, method)


def enclosing_class(rule: Rule, function: cst.FunctionDef) -> cst.ClassDef | None:
    """The class whose body defines `function` directly."""
    block = rule.get_metadata(ParentNodeProvider, function)
    class_def = rule.get_metadata(ParentNodeProvider, block) if isinstance(block, cst.IndentedBlock) else None
    return class_def if isinstance(class_def, cst.ClassDef) else None


def _is_static_or_class_method(function: cst.FunctionDef) -> bool:
    return any(
        isinstance(decorator.decorator, cst.Name) and decorator.decorator.value in ("staticmethod", "classmethod")
        for decorator in function.decorators
    )


def _constructed_name(call: cst.Call) -> str | None:
    """The literal first argument (or name=) of a call such as Blueprint("admin", ...)."""
    for position, arg in enumerate(call.args):
        if (arg.keyword is None and position == 0 and not arg.star) or (
            arg.keyword is not None and arg.keyword.value == "name"
        ):
            return string_value(arg.value)
    return None


def string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def ancestors(rule: Rule, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The nodes `node` is in, innermost first."""
    parent = rule.get_metadata(ParentNodeProvider, node, None)
    while parent is not None:
        yield parent
        parent = rule.get_metadata(ParentNodeProvider, parent, None)


def in_function(rule: Rule, node: cst.CSTNode) -> bool:
    """Whether `node` is inside a def or lambda (runs when called, not at import)."""
    return any(isinstance(parent, (cst.FunctionDef, cst.Lambda)) for parent in ancestors(rule, node))


def enclosing_function(rule: Rule, node: cst.CSTNode) -> cst.FunctionDef | None:
    return next((parent for parent in ancestors(rule, node) if isinstance(parent, cst.FunctionDef)), None)


_TYPING_WRAPPERS = frozenset({"typing.Optional", "typing.Union", "typing_extensions.Optional"})


def annotated_class(
    rule: Rule, annotation: cst.BaseExpression, scope: Scope
) -> tuple[cst.BaseExpression, frozenset[str]] | None:
    """The class an annotation names (through `Optional[...]`, `X | None`,
    `Union[X, None]` and string annotations) and its qualified names."""
    if isinstance(annotation, cst.SimpleString):
        text = annotation.evaluated_value
        try:
            parsed = cst.parse_expression(text) if isinstance(text, str) else None
        except cst.ParserSyntaxError:
            return None
        return None if parsed is None else annotated_class(rule, parsed, scope)
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        parts = [annotation.left, annotation.right]
        kept = [part for part in parts if not (isinstance(part, cst.Name) and part.value == "None")]
        return annotated_class(rule, kept[0], scope) if len(kept) == 1 else None
    if isinstance(annotation, cst.Subscript):
        if not _names(rule, annotation.value, scope) & _TYPING_WRAPPERS:
            return None
        elements = [element.slice.value for element in annotation.slice if isinstance(element.slice, cst.Index)]
        kept = [element for element in elements if not (isinstance(element, cst.Name) and element.value == "None")]
        return annotated_class(rule, kept[0], scope) if len(kept) == 1 else None
    if isinstance(annotation, (cst.Name, cst.Attribute)):
        return annotation, _names(rule, annotation, scope)
    return None


def _names(rule: Rule, expression: cst.BaseExpression, scope: Scope) -> frozenset[str]:
    """Qualified names of `expression`: from the scope analysis for a node of the
    module, from the imports visible in `scope` for one parsed from a string."""
    names = qualified_names(rule, expression)
    if names:
        return names
    dotted = cst.helpers.get_full_name_for_node(expression)
    if dotted is None:
        return frozenset()
    head, _, rest = dotted.partition(".")
    found = set()
    for assignment in scope[head]:
        imported = imported_name(rule, assignment)
        if imported is not None:
            found.add(f"{imported}.{rest}" if rest else imported)
    return frozenset(found)


def imported_name(rule: Rule, assignment: object) -> str | None:
    """The dotted name an import binding stands for (aliases followed):
    "flask.request" for `from flask import request`, "pkg.utils.Base" for
    `from .utils import Base` in pkg, "a.b" for `import a.b as c`, "a" for
    `import a.b`; None for any other kind of binding."""
    node = getattr(assignment, "node", None)
    bound = getattr(assignment, "name", None)
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = cst.helpers.get_full_name_for_node(alias.name) or ""
            if alias.evaluated_alias == bound or (alias.evaluated_alias is None and full.split(".")[0] == bound):
                return full if alias.evaluated_alias is not None else bound
        return None
    if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
        return None
    module = cst.helpers.get_full_name_for_node(node.module) if node.module is not None else ""
    for alias in node.names:
        if (alias.evaluated_alias or alias.evaluated_name) == bound:
            return absolute_name(
                rule, "." * len(node.relative) + ".".join(filter(None, [module, alias.evaluated_name]))
            )
    return None


def why_unproven(rule: Rule, expression: cst.BaseExpression, kind: str) -> str:
    """Why the resolver could not prove `expression` is a `kind` ("flask.Flask"), in
    the words of a finding: "cannot prove `app` is a flask.Flask: it is a parameter
    of init_app"."""
    code = cst.Module([]).code_for_node(expression)
    head = f"cannot prove `{code}` is a {kind}"
    if isinstance(expression, cst.Name):
        found = bindings(rule, expression)
        if found is None or not found[1]:
            return f"{head}: it is not bound in this module"
        if len(found[1]) > 1:
            return f"{head}: it is bound more than once"
        node = getattr(found[1][0], "node", None)
        if isinstance(node, cst.Param):
            annotation = kind.split()[0].rpartition(".")[2]
            return f"{head}: it is a parameter {_owner(rule, node)} (annotate it, `{code}: {annotation}`)"
        if not isinstance(node, (cst.Import, cst.ImportFrom)):
            return (
                f"{head}: it is not assigned a {kind.split()[0].rpartition('.')[2]}(...) call the project index knows"
            )
    if isinstance(expression, cst.Attribute):
        root: cst.BaseExpression = expression
        while isinstance(root, cst.Attribute):
            root = root.value
        found = bindings(rule, root) if isinstance(root, cst.Name) else None
        param = getattr(found[1][0], "node", None) if found is not None and len(found[1]) == 1 else None
        if isinstance(param, cst.Param) and isinstance(root, cst.Name):
            return f"{head}: `{root.value}` is a parameter {_owner(rule, param)}"
    imported = sorted(name for name in qualified_names(rule, expression) if "<locals>" not in name)
    origin = imported[0] if imported else None
    if origin is None:
        return f"{head}: the project index follows names, not `{code}`"
    if isinstance(expression, cst.Name) and origin.split(".")[0] != code:
        return f"{head}: it is imported as `{origin}`, which the project index does not resolve to one"
    if rule.project.owns(origin):
        return f"{head}: the project index cannot follow `{origin}`"
    return f"{head}: `{origin}` is from outside the project, and not known to be one"


def _owner(rule: Rule, param: cst.Param) -> str:
    """ "of init_app" for a parameter of `def init_app`, "of a lambda" for a lambda's."""
    parameters = rule.get_metadata(ParentNodeProvider, param, None)
    function = rule.get_metadata(ParentNodeProvider, parameters, None) if parameters is not None else None
    return f"of {function.name.value}" if isinstance(function, cst.FunctionDef) else "of a lambda"


def imports_quart(rule: Rule) -> bool:
    """Whether the module imports Quart, whose API mirrors Flask's: a look-alike."""
    return any(
        name.split(".")[0] == "quart"
        for node in (*rule.nodes.of_type(cst.ImportFrom), *rule.nodes.of_type(cst.Import))
        for name in _imported_modules(node)
    )


def _imported_modules(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.ImportFrom):
        return [absolute_module(node) or ""]
    assert isinstance(node, cst.Import)
    return [cst.helpers.get_full_name_for_node(alias.name) or "" for alias in node.names]


RECORD_METHODS = ("record", "record_once")


def deferred_functions(rule: Rule) -> list[tuple[cst.Lambda | cst.FunctionDef, cst.BaseExpression]]:
    """The functions the module hands to some `X.record(...)` / `X.record_once(...)`
    (as an argument, by name, or as a decorator), each with its X: their parameter is
    a setup state."""
    functions: list[tuple[cst.Lambda | cst.FunctionDef, cst.BaseExpression]] = []
    named: dict[str, cst.BaseExpression] = {}
    for call in rule.nodes.of_type(cst.Call):
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in RECORD_METHODS and call.args:
            value = call.args[0].value
            if isinstance(value, cst.Lambda):
                functions.append((value, call.func.value))
            elif isinstance(value, cst.Name):
                named[value.value] = call.func.value
    for function in rule.nodes.of_type(cst.FunctionDef):
        decorators: list[cst.Attribute] = [
            decorator.decorator
            for decorator in function.decorators
            if isinstance(decorator.decorator, cst.Attribute) and decorator.decorator.attr.value in RECORD_METHODS
        ]
        if decorators:
            functions.append((function, decorators[0].value))
        elif function.name.value in named:
            functions.append((function, named[function.name.value]))
    return [(function, receiver) for function, receiver in functions if function.params.params]


def deferred_with_state(rule: Rule) -> Iterator[tuple[cst.Lambda | cst.FunctionDef, cst.BaseExpression, str]]:
    """Each function deferred on a receiver, with the name of its setup state:
    deferred_functions, and methods handed over as `X.record(self.init)` in a method
    of the class that defines `init(self, state)`."""
    for function, receiver in deferred_functions(rule):
        yield function, receiver, function.params.params[0].name.value
    for call in rule.nodes.of_type(cst.Call):
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in RECORD_METHODS and call.args):
            continue
        value = call.args[0].value
        if not (isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.value.value == "self"):
            continue
        caller = enclosing_function(rule, call)
        class_def = enclosing_class(rule, caller) if caller is not None else None
        method = methods(class_def).get(value.attr.value) if class_def is not None else None
        if method is not None and len(method.params.params) >= 2:
            yield method, call.func.value, method.params.params[1].name.value
