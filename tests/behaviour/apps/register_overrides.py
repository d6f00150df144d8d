"""Register overrides written for Flask 1.x: one guarded by first_registration, one
calling the base explicitly, and an app whose register_blueprint calls
blueprint.register itself."""
from flask import Blueprint, Flask, current_app

CALLS = []
REQUESTS = ["/shop/", "/plain/"]
BLUEPRINT_REQUESTS = REQUESTS


class CountingBlueprint(Blueprint):
    def register(self, app, options, first_registration=False):
        if first_registration:
            app.extensions.setdefault("counted", []).append(self.name)
        super(CountingBlueprint, self).register(app, options, first_registration)


class PlainBlueprint(Blueprint):
    def register(self, app, options, first_registration=False):
        CALLS.append("registering " + self.name)
        Blueprint.register(self, app, options, first_registration)


class AuditedFlask(Flask):
    def register_blueprint(self, blueprint, **options):
        self.extensions.setdefault("audited", []).append(blueprint.name)
        blueprint.register(self, options, True)


shop = CountingBlueprint("shop", __name__)
plain = PlainBlueprint("plain", __name__)


@shop.before_request
def open_shop():
    CALLS.append("shop before")


@shop.route("/")
def shop_index():
    return "counted: " + ",".join(current_app.extensions["counted"])


@plain.route("/")
def plain_index():
    CALLS.append("plain view")
    return "plain"


def create_app(register):
    app = AuditedFlask(__name__)
    register(app, shop, url_prefix="/shop")
    register(app, plain, url_prefix="/plain")
    return app
