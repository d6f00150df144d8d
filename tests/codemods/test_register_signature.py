from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM002"

REWRITES = {
    "super-call": (
        """\
        from flask import Blueprint


        class AdminBlueprint(Blueprint):
            def register(self, app, options, first_registration=False):
                app.logger.info("admin registered")
                super().register(app, options, first_registration)
        """,
        """\
        from flask import Blueprint


        class AdminBlueprint(Blueprint):
            def register(self, app, options):
                app.logger.info("admin registered")
                super().register(app, options)
        """,
    ),
    "old-style-super-and-keyword": (
        """\
        import flask


        class Tracked(flask.Blueprint):
            def register(self, app, options, first_registration=False):
                super(Tracked, self).register(app, options, first_registration=first_registration)
        """,
        """\
        import flask


        class Tracked(flask.Blueprint):
            def register(self, app, options):
                super(Tracked, self).register(app, options)
        """,
    ),
    "explicit-base-call": (
        """\
        from flask.blueprints import Blueprint


        class Tracked(Blueprint):
            def register(self, app, options, first_registration=False):
                Blueprint.register(self, app, options, first_registration)
        """,
        """\
        from flask.blueprints import Blueprint


        class Tracked(Blueprint):
            def register(self, app, options):
                Blueprint.register(self, app, options)
        """,
    ),
    "skipping-a-level-of-the-mro": (
        """\
        from flask import Blueprint


        class Base(Blueprint):
            def register(self, app, options, first_registration=False):
                super().register(app, options, first_registration)


        class Special(Base):
            def register(self, app, options, first=False):
                Blueprint.register(self, app, options, first)
        """,
        """\
        from flask import Blueprint


        class Base(Blueprint):
            def register(self, app, options):
                super().register(app, options)


        class Special(Base):
            def register(self, app, options):
                Blueprint.register(self, app, options)
        """,
    ),
    "parent-imported-from-elsewhere": (
        """\
        from flask import Blueprint
        from myapp.blueprints import AuditedBlueprint


        class Admin(AuditedBlueprint, Blueprint):
            def register(self, app, options, first_registration=False):
                AuditedBlueprint.register(self, app, options, first_registration)
        """,
        """\
        from flask import Blueprint
        from myapp.blueprints import AuditedBlueprint


        class Admin(AuditedBlueprint, Blueprint):
            def register(self, app, options):
                AuditedBlueprint.register(self, app, options)
        """,
    ),
    "guard-keeps-its-meaning": (
        """\
        from flask import Blueprint


        class Counting(Blueprint):
            def register(self, app, options, first_registration=False):
                \"\"\"Count first registrations.\"\"\"
                if first_registration:
                    app.extensions.setdefault("counted", []).append(self.name)
                super().register(app, options, first_registration)
        """,
        """\
        from flask import Blueprint


        class Counting(Blueprint):
            def register(self, app, options):
                \"\"\"Count first registrations.\"\"\"
                first_registration = not any(bp is self for bp in app.blueprints.values())
                if first_registration:
                    app.extensions.setdefault("counted", []).append(self.name)
                super().register(app, options)
        """,
    ),
    "hand-written-register-blueprint": (
        """\
        from flask import Flask


        class AuditedFlask(Flask):
            def register_blueprint(self, blueprint, **options):
                self.audit(blueprint)
                blueprint.register(self, options, True)
        """,
        """\
        from flask import Flask


        class AuditedFlask(Flask):
            def register_blueprint(self, blueprint, **options):
                self.audit(blueprint)
                blueprint.register(self, options)
        """,
    ),
}

