"""Rules on projects: receivers and classes proven through the project index."""

from tests.project_cases import changed_text, migrate_project

BLUEPRINT_PACKAGE = {
    "app/__init__.py": """\
        from flask import Flask

        def create_app():
            app = Flask(__name__)
            from .admin import admin
            app.register_blueprint(admin)
            return app
    """,
    "app/admin/__init__.py": """\
        from flask import Blueprint

        admin = Blueprint("admin", __name__)

        from . import views
    """,
    "app/admin/views.py": """\
        from . import admin


        def load_user():
            pass


        admin.record_once(lambda s: s.app.before_request_funcs.setdefault(admin.name, []).append(load_user))
    """,
}


def test_a_blueprint_created_in_a_package_is_hooked_in_its_views(tmp_path):
    report = migrate_project(tmp_path, BLUEPRINT_PACKAGE)
    assert not report.findings and not report.errors
    assert changed_text(report, "views.py").endswith("\nadmin.before_request(load_user)\n")
    assert len(report.changed) == 1


def test_a_single_file_run_sees_the_project(tmp_path):
    report = migrate_project(tmp_path, BLUEPRINT_PACKAGE, paths=("app/admin/views.py",))
    assert changed_text(report, "views.py").endswith("\nadmin.before_request(load_user)\n")


CHAIN = {
    "pkg/__init__.py": "",
    "pkg/utils.py": """\
        import flask


        class BaseBlueprint(flask.Blueprint):
            def register(self, app, options, first_registration=False):
                super().register(app, options, first_registration)
    """,
    "pkg/middle.py": """\
        from .utils import BaseBlueprint


        class Middle(BaseBlueprint):
            def register(self, app, options, first_registration=False):
                if first_registration:
                    app.config["MIDDLE"] = True
                super(Middle, self).register(app, options, first_registration)
    """,
    "pkg/leaf.py": """\
        from pkg.middle import Middle as Base


        class Leaf(Base):
            def register(self, app, options, first_registration=False):
                Base.register(self, app, options, first_registration)
    """,
}


def test_register_overrides_are_migrated_down_a_chain_of_modules(tmp_path):
    report = migrate_project(tmp_path, CHAIN)
    assert not report.findings
    assert "def register(self, app, options):\n        super().register(app, options)" in changed_text(
        report, "utils.py"
    )
    middle = changed_text(report, "middle.py")
    assert "first_registration = not any(bp is self for bp in app.blueprints.values())" in middle
    assert "super(Middle, self).register(app, options)\n" in middle
    assert "Base.register(self, app, options)\n" in changed_text(report, "leaf.py")


SETUP_HELPERS = {
    "shop/__init__.py": "",
    "shop/errors.py": """\
        from typing import Optional

        from flask import Blueprint, Flask


        def not_found(error):
            return "missing", 404


        def init_app(app: Flask):
            app._register_error_handler(None, 404, not_found)


        def init_later(app: "Optional[Flask]"):
            names = [bp.name for bp in app._blueprint_order]
            return names


        def hook(bp: Blueprint):
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(not_found))
    """,
}


def test_annotated_parameters_are_proven_receivers(tmp_path):
    report = migrate_project(tmp_path, SETUP_HELPERS)
    text = changed_text(report, "errors.py")
    assert "app.register_error_handler(404, not_found)" in text
    assert "[bp.name for bp in list(app.blueprints.values())]" in text
    assert "bp.before_request(not_found)" in text
    assert not report.findings


