"""SM009 removed-helpers: module-level helpers and flags that Flask 2.0-3.1 removed."""

from __future__ import annotations

from typing import NamedTuple

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._bindings import free_for, import_reads, imported_names, parenthesized_for, without_aliases
from codemods._resolve import flask_api_names
from codemods._syntax import is_plain_reference
from codemods._triggers import imported_from
from codemods.versions import FlaskVersion

TRUE = "True"
INLINE = "inline"  # total_seconds(td) -> td.days * 60 * 60 * 24 + td.seconds
VERSION = 'version("flask")'  # importlib.metadata's, which Flask 3.1's __version__ returns


class Removed(NamedTuple):
    """A helper gone from `removed` on (or deprecated there, when its replacement is
    certain), replaced by TRUE, INLINE, VERSION, or nothing (a finding giving `advice`)."""

    removed: FlaskVersion
    replacement: str | None
    advice: str


_SAFE_JOIN = Removed(
    FlaskVersion(2, 1),
    None,
    "Flask's safe_join raised NotFound where `werkzeug.utils.safe_join` returns None: "
    "`path = safe_join(directory, name)`, then `if path is None: abort(404)`",
)
_SIGNALS_AVAILABLE = Removed(FlaskVersion(2, 3), TRUE, "blinker is required from Flask 2.3: signals are available")
HELPERS = {
    "flask.json_available": Removed(FlaskVersion(2, 0), TRUE, "it was always True"),
    "flask.signals_available": _SIGNALS_AVAILABLE,
    "flask.signals.signals_available": _SIGNALS_AVAILABLE,
    "flask.helpers.total_seconds": Removed(
        FlaskVersion(2, 1), INLINE, "inline it: `td.days * 60 * 60 * 24 + td.seconds` (an int, as it returned)"
    ),
    "flask.safe_join": _SAFE_JOIN,
    "flask.helpers.safe_join": _SAFE_JOIN,
    "flask.__version__": Removed(
        FlaskVersion(3, 1),
        VERSION,
        'use `importlib.metadata.version("flask")` (deprecated in 3.1, gone in 3.2), where `version` is free',
    ),
}
_FROM_JSON_REMOVED = FlaskVersion(2, 1)
_NO_SPACE = cst.SimpleWhitespace("")


