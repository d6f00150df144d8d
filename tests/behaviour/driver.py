"""Runs legacy apps inside a Flask venv and prints what they do, as JSON.

    python driver.py top|nested APP.py|PROJECT/...

Each app module (or project: a package of several modules) has CALLS (hooks append to it), REQUESTS (paths, or (method, path)),
BLUEPRINT_REQUESTS (the paths served by its blueprints) and create_app(register),
which registers its blueprints through `register(app, blueprint, **options)`.
"top" registers them on the app as written; "nested" (Flask >= 2.0.1 only) nests
each in a parent blueprint under /nested and registers it again under /renamed with
name=, and requests BLUEPRINT_REQUESTS under both prefixes.

This file runs under every Flask version tested, so it uses nothing newer than
Flask 1.1.4 and Python 3.9 offer.
"""

import importlib.util
import json
import os
import sys
import traceback


def load(path):
    """An app module, or a project: a package of several modules."""
    name = os.path.splitext(os.path.basename(path))[0]
    if os.path.isdir(path):
        sys.path.insert(0, os.path.dirname(path))
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def register_top(app, blueprint, **options):
    app.register_blueprint(blueprint, **options)


def register_nested(app, blueprint, url_prefix="", **options):
    from flask import Blueprint

    parent = Blueprint("parent_of_" + blueprint.name, __name__)
    parent.register_blueprint(blueprint, url_prefix=url_prefix, **options)
    app.register_blueprint(parent, url_prefix="/nested")
    app.register_blueprint(blueprint, url_prefix="/renamed" + url_prefix, name=blueprint.name + "_again", **options)


def observe(module, mode):
    register = register_nested if mode == "nested" else register_top
    app = module.create_app(register)
    app.testing = False
    client = app.test_client()
    if mode == "nested":
        requests = [prefix + path for path in module.BLUEPRINT_REQUESTS for prefix in ("/nested", "/renamed")]
    else:
        requests = module.REQUESTS
    observations = []
    for request in requests:
        method, path = request if isinstance(request, tuple) else ("GET", request)
        del module.CALLS[:]
        response = client.open(path, method=method)
        observations.append(
            {
                "request": method + " " + path,
                "status": response.status_code,
                "body": response.get_data(as_text=True),
                "calls": list(module.CALLS),
            }
        )
    return observations


def main():
    mode, paths = sys.argv[1], sys.argv[2:]
    results = {}
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            results[name] = observe(load(path), mode)
        except Exception:
            results[name] = {"error": traceback.format_exc(limit=3)}
    json.dump(results, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
