import dataclasses
import re
import sys
import threading

import libcst as cst
import pytest

from codemods.versions import FlaskVersion
from scaffold_migrate import engine, lines, pool, transform
from scaffold_migrate.engine import migrate_files
from scaffold_migrate.pipeline import migrate_bytes
from scaffold_migrate.plan import RunPlan

JOB = RunPlan(FlaskVersion(3, 1), ("SM003",))
LEGACY = b"from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"
MIGRATED = b"name = view.__name__\n"


def test_files_without_a_trigger_word_are_not_parsed(monkeypatch):
    def no_parsing(*args):
        raise AssertionError("parsed")

    monkeypatch.setattr(cst, "parse_module", no_parsing)
    result = migrate_bytes(b"print 'python 2, but no trigger word'\n", "x.py", JOB)
    assert result.skipped and result.error is None and result.old_source is None


def test_python_2_source_is_one_parse_error_with_position():
    result = migrate_bytes(b"import flask\nprint '_endpoint_from_view_func'\n", "old.py", JOB)
    assert result.error.kind == "parse" and result.error.line == 2 and result.error.column > 0
    described = result.error.describe("old.py")
    assert re.match(r"old\.py:2:\d+: cannot parse: Missing parentheses in call to 'print'", described)
    assert not result.changed


def test_source_the_compiler_rejects_after_parsing_is_a_parse_error():
    source = b"from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(f)\nreturn name\n"
    result = migrate_bytes(source, "module_return.py", JOB)
    assert result.error.kind == "parse" and result.error.line == 3
    assert "'return' outside function" in result.error.message and not result.changed


@pytest.mark.parametrize(
    "source",
    [
        b"x = '\xff' # _endpoint_from_view_func\n",
        b"_endpoint_from_view_func\x00\n",
        b"def f(:\n  _endpoint_from_view_func\n",
        b"_endpoint_from_view_func = (" * 300 + b")" * 300 + b"\n",
    ],
    ids=["undecodable", "nul-byte", "syntax-error", "deep-nesting"],
)
def test_bad_input_is_an_error_never_an_exception(source):
    result = migrate_bytes(source, "bad.py", JOB)
    assert result.error is not None and result.error.kind == "parse"
    assert not result.changed


def test_unchanged_results_carry_no_source():
    result = migrate_bytes(b"from flask import Flask  # _endpoint_from_view_func\n", "a.py", JOB)
    assert not result.skipped and not result.changed
    assert result.old_source is None and result.new_source is None


@pytest.mark.parametrize(
    "prefix, newline",
    [(b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"# -*- coding: latin-1 -*-\n# caf\xe9\n", b"\n")],
    ids=["crlf", "bom", "latin-1"],
)
def test_encoding_bom_and_newlines_are_kept(prefix, newline):
    source = prefix + LEGACY.replace(b"\n", newline) + b"other = 1" + newline
    result = migrate_bytes(source, "a.py", JOB)
    assert result.new_source == prefix + MIGRATED.replace(b"\n", newline) + b"other = 1" + newline


def test_a_focused_source_libcst_cannot_parse_falls_back_to_the_whole_file(monkeypatch):
    from scaffold_migrate import focus as focus_module

    monkeypatch.setattr(focus_module, "focus", lambda source, words, tree: focus_module.Focus(b"def (:\n"))
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.error is None and result.new_source == MIGRATED


def test_output_that_does_not_compile_is_refused(monkeypatch):
    run_rules = transform._run_rules

    def broken_run(*args):
        module, changes, findings, code = run_rules(*args)
        return (
            module.with_changes(body=[*module.body, cst.SimpleStatementLine([cst.Return()])]),
            changes,
            findings,
            code,
        )

    monkeypatch.setattr(transform, "_run_rules", broken_run)
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.error.kind == "verify" and not result.changed


def test_a_crashing_rule_leaves_the_file_alone(monkeypatch):
    def crash(self, node):
        raise RuntimeError("boom")

    from codemods.endpoint_helper import EndpointHelper

    monkeypatch.setattr(EndpointHelper, "visit_Call", crash)
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.error.kind == "rule" and "SM003" in result.error.message and not result.changed


def test_findings_point_at_lines_of_the_file_as_read():
    source = (
        b"from flask.helpers import _endpoint_from_view_func\n"
        b"a = _endpoint_from_view_func(\n    view\n)\n"
        b"b = _endpoint_from_view_func\n"
    )
    job = RunPlan(FlaskVersion(3, 1), ("SM003",))
    result = migrate_bytes(source, "a.py", job)
    assert [finding.line for finding in result.findings] == [5]
    assert [change.line for change in result.changes] == [2]


def test_line_map_follows_earlier_rewrites():
    to_original = lines.line_map("a\nb\nc\nd\n", "a\nX\nY\nZ\nc\nd\n")
    assert [to_original(line) for line in (1, 5, 6)] == [1, 3, 4]


