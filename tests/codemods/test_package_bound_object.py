from tests.rule_cases import assert_unchanged, run_rule, standard_rule_tests

RULE = "SM004"

REWRITES = {
    "explicit-init-on-2-3": (
        "2.3",
        """\
        from flask.helpers import _PackageBoundObject


        class Theme(_PackageBoundObject):
            def __init__(self, import_name):
                _PackageBoundObject.__init__(self, import_name, "templates")
                self.name = "theme"
        """,
        """\
        from flask.scaffold import Scaffold


        class Theme(Scaffold):
            def __init__(self, import_name):
                Scaffold.__init__(self, import_name=import_name, template_folder="templates")
                self.name = "theme"

            def _check_setup_finished(self, f_name):
                pass
        """,
    ),
    "super-init-on-3-x-with-name-added": (
        "3.0",
        """\
        from flask.helpers import _PackageBoundObject, get_root_path


        class Plugin(_PackageBoundObject):
            def __init__(self, import_name, root):
                super(Plugin, self).__init__(import_name, root_path=root)
        """,
        """\
        from flask.helpers import get_root_path
        from flask.sansio.scaffold import Scaffold


        class Plugin(Scaffold):
            def __init__(self, import_name, root):
                super(Plugin, self).__init__(import_name=import_name, root_path=root)

            def _check_setup_finished(self, f_name):
                pass

            @property
            def name(self):
                return self.import_name
        """,
    ),
    "setup-check-of-2-0-and-aliased-import": (
        "2.0",
        """\
        import flask.helpers
        from flask.helpers import _PackageBoundObject as Bound


        class Holder(Bound):
            name = "holder"

            def __init__(self):
                super().__init__(__name__, "tpl", None)


        class Other(flask.helpers._PackageBoundObject):
            pass
        """,
        """\
        import flask.helpers
        from flask.scaffold import Scaffold


        class Holder(Scaffold):
            name = "holder"

            def __init__(self):
                super().__init__(import_name=__name__, template_folder="tpl", root_path=None)

            def _is_setup_finished(self):
                return False


        class Other(Scaffold):
            def _is_setup_finished(self):
                return False

            @property
            def name(self):
                return self.import_name
        """,
    ),
}

UNCHANGED = {
    "no-package-bound-object": ("3.1", "from flask import Flask\napp = Flask(__name__)\n"),
    "own-class-of-that-name": (
        "3.1",
        "class _PackageBoundObject(object):\n    pass\n\n\nclass Theme(_PackageBoundObject):\n    pass\n",
    ),
    "vendored-flask": (
        "3.1",
        "from myapp.vendor.flask.helpers import _PackageBoundObject\n\n\nclass Theme(_PackageBoundObject):\n    pass\n",
    ),
    "only-mentioned-in-a-comment": ("3.1", "# _PackageBoundObject is gone\nx = 1\n"),
}


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(
    RULE, REWRITES, UNCHANGED
)


def test_what_sansio_scaffold_lacks_is_a_finding_on_3_x():
    source = """\
        from flask.helpers import _PackageBoundObject


        class Theme(_PackageBoundObject):
            def css(self):
                return self.open_resource("static/theme.css").read()

            def command(self):
                return self.cli
        """
    result = run_rule(RULE, source, target="3.1")
    assert [finding.line for finding in result.findings] == [6, 9]
    assert not run_rule(RULE, source, target="2.3").findings


def test_a_module_that_binds_scaffold_otherwise_is_a_finding():
    source = """\
        from flask.helpers import _PackageBoundObject
        from mylib import Scaffold


        class Theme(_PackageBoundObject):
            pass
        """
    result = assert_unchanged(RULE, source)
    assert [finding.line for finding in result.findings] == [5]
