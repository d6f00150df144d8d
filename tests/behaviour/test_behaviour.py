"""Legacy apps run on Flask 1.1.4 as written and on modern Flask once migrated:
the responses and the ordered hook calls must be the same."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from scaffold_migrate import migrate_paths
from tests.behaviour.conftest import (
    APPS,
    FINDING_APPS,
    LEGACY,
    MODERN,
    OWN_PROJECTS,
    app_files,
    flask_python,
    observe,
)

APP_NAMES = [path.stem for path in app_files(APPS)]
UNTOUCHED = {"lookalike"}
# Apps whose idioms still work on a target, so that nothing changes for it.
CURRENT_ON = {"2.0": {"context_stacks", "config_attributes", "json_provider", "registered_twice"}}

pytestmark = pytest.mark.behaviour


def test_every_app_runs_on_flask_1_1_4(original_observations):
    for name in APP_NAMES:
        observations = original_observations[name]
        assert "error" not in observations, observations
        assert all(entry["calls"] or entry["status"] == 200 for entry in observations)


@pytest.mark.parametrize("target", MODERN)
def test_migration_is_clean(migrated, target):
    folder, report = migrated[target]
    assert not report.errors and not report.findings
    changed = {Path(result.path).relative_to(folder).parts[0].removesuffix(".py") for result in report.changed}
    assert changed == set(APP_NAMES) - UNTOUCHED - CURRENT_ON.get(target, set())
    for name in UNTOUCHED:
        assert (folder / f"{name}.py").read_bytes() == (APPS / f"{name}.py").read_bytes()


@pytest.mark.parametrize("target", MODERN)
@pytest.mark.parametrize("name", APP_NAMES)
def test_migrated_app_behaves_as_on_flask_1_1_4(original_observations, migrated_observations, target, name):
    assert migrated_observations[target][name] == original_observations[name]


@pytest.mark.parametrize("target", MODERN)
@pytest.mark.parametrize("name", APP_NAMES)
def test_migrated_blueprints_fire_when_nested_or_renamed(original_observations, nested_observations, target, name):
    """Registered inside a parent blueprint, and again with name=, each blueprint
    request sees what the top-level one saw on Flask 1.1.4."""
    observed = nested_observations[target][name]
    assert "error" not in observed, observed
    expected = {entry["request"]: entry for entry in original_observations[name]}
    for entry in observed:
        path = entry["request"].split(" ", 1)[1]
        original = expected[
            "GET " + path[len("/nested") :] if path.startswith("/nested") else "GET " + path[len("/renamed") :]
        ]
        assert (entry["status"], entry["body"], entry["calls"]) == (
            original["status"],
            original["body"],
            original["calls"],
        ), entry["request"]


def test_the_harness_sees_what_the_unmigrated_apps_get_wrong(original_observations):
    """Run unmigrated on Flask 3.1, the legacy apps break or misbehave: the
    comparisons above are able to fail."""
    unmigrated = observe("3.1", "top", APPS)
    broken = {name for name in APP_NAMES if unmigrated[name] != original_observations[name]}
    assert {
        "error_handlers",
        "hook_order",
        "def_record_pure",
        "subclass_hooks",
        "register_overrides",
        "private_app_api",
        "theme_holder",
        "blueprint_package",
        "subclass_chain",
        "package_theme",
        "setup_helpers",
        "reexported_blueprint",
        "send_file_keywords",
        "markup_imports",
        "removed_helpers",
        "context_stacks",
        "config_attributes",
        "json_provider",
        "deferred_routes",
        "registered_twice",
    } <= broken
    nested = observe("3.1", "nested", APPS)
    silent = {
        name
        for name in APP_NAMES
        if name not in broken and "error" not in nested[name] and any(not entry["calls"] for entry in nested[name])
    }
    assert {"every_hook_kind", "factory_blueprints"} <= silent
    assert "error" in nested["endpoint_names"]


@pytest.mark.parametrize("target", MODERN)
def test_apps_migrated_apart_behave_as_on_flask_1_1_4(tmp_path, target):
    """Apps whose rewrite depends on what no other file of the project does (the
    other apps do some of it), and which break unmigrated."""
    folder = tmp_path / "project"
    shutil.copytree(OWN_PROJECTS, folder)
    report = migrate_paths([str(folder)], write=True, target=target)
    assert not report.errors and not report.findings
    assert len(report.changed) == (0 if target == "2.0" else len(app_files(OWN_PROJECTS)))
    original = observe(LEGACY, "top", OWN_PROJECTS)
    assert observe(target, "top", folder) == original
    assert observe("3.1", "top", OWN_PROJECTS) != original


@pytest.mark.parametrize("target", ("2.3", "3.1"))
def test_what_the_findings_name_breaks_the_app(tmp_path, target):
    """Apps whose idiom no rewrite can keep: the tool reports each where its
    EXPECTED_FINDINGS say, and, left as they are, they run on Flask 1.1.4 and break on
    the target (the findings are not false alarms)."""
    folder = tmp_path / "apps"
    shutil.copytree(FINDING_APPS, folder)
    report = migrate_paths([str(folder)], write=True, target=target)
    assert not report.errors
    found = {(Path(finding.path).stem, finding.rule_id, finding.kind, finding.line) for finding in report.findings}
    expected = {
        (path.stem, *finding)
        for path in app_files(FINDING_APPS)
        for finding in ast.literal_eval(_assigned(path, "EXPECTED_FINDINGS"))
    }
    assert found == expected
    original = observe(LEGACY, "top", FINDING_APPS)
    assert all("error" not in observed for observed in original.values()), original
    after = observe(target, "top", folder)
    assert [name for name in original if after[name] == original[name]] == []


def _assigned(path: Path, name: str) -> str:
    """The source of the value a module assigns to `name`."""
    tree = ast.parse(path.read_text())
    (value,) = [
        statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign) and [ast.unparse(target) for target in statement.targets] == [name]
    ]
    return ast.unparse(value)


SCAFFOLD_PROBE = """
import importlib, importlib.util, sys
from importlib.metadata import version
spec = importlib.util.spec_from_file_location("theme_holder", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.modules["theme_holder"] = module
spec.loader.exec_module(module)
major = int(version("flask").split(".")[0])
Scaffold = importlib.import_module("flask.sansio.scaffold" if major >= 3 else "flask.scaffold").Scaffold
theme = module.theme
assert isinstance(theme, Scaffold), type(theme).__mro__
theme.before_request(lambda: None)
theme.context_processor(lambda: {})
theme.errorhandler(404)(lambda error: "missing")
print(repr(theme), len(theme.before_request_funcs[None]), theme.static_folder)
"""


@pytest.mark.parametrize("target", MODERN)
def test_migrated_package_bound_object_is_a_working_scaffold(migrated, target):
    folder, _ = migrated[target]
    completed = subprocess.run(
        [str(flask_python(target)), "-c", SCAFFOLD_PROBE, str(folder / "theme_holder.py")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "<Theme 'theme_holder'> 1 None"


FACTORY_APP = """
from flask import Flask


def create_app(script_info):
    app = Flask(__name__)

    @app.route("/")
    def index():
        return "made by the factory"

    return app
"""
LOAD_THROUGH_THE_CLI = """
from flask.cli import ScriptInfo
app = ScriptInfo().load_app()
print(app.test_client().get("/").get_data(as_text=True))
"""


def _load_factory(version, folder):
    return subprocess.run(
        [str(flask_python(version)), "-c", LOAD_THROUGH_THE_CLI],
        capture_output=True,
        text=True,
        cwd=folder,
        env={"FLASK_APP": "app", "PATH": ""},
    )


@pytest.mark.parametrize("target", MODERN)
def test_a_factory_taking_script_info_loads_through_the_cli_once_migrated(tmp_path, target):
    (tmp_path / "app.py").write_text(FACTORY_APP)
    assert _load_factory(LEGACY, tmp_path).stdout.strip() == "made by the factory"
    report = migrate_paths([str(tmp_path / "app.py")], write=True, target=target)
    assert not report.findings and not report.errors
    assert _load_factory(target, tmp_path).stdout.strip() == "made by the factory"


def test_a_factory_taking_script_info_fails_unmigrated_on_flask_3_1(tmp_path):
    (tmp_path / "app.py").write_text(FACTORY_APP)
    completed = _load_factory("3.1", tmp_path)
    assert completed.returncode != 0 and "could not call it without arguments" in completed.stderr


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_app"
SERVE_THE_EXAMPLE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from app import create_app
client = create_app().test_client()
seen = []
for path in ("/health", "/report", "/admin/"):
    response = client.get(path)
    seen.append([path, response.status_code, response.get_data(as_text=True), response.headers.get("Content-Disposition")])
print(json.dumps(seen))
"""


def _serve_example(version, folder):
    completed = subprocess.run(
        [str(flask_python(version)), "-c", SERVE_THE_EXAMPLE, str(folder)], capture_output=True, text=True
    )
    return completed.stdout, completed.stderr


def test_the_readme_s_example_app_answers_alike_on_flask_1_1_4_and_migrated_on_3_1(tmp_path):
    legacy, errors = _serve_example(LEGACY, EXAMPLE)
    assert legacy, errors
    folder = tmp_path / "legacy_app"
    shutil.copytree(EXAMPLE, folder)
    report = migrate_paths([str(folder)], write=True, target="3.1")
    assert not report.errors and not report.findings
    assert _serve_example("3.1", folder)[0] == legacy
    assert _serve_example("3.1", EXAMPLE)[0] != legacy
