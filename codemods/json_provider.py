"""SM012 json-provider: the JSON config keys and encoder hooks that 2.3 replaced by `app.json`."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._bindings import import_reads, imported_names, without_aliases
from codemods._json_encoder import EncoderPlan, encoder_plans
from codemods._resolve import flask_api_names, string_value
from codemods.versions import FlaskVersion, targets_from

# Config keys 2.3 ignores, and the attribute of app.json that does their job.
JSON_KEYS = {"JSON_AS_ASCII": "ensure_ascii", "JSON_SORT_KEYS": "sort_keys", "JSONIFY_MIMETYPE": "mimetype"}
PRETTY_PRINT = "JSONIFY_PRETTYPRINT_REGULAR"
ENCODER_HOOKS = frozenset({"json_encoder", "json_decoder"})
ENCODER_CLASSES = frozenset(
    {"flask.json.JSONEncoder", "flask.json.JSONDecoder", "flask.json.htmlsafe_dumps", "flask.json.htmlsafe_dump"}
)
_PROVIDER_RECIPE = (
    "subclass `flask.json.provider.DefaultJSONProvider`, move the encoder's `default(self, o)` into it "
    "(its fallback is `super().default(o)`), and set `app.json = YourProvider(app)`"
)


class JsonProvider(Rule):
    ID = "SM012"
    NAME = "json-provider"
    SUMMARY = (
        '`app.config["JSON_SORT_KEYS"] = v` (`JSON_AS_ASCII`, `JSONIFY_MIMETYPE`) -> `app.json.sort_keys = v`, ... '
        "(2.3+); a plain `default()` encoder -> a `DefaultJSONProvider`; other encoder hooks, "
        "`JSONIFY_PRETTYPRINT_REGULAR` findings"
    )
    WHAT_IT_DOES = """
        On a proven `flask.Flask` (see SM007), for 2.3+ targets, assignments of the JSON
        config keys that 2.3 ignores become assignments of the `app.json` provider's
        attributes: `JSON_AS_ASCII` -> `app.json.ensure_ascii`, `JSON_SORT_KEYS` ->
        `app.json.sort_keys`, `JSONIFY_MIMETYPE` -> `app.json.mimetype`.

        An encoder class of the module deriving from `flask.json.JSONEncoder` whose only
        method is `default(self, o)`, handed to a proven app by `app.json_encoder =
        Encoder` and mentioned in no other file of the project, becomes a
        `flask.json.provider.DefaultJSONProvider` subclass (its fallback
        `JSONEncoder.default(self, o)` becomes `super().default(o)`), set as `app.json =
        Encoder(app)`.
        """
    WHY = """
        Flask 2.2.0 moved JSON behaviour to a provider object, `app.json`, and deprecated
        the encoder hooks and config keys; 2.3.0 removed them. Setting the keys, or
        `app.json_encoder`, is then silently ignored (and `jsonify` raises `TypeError` on the
        objects the encoder handled), while `from flask.json import JSONEncoder` fails:
        `ImportError: cannot import name 'JSONEncoder' from 'flask.json'`.
        """
    EXAMPLES = ("config-keys-become-provider-attributes", "encoder-becomes-a-provider")
    LEAVES_ALONE = """
        Targets before 2.3, config of objects not proven to be Flask apps, and the keys as
        ordinary words of other code.
        """
    FIX_SAFETY = """
        Each provider attribute is what the key set, read by `jsonify` and `app.json.dumps`
        as the key was. The provider's `default` handles what 1.x's encoder did (dates as
        HTTP dates, UUIDs, dataclasses, `__html__`) and also `Decimal`, which 1.x refused.
        An encoder reading `self` beyond its fallback, one on a blueprint (it served that
        blueprint's views only), one set after JSON settings of the same app (replacing
        the provider would drop them) or used elsewhere stays, with findings. In templates,
        `tojson` follows Jinja's policy on 3.x, which always
        sorts keys. Reads of the keys, keys set any other way (`config.update(...)`, a
        settings module for `from_object`), `JSONIFY_PRETTYPRINT_REGULAR` (`app.json.compact =
        False` indents without 1.x's trailing spaces), `json_encoder`/`json_decoder`
        assignments and the removed `flask.json` classes are findings.
        """
    TRIGGERS = (*(key.encode() for key in (*JSON_KEYS, PRETTY_PRINT)), b"json_encoder", b"json_decoder", b"flask.json")
    # An encoder class's body is read whole (see codemods/_json_encoder.py).
    VOCABULARY = (b"JSONEncoder", b"def default")
    TARGETS = targets_from(FlaskVersion(2, 3))
    FINDINGS = {
        "config-key": (
            "a JSON config key that Flask 2.3 ignores, used where the rule cannot rewrite it: set "
            "`app.json.sort_keys` / `ensure_ascii` / `mimetype` / `compact` on the app instead"
        ),
        "encoder": f"an encoder hook or class that Flask 2.3 removed or ignores: {_PROVIDER_RECIPE}",
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "config-keys-become-provider-attributes": (
            """\
            from flask import Flask

            app = Flask(__name__)
            app.config["JSON_SORT_KEYS"] = False
            app.config["JSON_AS_ASCII"] = False
            app.config["JSONIFY_MIMETYPE"] = "application/vnd.api+json"
            """,
            """\
            from flask import Flask

            app = Flask(__name__)
            app.json.sort_keys = False
            app.json.ensure_ascii = False
            app.json.mimetype = "application/vnd.api+json"
            """,
        ),
        "in-a-factory": (
            """\
            from flask import Flask


            def create_app():
                app = Flask(__name__)
                app.config['JSON_SORT_KEYS'] = False  # keep insertion order
                return app
            """,
            """\
            from flask import Flask


            def create_app():
                app = Flask(__name__)
                app.json.sort_keys = False  # keep insertion order
                return app
            """,
        ),
        "encoder-becomes-a-provider": (
            """\
            from decimal import Decimal

            from flask import Flask
            from flask.json import JSONEncoder


            class CustomJSONEncoder(JSONEncoder):
                \"\"\"Money as strings.\"\"\"

                def default(self, o):
                    if isinstance(o, Money):
                        return str(o)
                    return JSONEncoder.default(self, o)


            app = Flask(__name__)
            app.json_encoder = CustomJSONEncoder
            """,
            """\
            from decimal import Decimal

            from flask import Flask
            from flask.json.provider import DefaultJSONProvider


            class CustomJSONEncoder(DefaultJSONProvider):
                \"\"\"Money as strings.\"\"\"

                def default(self, o):
                    if isinstance(o, Money):
                        return str(o)
                    return super().default(o)


            app = Flask(__name__)
            app.json = CustomJSONEncoder(app)
            """,
        ),
    }
    NO_OPS = {
        "before-2-3": ("2.2", 'from flask import Flask\napp = Flask(__name__)\napp.config["JSON_SORT_KEYS"] = False\n'),
        "provider-already": "from flask import Flask\napp = Flask(__name__)\napp.json.sort_keys = False\n",
        "config-of-something-else": 'import flask\nsettings = {}\nsettings["name"] = "JSON"\n',
        "quart-app": "from quart import Quart\napp = Quart(__name__)\napp.json_encoder = Encoder\n",
    }
    FINDING_CASES = {
        "pretty-print": (
            'from flask import Flask\napp = Flask(__name__)\napp.config["JSONIFY_PRETTYPRINT_REGULAR"] = True\n',
            3,
            "compact",
        ),
        "config-update": (
            "from flask import Flask\napp = Flask(__name__)\napp.config.update(JSON_SORT_KEYS=False)\n",
            3,
            "JSON_SORT_KEYS",
        ),
        "settings-module-constant": ("import flask\nJSON_AS_ASCII = False\n", 2, "JSON_AS_ASCII"),
        "encoder-assigned": (
            "from flask import Flask\nfrom .encoders import Encoder\n"
            "app = Flask(__name__)\napp.json_encoder = Encoder\n",
            4,
            "DefaultJSONProvider",
        ),
        "encoder-class-imported": ("from flask.json import JSONEncoder\n", 1, "DefaultJSONProvider"),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._proof = AppProof(self)
        self._rewritten: dict[cst.Assign, tuple[cst.Attribute, str, cst.SimpleString]] = {}
        # A provider replaced after JSON settings were made on it would lose them.
        self._encoders = [plan for plan in encoder_plans(self, self._proof) if not self._settings_before(plan)]
        self._providers = {plan.class_def: plan for plan in self._encoders}
        self._provider_assigns = {plan.assign: plan for plan in self._encoders}
        self._fallbacks = {call for plan in self._encoders for call in plan.fallbacks}
        bases = {plan.base.value for plan in self._encoders}
        self._encoder_uses = bases | {call.func.value for call in self._fallbacks}  # type: ignore[attr-defined]
        self._dropped: set[cst.ImportAlias] = set()
        for statement in self.nodes.of_type(cst.ImportFrom):
            self._imported_encoders(statement)

    def _settings_before(self, plan: EncoderPlan) -> bool:
        """Whether a JSON config key of the same app is set earlier in the module."""
        app = cst.Module([]).code_for_node(plan.app)
        line = self.get_metadata(PositionProvider, plan.assign).start.line
        for assign in self.nodes.of_type(cst.Assign):
            key = _config_key(assign.targets[0].target) if len(assign.targets) == 1 else None
            if (
                key is not None
                and key[1] in (*JSON_KEYS, PRETTY_PRINT)
                and cst.Module([]).code_for_node(key[0].value) == app
                and self.get_metadata(PositionProvider, assign).start.line < line
            ):
                return True
        return False

    def _imported_encoders(self, statement: cst.ImportFrom) -> None:
        """An import of JSONEncoder whose every read is a base or fallback the rule
        rewrites goes; any other is a finding."""
        for alias, dotted in imported_names(self, statement):
            if dotted not in ENCODER_CLASSES:
                continue
            reads = import_reads(self, statement, alias)
            if reads and all(read in self._encoder_uses for read in reads):
                self._dropped.add(alias)
            else:
                self._report_encoder(statement, f"`{dotted}` is gone from Flask 2.3")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node in self._encoder_uses:
            return
        if flask_api_names(self, node, ENCODER_CLASSES):
            self._report_encoder(node, f"`{cst.Module([]).code_for_node(node)}` is gone from Flask 2.3")
        elif node.attr.value in ENCODER_HOOKS and not self._proof.lookalike and not self._is_rewritten_hook(node):
            self._report_encoder(node, f"`{node.attr.value}` is ignored from Flask 2.3")

    def _is_rewritten_hook(self, node: cst.Attribute) -> bool:
        return any(plan.assign.targets[0].target is node for plan in self._encoders)

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if original_node not in self._providers:
            return updated_node
        self.add_needed_import("flask.json.provider", "DefaultJSONProvider")
        self.record_change(original_node, "a JSONEncoder subclass -> a DefaultJSONProvider subclass")
        base = updated_node.bases[0].with_changes(value=cst.Name("DefaultJSONProvider"))
        return updated_node.with_changes(bases=[base])

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node not in self._fallbacks:
            return updated_node
        value = updated_node.args[1].value
        return cst.parse_expression("super().default(o)").with_changes(
            args=[cst.Arg(value)], lpar=updated_node.lpar, rpar=updated_node.rpar
        )

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        return without_aliases(self, original_node, updated_node, self._dropped)

    def _report_encoder(self, node: cst.CSTNode, what: str) -> None:
        self.report_finding(node, "encoder", f"{what}: {_PROVIDER_RECIPE}")

    def visit_Assign(self, node: cst.Assign) -> None:
        key = _config_key(node.targets[0].target) if len(node.targets) == 1 else None
        if key is not None and key[1] in JSON_KEYS and self._proof.is_app(key[0].value):
            self._rewritten[node] = key

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.BaseSmallStatement:
        plan = self._provider_assigns.get(original_node)
        if plan is not None:
            app = cst.Module([]).code_for_node(plan.app)
            self.record_change(original_node, "app.json_encoder = Encoder -> app.json = Provider(app)")
            target = updated_node.targets[0].with_changes(target=cst.parse_expression(f"{app}.json"))
            value = cst.parse_expression(f"{plan.class_def.name.value}({app})")
            return updated_node.with_changes(targets=[target], value=value)
        key = self._rewritten.get(original_node)
        if key is None:
            return updated_node
        config, name, _string = key
        app = cst.Module([]).code_for_node(config.value)
        self.record_change(original_node, f'app.config["{name}"] = ... -> app.json.{JSON_KEYS[name]} = ...')
        new_target = cst.parse_expression(f"{app}.json.{JSON_KEYS[name]}")
        return updated_node.with_changes(targets=[updated_node.targets[0].with_changes(target=new_target)])

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        key = string_value(original_node)
        rewritten = {string for _config, _name, string in self._rewritten.values()}
        if key in (*JSON_KEYS, PRETTY_PRINT) and original_node not in rewritten:
            self._report_key(original_node, key)
        return updated_node

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None and node.keyword.value in (*JSON_KEYS, PRETTY_PRINT):
            self._report_key(node, node.keyword.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, cst.Name) and node.target.value in (*JSON_KEYS, PRETTY_PRINT):
            self._report_key(node, node.target.value)

    def _report_key(self, node: cst.CSTNode, key: str) -> None:
        instead = (
            f"`app.json.{JSON_KEYS[key]}`" if key in JSON_KEYS else "`app.json.compact = False` (close, not byte-equal)"
        )
        self.report_finding(node, "config-key", f"`{key}` is ignored from Flask 2.3: set {instead} on the app")


def _config_key(target: cst.BaseExpression) -> tuple[cst.Attribute, str, cst.SimpleString] | None:
    """For `X.config["KEY"]`: (`X.config`, "KEY", the string)."""
    if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute)):
        return None
    if target.value.attr.value != "config" or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    if not (isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)):
        return None
    name = string_value(index.value)
    return (target.value, name, index.value) if name is not None else None
