"""send_file and send_from_directory with the keywords Flask 1.x had."""
import io
import os

from flask import Blueprint, Flask, send_file, send_from_directory

CALLS = []
REQUESTS = ["/files/report", "/files/page", "/files/plain"]
BLUEPRINT_REQUESTS = REQUESTS

files = Blueprint("files", __name__)
FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme_templates")


@files.after_request
def headers_seen(response):
    # Werkzeug 2 also names inline files ("inline; filename=page.html"), whatever
    # the arguments: only attachments are compared.
    disposition = response.headers.get("Content-Disposition", "")
    CALLS.append(
        [
            disposition if disposition.startswith("attachment") else None,
            response.cache_control.max_age,
            bool(response.cache_control.public),
            "ETag" in response.headers,
        ]
    )
    return response


@files.route("/report")
def report():
    data = io.BytesIO(b"a,b\n1,2\n")
    return send_file(
        data, mimetype="text/csv", as_attachment=True, attachment_filename="report.csv", cache_timeout=60
    )


@files.route("/page")
def page():
    return send_from_directory(FOLDER, filename="page.html", add_etags=False, cache_timeout=5)


@files.route("/plain")
def plain():
    return send_file(os.path.join(FOLDER, "page.html"), cache_timeout=30, add_etags=False)


def create_app(register):
    app = Flask(__name__)
    register(app, files, url_prefix="/files")
    return app
