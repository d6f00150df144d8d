import libcst as cst

from codemods.versions import FlaskVersion
from scaffold_migrate import transform
from scaffold_migrate.pipeline import migrate_bytes
from scaffold_migrate.plan import RunPlan

JOB = RunPlan(FlaskVersion(3, 1), ("SM003",))
HELPER = b"def helper():\n    return 1\n\n\n"
LEGACY = HELPER + b"from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"


def compiled_sources(monkeypatch):
    sources = []
    compile_error = transform.compile_error

    def noting(source, path, kind):
        sources.append(source)
        return compile_error(source, path, kind)

    monkeypatch.setattr(transform, "compile_error", noting)
    return sources


def test_the_new_source_is_compiled_as_its_focused_code_when_its_markers_stay(monkeypatch):
    sources = compiled_sources(monkeypatch)
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.new_source == b"def helper():\n    return 1\nname = view.__name__\n"  # blank lines go with the import
    assert len(sources) == 1 and HELPER not in sources[0] and b"helper = None  # scaffold-migrate" in sources[0]


def test_a_marker_a_rule_moved_has_the_whole_new_source_compiled(monkeypatch):
    run_rules = transform._run_rules

    def indenting_the_marker(*args):
        module, changes, findings, code = run_rules(*args)
        marker, *rest = module.body
        block = cst.If(cst.Name("True"), cst.IndentedBlock([marker]))
        return module.with_changes(body=[block, *rest]), changes, findings, code

    monkeypatch.setattr(transform, "_run_rules", indenting_the_marker)
    sources = compiled_sources(monkeypatch)
    result = migrate_bytes(LEGACY, "a.py", JOB)
    assert result.error.kind == "verify" and not result.changed  # the focused code alone compiles
    assert sources[-1].startswith(b"if True:\n    def helper():\n")
