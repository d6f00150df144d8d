"""The Flask facts the rules rest on, as data (see flask-facts.md in the design notes)."""

from __future__ import annotations

from typing import NamedTuple

from codemods.versions import TARGETS, FlaskVersion, targets_from

# Modules from which legacy code imported `_endpoint_from_view_func` (1.x helpers and
# the modules that re-imported it, 2.x/3.x scaffold).
ENDPOINT_HELPER_MODULES = (
    "flask.helpers",
    "flask.app",
    "flask.blueprints",
    "flask.scaffold",
    "flask.sansio.scaffold",
)
ENDPOINT_HELPER = "_endpoint_from_view_func"

# Where `Blueprint` can be imported from, as qualified names.
BLUEPRINT_CLASSES = frozenset({"flask.Blueprint", "flask.blueprints.Blueprint", "flask.sansio.blueprints.Blueprint"})


class HookKind(NamedTuple):
    """A hook dict of 1.x's app, and the calls that fill it on a 2.x/3.x blueprint."""

    attribute: str  # the dict on Flask (1.x and 2.x+) and on Scaffold (2.x+)
    local_call: str  # Blueprint method registering a hook for the blueprint itself
    app_call: str  # Blueprint method registering an app-wide hook


HOOK_KINDS = {
    kind.attribute: kind
    for kind in (
        HookKind("before_request_funcs", "before_request", "before_app_request"),
        HookKind("after_request_funcs", "after_request", "after_app_request"),
        HookKind("teardown_request_funcs", "teardown_request", "teardown_app_request"),
        HookKind("template_context_processors", "context_processor", "app_context_processor"),
        HookKind("url_value_preprocessors", "url_value_preprocessor", "app_url_value_preprocessor"),
        HookKind("url_default_functions", "url_defaults", "app_url_defaults"),
    )
}

# app.jinja_env.<dict>[name] = f  ->  blueprint.<call>(f, name)
JINJA_APP_CALLS = {
    "filters": "add_app_template_filter",
    "tests": "add_app_template_test",
    "globals": "add_app_template_global",
}

# Attributes of the app that deferred code may touch and that stay correct in 3.1.
APP_STATE_ATTRIBUTES = frozenset(
    {
        "config",
        "url_map",
        "jinja_env",
        "jinja_loader",
        "extensions",
        "logger",
        "cli",
        "add_url_rule",
        "add_template_filter",
        "add_template_test",
        "add_template_global",
        "template_filter",
        "template_test",
        "template_global",
        "register_blueprint",
        "teardown_appcontext",
        "teardown_appcontext_funcs",
        "shell_context_processor",
        "url_build_error_handlers",
        "json",
        "json_encoder",
        "json_decoder",
        "secret_key",
        "session_interface",
        "test_client_class",
        "static_folder",
        "template_folder",
        "debug",
        "testing",
        "name",
        "import_name",
        "root_path",
        "instance_path",
    }
)

FLASK_CLASSES = frozenset({"flask.Flask", "flask.app.Flask", "flask.sansio.app.App"})
CURRENT_APP = frozenset({"flask.current_app", "flask.globals.current_app"})
SCAFFOLD_CLASSES = frozenset({"flask.scaffold.Scaffold", "flask.sansio.scaffold.Scaffold"})

# Private app API that changed, by the first target where the old form breaks.
FIND_ERROR_HANDLER_TAKES_BLUEPRINTS = targets_from(FlaskVersion(3, 0))
SETUP_CHECK_IS_CHECK_SETUP_FINISHED = targets_from(FlaskVersion(2, 2))
BEFORE_FIRST_REQUEST_REMOVED = targets_from(FlaskVersion(2, 3))
BEFORE_FIRST_REQUEST_NAMES = frozenset(
    {"before_first_request", "before_app_first_request", "before_first_request_funcs"}
)
LIST_MUTATORS = frozenset({"append", "insert", "remove", "extend", "pop", "clear", "sort", "reverse"})

# Where the Scaffold module lives on a target (flask-facts §1).
SANSIO_FROM = FlaskVersion(3, 0)


def scaffold_module(target: FlaskVersion) -> str:
    return "flask.sansio.scaffold" if target >= SANSIO_FROM else "flask.scaffold"


class Move(NamedTuple):
    """A name that left its module: importing it fails from `breaks` on."""

    breaks: FlaskVersion
    module: str | None  # SCAFFOLD_MODULE: the target's Scaffold module; None: gone
    name: str


