"""SM011 config-attributes: the app attributes mirroring config keys, gone in 2.3."""

from __future__ import annotations

from typing import NamedTuple

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._bindings import parenthesized_for
from codemods._resolve import string_value
from codemods._syntax import is_plain_reference
from codemods.versions import FlaskVersion, targets_from


class ConfigAttribute(NamedTuple):
    """An app attribute that read and wrote `key` of the app's config; a read
    `fallback` (with {app} for the receiver) when the key held None."""

    key: str
    fallback: str | None = None
    read_converts: bool = False  # the read returned a converted value


CONFIG_ATTRIBUTES = {
    "session_cookie_name": ConfigAttribute("SESSION_COOKIE_NAME"),
    "use_x_sendfile": ConfigAttribute("USE_X_SENDFILE"),
    "send_file_max_age_default": ConfigAttribute("SEND_FILE_MAX_AGE_DEFAULT", read_converts=True),
    "propagate_exceptions": ConfigAttribute("PROPAGATE_EXCEPTIONS", "{app}.testing or {app}.debug"),
    "templates_auto_reload": ConfigAttribute("TEMPLATES_AUTO_RELOAD", "{app}.debug"),
}
_ENV_ADVICE = (
    "`app.env` and the ENV config key are gone from Flask 2.3 (FLASK_ENV no longer turns debug on): "
    "test `app.debug`, or a config key of your own, whichever the code meant"
)