UNCHANGED = {
    "plugin-class-of-the-module-with-the-same-signature": """\
        class Plugin(object):
            pass


        class Loader(Plugin):
            def register(self, app, options, first_registration=False):
                pass
        """,
    "quart-blueprint-subclass": """\
        from quart import Blueprint


        class Admin(Blueprint):
            def register(self, app, options, first_registration=False):
                super().register(app, options, first_registration)
        """,
    "forwards-args-and-kwargs": """\
        from flask import Blueprint


        class Tracked(Blueprint):
            def register(self, *args, **kwargs):
                super().register(*args, **kwargs)
        """,
    "already-migrated": """\
        from flask import Blueprint


        class Tracked(Blueprint):
            def register(self, app, options):
                super().register(app, options)
        """,
    "make-setup-state-did-not-change": """\
        from flask import Blueprint


        class Tracked(Blueprint):
            def make_setup_state(self, app, options, first_registration=False):
                return super().make_setup_state(app, options, first_registration)
        """,
    "not-a-blueprint": """\
        import flask


        class Plugin(object):
            def register(self, app, options, first_registration=False):
                super().register(app, options, first_registration)
        """,
    "quart-app": """\
        import flask
        from quart import Quart


        class App(Quart):
            def register_blueprint(self, blueprint, **options):
                blueprint.register(self, options, True)
        """,
    "register-of-something-else": """\
        from flask import Flask


        class App(Flask):
            def register_blueprint(self, blueprint, **options):
                self.registry.register(self, options, True)
        """,
    "module-level-function": """\
        from flask import Blueprint


        def register(self, app, options, first_registration=False):
            pass
        """,
}


FINDINGS = {
    "unproven-base-from-another-module": (
        """\
        from .base import ProjectBlueprint


        class Admin(ProjectBlueprint):
            def register(self, app, options, first_registration=False):
                super().register(app, options, first_registration)
        """,
        5,
        "cannot prove `ProjectBlueprint` is a flask.Blueprint subclass: it is imported as `.base.ProjectBlueprint`",
    ),
    "unproven-base-of-a-library": (
        """\
        import flask_smorest


        class Api(flask_smorest.Blueprint):
            def register(self, app, options, first_registration=False):
                flask_smorest.Blueprint.register(self, app, options, first_registration)
        """,
        5,
        "`flask_smorest.Blueprint` is from outside the project, and not known to be one",
    ),
}

test_rewrites, test_leaves_alone, test_reports_what_it_cannot_do, test_at_least_as_many_no_ops_as_rewrites = (
    standard_rule_tests(RULE, REWRITES, UNCHANGED, FINDINGS)
)


def test_override_without_base_call_is_fixed_and_reported():
    result = run_rule(
        RULE,
        """\
        from flask import Blueprint


        class Detached(Blueprint):
            def register(self, app, options, first_registration=False):
                app.logger.info("never registered for real")
        """,
    )
    assert "def register(self, app, options):" in result.new_text
    [finding] = result.findings
    assert finding.line == 5 and "never calls the base register()" in finding.message


def test_try_except_shim_is_reported():
    result = run_rule(
        RULE,
        """\
        from flask import Blueprint


        class Compat(Blueprint):
            def register(self, app, options, first_registration=False):
                try:
                    super().register(app, options, first_registration)
                except TypeError:
                    super().register(app, options)
        """,
    )
    assert result.new_text.count("super().register(app, options)") == 2
    [finding] = result.findings
    assert finding.line == 8 and "TypeError" in finding.message


def test_flask_sockets_bookkeeping_is_reported():
    result = run_rule(
        RULE,
        """\
        import flask


        class Sockets(object):
            def register_blueprint(self, blueprint, **options):
                first_registration = False
                if blueprint.name in self.blueprints:
                    assert self.blueprints[blueprint.name] is blueprint
                else:
                    self.blueprints[blueprint.name] = blueprint
                    self._blueprint_order.append(blueprint)
                    first_registration = True
                blueprint.register(self, options, first_registration)
        """,
    )
    assert "blueprint.register(self, options)\n" in result.new_text
    [finding] = result.findings
    assert finding.line == 5 and "bookkeeping" in finding.message