def test_a_project_subclass_overriding_a_hook_method_keeps_the_attribute_form(tmp_path):
    report = migrate_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/base.py": """\
            from flask import Blueprint


            class Tracked(Blueprint):
                def before_request(self, f):
                    return Blueprint.before_request(self, f)
        """,
            "pkg/bps.py": """\
            from .base import Tracked

            tracked = Tracked("tracked", __name__)
        """,
            "pkg/hooks.py": """\
            from .bps import tracked


            def check():
                pass


            tracked.record_once(lambda s: s.app.before_request_funcs.setdefault(tracked.name, []).append(check))
        """,
        },
    )
    assert changed_text(report, "hooks.py").endswith(
        "tracked.before_request_funcs.setdefault(None, []).append(check)\n"
    )


def test_look_alikes_in_other_modules_are_left_alone(tmp_path):
    report = migrate_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/quartish.py": "from quart import Blueprint\n\nbp = Blueprint('bp', __name__)\n",
            "pkg/uses.py": """\
            from .quartish import bp


            def f():
                pass


            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
        """,
            "flask/__init__.py": "class Blueprint(object):\n    def record_once(self, f):\n        pass\n",
            "pkg/vendored.py": """\
            from flask import Blueprint

            bp = Blueprint("v", __name__)


            def f():
                pass


            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
        """,
        },
    )
    assert not report.changed


THEMES = {
    "themes/__init__.py": "",
    "themes/base.py": """\
        from flask.helpers import _PackageBoundObject


        class ThemeBase(_PackageBoundObject):
            pass
    """,
    "themes/dark.py": """\
        from .base import ThemeBase


        class Dark(ThemeBase):
            def __init__(self, name):
                ThemeBase.__init__(self, name, "templates")


        class Light(ThemeBase):
            def __init__(self, name):
                super().__init__(name, "light")
    """,
    "themes/use.py": """\
        from themes.base import ThemeBase as Base

        plain = Base(__name__, "plain")
        named = Base(__name__)
    """,
}


def test_positional_constructions_in_other_modules_are_passed_by_keyword(tmp_path):
    report = migrate_project(tmp_path, THEMES, target="2.3")
    assert not report.findings and not report.errors
    assert "class ThemeBase(Scaffold):" in changed_text(report, "base.py")
    dark = changed_text(report, "dark.py")
    assert 'ThemeBase.__init__(self, import_name=name, template_folder="templates")' in dark
    assert 'super().__init__(import_name=name, template_folder="light")' in dark
    use = changed_text(report, "use.py")
    assert 'plain = Base(import_name=__name__, template_folder="plain")\nnamed = Base(__name__)\n' in use


def test_a_base_constructed_positionally_outside_the_run_is_left_alone(tmp_path):
    report = migrate_project(tmp_path, THEMES, paths=("themes/base.py",), target="2.3")
    assert not report.changed
    (finding,) = report.findings
    assert finding.rule_id == "SM004" and finding.line == 4
    assert "themes/dark.py:6" in finding.message and "themes/use.py:3" in finding.message


COMMON = {
    "core/__init__.py": "",
    "core/common.py": """\
        class Common(object):
            def __init__(self, import_name):
                self.import_name = import_name
                self._before_request_funcs = {}

            def route(self, rule, **options):
                def decorator(f):
                    endpoint = options.pop("endpoint", None)
                    self.add_url_rule(rule, endpoint, f, **options)
                    return f
                return decorator

            def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
                raise NotImplementedError
    """,
    "core/module.py": """\
        from .common import Common


        class Module(Common):
            def hooks(self):
                return self._before_request_funcs.get(None, [])
    """,
}


def test_a_common_base_is_migrated_with_the_subclasses_of_other_modules_reading_its_dicts(tmp_path):
    report = migrate_project(tmp_path, COMMON)
    assert not report.findings
    assert "class Common(Scaffold):" in changed_text(report, "common.py")
    assert "return self.before_request_funcs.get(None, [])" in changed_text(report, "module.py")


def test_a_common_base_whose_subclass_module_is_not_migrated_is_left_alone(tmp_path):
    report = migrate_project(tmp_path, COMMON, paths=("core/common.py",))
    assert not report.changed
    (finding,) = report.findings
    assert finding.rule_id == "SM005" and "core/module.py:6" in finding.message


def test_a_common_base_whose_dicts_are_read_on_other_objects_is_left_alone(tmp_path):
    files = dict(COMMON)
    files["core/report.py"] = "def hooks(base):\n    return base._before_request_funcs\n"
    report = migrate_project(tmp_path, files)
    assert not report.changed
    (finding,) = report.findings
    assert "core/report.py:2" in finding.message and "core/module.py:6" in finding.message


def test_a_common_base_used_only_in_its_module_is_migrated(tmp_path):
    files = dict(COMMON)
    files["core/module.py"] = "from .common import Common\n\n\nclass Module(Common):\n    pass\n"
    report = migrate_project(tmp_path, files)
    assert not report.findings
    assert "class Common(Scaffold):" in changed_text(report, "common.py")


def test_two_common_bases_sharing_dict_names_are_migrated_together(tmp_path):
    files = dict(COMMON)
    files["core/other.py"] = COMMON["core/common.py"].replace("class Common", "class Other")
    report = migrate_project(tmp_path, files)
    assert not report.findings
    assert "class Other(Scaffold):" in changed_text(report, "other.py")
    assert "class Common(Scaffold):" in changed_text(report, "common.py")


def test_a_common_base_beside_a_base_that_cannot_be_migrated_is_left_alone(tmp_path):
    files = dict(COMMON)
    files["core/other.py"] = (
        COMMON["core/common.py"].replace("class Common", "class Other").replace("import_name", "name")
    )
    report = migrate_project(tmp_path, files)
    assert not report.changed
    assert {finding.path.rsplit("/", 1)[-1] for finding in report.findings} == {"common.py", "other.py"}
