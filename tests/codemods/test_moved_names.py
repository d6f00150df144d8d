import pytest

from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM006"

REWRITES = {
    "find-package-on-2x": (
        "2.3",
        """\
        from flask.helpers import find_package, get_root_path
        """,
        """\
        from flask.helpers import get_root_path
        from flask.scaffold import find_package
        """,
    ),
    "find-package-on-3x": (
        "3.0",
        """\
        from flask.helpers import find_package
        """,
        """\
        from flask.sansio.scaffold import find_package
        """,
    ),
    "setupmethod-and-scaffold-from-app-on-3x": (
        "3.1",
        """\
        from flask.app import Flask, setupmethod  # the app's own
        from flask.blueprints import Scaffold as Base
        """,
        """\
        from flask.app import Flask
        from flask.sansio.scaffold import setupmethod  # the app's own
        from flask.sansio.scaffold import Scaffold as Base
        """,
    ),
    "locked-cached-property-keeps-its-local-name": (
        "3.0",
        """\
        from flask.helpers import locked_cached_property, url_for
        """,
        """\
        from flask.helpers import url_for
        from werkzeug.utils import cached_property as locked_cached_property
        """,
    ),
    "scaffold-module-on-3x": (
        "3.1",
        """\
        import flask.scaffold
        from flask.scaffold import Scaffold, setupmethod


        class Base(flask.scaffold.Scaffold):
            pass
        """,
        """\
        import flask.sansio.scaffold
        from flask.sansio.scaffold import Scaffold, setupmethod


        class Base(flask.sansio.scaffold.Scaffold):
            pass
        """,
    ),
    "shim-collapses-on-3x": (
        "3.0",
        """\
        import os
        try:
            from flask.scaffold import Scaffold
        except ImportError:  # Flask 3
            from flask.sansio.scaffold import Scaffold
        """,
        """\
        import os
        from flask.sansio.scaffold import Scaffold
        """,
    ),
    "reverse-shim-collapses-on-3x": (
        "3.1",
        """\
        try:
            from flask.sansio.scaffold import setupmethod
        except (ImportError, ModuleNotFoundError):
            from flask.app import setupmethod
        """,
        """\
        from flask.sansio.scaffold import setupmethod
        """,
    ),
}

UNCHANGED = {
    "scaffold-on-2x": ("2.3", "from flask.scaffold import Scaffold, setupmethod\nimport flask.scaffold\n"),
    "setupmethod-from-app-on-2x": ("2.0", "from flask.app import setupmethod\n"),
    "locked-cached-property-on-2x": ("2.3", "from flask.helpers import locked_cached_property\n"),
    "shim-on-2x": (
        "2.2",
        "try:\n    from flask.scaffold import Scaffold\nexcept ImportError:\n    from flask.sansio.scaffold import Scaffold\n",
    ),
    "names-that-did-not-move": (
        "3.1",
        "from flask.helpers import url_for, get_root_path\nfrom flask.app import Flask\n",
    ),
    "vendored-flask": ("3.1", "from myapp.vendor.flask.scaffold import Scaffold\nfrom .helpers import find_package\n"),
    "other-scaffold-attribute": ("3.1", "import flask\nx = project.flask.scaffold\n"),
    "shim-with-other-code": (
        "3.1",
        "try:\n    from flask.sansio.scaffold import Scaffold\nexcept ImportError:\n    Scaffold = None\n",
    ),
}


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(
    RULE, REWRITES, UNCHANGED
)


@pytest.mark.parametrize(
    "source, text",
    [
        ("from flask.helpers import _matching_loader_thinks_module_is_package\n", "importlib.util.find_spec"),
        ("from flask.scaffold import send_from_directory\n", "no replacement"),
    ],
)
def test_names_with_no_home_are_findings(source, text):
    result = run_rule(RULE, source, target="3.1")
    assert not result.changed
    [finding] = result.findings
    assert finding.line == 1 and text in finding.message
