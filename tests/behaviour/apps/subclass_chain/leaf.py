from flask import current_app

from subclass_chain.calls import CALLS
from subclass_chain.middle import SectionBlueprint as Section


class ShopBlueprint(Section):
    def register(self, app, options, first_registration=False):
        if not first_registration:
            app.extensions.setdefault("again", []).append(self.name)
        super(ShopBlueprint, self).register(app, options, first_registration)


shop = ShopBlueprint("shop", __name__)


@shop.route("/")
def index():
    CALLS.append("shop index")
    extensions = current_app.extensions
    return "tracked=%s sections=%s" % (",".join(extensions.get("tracked", [])), ",".join(extensions.get("sections", [])))
