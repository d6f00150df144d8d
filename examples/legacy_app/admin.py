"""An admin blueprint that defers its hooks the Flask 1.x way."""

from flask import Blueprint, g

class AdminBlueprint(Blueprint):
    def register(self, app, options, first_registration=False):
        if first_registration:
            app.logger.info("admin panel enabled")
        super(AdminBlueprint, self).register(app, options, first_registration)


admin = AdminBlueprint("admin", __name__)


def load_user():
    g.user = "admin"


def not_found(error):
    return "no such admin page", 404


admin.record_once(lambda s: s.app.before_request_funcs.setdefault(admin.name, []).append(load_user))
admin.record_once(lambda s: s.app._register_error_handler(admin.name, 404, not_found))


@admin.route("/")
def index():
    return "hello " + g.user
