import pytest
from packaging.version import Version

from codemods.versions import NEWEST, FlaskVersion
from scaffold_migrate import target_detection
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.target_detection import newest_allowed, resolve_target


@pytest.mark.parametrize(
    "specifier, expected",
    [
        ("==2.0.3", "2.0"),
        ("==2.3.2", "2.3"),
        ("~=2.2", "2.3"),
        (">=2.0,<2.3", "2.2"),
        (">=2.2", "3.1"),
        ("==3.0.*", "3.0"),
        ("", "3.1"),
        ("==1.1.4", None),
        ("<2", None),
        ("not a spec", None),
    ],
)
def test_newest_allowed_is_what_pip_would_install(specifier, expected):
    version = newest_allowed(specifier)
    assert (None if version is None else str(version)) == expected


def test_explicit_target():
    choice = resolve_target("2.2")
    assert choice.version == FlaskVersion(2, 2) and choice.source == "--target-version"
    with pytest.raises(ConfigError):
        resolve_target("1.1")


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("requirements.txt", "Flask[async]==2.0.3  # pinned\nrequests\n", "2.0"),
        ("requirements-prod.txt", "flask>=2.2,<3\n", "2.3"),
        ("pyproject.toml", '[project]\ndependencies = ["flask ~= 3.0.0"]\n', "3.0"),
        ("pyproject.toml", '[tool.poetry.dependencies]\nflask = "^2.1"\n', "2.3"),
        ("setup.cfg", "[options]\ninstall_requires =\n    click\n    flask==2.1.3\n", "2.1"),
        ("setup.py", 'setup(install_requires=["Flask>=2.0,<2.1"])\n', "2.0"),
    ],
)
def test_auto_reads_project_pins(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content)
    (tmp_path / "src").mkdir()
    choice = resolve_target("auto", str(tmp_path / "src"))
    assert str(choice.version) == expected and name in choice.source


def test_auto_skips_the_legacy_pin_then_uses_installed_flask(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("flask==1.1.4\n")
    monkeypatch.setattr(target_detection, "_installed_flasks", lambda _dir: iter([(Version("2.3.3"), "here")]))
    choice = resolve_target("auto", str(tmp_path))
    assert choice.version == FlaskVersion(2, 3) and choice.source == "Flask 2.3.3 installed in here"
    assert "flask==1.1.4" in choice.notes[0]


def test_auto_falls_back_to_newest(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(target_detection, "_installed_flasks", lambda _dir: iter([(Version("1.1.4"), "here")]))
    choice = resolve_target("auto", str(tmp_path))
    assert choice.version == NEWEST and choice.source == "newest supported"


def _environment_with_flask(folder, version):
    info = folder / "lib" / "python3.11" / "site-packages" / f"flask-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: Flask\nVersion: {version}\n")


@pytest.mark.parametrize("name", [".venv", "venv"])
def test_auto_reads_the_flask_of_the_project_environment_before_the_tool_s(tmp_path, monkeypatch, name):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    (tmp_path / ".git").mkdir()
    _environment_with_flask(tmp_path / name, "2.2.5")
    (tmp_path / "src").mkdir()
    choice = resolve_target("auto", str(tmp_path / "src"))
    assert choice.version == FlaskVersion(2, 2)
    assert choice.source == f"Flask 2.2.5 installed in {tmp_path / name}"


def test_auto_reads_the_active_virtual_environment_first(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    _environment_with_flask(tmp_path / "active", "2.0.3")
    _environment_with_flask(tmp_path / ".venv", "3.1.0")
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "active"))
    assert resolve_target("auto", str(tmp_path)).version == FlaskVersion(2, 0)


def test_installed_flask_is_read_from_its_metadata_folder(tmp_path, monkeypatch):
    site_packages = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    (site_packages / "Flask-2.2.5.dist-info").mkdir(parents=True)
    (site_packages / "flask_login-0.6.3.dist-info").mkdir()
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "venv"))
    choice = resolve_target("auto", str(tmp_path))
    assert (str(choice.version), choice.source) == ("2.2", f"Flask 2.2.5 installed in {tmp_path / 'venv'}")
