"""SM006 moved-names: imports of names that the Scaffold-era releases moved."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider, QualifiedNameProvider

from codemods._base import Rule
from codemods._flask import MARKUP_REEXPORTS, SANSIO_FROM, moved
from codemods._resolve import qualified_names
from codemods._syntax import absolute_module, bound_name, dotted
from codemods._triggers import imported_from

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})

_MARKUP_ATTRIBUTES = frozenset(name.rpartition(".")[2] for name in MARKUP_REEXPORTS)


class MovedNames(Rule):
    ID = "SM006"
    NAME = "moved-names"
    SUMMARY = (
        "imports of `find_package`, `setupmethod`, `Scaffold`, `locked_cached_property`, the rest of "
        "flask.scaffold, `make_test_environ_builder` and `Markup`/`escape` -> where the target has them; "
        "try/except shims collapse"
    )
    WHAT_IT_DOES = """
        Re-points imports of names that moved to where the target has them, only once the
        old import breaks on that target:

        | import | breaks in | becomes |
        |---|---|---|
        | `flask.helpers.find_package`, `flask.helpers._endpoint_from_view_func` | 2.0 | the target's Scaffold module |
        | `flask.app` / `flask.blueprints`: `setupmethod`, `Scaffold`, `find_package` | 3.0 | `flask.sansio.scaffold` |
        | `flask.scaffold.X`, and `import flask.scaffold` with its uses | 3.0 | `flask.sansio.scaffold.X` |
        | `flask.helpers.locked_cached_property` | 3.0 | `werkzeug.utils.cached_property`, under the old local name |
        | `flask.globals.LocalStack` | 2.2 | `werkzeug.local.LocalStack` |
        | `flask.testing.make_test_environ_builder` | 2.0 | `flask.testing.EnvironBuilder`, under the old local name |
        | `flask.Markup`, `flask.escape` | 2.3 (deprecated; removed 3.0) | `markupsafe` |
        | `jinja2.Markup`, `jinja2.escape` | 2.0 (Jinja 3.1) | `markupsafe` |

        A try/except ImportError shim whose branches now import the same collapses to one
        import (its comments go with it).
        """
    WHY = """
        Flask 2.0.0 (PR #3709) moved `find_package` and the Scaffold machinery from
        flask.helpers to flask.scaffold; 3.0.0 moved flask.scaffold to flask.sansio.scaffold
        (`ModuleNotFoundError: No module named 'flask.scaffold'`), dropped the re-exports
        from flask.app and flask.blueprints, and removed `locked_cached_property`. 2.0.0
        removed `make_test_environ_builder`, deprecated in 1.1 for `EnvironBuilder`. `Markup`
        and `escape` were markupsafe's objects re-exported: Flask 2.3 deprecated its
        re-export and 3.0 removed it (`ImportError: cannot import name 'Markup' from
        'flask'`), and Jinja 3.1, which Flask 2.x may install and 3.x requires, removed
        Jinja's.
        """
    EXAMPLES = ("find-package-on-3x", "shim-collapses-on-3x", "markup-and-escape")
    LEAVES_ALONE = """
        Imports that still work on the target (`flask.scaffold` for 2.x targets), names that
        did not move, vendored Flask copies, shims with other code in their branches, and
        anything but `from`-imports and `flask.scaffold` module references (`flask.Markup`
        and `jinja2.Markup` read as module attributes are findings).
        """
    FIX_SAFETY = """
        The new import binds the same object under the same local name (for
        `make_test_environ_builder`, the class the function called with its arguments), except
        `locked_cached_property`: werkzeug's `cached_property` is the class it extended,
        without its lock (Flask 2.3 deprecated it for that), so a value computed by two
        threads at once may be computed twice. flask.globals' private `_lookup_app_object`,
        `_lookup_req_object` and `_find_app`, gone in 2.2 with the context stacks, have no
        replacement: findings.
        """
    TRIGGERS = (
        b"flask.helpers",
        b"flask.blueprints",
        b"flask.scaffold",
        b"make_test_environ_builder",
        b"flask.globals",
    )
    # `Markup` and `escape` of flask or jinja2 (imported from them, read off them, or
    # off an alias of them), not markupsafe's, html's or re's.
    TRIGGER_PATTERNS = {
        **dict.fromkeys((b"Markup", b"escape"), imported_from(rb"flask|jinja2", rb"Markup|escape")),
        b"flask.app": rb"\bflask\.app\b",  # not `flask.appcontext_pushed`
    }
    VOCABULARY = (b"Markup", b"escape", b"flask.app")
    ONE_OF = (b"flask", b"jinja2")  # every name it moves comes from one; `Markup` alone is a common word
    FINDINGS = {
        "no-replacement": (
            "an imported name that the target no longer has anywhere: replace its use by hand (the "
            "message says with what)"
        ),
        "module-attribute": (
            "`flask.Markup` or `jinja2.escape` read from the module: use `markupsafe.Markup` "
            "(`import markupsafe`), the same object"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
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
        "markup-and-escape": (
            "3.0",
            """\
            from flask import Flask, Markup, escape
            from jinja2 import Markup as JinjaMarkup
            """,
            """\
            from flask import Flask
            from markupsafe import Markup, escape
            from markupsafe import Markup as JinjaMarkup
            """,
        ),
        "local-stack-from-werkzeug": (
            "2.2",
            """\
            from flask.globals import LocalStack, LocalProxy
            """,
            """\
            from flask.globals import LocalProxy
            from werkzeug.local import LocalStack
            """,
        ),
        "make-test-environ-builder-keeps-its-name": (
            "2.0",
            """\
            from flask.testing import FlaskClient, make_test_environ_builder
            """,
            """\
            from flask.testing import FlaskClient
            from flask.testing import EnvironBuilder as make_test_environ_builder
            """,
        ),
        "jinja-escape-on-2-0": (
            "2.0",
            """\
            from jinja2 import escape, Template
            """,
            """\
            from jinja2 import Template
            from markupsafe import escape
            """,
        ),
    }

    FINDING_CASES = {
        "context-stack-helper-of-flask-globals": (
            "2.2",
            "from flask.globals import LocalProxy, _lookup_app_object\n",
            1,
            "app_ctx",
        ),
        "markup-read-from-the-module": (
            "3.1",
            """\
            import flask

            title = flask.Markup("<b>hi</b>")
            """,
            3,
            "markupsafe.Markup",
        ),
    }

    NO_OPS = {
        "context-stack-helpers-before-2-2": ("2.1", "from flask.globals import LocalStack, _lookup_req_object\n"),
        "environ-builder-already": ("2.0", "from flask.testing import EnvironBuilder, FlaskClient\n"),
        "markup-on-2-2": ("2.2", "from flask import Flask, Markup, escape\n"),
        "own-markup-class": ("3.1", "from .html import Markup\nfrom myapp.text import escape\n"),
        "markupsafe-already": ("3.1", "from markupsafe import Markup, escape\nimport flask\nflask.Flask\n"),
        "scaffold-on-2x": ("2.3", "from flask.scaffold import Scaffold, setupmethod\nimport flask.scaffold\n"),
        "setupmethod-from-app-on-2x": ("2.0", "from flask.app import setupmethod\n"),
        "locked-cached-property-on-2x": ("2.3", "from flask.helpers import locked_cached_property\n"),
        "shim-on-2x": (
            "2.2",
            "try:\n    from flask.scaffold import Scaffold\nexcept ImportError:\n    from flask.sansio.scaffold import Scaffold\n",  # noqa: E501
        ),
        "names-that-did-not-move": (
            "3.1",
            "from flask.helpers import url_for, get_root_path\nfrom flask.app import Flask\n",
        ),
        "vendored-flask": (
            "3.1",
            "from myapp.vendor.flask.scaffold import Scaffold\nfrom .helpers import find_package\n",
        ),
        "other-scaffold-attribute": ("3.1", "import flask\nx = project.flask.scaffold\n"),
        "shim-with-other-code": (
            "3.1",
            "try:\n    from flask.sansio.scaffold import Scaffold\nexcept ImportError:\n    Scaffold = None\n",
        ),
    }

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        if len(updated_node.body) != 1:
            return updated_node
        statement = updated_node.body[0]
        if isinstance(statement, cst.ImportFrom):
            lines = self._split_import_from(original_node, statement)
            if len(lines) == 1 and lines[0] is statement:
                return updated_node
            return cst.FlattenSentinel(_in_place_of(lines, updated_node))
        if isinstance(statement, cst.Import) and self.target >= SANSIO_FROM:
            names = [self._renamed_module(original_node, alias) for alias in statement.names]
            return updated_node.with_changes(body=[statement.with_changes(names=names)])
        return updated_node

    def _split_import_from(self, line: cst.SimpleStatementLine, statement: cst.ImportFrom) -> list[cst.ImportFrom]:
        module = absolute_module(statement)
        if module is None or isinstance(statement.names, cst.ImportStar):
            return [statement]
        kept: list[cst.ImportAlias] = []
        moves: dict[str, list[cst.ImportAlias]] = {}
        for alias in statement.names:
            move = moved(module, alias.evaluated_name, self.target)
            if move is None:
                kept.append(alias)
            elif move.module is None:
                kept.append(alias)
                self.report_finding(
                    line,
                    "no-replacement",
                    f"`{alias.evaluated_name}` cannot be imported from {module} on Flask "
                    f"{self.target} and has no replacement there: "
                    + (
                        "use `importlib.util.find_spec(name).submodule_search_locations is not None`"
                        if "matching_loader" in alias.evaluated_name
                        else "read the current context through `flask.g` or the `app_ctx` / `request_ctx` proxies "
                        "of flask.globals (2.2+)"
                        if module == "flask.globals"
                        else "import it from where Flask or Werkzeug keeps it now, or copy it"
                    ),
                )
            else:
                local = alias.evaluated_alias or alias.evaluated_name
                asname = None if local == move.name else cst.AsName(name=cst.Name(local))
                moves.setdefault(move.module, []).append(cst.ImportAlias(name=cst.Name(move.name), asname=asname))
                self.record_change(
                    line, f"from {module} import {alias.evaluated_name} -> from {move.module}", binding=local
                )
        if not moves:
            return [statement]
        lines = [statement.with_changes(names=_with_commas(kept))] if kept else []
        for new_module, aliases in moves.items():
            lines.append(cst.ImportFrom(module=dotted(new_module), names=_with_commas(aliases)))
        return lines

    def _renamed_module(self, line: cst.SimpleStatementLine, alias: cst.ImportAlias) -> cst.ImportAlias:
        name = cst.helpers.get_full_name_for_node(alias.name)
        if name != "flask.scaffold":
            return alias
        self.record_change(line, "import flask.scaffold -> import flask.sansio.scaffold")
        return alias.with_changes(name=dotted("flask.sansio.scaffold"))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value not in _MARKUP_ATTRIBUTES:  # an attribute's qualified names end with it
            return
        for name in qualified_names(self, node) & MARKUP_REEXPORTS:
            module, _, attribute = name.rpartition(".")
            if moved(module, attribute, self.target) is not None:
                self.report_finding(
                    node,
                    "module-attribute",
                    f"`{name}` is gone on Flask {self.target} (Jinja 3.1 for jinja2's): use "
                    f"`markupsafe.{attribute}` (`import markupsafe`), the same object",
                )

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if (
            self.target >= SANSIO_FROM
            and cst.helpers.get_full_name_for_node(original_node) == "flask.scaffold"
            and "flask.scaffold" in qualified_names(self, original_node)
        ):
            self.record_change(original_node, "flask.scaffold -> flask.sansio.scaffold")
            return dotted("flask.sansio.scaffold").with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        return updated_node

    def leave_Try(
        self, original_node: cst.Try, updated_node: cst.Try
    ) -> cst.Try | cst.FlattenSentinel[cst.BaseStatement]:
        """`try: from A import X / except ImportError: from B import X` whose branches
        now import the same: the body's imports alone."""
        if updated_node.orelse is not None or updated_node.finalbody is not None:
            return updated_node
        if not all(_catches_only_import_errors(handler) for handler in updated_node.handlers):
            return updated_node
        body = _imports(updated_node.body)
        if body is None or not all(_imports(handler.body) == body for handler in updated_node.handlers):
            return updated_node
        if _imports(original_node.body) == body and all(
            _imports(handler.body) == body for handler in original_node.handlers
        ):
            return updated_node
        statements = [
            statement for statement in updated_node.body.body if isinstance(statement, cst.SimpleStatementLine)
        ]
        bound = {
            bound_name(alias)
            for statement in statements
            for small in statement.body
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar)
            for alias in small.names
        }
        self.record_change(
            original_node,
            "collapsed a try/except import shim whose branches are now the same",
            binding=bound.pop() if len(bound) == 1 else None,
        )
        statements[0] = statements[0].with_changes(leading_lines=updated_node.leading_lines)
        return cst.FlattenSentinel(statements)


