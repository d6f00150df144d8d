"""Markup and escape imported from Flask and from Jinja, as 1.x code did."""
from flask import Blueprint, Flask, escape, render_template_string
from jinja2 import Markup

CALLS = []
REQUESTS = ["/text/", "/text/template"]
BLUEPRINT_REQUESTS = REQUESTS

text = Blueprint("text", __name__)


@text.route("/")
def index():
    CALLS.append(str(escape("<b>unsafe</b>")))
    return Markup("<i>%s</i>") % "<x>"


@text.route("/template")
def template():
    return render_template_string("{{ value }} {{ safe }}", value="<y>", safe=Markup("<em>ok</em>"))


def create_app(register):
    app = Flask(__name__)
    register(app, text, url_prefix="/text")
    return app
