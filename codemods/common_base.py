"""SM005 common-base: hand-made `_FlaskCommon`-style bases become Scaffold subclasses."""

from __future__ import annotations

import os

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import ATTRIBUTE_FUNCTIONS, HAND_MADE_BASE, scaffold_module
from codemods._hand_made_base import HandMadeBase, Refusal, attribute_strings, hand_made_base
from codemods._nodes import descendants
from codemods._resolve import bindings
from codemods._syntax import is_docstring, methods, setup_check


class CommonBase(Rule):
    ID = "SM005"
    NAME = "common-base"
    SUMMARY = (
        "`_FlaskCommon`-style hand-made bases -> Scaffold subclasses: private hook dicts -> "
        "Scaffold attributes (in the subclasses of other modules too), what Scaffold "
        "provides identically removed"
    )
    WHAT_IT_DOES = """
        Replaces a hand-made `_FlaskCommon`-style base by the real Scaffold.

        - *Detection needs the full shape:* a module-level class deriving from nothing (or
          `object`) whose `__init__` sets private hook dicts (`self._before_request_funcs =
          {}`, any of the six hook kinds or `view_functions`) and takes `import_name`, with a
          `route` that calls `self.add_url_rule`, and an `add_url_rule` that raises
          NotImplementedError (or none).
        - The base derives from `Scaffold` (imported for the target); its `__init__` calls
          `Scaffold.__init__` with its own `import_name`, `static_folder`, `static_url_path`,
          `template_folder`, `root_path` parameters as keywords; initialisations Scaffold
          performs (`self._x = {}`, `self.import_name = import_name`, ...) go; the private
          dicts become Scaffold's attributes in the whole module (also as the second argument
          of `getattr`/`setattr`/`hasattr`/`delattr`); methods whose code means exactly what
          Scaffold's does (compared as Python syntax trees, docstrings aside) go, the others
          stay; the setup check is added. The base is always kept, even when reduced to its
          `__init__`: other modules may import it.
        - *Other modules:* `self.<dict>` (and `getattr(self, "<dict>")`) in the methods of
          subclasses of the base in other modules is renamed too, when phase one finds these
          are all the uses of the dicts in those files and the run migrates them.
        """
    WHY = """
        pallets/flask issue #3215 proposed `_FlaskCommon`, a base shared by the app and
        blueprints that keeps hooks keyed by None; Flask 2.0.0 (PR #3709) shipped it as
        `Scaffold`. Codebases that wrote their own keep a second, diverging copy of what
        Flask now provides, with private dicts Flask never reads.
        """
    EXAMPLES = ("full-shape-on-3-x",)
    LEAVES_ALONE = """
        A class with only a `route` or a `before_request` method, one whose `add_url_rule`
        does real work, one deriving from another class, and one without hook dicts. Other
        private attributes (`_error_handler_spec`, whose nesting differs from Scaffold's)
        stay as they are.
        """
    FIX_SAFETY = """
        Only methods whose syntax tree equals Scaffold's meaning are removed, so every call
        keeps its behaviour. Any use of the dicts the rename cannot follow (on another
        object, in a file this run does not migrate, beside a base that cannot be migrated)
        leaves the base alone, with a finding listing the uses.
        """
    TRIGGERS = (b"add_url_rule",)
    FINDINGS = {
        "no-add-url-rule": (
            "a subclass of the migrated base neither implements nor inherits add_url_rule while "
            "route() is used: it will raise NotImplementedError"
        ),
        "dict-name-in-string": (
            "a hook dict's name also appears in another string: rename it to Scaffold's attribute and"
            " derive the base from Scaffold by hand"
        ),
        "no-import-name": ("a Scaffold-like base whose __init__ takes no import_name: derive it from Scaffold by hand"),
        "dicts-used-elsewhere": (
            "the base's hook dicts are used in other files in ways this run cannot rename with it: "
            "rename them there and here together, by hand"
        ),
    }
    REQUIRED = (b"def route",)
    # Subclasses in other modules read the base's dicts: they are renamed there too.
    CONNECTED_ROOTS = frozenset({HAND_MADE_BASE})
    # It renames attributes in every string of the module.
    FOCUSABLE = False
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    # A hand-made base of the full shape, which the cases vary.
    EXAMPLE_BASE = '''\
    class _FlaskCommon(object):
        def __init__(self, import_name, template_folder=None):
            self.import_name = import_name
            self.template_folder = template_folder
            self._before_request_funcs = {}
            self._url_default_functions = dict()
            self.extra = {}

        def route(self, rule, **options):
            def decorator(f):
                endpoint = options.pop("endpoint", None)
                self.add_url_rule(rule, endpoint, f, **options)
                return f
            return decorator

        def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
            raise NotImplementedError

        def before_request(self, f):
            """Register f."""
            self._before_request_funcs.setdefault(None, []).append(f)
            return f

        def url_defaults(self, func):
            self._url_default_functions.setdefault(None, []).append(func)
            return func

        def describe(self):
            return len(self._before_request_funcs)
    '''

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "full-shape-on-3-x": (
            "3.1",
            EXAMPLE_BASE
            + """

    class App(_FlaskCommon):
        def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
            self.rules.append(rule)

        def hooks(self):
            return getattr(self, "_before_request_funcs"), self._url_default_functions
    """,
            """\
    from flask.sansio.scaffold import Scaffold

    class _FlaskCommon(Scaffold):
        def __init__(self, import_name, template_folder=None):
            Scaffold.__init__(self, import_name=import_name, template_folder=template_folder)
            self.extra = {}

        def describe(self):
            return len(self.before_request_funcs)

        def _check_setup_finished(self, f_name):
            pass


    class App(_FlaskCommon):
        def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
            self.rules.append(rule)

        def hooks(self):
            return getattr(self, "before_request_funcs"), self.url_default_functions
    """,
        ),
        "setup-check-of-2-1": (
            "2.1",
            EXAMPLE_BASE,
            """\
    from flask.scaffold import Scaffold

    class _FlaskCommon(Scaffold):
        def __init__(self, import_name, template_folder=None):
            Scaffold.__init__(self, import_name=import_name, template_folder=template_folder)
            self.extra = {}

        def describe(self):
            return len(self.before_request_funcs)

        def _is_setup_finished(self):
            return False
    """,
        ),
    }

    NO_OPS = {
        "route-method-alone": """\
    class Router(object):
        def __init__(self):
            self.routes = {}

        def route(self, path):
            return self.add_url_rule(path)
    """,
        "before-request-plugin-system": """\
    class Plugins(object):
        def __init__(self, import_name):
            self._before_request_funcs = {}

        def before_request(self, f):
            self._before_request_funcs.setdefault(None, []).append(f)
            return f
    """,
        "real-add-url-rule": EXAMPLE_BASE.replace("raise NotImplementedError", "self.rules.append(rule)"),
        "derived-from-something": EXAMPLE_BASE.replace("class _FlaskCommon(object):", "class _FlaskCommon(Framework):"),
        "no-hook-dicts": """\
    class Common(object):
        def __init__(self, import_name):
            self.import_name = import_name

        def route(self, rule, **options):
            return lambda f: self.add_url_rule(rule, None, f, **options)

        def add_url_rule(self, *args, **kwargs):
            raise NotImplementedError
    """,
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._attribute_strings = attribute_strings(self.nodes.of_type(cst.Call))
        self._strings = [
            string for string in self.nodes.of_type(cst.SimpleString) if string not in self._attribute_strings
        ]
        classes = [statement for statement in node.body if isinstance(statement, cst.ClassDef)]
        self._bases = {}
        for class_def in classes:
            base = self._common_base(class_def)
            if base is not None:
                self._bases[class_def] = base
        self._renames = {old: new for base in self._bases.values() for old, new in base.renames.items()}
        self._removed = {node for base in self._bases.values() for node in base.removed}
        self._inits = {base.init: base for base in self._bases.values()}
        self._subclass_renames: dict[cst.CSTNode, str] = {}
        for class_def in classes:
            self._plan_subclass_renames(class_def)
        routes_used = any(
            isinstance(call.func, cst.Attribute) and call.func.attr.value == "route"
            for call in self.nodes.of_type(cst.Call)
        )
        for class_def in classes:
            parent = self._local_base(class_def)
            if parent is not None and routes_used and not methods(class_def).get("add_url_rule"):
                self.report_finding(
                    class_def,
                    "no-add-url-rule",
                    f"{class_def.name.value} neither implements add_url_rule nor inherits one "
                    "(Scaffold's raises NotImplementedError): route() will raise NotImplementedError",
                )

    def _plan_subclass_renames(self, class_def: cst.ClassDef) -> None:
        """`self._before_request_funcs` in the methods of a subclass of a base of
        another module that this run migrates (the project index checked that these
        are all the uses of its dicts there)."""
        module = self.context.full_module_name
        if module is None or not self.project.run.common_bases:
            return
        renames: dict[str, str] = {}
        for target in self.project.project_classes(f"{module}.{class_def.name.value}"):
            renames.update(self.project.run.common_bases.get(target.dotted, {}))
        if not renames:
            return
        for method in methods(class_def).values():
            if not method.params.params:
                continue
            self_name = method.params.params[0].name.value
            for found in descendants(method):
                renamed = subclass_use(found, self_name, renames)
                if renamed is not None:
                    self._subclass_renames[renamed] = renames[_attribute_name(renamed)]
        if self._subclass_renames:
            self.record_change(
                class_def,
                f"{', '.join(sorted(renames))} -> Scaffold's attributes (its base becomes a Scaffold subclass)",
            )

    def _local_base(self, class_def: cst.ClassDef) -> HandMadeBase | None:
        for base in class_def.bases:
            if isinstance(base.value, cst.Name):
                found = bindings(self, base.value)
                if found is not None and len(found[1]) == 1:
                    node = getattr(found[1][0], "node", None)
                    if node in self._bases:
                        return self._bases[node]
        return None

    def _common_base(self, class_def: cst.ClassDef) -> HandMadeBase | None:
        """The base when `class_def` has the full shape and can be migrated; None
        otherwise (with a finding where it nearly has it)."""
        found = hand_made_base(class_def, self._strings)
        if isinstance(found, Refusal):
            if found.string is not None:
                line = self.get_metadata(PositionProvider, found.string).start.line
                self.report_finding(
                    class_def,
                    "dict-name-in-string",
                    f"this base looks like Flask's Scaffold, but the name of one of its hook "
                    f"dicts also appears as a string (line {line}) that is not a plain "
                    "getattr/setattr argument: rename it to the Scaffold attribute and derive "
                    "the base from Scaffold by hand",
                )
            else:
                self.report_finding(
                    class_def,
                    "no-import-name",
                    "this base looks like Flask's Scaffold but its __init__ takes no import_name: "
                    "derive it from Scaffold by hand",
                )
            return None
        if found is None:
            return None
        elsewhere = self._uses_elsewhere(class_def, found.renames)
        if elsewhere:
            self.report_finding(
                class_def,
                "dicts-used-elsewhere",
                f"this base looks like Flask's Scaffold, but its hook dicts are also used in "
                f"other modules of the project ({', '.join(elsewhere)}) other than as `self.<dict>` "
                "in its subclasses' methods in files this run migrates, which would break once "
                "they are renamed to Scaffold's attributes here: rename them there and here "
                "together, and derive the base from Scaffold, by hand",
            )
            return None
        return found

    def _uses_elsewhere(self, class_def: cst.ClassDef, renames: dict[str, str]) -> list[str]:
        """file:line of each use of the private dict names in other files of the
        project, unless the project index found them all renamable with the base."""
        module = self.context.full_module_name
        if module is not None and f"{module}.{class_def.name.value}" in self.project.run.common_bases:
            return []
        here = os.path.abspath(self.context.filename or "")
        root = self.project.root or os.curdir
        uses = self.project.run.private_dict_uses
        elsewhere = [
            f"{os.path.relpath(path, root)}:{line}"
            for name in sorted(renames)
            for path, line in uses.get(name, ())
            if path != here
        ]
        if not elsewhere and self.project.facts_for(here) is not None:
            # The project index read this module, but another base stops this one.
            elsewhere = [f"{os.path.relpath(here, root)}, also a base that cannot be migrated"]
        return elsewhere

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        new = self._renames.get(original_node.attr.value) or self._subclass_renames.get(original_node)
        if new is None:
            return updated_node
        return updated_node.with_changes(attr=cst.Name(new))

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        if original_node not in self._attribute_strings:
            return updated_node
        new = self._renames.get(original_node.evaluated_value) or self._subclass_renames.get(original_node)  # type: ignore[arg-type]
        if new is None:
            return updated_node
        quote = original_node.quote
        return updated_node.with_changes(value=f"{original_node.prefix}{quote}{new}{quote}")

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        return cst.RemoveFromParent() if original_node in self._removed else updated_node

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef | cst.RemovalSentinel:
        if original_node in self._removed:
            return cst.RemoveFromParent()
        base = self._inits.get(original_node)
        if base is None or base.scaffold_init is None:
            return updated_node
        body = list(updated_node.body.body)
        at = 1 if body and is_docstring(original_node.body.body[0]) else 0
        body.insert(at, base.scaffold_init)
        return updated_node.with_changes(body=updated_node.body.with_changes(body=body))

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        base = self._bases.get(original_node)
        if base is None:
            return updated_node
        self.record_change(
            original_node,
            f"{original_node.name.value} -> a {scaffold_module(self.target)}.Scaffold subclass "
            f"({', '.join(f'{old} -> {new}' for old, new in base.renames.items())})",
        )
        self.add_needed_import(scaffold_module(self.target), "Scaffold")
        check = setup_check(self.target)
        body = list(updated_node.body.body)
        if check.name.value not in methods(original_node):
            body.append(check)
        return updated_node.with_changes(
            bases=[cst.Arg(cst.Name("Scaffold"))],
            lpar=cst.LeftParen(),
            rpar=cst.RightParen(),
            body=updated_node.body.with_changes(body=body),
        )


def subclass_use(node: cst.CSTNode, self_name: str, renames: dict[str, str]) -> cst.CSTNode | None:
    """The node to rename when `node` is `self.<dict>` or the string of
    `getattr(self, "<dict>")` (and its kin) for one of the dicts."""
    if isinstance(node, cst.Attribute) and node.attr.value in renames:
        return node if isinstance(node.value, cst.Name) and node.value.value == self_name else None
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in ATTRIBUTE_FUNCTIONS
        and len(node.args) >= 2
        and isinstance(node.args[0].value, cst.Name)
        and node.args[0].value.value == self_name
        and isinstance(node.args[1].value, cst.SimpleString)
        and node.args[1].value.evaluated_value in renames
    ):
        return node.args[1].value
    return None


def _attribute_name(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    assert isinstance(node, cst.SimpleString)
    value = node.evaluated_value
    assert isinstance(value, str)
    return value