class RemovedHelpers(Rule):
    ID = "SM009"
    NAME = "removed-helpers"
    SUMMARY = (
        "`json_available`, `signals_available` (2.3+) -> `True`; `total_seconds(td)` inlined; "
        "`app.config.from_json(f)` -> `from_file(f, load=json.load)`; `flask.__version__` (3.1+) -> "
        '`importlib.metadata.version("flask")`; `safe_join` findings'
    )
    WHAT_IT_DOES = """
        Replaces helpers that Flask removed by what they amounted to, on Flask's own names
        (imported from `flask`, `flask.helpers` or `flask.signals`, or read as `flask.X`):

        - `json_available` (removed in 2.0) -> `True`; `signals_available` -> `True` for 2.3+
          targets, which require blinker (removed in 3.0).
        - `total_seconds(td)` (removed in 2.1) -> `td.days * 60 * 60 * 24 + td.seconds`, its
          body, when the argument is a name or an attribute of one.
        - `app.config.from_json(f[, silent])` (removed in 2.1) on a proven app ->
          `app.config.from_file(f, load=json.load[, silent=...])`, where the module imports
          `json`.
        - `flask.__version__` (deprecated in 3.1) -> `version("flask")`, importing
          `version` from `importlib.metadata`, for 3.1 targets where the name is free.
        - Imports left unused go.
        """
    WHY = """
        Flask 2.0.0 removed `flask.json_available` (`ImportError: cannot import name
        'json_available' from 'flask'`); 2.1.0 removed `flask.helpers.total_seconds`,
        `flask.safe_join` and `Config.from_json` (`AttributeError: 'Config' object has no
        attribute 'from_json'`); 2.3.0 made blinker a requirement, deprecated
        `signals_available`, and 3.0.0 removed it; 3.1.0 deprecated `flask.__version__`.
        """
    EXAMPLES = ("flags-and-total-seconds", "config-from-json", "flask-version")
    LEAVES_ALONE = """
        Names of the project's own or of a vendored Flask copy, `signals_available` for
        targets before 2.3 (blinker was optional: it could be False), and `from_json` on
        something not proven to be an app's config.
        """
    FIX_SAFETY = """
        Each replacement computes what the helper returned on 1.x: `total_seconds` floors as
        its body did (`int(td.total_seconds())` would not, for negative durations), and
        `from_file` opens the file relative to the config's root path, as `from_json` did;
        `version("flask")` is what Flask 3.1's `__version__` returns, the installed
        release. `safe_join` (whose replacement returns None where Flask's raised NotFound)
        is a finding, as are uses the rule cannot rewrite in place (`version` bound to
        something else, a helper passed as a value).
        """
    TRIGGERS = (b"json_available", b"signals_available", b"safe_join")
    TRIGGER_PATTERNS = {
        b"from_json": rb"\.\s*from_json\b",  # the config's method, not `def test_populate_from_json`
        # the helper, not timedelta's method `.total_seconds()`
        b"total_seconds": rb"(?<![.\w])total_seconds\b|helpers\s*\.\s*total_seconds",
        # a module's `__version__` read or imported, not a package defining its own
        b"__version__": imported_from(rb"flask", rb"__version__"),
    }
    VOCABULARY = (b"total_seconds", b"__version__", b"from_json")
    REQUIRED = (b"flask",)
    FINDINGS = {
        "removed": "a helper the target no longer has, without an exact replacement: the message says what to use",
        "not-a-plain-use": (
            "a removed helper used other than as the rule rewrites it (passed as a value, a complex "
            "argument, rebound): replace it by hand as the message says"
        ),
        "from-json": (
            "`config.from_json` is gone from Flask 2.1: use `config.from_file(f, load=json.load)` (import json)"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "flags-and-total-seconds": (
            """\
            from flask import Flask, json_available, signals_available
            from flask.helpers import total_seconds

            if json_available and signals_available:
                lifetime = total_seconds(app.permanent_session_lifetime)
            """,
            """\
            from flask import Flask

            if True and True:
                lifetime = app.permanent_session_lifetime.days * 60 * 60 * 24 + app.permanent_session_lifetime.seconds
            """,
        ),
        "config-from-json": (
            """\
            import json
            from flask import Flask

            app = Flask(__name__)
            app.config.from_json("settings.json", silent=True)
            """,
            """\
            import json
            from flask import Flask

            app = Flask(__name__)
            app.config.from_file("settings.json", load=json.load, silent=True)
            """,
        ),
        "module-attributes-and-parentheses": (
            """\
            import flask
            import flask.helpers

            ok = flask.json_available
            half = flask.helpers.total_seconds(delta) / 2
            """,
            """\
            import flask
            import flask.helpers

            ok = True
            half = (delta.days * 60 * 60 * 24 + delta.seconds) / 2
            """,
        ),
        "import-goes-even-where-a-string-names-it": (
            "2.0",
            """\
            \"\"\"Checks json_available and signals_available.\"\"\"
            from flask import json_available, signals_available

            flags = (json_available, signals_available)
            """,
            """\
            \"\"\"Checks json_available and signals_available.\"\"\"
            from flask import signals_available

            flags = (True, signals_available)
            """,
        ),
        "flask-version": (
            """\
            import flask
            from flask import __version__ as flask_version

            banner = "Flask " + flask_version
            assert flask.__version__ == flask_version
            """,
            """\
            import flask
            from importlib.metadata import version

            banner = "Flask " + version("flask")
            assert version("flask") == version("flask")
            """,
        ),
    }
    NO_OPS = {
        "version-before-3-1": ("3.0", "from flask import __version__\nprint(__version__)\n"),
        "signals-available-before-2-3": ("2.2", "from flask import signals_available\nuse(signals_available)\n"),
        "own-helpers": """\
            from myapp.utils import total_seconds, safe_join
            import flask
            json_available = True
            total_seconds(delta)
            """,
        "vendored-flask": "from myapp._vendor.flask import json_available\nprint(json_available)\n",
        "config-of-something-else": """\
            import json
            from myapp.settings import Settings

            settings = Settings()
            settings.config.from_json("x.json")
            """,
        "werkzeug-safe-join": "from werkzeug.utils import safe_join\nimport flask\npath = safe_join(a, b)\n",
    }
    FINDING_CASES = {
        "safe-join": (
            """\
            from flask import safe_join

            path = safe_join(folder, name)
            """,
            1,
            "returns None",
        ),
        "version-name-taken": (
            """\
            from flask import __version__

            version = 2
            print(__version__)
            """,
            4,
            "importlib.metadata",
        ),
        "total-seconds-passed-as-a-value": (
            """\
            from flask.helpers import total_seconds

            seconds = list(map(total_seconds, deltas))
            """,
            3,
            "td.days * 60 * 60 * 24 + td.seconds",
        ),
        "bound-twice": (
            """\
            from flask import json_available

            if not json_available:
                json_available = False
            """,
            1,
            "it was always True",
        ),
        "from-json-without-json-imported": (
            """\
            from flask import Flask

            app = Flask(__name__)
            app.config.from_json("settings.json")
            """,
            4,
            "import json",
        ),
        "from-json-on-an-unproven-app": (
            """\
            import json
            import flask

            def configure(app):
                app.config.from_json("settings.json")
            """,
            5,
            "parameter",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._proof = AppProof(self)
        # Name reads bound by `from flask import X` of a rewritten helper: (the helper).
        self._reads: dict[cst.Name, str] = {}
        self._dropped: set[cst.ImportAlias] = set()
        for statement in self.nodes.of_type(cst.ImportFrom):
            self._imported_helpers(statement)

    def _imported_helpers(self, statement: cst.ImportFrom) -> None:
        for alias, dotted in imported_names(self, statement):
            helper = HELPERS.get(dotted)
            if helper is None or self.target < helper.removed:
                continue
            if helper.replacement is None:
                self.report_finding(statement, "removed", f"`{dotted}` is gone on Flask {self.target}: {helper.advice}")
                continue
            reads = import_reads(self, statement, alias)
            if reads is None:  # bound again elsewhere: which reads are Flask's is unknown
                self._not_plain(statement, dotted, helper)
                continue
            rewritten = True
            for read in reads:
                if isinstance(read, cst.Name) and self._rewrites(read, helper):
                    self._reads[read] = dotted
                else:
                    rewritten = False
                    self._not_plain(read, dotted, helper)
            if rewritten:
                # The name is gone from Flask: the import goes with its last use, whatever
                # strings say (the import-clean-up keeps a name a string mentions).
                self._dropped.add(alias)

    def _rewrites(self, read: cst.Name, helper: Removed) -> bool:
        if helper.replacement == VERSION:
            return free_for(self, read, "version", ("importlib.metadata",))
        return helper.replacement == TRUE or self._inlinable(read)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        return without_aliases(self, original_node, updated_node, self._dropped)

    def _not_plain(self, node: cst.CSTNode, dotted: str, helper: Removed) -> None:
        self.report_finding(
            node,
            "not-a-plain-use",
            f"`{dotted}` is gone on Flask {self.target} and cannot be replaced here: {helper.advice}",
        )

    def _helper_of(self, node: cst.CSTNode) -> str | None:
        """The rewritten helper a Name read or a `flask.X` attribute refers to."""
        if isinstance(node, cst.Name):
            return self._reads.get(node)
        if isinstance(node, cst.Attribute):
            for dotted in flask_api_names(self, node, HELPERS.keys()):
                helper = HELPERS.get(dotted)
                if helper is not None and self.target >= helper.removed:
                    return dotted
        return None

    def visit_Attribute(self, node: cst.Attribute) -> None:
        dotted = self._helper_of(node)
        if dotted is not None and HELPERS[dotted].replacement is None:
            self.report_finding(node, "removed", f"`{dotted}` is gone on Flask {self.target}: {HELPERS[dotted].advice}")

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._replaced_flag(original_node, updated_node)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return self._replaced_flag(original_node, updated_node)

    def _replaced_flag(self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression) -> cst.BaseExpression:
        dotted = self._helper_of(original)
        if dotted is None:
            return updated
        helper = HELPERS[dotted]
        if helper.replacement == TRUE:
            self.record_change(original, f"{dotted} -> True")
            return cst.Name(TRUE, lpar=updated.lpar, rpar=updated.rpar)
        if helper.replacement == VERSION:
            if not free_for(self, original, "version", ("importlib.metadata",)):
                self._not_plain(original, dotted, helper)
                return updated
            self.add_needed_import("importlib.metadata", "version")
            self.record_change(original, f'{dotted} -> importlib.metadata.version("flask")')
            return cst.parse_expression(VERSION).with_changes(lpar=updated.lpar, rpar=updated.rpar)
        if helper.replacement == INLINE and isinstance(original, cst.Attribute) and not self._inlinable(original):
            self._not_plain(original, dotted, helper)
        return updated

    def _inlinable(self, func: cst.BaseExpression) -> bool:
        call = self.get_metadata(ParentNodeProvider, func, None)
        return (
            isinstance(call, cst.Call)
            and call.func is func
            and len(call.args) == 1
            and call.args[0].keyword is None
            and not call.args[0].star
            and is_plain_reference(call.args[0].value)
        )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        dotted = self._helper_of(original_node.func)
        if dotted is not None and HELPERS[dotted].replacement == INLINE and self._inlinable(original_node.func):
            return self._inlined_total_seconds(original_node, updated_node, dotted)
        if self.target >= _FROM_JSON_REMOVED and _is_method(original_node, "from_json"):
            return self._from_file(original_node, updated_node)
        return updated_node

    def _inlined_total_seconds(self, original: cst.Call, updated: cst.Call, dotted: str) -> cst.BaseExpression:
        delta = updated.args[0].value
        code = cst.Module([]).code_for_node(delta)
        inlined = cst.parse_expression(f"{code}.days * 60 * 60 * 24 + {code}.seconds")
        self.record_change(original, f"inlined {dotted}(td)")
        inlined = inlined.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        return parenthesized_for(self.get_metadata(ParentNodeProvider, original, None), inlined)

    def _from_file(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        assert isinstance(func, cst.Attribute)
        config = func.value
        if not (isinstance(config, cst.Attribute) and config.attr.value == "config"):
            return updated
        if not self._proof.is_app(config.value):
            self._proof.report_unproven(
                original, config.value, "from-json", "use `config.from_file(f, load=json.load)`"
            )
            return updated
        args = list(updated.args)
        if not self._json_is_stdlib(original) or not args or args[0].keyword is not None or args[0].star:
            self.report_finding(
                original, "from-json", "use `config.from_file(f, load=json.load)` (import json, the standard library's)"
            )
            return updated
        first, rest = args[0], args[1:]
        if rest and rest[0].keyword is None and not rest[0].star:  # from_file's second parameter is load
            rest[0] = rest[0].with_changes(keyword=cst.Name("silent"), equal=cst.AssignEqual(_NO_SPACE, _NO_SPACE))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        load = cst.Arg(
            keyword=cst.Name("load"),
            equal=cst.AssignEqual(_NO_SPACE, _NO_SPACE),
            value=cst.parse_expression("json.load"),
            comma=comma if rest else cst.MaybeSentinel.DEFAULT,
        )
        if not isinstance(first.comma, cst.Comma):
            first = first.with_changes(comma=comma)
        args = [first, load, *rest]
        self.record_change(original, "config.from_json(f) -> config.from_file(f, load=json.load)")
        new_func = updated.func.with_changes(attr=cst.Name("from_file"))
        return updated.with_changes(func=new_func, args=args)

    def _json_is_stdlib(self, node: cst.CSTNode) -> bool:
        """`json` at `node` is the standard library's module, bound once by `import json`."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        assignments = list(scope["json"])
        if len(assignments) != 1:
            return False
        statement = getattr(assignments[0], "node", None)
        return isinstance(statement, cst.Import) and any(
            alias.evaluated_name == "json" and alias.asname is None for alias in statement.names
        )


def _is_method(call: cst.Call, name: str) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == name