def _with_commas(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    return [
        alias.with_changes(
            comma=cst.MaybeSentinel.DEFAULT
            if index == len(aliases) - 1
            else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        for index, alias in enumerate(aliases)
    ]


def _in_place_of(lines: list[cst.ImportFrom], original: cst.SimpleStatementLine) -> list[cst.SimpleStatementLine]:
    statements = [cst.SimpleStatementLine(body=[line]) for line in lines]
    statements[0] = statements[0].with_changes(leading_lines=original.leading_lines)
    statements[-1] = statements[-1].with_changes(trailing_whitespace=original.trailing_whitespace)
    return statements


def _catches_only_import_errors(handler: cst.ExceptHandler) -> bool:
    caught = handler.type
    if isinstance(caught, cst.Name):
        return caught.value in _IMPORT_ERRORS
    if isinstance(caught, cst.Tuple):
        return all(
            isinstance(element.value, cst.Name) and element.value.value in _IMPORT_ERRORS for element in caught.elements
        )
    return False


def _imports(block: cst.BaseSuite) -> list[str] | None:
    """The import statements of a block as code, or None if it holds anything else."""
    codes = []
    for statement in block.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            return None
        for small in statement.body:
            if not isinstance(small, (cst.Import, cst.ImportFrom)):
                return None
            codes.append(cst.Module([]).code_for_node(small))
    return codes