def test_pool_and_in_process_runs_agree(tmp_path):
    paths = []
    for number in range(engine.POOL_THRESHOLD + 3):
        path = tmp_path / f"m{number}.py"
        path.write_bytes(LEGACY if number % 2 else b"x = 1\n")
        paths.append(str(path))
    serial = migrate_files(paths, JOB, jobs=1)
    pooled = migrate_files(paths, JOB, jobs=2)
    assert [dataclasses.astuple(r) for r in serial] == [dataclasses.astuple(r) for r in pooled]
    assert [r.path for r in pooled] == paths
    assert sum(r.changed for r in pooled) == len(paths) // 2


def test_unreadable_file_is_an_error_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.py"
    good.write_bytes(LEGACY)
    results = migrate_files([str(tmp_path / "gone.py"), str(good)], JOB)
    assert results[0].error.kind == "read" and results[1].changed


def test_a_50_mb_file_is_skipped_or_reported_without_being_parsed(monkeypatch):
    huge = b"x = 1\n" * 9_000_000
    monkeypatch.setattr(cst, "parse_module", lambda source: pytest.fail("parsed"))
    assert migrate_bytes(huge, "data.py", JOB).skipped
    result = migrate_bytes(LEGACY + huge, "generated.py", JOB)
    assert result.error.kind == "parse" and "too large to parse (54.0 MB, limit 10 MB)" in result.error.message


def test_mixed_tabs_and_spaces():
    inconsistent = b"import flask\nif _endpoint_from_view_func:\n        x = 1\n\ty = 2\n"
    error = migrate_bytes(inconsistent, "tabs.py", JOB).error
    assert error.kind == "parse" and "inconsistent use of tabs and spaces" in error.message
    consistent = LEGACY + b"def a():\n\treturn _endpoint_from_view_func(f)\ndef b():\n    return 1\n"
    result = migrate_bytes(consistent, "tabs.py", JOB)
    assert result.new_source == b"name = view.__name__\ndef a():\n\treturn f.__name__\ndef b():\n    return 1\n"


def test_bytes_libcst_cannot_reproduce_are_never_lost():
    # libcst drops white space after the last line ("A\n\n " comes back "A\n ").
    unchanged = b"# _endpoint_from_view_func\nA\n\n "
    result = migrate_bytes(unchanged, "a.py", JOB)
    assert not result.changed and result.error is None
    result = migrate_bytes(LEGACY + b"\n ", "a.py", JOB)
    assert not result.changed and result.error.kind == "verify" and "byte for byte" in result.error.message


def test_syntax_warnings_of_the_user_code_are_not_printed(capfd):
    result = migrate_bytes(LEGACY + b"x = 'str'()\nassert (x, 1)\n", "a.py", JOB)
    assert result.changed
    assert capfd.readouterr().err == ""


@pytest.mark.skipif(sys.platform != "linux", reason="fork is chosen on Linux only")
def test_workers_are_forked_only_while_no_other_thread_runs():
    assert pool._start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool._start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_set_aside_bodies_come_back_byte_for_byte_and_lines_stay_true(newline):
    unrelated = b"# -*- coding: latin-1 -*-\ndef helper():\n    return 'caf\xe9'  \t# kept\n\n\nclass Model(object):\n    size = 1\n\n"
    source = (unrelated + LEGACY).replace(b"\n", newline)
    result = migrate_bytes(source, "a.py", JOB)
    assert result.new_source == (unrelated[:-1] + MIGRATED).replace(
        b"\n", newline
    )  # the import's blank line goes with it
    assert [change.line for change in result.changes] == [10]


def test_an_import_addition_the_tool_cannot_make_fails_the_rule_not_the_run(monkeypatch):
    from libcst.codemod.visitors import AddImportsVisitor

    from codemods.endpoint_helper import EndpointHelper

    def schedules_an_alias(self, node):
        AddImportsVisitor.add_needed_import(self.context, "flask", "request", asname="r")
        return False

    monkeypatch.setattr(EndpointHelper, "visit_ImportFrom", schedules_an_alias)
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.error.kind == "rule" and "SM003" in result.error.message and not result.changed


SEND_FILE = RunPlan(FlaskVersion(3, 1), ("SM008",))


def test_a_file_without_a_candidate_call_is_not_parsed(monkeypatch):
    def no_parsing(*args):
        raise AssertionError("parsed")

    monkeypatch.setattr(cst, "parse_module", no_parsing)
    source = b"from flask import send_file\n\n\ndef download(path):\n    return send_file(path, as_attachment=True)\n"
    result = migrate_bytes(source, "views.py", SEND_FILE)
    assert result.skipped and result.error is None


def test_a_candidate_call_is_parsed_and_rewritten():
    source = b"from flask import send_file\n\nsend_file(path, cache_timeout=5)\n"
    result = migrate_bytes(source, "views.py", SEND_FILE)
    assert result.new_source == b"from flask import send_file\n\nsend_file(path, max_age=5)\n"


def test_a_file_the_ast_stage_cannot_parse_is_still_an_error():
    result = migrate_bytes(b"from flask import send_file\nprint 'x'\n", "old.py", SEND_FILE)
    assert result.error is not None and result.error.line == 2
