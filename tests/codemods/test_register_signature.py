from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM002"


test_rewrites, test_leaves_alone, test_reports_what_it_cannot_do, test_at_least_as_many_no_ops_as_rewrites = (
    standard_rule_tests(RULE)
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
