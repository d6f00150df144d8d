import os

import pytest

from scaffold_migrate.discovery import STDIN, DiscoveryError, discover


def make(root, *names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def relative(paths, root):
    return sorted(os.path.relpath(path, root) for path in paths)


def test_recursion_and_default_excludes(tmp_path):
    make(
        tmp_path,
        "a.py",
        "pkg/b.py",
        "pkg/notes.txt",
        ".venv/c.py",
        "venv/d.py",
        "build/e.py",
        "node_modules/f.py",
        "pkg/site-packages/g.py",
        ".tox/h.py",
        ".git/i.py",
        "dist/j.py",
    )
    assert relative(discover([str(tmp_path)]), tmp_path) == ["a.py", "pkg/b.py"]


def test_gitignore_from_repository_root_down_with_negation(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n")
    make(tmp_path, "src/app.py", "src/api_pb2.py", "src/generated/x.py", "src/sub/keep_pb2.py", "src/sub/other.py")
    (tmp_path / "src/sub/.gitignore").write_text("!keep_pb2.py\nother.py\n")
    found = discover([str(tmp_path / "src")])
    assert relative(found, tmp_path / "src") == ["app.py", "sub/keep_pb2.py"]


def test_user_excludes(tmp_path):
    make(tmp_path, "app.py", "tests/test_app.py", "legacy/old.py")
    found = discover([str(tmp_path)], excludes=["tests/", "old.py"])
    assert relative(found, tmp_path) == ["app.py"]


def test_explicit_files_are_always_taken(tmp_path):
    make(tmp_path, "build/script.py", "tool")
    (tmp_path / ".gitignore").write_text("*.py\n")
    paths = [str(tmp_path / "build/script.py"), str(tmp_path / "tool")]
    assert discover(paths, excludes=["*.py"]) == paths


def test_symlink_loops_end_and_files_come_once(tmp_path):
    make(tmp_path, "pkg/a.py")
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path / "missing", tmp_path / "pkg" / "broken.py")
    found = discover([str(tmp_path), str(tmp_path / "pkg" / "a.py")])
    assert relative(found, tmp_path) == ["pkg/a.py"]


def test_folder_named_like_a_module(tmp_path):
    make(tmp_path, "x.py/inner.py")
    assert relative(discover([str(tmp_path)]), tmp_path) == ["x.py/inner.py"]


def test_stdin_and_missing_paths(tmp_path):
    assert discover([STDIN]) == [STDIN]
    with pytest.raises(DiscoveryError, match="no such file"):
        discover([str(tmp_path / "nope")])
