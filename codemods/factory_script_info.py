"""SM013 factory-script-info: app factories expecting the `script_info` that Flask 2 stopped passing."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from codemods._base import Rule

# The factory names `flask run` looks for in a module (FLASK_APP=module).
FACTORY_NAMES = frozenset({"create_app", "make_app"})
SCRIPT_INFO = "script_info"


class FactoryScriptInfo(Rule):
    ID = "SM013"
    NAME = "factory-script-info"
    SUMMARY = (
        "an app factory's `script_info` parameter gets a None default where the body does not use it; "
        "a finding where it does"
    )
    WHAT_IT_DOES = """
        In a module-level `create_app` or `make_app` (the factories `flask run` looks for),
        the `script_info` parameter Flask 1.x filled with the CLI's `ScriptInfo` gets the
        default `None` when the body never reads it.
        """
    WHY = """
        Flask 1.1 called a factory with the CLI's `ScriptInfo` when it had a `script_info`
        parameter or a single parameter without a default. Flask 2.0 deprecated it, and passes a
        `script_info` parameter twice; Flask 2.1 calls the factory with no arguments at all. Either
        way `flask run` fails: `NoAppException: Detected factory 'create_app' in module 'app',
        but could not call it without arguments`.
        """
    EXAMPLES = ("unused-script-info",)
    LEAVES_ALONE = """
        Functions of other names or inside classes, a `script_info` with a default already,
        and a factory's single parameter of another name: 1.x passed ScriptInfo to it only
        when FLASK_APP gave no arguments, which the code does not show.
        """
    FIX_SAFETY = """
        A default keeps every existing call working (the project's tests may pass an
        argument) while `flask run` calls the factory with none. A factory whose body reads
        the parameter is a finding: what it took from ScriptInfo must come from elsewhere.
        """
    TRIGGERS = ()
    # A module-level definition starts its line; its parameters name script_info.
    TRIGGER_PATTERNS = {
        name.encode(): rb"(?:\A|(?<=[\r\n]))(?:async\s+)?def\s+" + name.encode() + rb"\s*\("
        for name in sorted(FACTORY_NAMES)
    }
    REQUIRED = (b"flask", SCRIPT_INFO.encode())
    VOCABULARY = tuple(name.encode() for name in sorted(FACTORY_NAMES))
    FINDINGS = {
        "script-info-used": (
            "the app factory reads the ScriptInfo Flask 1.x passed it, which Flask 2 no longer does: take what "
            "it needed from the environment or click's context, and give the parameter a default"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "unused-script-info": (
            """\
            from flask import Flask


            def create_app(script_info):
                app = Flask(__name__)
                return app
            """,
            """\
            from flask import Flask


            def create_app(script_info=None):
                app = Flask(__name__)
                return app
            """,
        ),
        "script-info-beside-other-parameters": (
            """\
            from flask import Flask


            def make_app(config=None, script_info=None, *, testing=False):
                return Flask(__name__)


            def create_app(config, script_info):
                return Flask(config)
            """,
            """\
            from flask import Flask


            def make_app(config=None, script_info=None, *, testing=False):
                return Flask(__name__)


            def create_app(config, script_info=None):
                return Flask(config)
            """,
        ),
    }
    NO_OPS = {
        "keyword-only-parameter": "import flask\n\ndef create_app(*, script_info=None):\n    return flask.Flask('a')\n",
        "single-parameter-of-another-name": "import flask\n\ndef create_app(config):\n    return flask.Flask(config)\n",
        "config-parameter-with-default": "import flask\n\ndef create_app(config=None):\n    return flask.Flask('a')\n",
        "no-parameters": "import flask\n\ndef create_app():\n    return flask.Flask(__name__)\n",
        "method-of-a-class": (
            "import flask\n\nclass Factory:\n    def create_app(self, script_info):\n        return flask.Flask('a')\n"
        ),
        "other-function": "import flask\n\ndef build(script_info):\n    return flask.Flask(__name__)\n",
    }
    FINDING_CASES = {
        "script-info-read": (
            """\
            from flask import Flask


            def create_app(script_info):
                app = Flask(__name__)
                app.config["NAME"] = script_info.data.get("name")
                return app
            """,
            4,
            "ScriptInfo",
        ),
    }

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        if original_node.name.value not in FACTORY_NAMES or not self._at_module_level(original_node):
            return updated_node
        param = _filled_by_1x(original_node.params)
        if param is None:
            return updated_node
        if self._reads(original_node, param):
            self.report_finding(original_node, "script-info-used", self.FINDINGS["script-info-used"])
            return updated_node
        self.record_change(original_node, f"{param.name.value}: a None default, as flask run passes nothing")
        new_params = [
            new.with_changes(
                default=cst.Name("None"),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                ),
            )
            if old is param
            else new
            for old, new in zip(original_node.params.params, updated_node.params.params)
        ]
        return updated_node.with_changes(params=updated_node.params.with_changes(params=new_params))

    def _at_module_level(self, function: cst.FunctionDef) -> bool:
        return isinstance(self.get_metadata(ParentNodeProvider, function, None), cst.Module)

    def _reads(self, function: cst.FunctionDef, param: cst.Param) -> bool:
        scope = self.get_metadata(ScopeProvider, function.body, None)
        if scope is None:
            return True
        return any(assignment.references for assignment in scope.assignments[param.name.value])


def _filled_by_1x(params: cst.Parameters) -> cst.Param | None:
    """A parameter named script_info without a default (a single parameter of another
    name took ScriptInfo too, but FLASK_APP="app:create_app('dev')" or the project's own
    calls may be what fills it)."""
    return next((param for param in params.params if param.name.value == SCRIPT_INFO and param.default is None), None)
