"""SM004 package-bound-object: subclasses of the removed `_PackageBoundObject`."""

from __future__ import annotations

import os

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import (
    NOT_ON_SANSIO_SCAFFOLD,
    PACKAGE_BOUND_OBJECT,
    PACKAGE_BOUND_PARAMETERS,
    SANSIO_FROM,
    scaffold_module,
)
from codemods._nodes import descendants
from codemods._resolve import (
    ImportedName,
    bindings,
    enclosing_class,
    enclosing_function,
    imported_name,
    qualified_names,
)
from codemods._syntax import absolute_module, method, methods, setup_check

_FLASK_SCAFFOLD = frozenset({"flask.scaffold.Scaffold", "flask.sansio.scaffold.Scaffold"})


class PackageBoundObject(Rule):
    ID = "SM004"
    NAME = "package-bound-object"
    SUMMARY = (
        "`_PackageBoundObject` subclasses -> `Scaffold` subclasses: keyword constructor "
        "calls, the target's setup check, a name"
    )
    WHAT_IT_DOES = """
        Turns subclasses of the removed `_PackageBoundObject` into `Scaffold` subclasses that
        work on the target.

        - Every reference to the class (aliases and `flask.helpers._PackageBoundObject`
          included) becomes `Scaffold`, imported for the target (`flask.scaffold` up to 2.3,
          `flask.sansio.scaffold` from 3.0).
        - Constructor calls (`_PackageBoundObject.__init__(self, ...)`, `super().__init__`,
          `super(X, self).__init__`) pass keywords mapped by the 1.x signature (import_name,
          template_folder, root_path). The same holds in every module of the project for
          calls that reach that constructor through a class inheriting it
          (`Theme(__name__, "templates")`, `Theme.__init__(self, ...)`, `super().__init__(...)`
          in a subclass), which are valid on 1.x too.
        - The class gets the setup check Scaffold's setup methods call, when it has none: a
          never-finished `_check_setup_finished(self, f_name)` for 2.2+, `_is_setup_finished`
          returning False for 2.0-2.1 (a `_PackageBoundObject` had no setup phase). It gets a
          `name` property (`import_name`, for Scaffold's repr) unless it sets a name itself.
        """
    WHY = """
        Flask 2.0.0 (pallets/flask #3215, PR #3709) replaced `flask.helpers._PackageBoundObject`
        (ImportError) by `Scaffold`, whose `__init__(import_name, static_folder,
        static_url_path, template_folder, root_path)` would silently take a positional
        template folder as the *static* folder, and whose setup methods call a setup check
        that subclasses must provide.
        """
    EXAMPLES = ("explicit-init-on-2-3", "super-init-on-3-x-with-name-added")
    LEAVES_ALONE = """
        Classes of that name not imported from Flask, and, with a finding, a class
        constructed positionally in a file this run does not migrate (the base stays, and
        the finding names that file and line).
        """
    FIX_SAFETY = """
        Keyword arguments keep each value where 1.x put it. The added setup check never
        reports setup as finished, as a `_PackageBoundObject` never did. For 3.x targets,
        uses of `self.open_resource`, `send_static_file`, `get_send_file_max_age` and `cli` in
        such a class are findings: sansio's Scaffold no longer has them (they moved to
        flask.Flask and flask.Blueprint), and the right implementation depends on what the
        class serves.
        """
    TRIGGERS = (b"_PackageBoundObject",)
    FINDINGS = {
        "scaffold-name-taken": (
            "the module already binds the name Scaffold: derive the class from the target's Scaffold by hand"
        ),
        "constructed-outside-the-run": (
            "the class is constructed with positional arguments in files this run does not migrate: "
            "migrate them together (or pass template_folder= there)"
        ),
        "star-arguments": (
            "a constructor call passes *args or **kwargs: pass import_name, template_folder, "
            "root_path by keyword by hand"
        ),
        "not-on-sansio-scaffold": (
            "the class uses a Scaffold method that Flask 3.0 moved to Flask and Blueprint: implement it on the class"
        ),
    }
    # A module constructing a project subclass of another module is read too.
    CONNECTED_ROOTS = PACKAGE_BOUND_OBJECT
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "explicit-init-on-2-3": (
            "2.3",
            """\
            from flask.helpers import _PackageBoundObject


            class Theme(_PackageBoundObject):
                def __init__(self, import_name):
                    _PackageBoundObject.__init__(self, import_name, "templates")
                    self.name = "theme"
            """,
            """\
            from flask.scaffold import Scaffold


            class Theme(Scaffold):
                def __init__(self, import_name):
                    Scaffold.__init__(self, import_name=import_name, template_folder="templates")
                    self.name = "theme"

                def _check_setup_finished(self, f_name):
                    pass
            """,
        ),
        "super-init-on-3-x-with-name-added": (
            "3.0",
            """\
            from flask.helpers import _PackageBoundObject, get_root_path


            class Plugin(_PackageBoundObject):
                def __init__(self, import_name, root):
                    super(Plugin, self).__init__(import_name, root_path=root)
            """,
            """\
            from flask.helpers import get_root_path
            from flask.sansio.scaffold import Scaffold


            class Plugin(Scaffold):
                def __init__(self, import_name, root):
                    super(Plugin, self).__init__(import_name=import_name, root_path=root)

                def _check_setup_finished(self, f_name):
                    pass

                @property
                def name(self):
                    return self.import_name
            """,
        ),
        "setup-check-of-2-0-and-aliased-import": (
            "2.0",
            """\
            import flask.helpers
            from flask.helpers import _PackageBoundObject as Bound


            class Holder(Bound):
                name = "holder"

                def __init__(self):
                    super().__init__(__name__, "tpl", None)


            class Other(flask.helpers._PackageBoundObject):
                pass
            """,
            """\
            import flask.helpers
            from flask.scaffold import Scaffold


            class Holder(Scaffold):
                name = "holder"

                def __init__(self):
                    super().__init__(import_name=__name__, template_folder="tpl", root_path=None)

                def _is_setup_finished(self):
                    return False


            class Other(Scaffold):
                def _is_setup_finished(self):
                    return False

                @property
                def name(self):
                    return self.import_name
            """,
        ),
    }

    NO_OPS = {
        "no-package-bound-object": ("3.1", "from flask import Flask\napp = Flask(__name__)\n"),
        "own-class-of-that-name": (
            "3.1",
            "class _PackageBoundObject(object):\n    pass\n\n\nclass Theme(_PackageBoundObject):\n    pass\n",
        ),
        "vendored-flask": (
            "3.1",
            "from myapp.vendor.flask.helpers import _PackageBoundObject\n\n\nclass Theme(_PackageBoundObject):\n    pass\n",  # noqa: E501
        ),
        "only-mentioned-in-a-comment": ("3.1", "# _PackageBoundObject is gone\nx = 1\n"),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._package_bound = ImportedName(self.nodes, "_PackageBoundObject")
        self._classes = {
            class_def
            for class_def in self.nodes.of_type(cst.ClassDef)
            if any(self._is_package_bound(base.value) for base in class_def.bases)
        }
        self._inheriting_heads = self._heads_of_inheriting_classes()
        scope = self.get_metadata(ScopeProvider, node, None)
        self._scaffold_taken = scope is not None and not all(
            imported_name(self, assignment) in _FLASK_SCAFFOLD for assignment in scope["Scaffold"]
        )
        if self._classes and self._scaffold_taken:
            for class_def in self._classes:
                self.report_finding(
                    class_def,
                    "scaffold-name-taken",
                    "this module already binds the name Scaffold: derive this class from "
                    f"{scaffold_module(self.target)}.Scaffold by hand",
                )
            self._classes = set()
        for class_def in list(self._classes):
            outside = self._constructions_not_migrated(class_def)
            if outside:
                self._classes = set()
                self.report_finding(
                    class_def,
                    "constructed-outside-the-run",
                    f"{class_def.name.value} is constructed with positional arguments in "
                    f"{', '.join(f'{path}:{line}' for path, line in outside)}, which this run "
                    "does not migrate: as a Scaffold subclass its second positional argument "
                    "would become the static folder; migrate those files in the same run "
                    "(or pass template_folder= there by hand) first",
                )
                break

    def _constructions_not_migrated(self, class_def: cst.ClassDef) -> list[tuple[str, int]]:
        """Where other files outside this run pass `_PackageBoundObject.__init__`
        arguments by position to this class or a project subclass of it."""
        module = self.context.full_module_name
        if module is None:
            return []
        project = self.project
        dotted = f"{module}.{class_def.name.value}"
        found = []
        for called, constructions in project.run.constructions.items():
            if dotted in {target.dotted for target in project.project_classes(called)}:
                found += [
                    (os.path.relpath(call.path, project.root or os.curdir), call.line)
                    for call in constructions
                    if not project.migrates(call.path)
                ]
        return sorted(found)

    def _is_package_bound(self, expression: cst.BaseExpression) -> bool:
        return self._package_bound.may_be(expression) and not qualified_names(self, expression).isdisjoint(
            PACKAGE_BOUND_OBJECT
        )

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if self._classes and self._in_scope_reference(original_node):
            return updated_node.with_changes(value="Scaffold")
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if (
            self._classes
            and original_node.attr.value == "_PackageBoundObject"
            and self._is_package_bound(original_node)
        ):
            return cst.Name("Scaffold", lpar=updated_node.lpar, rpar=updated_node.rpar)
        return updated_node

    def _in_scope_reference(self, name: cst.Name) -> bool:
        if not self._package_bound.may_be(name):  # first: the rest costs, at every name
            return False
        parent = self.get_metadata(ParentNodeProvider, name, None)
        if isinstance(parent, cst.ImportAlias) or (isinstance(parent, cst.Attribute) and parent.attr is name):
            return False
        return self._is_package_bound(name)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if not self._classes or isinstance(updated_node.names, cst.ImportStar) or updated_node.module is None:
            return updated_node
        if absolute_module(updated_node) != "flask.helpers":
            return updated_node
        kept = [alias for alias in updated_node.names if alias.evaluated_name != "_PackageBoundObject"]
        if len(kept) == len(updated_node.names):
            return updated_node
        self.add_needed_import(scaffold_module(self.target), "Scaffold")
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=kept)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if self._classes and self._is_base_init(original_node):
            explicit = not isinstance(original_node.func, cst.Attribute) or not isinstance(
                original_node.func.value, cst.Call
            )
            return self._by_keyword(
                original_node, updated_node, 1 if explicit else 0, "constructor arguments passed to Scaffold by keyword"
            )
        kept = self._inheriting_call(original_node)
        if kept is None:
            return updated_node
        positional = [arg for arg in original_node.args[kept:] if arg.keyword is None]
        if len(positional) < 2 and not any(arg.star for arg in positional):
            return updated_node
        return self._by_keyword(
            original_node,
            updated_node,
            kept,
            "arguments of a constructor inherited from _PackageBoundObject passed by keyword "
            "(Scaffold's takes the static folder second)",
        )

    def _inheriting_call(self, call: cst.Call) -> int | None:
        """For a call that passes arguments to `_PackageBoundObject.__init__` through
        a class inheriting it (`Theme(...)`, `Theme.__init__(self, ...)`,
        `super().__init__(...)` in a subclass), how many leading arguments are not
        the constructor's (`self`); None for any other call."""
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "__init__":
            if (
                isinstance(func.value, cst.Call)
                and isinstance(func.value.func, cst.Name)
                and func.value.func.value == "super"
            ):
                function = enclosing_function(self, call)
                class_def = enclosing_class(self, function) if function is not None else None
                bases = class_def.bases if class_def is not None else ()
                return 0 if bases and self._inherits_init(bases[0].value) else None
            return 1 if self._inherits_init(func.value) else None
        return 0 if self._inherits_init(func) else None

    def _heads_of_inheriting_classes(self) -> set[str]:
        """The names through which this module can reach a class inheriting
        `_PackageBoundObject`'s constructor: its own such classes, the names it binds
        to project ones, and the project modules it imports."""
        heads = {class_def.name.value for class_def in self._classes if "__init__" not in methods(class_def)}
        facts = self.project.facts_for(self.context.filename) if self.context.filename else None
        if facts is not None:
            heads |= {
                name
                for name in facts.bound()
                if self.project.inherits_init(f"{facts.module}.{name}", PACKAGE_BOUND_OBJECT)
            }
            heads |= {name for name, dotted in facts.imports.items() if self.project.knows(dotted)}
        return heads

    def _inherits_init(self, expression: cst.BaseExpression) -> bool:
        """Whether `expression` names a class of this module or of the project that
        takes its constructor from `_PackageBoundObject`."""
        head = expression
        while isinstance(head, cst.Attribute):
            head = head.value
        if not isinstance(head, cst.Name) or head.value not in self._inheriting_heads:
            return False
        if isinstance(expression, cst.Name):
            found = bindings(self, expression)
            node = getattr(found[1][0], "node", None) if found is not None and len(found[1]) == 1 else None
            if node in self._classes:
                return "__init__" not in methods(node)
        module = self.context.full_module_name
        names = qualified_names(self, expression)
        candidates = {*names, *(f"{module}.{name}" for name in names if module is not None)}
        return any(self.project.inherits_init(name, PACKAGE_BOUND_OBJECT) for name in candidates)

    def _by_keyword(self, original_node: cst.Call, updated_node: cst.Call, kept: int, message: str) -> cst.Call:
        """The call with its arguments after the first `kept` passed by keyword
        (import_name, template_folder, root_path)."""
        args = list(updated_node.args)
        head, rest = args[:kept], args[kept:]
        if any(arg.star for arg in rest):
            self.report_finding(
                original_node,
                "star-arguments",
                "pass this constructor's arguments to Scaffold by keyword "
                f"({', '.join(PACKAGE_BOUND_PARAMETERS)}): a positional template folder "
                "would become Scaffold's static_folder",
            )
            return updated_node
        positional = [arg for arg in rest if arg.keyword is None]
        if len(positional) > len(PACKAGE_BOUND_PARAMETERS):
            return updated_node
        named = [
            arg.with_changes(
                keyword=cst.Name(PACKAGE_BOUND_PARAMETERS[index]),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                ),
            )
            for index, arg in enumerate(positional)
        ]
        if not named:
            return updated_node
        self.record_change(original_node, message)
        keywords = [arg for arg in rest if arg.keyword is not None]
        return updated_node.with_changes(args=[*head, *named, *keywords])

    def _is_base_init(self, call: cst.Call) -> bool:
        """`_PackageBoundObject.__init__(self, ...)`, or `super().__init__(...)` in a
        class deriving from it directly."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "__init__"):
            return False
        if self._is_package_bound(func.value):
            return True
        if (
            isinstance(func.value, cst.Call)
            and isinstance(func.value.func, cst.Name)
            and func.value.func.value == "super"
        ):
            function = enclosing_function(self, call)
            return function is not None and enclosing_class(self, function) in self._classes
        return False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.target < SANSIO_FROM or node.attr.value not in NOT_ON_SANSIO_SCAFFOLD:
            return
        function = enclosing_function(self, node)
        if function is None or enclosing_class(self, function) not in self._classes:
            return
        if isinstance(node.value, cst.Name) and node.value.value == function.params.params[0].name.value:
            self.report_finding(
                node,
                "not-on-sansio-scaffold",
                f"`{node.attr.value}` is no longer on Scaffold in Flask 3.0 (it moved to "
                "flask.Flask and flask.Blueprint): implement it on this class",
            )

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if original_node not in self._classes:
            return updated_node
        self.record_change(original_node, f"_PackageBoundObject -> {scaffold_module(self.target)}.Scaffold")
        check = setup_check(self.target)
        added: list[cst.BaseStatement] = []
        if check.name.value not in methods(original_node):
            added.append(check)
        if not _has_name(original_node):
            name = method("name", (), cst.Return(cst.Attribute(cst.Name("self"), cst.Name("import_name"))), "property")
            added.append(name.with_changes(leading_lines=[cst.EmptyLine(indent=False)]))
        if not added:
            return updated_node
        body_statements = [
            statement
            for statement in updated_node.body.body
            if not (isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Pass))
        ]
        if not body_statements:
            added[0] = added[0].with_changes(leading_lines=[])
        return updated_node.with_changes(body=updated_node.body.with_changes(body=[*body_statements, *added]))


def _has_name(class_def: cst.ClassDef) -> bool:
    """Whether the class sets a `name` (class attribute, method, or `self.name = ...`)."""
    for node in descendants(class_def):  # types compared exactly: isinstance on libcst's (abstract) classes costs
        if type(node) is cst.FunctionDef and node.name.value == "name":
            return True
        if type(node) is cst.AssignTarget or type(node) is cst.AnnAssign:
            target = node.target
            if isinstance(target, cst.Name) and target.value == "name":
                return True
            if isinstance(target, cst.Attribute) and target.attr.value == "name":
                return True
    return False
