import os
import stat

import pytest

from scaffold_migrate import writer
from scaffold_migrate.results import FileResult


def changed(path, old=b"old\n", new=b"new\n"):
    return FileResult(str(path), old_source=old, new_source=new)


def test_writes_atomically_and_keeps_the_mode(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    result = writer.write_result(changed(path))
    assert result.written and result.error is None
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.py"]


def test_unchanged_results_are_never_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "replace_file", lambda *args: pytest.fail("opened"))
    result = FileResult(str(tmp_path / "a.py"))
    assert writer.write_result(result) is result


def test_read_only_file_is_refused(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o444)
    result = writer.write_result(changed(path))
    assert not result.written and result.error.kind == "write" and "read-only" in result.error.message
    assert path.read_bytes() == b"old\n"


def test_file_changed_since_it_was_read_is_refused(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes(b"edited meanwhile\n")
    result = writer.write_result(changed(path))
    assert result.error.kind == "write" and path.read_bytes() == b"edited meanwhile\n"


def test_symlink_target_is_written_and_the_link_kept(tmp_path):
    target = tmp_path / "real.py"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert writer.write_result(changed(link)).written
    assert link.is_symlink() and target.read_bytes() == b"new\n"


def test_disk_full_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "a.py"
    path.write_bytes(b"old\n")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full)
    result = writer.write_result(changed(path))
    assert result.error.kind == "write" and "No space" in result.error.message
    assert path.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["a.py"]


def test_interrupt_between_temp_write_and_replace(tmp_path, monkeypatch):
    path = tmp_path / "a.py"
    path.write_bytes(b"old\n")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write_result(changed(path))
    assert path.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["a.py"]