class ConfigAttributes(Rule):
    ID = "SM011"
    NAME = "config-attributes"
    SUMMARY = (
        "`app.session_cookie_name`, `use_x_sendfile`, `send_file_max_age_default`, `propagate_exceptions`, "
        '`templates_auto_reload` -> `app.config["..."]` (2.3+); `app.env`, `ENV`, `FLASK_ENV` findings'
    )
    WHAT_IT_DOES = """
        Rewrites the app attributes that mirrored config keys into the config itself, on a
        proven `flask.Flask` (see SM007 for what proves one), reads and writes alike:

        - `app.session_cookie_name` -> `app.config["SESSION_COOKIE_NAME"]`, likewise
          `use_x_sendfile`; `send_file_max_age_default` when written.
        - `app.templates_auto_reload` and `app.propagate_exceptions` when written -> the
          config key; when read, with the fallback the 1.x property applied when the key is
          None (`app.debug`; `app.testing or app.debug`).
        """
    WHY = """
        Flask 2.2.0 deprecated these attributes and 2.3.0 removed them. A read fails
        (`AttributeError: 'Flask' object has no attribute 'session_cookie_name'`); a write
        silently creates a plain attribute that Flask never reads, so the setting is lost.
        2.3.0 also removed `app.env` and the `ENV` config key, and `FLASK_ENV` stopped
        turning debug mode on.
        """
    EXAMPLES = ("reads-and-writes",)
    LEAVES_ALONE = """
        Targets before 2.3, attributes of objects known not to be Flask apps (Quart's apps,
        the module's own classes), and config keys already used through `app.config`.
        """
    FIX_SAFETY = """
        The config key is what each attribute read and wrote, and the fallback keeps the
        1.x property's answer when the key is None. Reading `send_file_max_age_default` (it
        returned the key converted to a timedelta), a fallback read on a receiver that is not
        a plain name, and a receiver nothing proves is an app are findings, as are `app.env`,
        `app.config["ENV"]` and the string `"FLASK_ENV"`: whether they meant debug mode is
        the code's to say.
        """
    TRIGGERS = (*(name.encode() for name in CONFIG_ATTRIBUTES), b"FLASK_ENV", b'"ENV"', b"'ENV'")
    TRIGGER_PATTERNS = {b".env": rb"\.env\b"}
    REQUIRED = (b"flask",)
    SELF_EVIDENT = (b"FLASK_ENV",)  # a settings module reading it need not name Flask
    VOCABULARY = (b".env",)
    TARGETS = targets_from(FlaskVersion(2, 3))
    FINDINGS = {
        "unproven-app": (
            "a removed app config attribute on a receiver nothing proves is a flask.Flask: if it is "
            'one, use `app.config["KEY"]`'
        ),
        "converted-read": (
            "`app.send_file_max_age_default` read: it returned the config value as a timedelta; read "
            '`app.config["SEND_FILE_MAX_AGE_DEFAULT"]` and convert it where needed'
        ),
        "not-rewritable": (
            "a removed app config attribute used where the rule cannot rewrite it (deleted, a "
            'fallback read on a complex receiver): use `app.config["KEY"]` by hand'
        ),
        "env": _ENV_ADVICE,
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "reads-and-writes": (
            """\
            from flask import Flask

            app = Flask(__name__)
            app.session_cookie_name = "shop_session"
            app.templates_auto_reload = True
            cookie = app.session_cookie_name
            on = app.propagate_exceptions
            """,
            """\
            from flask import Flask

            app = Flask(__name__)
            app.config["SESSION_COOKIE_NAME"] = "shop_session"
            app.config["TEMPLATES_AUTO_RELOAD"] = True
            cookie = app.config["SESSION_COOKIE_NAME"]
            on = app.config["PROPAGATE_EXCEPTIONS"] if app.config["PROPAGATE_EXCEPTIONS"] is not None else app.testing or app.debug
            """,  # noqa: E501
        ),
        "current-app-and-subclass": (
            """\
            from flask import Flask, current_app as a


            class App(Flask):
                def setup(self):
                    self.use_x_sendfile = True
                    self.send_file_max_age_default = 60


            def reloading():
                return not a.templates_auto_reload
            """,
            """\
            from flask import Flask, current_app as a


            class App(Flask):
                def setup(self):
                    self.config["USE_X_SENDFILE"] = True
                    self.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60


            def reloading():
                return not (a.config["TEMPLATES_AUTO_RELOAD"] if a.config["TEMPLATES_AUTO_RELOAD"] is not None else a.debug)
            """,  # noqa: E501
        ),
        "local-name-for-current-app": (
            """\
            from flask import current_app


            def cookie_name():
                app = current_app
                return app.session_cookie_name
            """,
            """\
            from flask import current_app


            def cookie_name():
                app = current_app
                return app.config["SESSION_COOKIE_NAME"]
            """,
        ),
        "session-interface": (
            """\
            from flask.sessions import SessionInterface


            class RedisSessionInterface(SessionInterface):
                def save_session(self, app, session, response):
                    response.set_cookie(app.session_cookie_name, session.sid)
            """,
            """\
            from flask.sessions import SessionInterface


            class RedisSessionInterface(SessionInterface):
                def save_session(self, app, session, response):
                    response.set_cookie(app.config["SESSION_COOKIE_NAME"], session.sid)
            """,
        ),
    }
    NO_OPS = {
        "before-2-3": ("2.2", "from flask import Flask\napp = Flask(__name__)\napp.session_cookie_name = 's'\n"),
        "quart-app": "from quart import Quart\napp = Quart(__name__)\napp.session_cookie_name = 's'\n",
        "own-class": """\
            import flask

            class Settings:
                session_cookie_name = "s"

            settings = Settings()
            settings.session_cookie_name = "t"
            """,
        "config-already": 'from flask import Flask\napp = Flask(__name__)\napp.config["SESSION_COOKIE_NAME"] = "s"\n',
        "env-of-something-else": "import flask\nfrom jinja2 import Environment\nenv = Environment()\nx = jinja.env\n",
    }
    FINDING_CASES = {
        "session-interface-helper-of-its-own": (
            """\
            from flask.sessions import SessionInterface


            class RedisSessionInterface(SessionInterface):
                def cookie_for(self, app):
                    return app.session_cookie_name
            """,
            6,
            "parameter of cookie_for",
        ),
        "send-file-max-age-default-read": (
            "from flask import Flask\napp = Flask(__name__)\nage = app.send_file_max_age_default\n",
            3,
            "timedelta",
        ),
        "unproven-receiver": (
            "import flask\n\ndef configure(app):\n    app.session_cookie_name = 'x'\n",
            4,
            "parameter",
        ),
        "app-env": (
            'from flask import Flask\napp = Flask(__name__)\nif app.env == "development":\n    pass\n',
            3,
            "app.debug",
        ),
        "app-env-in-a-view": (
            """\
            from flask import Flask

            app = Flask(__name__)


            def helper():
                pass


            @app.route("/")
            def index():
                return "dev" if app.env == "development" else "prod"
            """,
            12,
            "app.debug",
        ),
        "config-env": ('from flask import Flask\napp = Flask(__name__)\nmode = app.config["ENV"]\n', 3, "ENV"),
        "flask-env-variable": ('import os\nimport flask\nmode = os.environ.get("FLASK_ENV")\n', 3, "FLASK_ENV"),
        "fallback-read-on-a-call": (
            "from flask import Flask\n\ndef make():\n    return Flask(__name__)\n\nx = make().propagate_exceptions\n",
            6,
            "cannot prove",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._proof = AppProof(self)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if string_value(node) == "FLASK_ENV":
            self.report_finding(node, "env", _ENV_ADVICE)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        value = node.value
        if (
            isinstance(value, cst.Attribute)
            and value.attr.value == "config"
            and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Index)
            and string_value(node.slice[0].slice.value) == "ENV"
            and self._proof.is_app(value.value)
        ):
            self.report_finding(node, "env", _ENV_ADVICE)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "env" and self._proof.is_app(node.value):
            self.report_finding(node, "env", _ENV_ADVICE)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        attribute = CONFIG_ATTRIBUTES.get(original_node.attr.value)
        if attribute is None:
            return updated_node
        receiver = original_node.value
        if not self._proof.is_app(receiver):
            self._proof.report_unproven(
                original_node,
                receiver,
                "unproven-app",
                f'use `app.config["{attribute.key}"]` (the attribute is gone from 2.3)',
            )
            return updated_node
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        written = isinstance(parent, cst.AssignTarget) or (
            isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is original_node
        )
        if isinstance(parent, cst.Del):
            self.report_finding(original_node, "not-rewritable", "a removed app config attribute deleted")
            return updated_node
        code = cst.Module([]).code_for_node(updated_node.value)
        item = f'{code}.config["{attribute.key}"]'
        if not written and attribute.read_converts:
            self.report_finding(original_node, "converted-read", self.FINDINGS["converted-read"])
            return updated_node
        if not written and attribute.fallback is not None:
            if not is_plain_reference(receiver):
                self.report_finding(
                    original_node, "not-rewritable", "a fallback read on a receiver that is not a plain name"
                )
                return updated_node
            fallback = attribute.fallback.format(app=code)
            self.record_change(original_node, f"app.{original_node.attr.value} -> app.config with its fallback")
            expression = cst.parse_expression(f"{item} if {item} is not None else {fallback}")
            return parenthesized_for(parent, expression.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar))
        self.record_change(original_node, f'app.{original_node.attr.value} -> app.config["{attribute.key}"]')
        return cst.parse_expression(item).with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
