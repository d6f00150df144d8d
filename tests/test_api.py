import pytest

from scaffold_migrate import ConfigError, DiscoveryError, migrate_paths, migrate_source

LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"


def test_migrate_source_takes_text_or_bytes():
    from_text = migrate_source(LEGACY)
    from_bytes = migrate_source(LEGACY.encode())
    assert from_text.new_text == from_bytes.new_text == "name = view.__name__\n"
    assert migrate_source("x = 1\n").new_text is None


def test_migrate_source_select_and_target():
    assert migrate_source(LEGACY, select=["SM001"]).new_text is None
    with pytest.raises(ConfigError):
        migrate_source(LEGACY, target="1.0")
    with pytest.raises(ConfigError):
        migrate_source(LEGACY, select=["nope"])


def test_migrate_paths_writes_only_when_asked(tmp_path, capsys):
    path = tmp_path / "app.py"
    path.write_text(LEGACY)
    seen = []
    report = migrate_paths([str(tmp_path)], target="3.1", progress=lambda done, total: seen.append((done, total)))
    assert path.read_text() == LEGACY and len(report.pending) == 1 and seen == [(1, 1)]
    report = migrate_paths([str(tmp_path)], target="3.1", write=True)
    assert path.read_text() == "name = view.__name__\n" and report.changed[0].written and not report.pending
    assert report.target == "3.1" and report.target_source == "--target-version"
    assert capsys.readouterr() == ("", "")


def test_migrate_paths_missing_path():
    with pytest.raises(DiscoveryError):
        migrate_paths(["/no/such/place"], target="3.1")


def test_results_say_their_outcome_and_error_kind():
    from scaffold_migrate import ErrorKind, Outcome, migrate_source

    assert migrate_source("x = 1\n").outcome is Outcome.SKIPPED
    changed = migrate_source("from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(v)\n")
    assert changed.outcome is Outcome.CHANGED
    broken = migrate_source("from flask.helpers import _endpoint_from_view_func\nprint 'x'\n")
    assert broken.outcome is Outcome.ERROR and broken.error.kind is ErrorKind.PARSE and broken.error.kind == "parse"
