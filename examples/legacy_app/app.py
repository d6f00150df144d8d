"""Application factory of the legacy example."""

import io

from flask import Flask, Markup, send_file

from admin import admin
from resources import Registry


def create_app():
    app = Flask(__name__)
    app.session_cookie_name = "legacy_session"
    registry = Registry(app)
    registry.add("/health", health)
    registry.add("/report", report)
    app.register_blueprint(admin, url_prefix="/admin")
    return app


def health():
    return Markup("<b>ok</b>")


def report():
    data = io.BytesIO(b"day,visits\n1,10\n")
    return send_file(data, mimetype="text/csv", as_attachment=True, attachment_filename="visits.csv")