SCAFFOLD_MODULE = "<the target's scaffold module>"
MOVED_NAMES = {
    ("flask.helpers", "find_package"): Move(FlaskVersion(2, 0), SCAFFOLD_MODULE, "find_package"),
    ("flask.helpers", "_endpoint_from_view_func"): Move(
        FlaskVersion(2, 0), SCAFFOLD_MODULE, "_endpoint_from_view_func"
    ),
    ("flask.helpers", "_matching_loader_thinks_module_is_package"): Move(FlaskVersion(2, 0), None, ""),
    ("flask.scaffold", "_matching_loader_thinks_module_is_package"): Move(FlaskVersion(2, 0), None, ""),
    ("flask.helpers", "locked_cached_property"): Move(FlaskVersion(3, 0), "werkzeug.utils", "cached_property"),
    ("flask.app", "setupmethod"): Move(FlaskVersion(3, 0), SCAFFOLD_MODULE, "setupmethod"),
    ("flask.app", "find_package"): Move(FlaskVersion(3, 0), SCAFFOLD_MODULE, "find_package"),
    ("flask.app", "Scaffold"): Move(FlaskVersion(3, 0), SCAFFOLD_MODULE, "Scaffold"),
    ("flask.blueprints", "setupmethod"): Move(FlaskVersion(3, 0), SCAFFOLD_MODULE, "setupmethod"),
    ("flask.blueprints", "Scaffold"): Move(FlaskVersion(3, 0), SCAFFOLD_MODULE, "Scaffold"),
    # flask.globals' helpers of the context stacks, gone with them in 2.2.
    ("flask.globals", "_lookup_app_object"): Move(FlaskVersion(2, 2), None, ""),
    ("flask.globals", "_lookup_req_object"): Move(FlaskVersion(2, 2), None, ""),
    ("flask.globals", "_find_app"): Move(FlaskVersion(2, 2), None, ""),
    ("flask.globals", "LocalStack"): Move(FlaskVersion(2, 2), "werkzeug.local", "LocalStack"),
    # 1.1's deprecated factory: EnvironBuilder(*args, **kwargs), under the old name.
    ("flask.testing", "make_test_environ_builder"): Move(FlaskVersion(2, 0), "flask.testing", "EnvironBuilder"),
    # Re-exports of markupsafe's objects: Flask's deprecated in 2.3 and removed in
    # 3.0; Jinja's removed in Jinja 3.1, which every Flask 2.x may install.
    ("flask", "Markup"): Move(FlaskVersion(2, 3), "markupsafe", "Markup"),
    ("flask", "escape"): Move(FlaskVersion(2, 3), "markupsafe", "escape"),
    ("jinja2", "Markup"): Move(FlaskVersion(2, 0), "markupsafe", "Markup"),
    ("jinja2", "escape"): Move(FlaskVersion(2, 0), "markupsafe", "escape"),
}
MARKUP_REEXPORTS = frozenset(f"{module}.{name}" for module, name in MOVED_NAMES if name in ("Markup", "escape"))
# Flask's own names of flask.scaffold (2.x) that flask.sansio.scaffold (3.x) still has.
SANSIO_SCAFFOLD_NAMES = frozenset(
    {
        "Scaffold",
        "setupmethod",
        "find_package",
        "get_root_path",
        "_endpoint_from_view_func",
        "_find_package_path",
        "_default_template_ctx_processor",
        "_sentinel",
        "F",
        "T_after_request",
        "T_before_request",
        "T_error_handler",
        "T_route",
        "T_teardown",
        "T_template_context_processor",
        "T_url_defaults",
        "T_url_value_preprocessor",
    }
)


def moved(module: str, name: str, target: FlaskVersion) -> Move | None:
    """Where `from module import name` must point on `target`, if it breaks there."""
    move = MOVED_NAMES.get((module, name))
    if move is None and module == "flask.scaffold":
        move = Move(SANSIO_FROM, SCAFFOLD_MODULE if name in SANSIO_SCAFFOLD_NAMES else None, name)
    if move is None or target < move.breaks:
        return None
    if move.module == SCAFFOLD_MODULE:
        return move._replace(module=scaffold_module(target))
    return move


