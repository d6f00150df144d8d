"""SM008 send-file-keywords: the 1.x keywords of `send_file` and `send_from_directory`."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider, QualifiedNameProvider

from codemods._base import Rule
from codemods._candidates import CandidateCalls
from codemods._resolve import flask_api_names

SEND_FILE = frozenset({"flask.send_file", "flask.helpers.send_file"})
SEND_FROM_DIRECTORY = frozenset({"flask.send_from_directory", "flask.helpers.send_from_directory"})
RENAMED_KEYWORDS = {"attachment_filename": "download_name", "cache_timeout": "max_age", "add_etags": "etag"}
# send_file's positional parameters that kept their place in 2.0 (path_or_file,
# mimetype, as_attachment, attachment_filename -> download_name); 1.x's fifth was
# add_etags, 2.0's is conditional.
SEND_FILE_POSITIONS_KEPT = 4


class SendFileKeywords(Rule):
    ID = "SM008"
    NAME = "send-file-keywords"
    SUMMARY = (
        "`send_file(attachment_filename=, cache_timeout=, add_etags=)` -> `download_name=`, `max_age=`, "
        "`etag=`; `send_from_directory(directory, filename=)` -> `path=`"
    )
    WHAT_IT_DOES = """
        Renames the keywords Flask 2.0 renamed in calls of Flask's `send_file` and
        `send_from_directory` (imported from `flask` or `flask.helpers`, as `flask.send_file`,
        or through a module of the project that re-exports it): `attachment_filename` ->
        `download_name`, `cache_timeout` -> `max_age`, `add_etags` -> `etag`, and
        `send_from_directory`'s `filename` -> `path`. The new names work on every 2.x and
        3.x target.
        """
    WHY = """
        Flask 2.0.0 renamed the keywords (Werkzeug's `send_file` took over) and kept the old
        ones as deprecated aliases until 2.2.0, which removed them: `TypeError: send_file()
        got an unexpected keyword argument 'attachment_filename'`. `send_from_directory`'s
        second parameter became `path`, required, so `filename=` fails already on 2.0:
        `send_from_directory() missing 1 required positional argument: 'path'`.
        """
    EXAMPLES = ("every-renamed-keyword",)
    LEAVES_ALONE = """
        Functions of those names that are not Flask's (Quart's, whose `send_file` still
        takes `attachment_filename`, Werkzeug's, the project's own or a vendored Flask
        copy's), calls already using the new names, and positional arguments that kept
        their place.
        """
    FIX_SAFETY = """
        Each value reaches the parameter that replaced the one it was passed to. Keywords the
        rule cannot see (`**options`) and positional arguments past the fourth (1.x's fifth
        was `add_etags`, 2.0's is `conditional`) are findings. Flask 2.0 also changed two
        defaults that no argument states: `conditional` is True and `max_age` follows
        `SEND_FILE_MAX_AGE_DEFAULT`, now None (`Cache-Control: no-cache` where 1.x sent
        `public, max-age=43200`); set `SEND_FILE_MAX_AGE_DEFAULT` to keep 1.x's caching.
        Werkzeug's `send_file` also names inline files (`Content-Disposition: inline;
        filename=...`), and sends `max_age=0` as `no-cache, max-age=0` where 1.x sent
        `public, max-age=0`.
        """
    TRIGGERS = ()
    # Whole words: `test_send_file` is no call of Flask's.
    TRIGGER_PATTERNS = {b"send_file": rb"\bsend_file\b", b"send_from_directory": rb"\bsend_from_directory\b"}
    VOCABULARY = (b"send_file", b"send_from_directory")
    CANDIDATES = CandidateCalls(
        names=frozenset({"send_file", "send_from_directory"}),
        keywords=frozenset({*RENAMED_KEYWORDS, "filename"}),
        double_star=True,
        positional_over=SEND_FILE_POSITIONS_KEPT,
    )
    FINDINGS = {
        "hidden-keywords": (
            "keywords passed through `**` may carry a 1.x name (attachment_filename, cache_timeout, "
            "add_etags, filename): rename them where the mapping is made"
        ),
        "positional-arguments": (
            "send_file's positional parameters after the fourth changed meaning in 2.0 (add_etags "
            "became conditional): pass them by keyword"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    REWRITES = {
        "every-renamed-keyword": (
            """\
            from flask import send_file, send_from_directory


            def report(path):
                return send_file(path, as_attachment=True, attachment_filename="report.csv", cache_timeout=60)


            def asset(name):
                return send_from_directory("static", filename=name, add_etags=False)
            """,
            """\
            from flask import send_file, send_from_directory


            def report(path):
                return send_file(path, as_attachment=True, download_name="report.csv", max_age=60)


            def asset(name):
                return send_from_directory("static", path=name, etag=False)
            """,
        ),
        "module-attribute-and-helpers": (
            """\
            import flask
            from flask.helpers import send_file as send

            a = flask.send_file(fp, attachment_filename=name)
            b = send(fp, mimetype="text/plain", cache_timeout=0)
            """,
            """\
            import flask
            from flask.helpers import send_file as send

            a = flask.send_file(fp, download_name=name)
            b = send(fp, mimetype="text/plain", max_age=0)
            """,
        ),
        "comments-and-layout-kept": (
            """\
            from flask import send_file

            response = send_file(
                buffer,
                attachment_filename="x.bin",  # shown to the user
                add_etags=False,
            )
            """,
            """\
            from flask import send_file

            response = send_file(
                buffer,
                download_name="x.bin",  # shown to the user
                etag=False,
            )
            """,
        ),
    }
    NO_OPS = {
        "quart-send-file": """\
            from quart import send_file

            response = send_file(path, attachment_filename="a.txt", cache_timeout=5)
            """,
        "own-function-of-that-name": """\
            def send_file(path, attachment_filename=None):
                return path, attachment_filename

            send_file("a", attachment_filename="b")
            """,
        "vendored-flask": """\
            from myapp._vendor.flask import send_file

            send_file(path, attachment_filename="a.txt")
            """,
        "already-current": """\
            from flask import send_file, send_from_directory

            send_file(path, download_name="a.txt", max_age=5, etag=False)
            send_from_directory("static", "a.txt")
            """,
        "positional-arguments-that-kept-their-place": """\
            from flask import send_file

            send_file(path, "text/csv", True, "report.csv")
            """,
        "werkzeug-send-file": """\
            from werkzeug.utils import send_file

            send_file(path, environ, download_name="a.txt")
            """,
    }
    FINDING_CASES = {
        "keywords-from-a-mapping": (
            """\
            from flask import send_file

            def download(path, **options):
                return send_file(path, **options)
            """,
            4,
            "`**`",
        ),
        "fifth-positional-argument": (
            """\
            from flask import send_file

            send_file(path, None, False, None, False)
            """,
            3,
            "after the fourth",
        ),
    }

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        names = flask_api_names(self, original_node.func, SEND_FILE | SEND_FROM_DIRECTORY)
        if names & SEND_FILE:
            renames = RENAMED_KEYWORDS
            positional = [arg for arg in original_node.args if arg.keyword is None and not arg.star]
            if len(positional) > SEND_FILE_POSITIONS_KEPT:
                self.report_finding(
                    original_node,
                    "positional-arguments",
                    f"send_file's positional arguments after the fourth changed meaning in Flask 2.0 "
                    f"({len(positional)} given): pass them by keyword",
                )
        elif names & SEND_FROM_DIRECTORY:
            renames = {**RENAMED_KEYWORDS, "filename": "path"}
        else:
            return updated_node
        if any(arg.star == "**" for arg in original_node.args):
            self.report_finding(
                original_node,
                "hidden-keywords",
                "keywords passed through `**` may still use 1.x names: rename them where the mapping is made",
            )
        if len(original_node.args) != len(updated_node.args):
            return updated_node
        args = [self._renamed(old, new, renames) for old, new in zip(original_node.args, updated_node.args)]
        return updated_node.with_changes(args=args) if args != list(updated_node.args) else updated_node

    def _renamed(self, original: cst.Arg, arg: cst.Arg, renames: dict[str, str]) -> cst.Arg:
        if arg.keyword is None or arg.keyword.value not in renames:
            return arg
        new = renames[arg.keyword.value]
        self.record_change(original, f"{arg.keyword.value}= -> {new}=")
        return arg.with_changes(keyword=arg.keyword.with_changes(value=new))
