"""A deterministic synthetic source tree for the benchmark.

    python benchmarks/generate.py OUT [--files 5000] [--legacy-only]

About 200 lines a file: ~90% plain Python, ~8% modern Flask, ~2% legacy Flask using
every idiom the rules handle (or legacy files only, with --legacy-only).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PLAIN_BLOCK = '''

def compute_{n}(values, factor={k}):
    """Scale and filter the values."""
    result = []
    for value in values:
        if value % {m} == 0:
            continue
        result.append(value * factor + {k})
    return sorted(result, reverse=True)


class Record{n}(object):
    def __init__(self, name, size={k}):
        self.name = name
        self.size = size

    def describe(self):
        return "%s (%d)" % (self.name, self.size)
'''

MODERN_HEAD = '''"""Modern Flask views."""
from flask import Blueprint, jsonify, request

bp = Blueprint("module{n}", __name__)


@bp.before_request
def check_{n}():
    request.environ.setdefault("checked", True)


@bp.route("/items/<int:item>")
def item_{n}(item):
    return jsonify(item=item)
'''

LEGACY_HEAD = '''"""Legacy Flask 1.x code."""
from flask import Blueprint, Flask
from flask.helpers import _PackageBoundObject, _endpoint_from_view_func, locked_cached_property

bp = Blueprint("legacy{n}", __name__)


def hook_{n}():
    pass


def not_found_{n}(error):
    return "missing", 404


bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(hook_{n}))
bp.record_once(lambda s: s.app._register_error_handler(bp.name, 404, not_found_{n}))


@bp.record_once
def setup_{n}(state):
    state.app.config.setdefault("LEGACY_{n}", True)
    state.app.after_request_funcs.setdefault(bp.name, []).append(hook_{n})


class Admin{n}(Blueprint):
    def register(self, app, options, first_registration=False):
        if first_registration:
            app.logger.info("registered")
        super(Admin{n}, self).register(app, options, first_registration)


class Theme{n}(_PackageBoundObject):
    def __init__(self, import_name):
        _PackageBoundObject.__init__(self, import_name, "templates")

    @locked_cached_property
    def label(self):
        return self.import_name


def endpoint_for_{n}(view):
    return _endpoint_from_view_func(view)


app = Flask(__name__)
app._register_error_handler(None, 500, not_found_{n})
names = [b.name for b in app._blueprint_order]
'''


def generate(out: Path, files: int, legacy_only: bool = False, seed: int = 20) -> int:
    """Write the tree; return its number of lines."""
    rng = random.Random(seed)
    lines = 0
    for number in range(files):
        roll = 0.0 if legacy_only else rng.random()
        head = LEGACY_HEAD if roll < 0.02 else MODERN_HEAD if roll < 0.10 else '"""Plain Python."""\nimport os\n'
        parts = [head.format(n=number)]
        while sum(part.count("\n") for part in parts) < 190:
            parts.append(PLAIN_BLOCK.format(n=f"{number}_{len(parts)}", k=rng.randint(2, 99), m=rng.randint(2, 9)))
        text = "".join(parts)
        path = out / f"package{number // 100:03d}" / f"module{number:05d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        lines += text.count("\n")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--legacy-only", action="store_true")
    args = parser.parse_args()
    lines = generate(args.out, args.files, args.legacy_only)
    print(f"{args.files} files, {lines} lines in {args.out}")


if __name__ == "__main__":
    main()