PACKAGE_BOUND_OBJECT = frozenset({"flask.helpers._PackageBoundObject"})
# _PackageBoundObject.__init__(self, import_name, template_folder=None, root_path=None)
PACKAGE_BOUND_PARAMETERS = ("import_name", "template_folder", "root_path")
# Scaffold's setup check, by target: (method, its parameters after self, the name its
# body returns, or None for a body of `pass`)
SETUP_CHECKS: dict[FlaskVersion, tuple[str, tuple[str, ...], str | None]] = {
    target: ("_check_setup_finished", ("f_name",), None)
    if target >= FlaskVersion(2, 2)
    else ("_is_setup_finished", (), "False")
    for target in TARGETS
}
# What _PackageBoundObject had and sansio's Scaffold (3.0+) no longer has.
NOT_ON_SANSIO_SCAFFOLD = frozenset({"open_resource", "send_static_file", "get_send_file_max_age", "cli"})

# Scaffold attributes whose shape a hand-made base can share ({key: [f, ...]} keyed by
# None for "this object", and {endpoint: view}); error_handler_spec nests differently.
COMMON_BASE_DICTS = frozenset({*HOOK_KINDS, "view_functions"})
# Scaffold's own implementations of a hand-made base's methods, to be filled in with
# the names the base uses; a method whose code means the same is Scaffold's method.
SCAFFOLD_ROUTE = (
    "def route({self}, {rule}, **{options}):\n"
    "    def {decorator}({f}):\n"
    "        {endpoint} = {options}.pop('endpoint', None)\n"
    "        {self}.add_url_rule({rule}, {endpoint}, {f}, **{options})\n"
    "        return {f}\n"
    "    return {decorator}\n"
)
SCAFFOLD_HOOK_METHOD = (
    "def {method}({self}, {f}):\n    {self}.{attribute}.setdefault(None, []).append({f})\n    return {f}\n"
)
SCAFFOLD_INIT_PARAMETERS = ("import_name", "static_folder", "static_url_path", "template_folder", "root_path")

# Every class whose instances, subclasses and re-exports the project index follows.
FLASK_ROOTS = FLASK_CLASSES | BLUEPRINT_CLASSES | SCAFFOLD_CLASSES | PACKAGE_BOUND_OBJECT
# The connection of a module whose classes derive from a hand-made Scaffold-style
# base of another module (SM005), in the project index's terms.
HAND_MADE_BASE = "<a hand-made Scaffold-style base>"
SHARED_TEST_APP = "<a wider-scoped fixture of a conftest.py, set up in a test>"

# The setup methods of Flask 2.3 (those `@setupmethod` wraps), which raise
# AssertionError once the object is registered (a blueprint) or has handled its
# first request (an app).
SCAFFOLD_SETUP_METHODS = frozenset(
    {
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "route",
        "add_url_rule",
        "endpoint",
        "before_request",
        "after_request",
        "teardown_request",
        "context_processor",
        "url_value_preprocessor",
        "url_defaults",
        "errorhandler",
        "register_error_handler",
    }
)
BLUEPRINT_SETUP_METHODS = SCAFFOLD_SETUP_METHODS | {
    "record",
    "record_once",
    "register_blueprint",
    "app_template_filter",
    "add_app_template_filter",
    "app_template_test",
    "add_app_template_test",
    "app_template_global",
    "add_app_template_global",
    "before_app_request",
    "after_app_request",
    "teardown_app_request",
    "app_context_processor",
    "app_errorhandler",
    "app_url_value_preprocessor",
    "app_url_defaults",
}
APP_SETUP_METHODS = SCAFFOLD_SETUP_METHODS | {
    "register_blueprint",
    "template_filter",
    "add_template_filter",
    "template_test",
    "add_template_test",
    "template_global",
    "add_template_global",
    "teardown_appcontext",
    "shell_context_processor",
}
TEST_CLIENT_REQUESTS = frozenset({"get", "post", "put", "delete", "patch", "head", "options", "open"})
# The builtins that read or write an attribute named by a string.
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})
# The route decorators named after HTTP methods, setup methods since Flask 2.0 (and
# a test client's requests): what legacy code calls on an app to set it up is the rest.
ROUTE_SHORTCUTS = frozenset({"get", "post", "put", "delete", "patch"})
LEGACY_APP_SETUP_METHODS = APP_SETUP_METHODS - ROUTE_SHORTCUTS
