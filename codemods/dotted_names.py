"""SM016 dotted-names: blueprint names and blueprint endpoints with a dot, refused from 2.0.1."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import BLUEPRINT_CLASSES
from codemods._resolve import InstanceResolver, flask_api_names, string_value

_ENDPOINT_METHODS = frozenset({"add_url_rule", "route", "get", "post", "put", "delete", "patch"})


class DottedNames(Rule):
    ID = "SM016"
    NAME = "dotted-names"
    SUMMARY = "blueprint names and blueprint endpoints containing a dot (ValueError from 2.0.1): findings"
    WHAT_IT_DOES = """
        Reports the names Flask 2.0.1 refuses: a literal name with a dot given to
        `flask.Blueprint(...)`, and a literal endpoint with a dot given to a proven
        blueprint's `add_url_rule`, `route` (and `get`, `post`, ...) as `endpoint`.
        """
    WHY = """
        Flask 2.0 made a dot the separator of nested blueprints' names, and 2.0.1 refuses
        dots elsewhere: `ValueError: 'name' may not contain a dot '.' character.` when the
        blueprint is made, `ValueError: 'endpoint' may not contain a dot '.' character.`
        when the rule is added. 1.x code used dots to group blueprints (`"admin.users"`).
        """
    EXAMPLES = ()
    LEAVES_ALONE = """
        Names built at run time, blueprints of Quart or of the project's own classes, and
        endpoints of the app itself (which may contain dots).
        """
    FIX_SAFETY = """
        Nothing is rewritten: a new name changes every endpoint (`url_for("admin.users.x")`)
        and template that names it. Rename it (`"admin_users"`), or nest the blueprint in a
        parent named `admin`, which keeps `admin.users.x` as its endpoints' names.
        """
    # Only a literal with a dot where a name goes makes a file worth parsing: most
    # Flask modules make blueprints and add rules.
    TRIGGERS = ()
    TRIGGER_PATTERNS = {
        b"Blueprint(": rb"Blueprint\(\s*[\"'][^\"'\n]*\.",
        b"endpoint=": rb"endpoint\s*=\s*[\"'][^\"'\n]*\.",
        b"add_url_rule(": rb"add_url_rule\([^,)]*,\s*[\"'][^\"'\n]*\.",
    }
    VOCABULARY = (b"Blueprint(", b"endpoint=", b"add_url_rule(")
    FINDINGS = {
        "dotted-blueprint-name": (
            "a blueprint name with a dot: ValueError from Flask 2.0.1; rename it, or nest it in a parent "
            "blueprint named after the part before the dot"
        ),
        "dotted-endpoint": (
            "a blueprint endpoint with a dot: ValueError from Flask 2.0.1; give the endpoint a name without one"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    NO_OPS = {
        "plain-names": """\
            from flask import Blueprint

            users = Blueprint("admin_users", __name__)
            users.add_url_rule("/", "index", index)
            """,
        "quart-blueprint": """\
            from quart import Blueprint

            users = Blueprint("admin.users", __name__)
            """,
        "app-endpoint-with-a-dot": """\
            from flask import Flask

            app = Flask(__name__)
            app.add_url_rule("/", "site.index", index)
            """,
    }
    FINDING_CASES = {
        "dotted-blueprint": (
            """\
            import flask

            users = flask.Blueprint("admin.users", __name__)
            """,
            3,
            "ValueError",
        ),
        "dotted-endpoint": (
            """\
            from flask import Blueprint

            bp = Blueprint("api", __name__)


            @bp.route("/items", endpoint="items.list")
            def items():
                return "items"
            """,
            6,
            "'endpoint' may not contain",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._blueprints = InstanceResolver(self, BLUEPRINT_CLASSES)

    def visit_Call(self, node: cst.Call) -> None:
        if flask_api_names(self, node.func, BLUEPRINT_CLASSES) and node.args:
            name = string_value(node.args[0].value) if node.args[0].keyword is None else None
            if name is not None and "." in name:
                self.report_finding(
                    node,
                    "dotted-blueprint-name",
                    f"the blueprint name {name!r} has a dot: `ValueError: 'name' may not contain a dot '.' "
                    f"character.` from Flask 2.0.1; rename it, or nest it in a parent named "
                    f"{name.rpartition('.')[0]!r}",
                )
            return
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _ENDPOINT_METHODS):
            return
        endpoint = _endpoint(node, func.attr.value)
        if endpoint is not None and "." in endpoint and self._blueprints.instance(func.value) is not None:
            self.report_finding(
                node,
                "dotted-endpoint",
                f"the endpoint {endpoint!r} has a dot: `ValueError: 'endpoint' may not contain a dot '.' "
                "character.` from Flask 2.0.1; give it a name without one",
            )


def _endpoint(call: cst.Call, method: str) -> str | None:
    """The literal endpoint a call gives: `endpoint=...`, or add_url_rule's second argument."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "endpoint":
            return string_value(arg.value)
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    if method == "add_url_rule" and len(positional) >= 2:
        return string_value(positional[1].value)
    return None
