import pytest
from click.testing import CliRunner

from scaffold_migrate.cli import cli
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.settings import Settings, load_settings

LEGACY = "from flask.helpers import _endpoint_from_view_func\nname = _endpoint_from_view_func(view)\n"


def write_settings(folder, body):
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.scaffold-migrate]\n" + body)


def test_nearest_table_upwards_with_options_in_command_line_form(tmp_path):
    (tmp_path / ".git").mkdir()
    write_settings(
        tmp_path,
        'target-version = "2.3"\nselect = ["SM003", "moved-names"]\nignore = "SM001, SM002"\n'
        'exclude = ["vendor/", "*_pb2.py"]\njobs = 2\n',
    )
    inner = tmp_path / "pkg" / "sub"
    inner.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text("[project]\nname = 'no table here'\n")
    settings = load_settings(str(inner))
    assert settings.path.endswith("pyproject.toml") and "pkg" not in settings.path
    assert settings.defaults == {
        "target_version": "2.3",
        "select": "SM003,moved-names",
        "ignore": "SM001,SM002",
        "exclude": ("vendor/", "*_pb2.py"),
        "jobs": 2,
    }


def test_search_stops_at_the_repository_root(tmp_path):
    write_settings(tmp_path, "jobs = 1\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert load_settings(str(repo)) == Settings()


@pytest.mark.parametrize(
    "body, message",
    [
        ('target = "2.0"\n', "unknown key 'target'"),
        ('target-version = "1.1"\n', "target-version = '1.1': expected one of 2.0, "),
        ('select = ["SM042"]\n', "unknown rule 'SM042'"),
        ("ignore = [1]\n", "expected a list of rule ids or names"),
        ('exclude = "vendor/"\n', "expected a list of globs"),
        ("jobs = 0\n", "expected a whole number of at least 1"),
        ("jobs = true\n", "expected a whole number of at least 1"),
        ("jobs = \n", "cannot read"),
    ],
)
def test_bad_settings_are_errors(tmp_path, body, message):
    (tmp_path / ".git").mkdir()
    write_settings(tmp_path, body)
    with pytest.raises(ConfigError, match="pyproject.toml") as error:
        load_settings(str(tmp_path))
    assert message in str(error.value)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(LEGACY)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.py").write_text(LEGACY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(cli, ["--no-progress", *args])


def test_settings_are_the_defaults_and_options_override_them(project):
    write_settings(project, 'target-version = "2.0"\nexclude = ["vendor/"]\nselect = ["SM001"]\n')
    result = invoke("--check")
    assert result.exit_code == 0, result.output
    assert "Target: Flask 2.0 (from pyproject.toml [tool.scaffold-migrate])" in result.output
    assert "Settings: pyproject.toml [tool.scaffold-migrate]" in result.output
    result = invoke("--check", "--select", "SM003", "-t", "3.1")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("app.py: would change")
    assert "Target: Flask 3.1 (from --target-version)" in result.output
    assert "vendor/lib.py" not in result.output


def test_bad_settings_exit_3_but_help_still_works(project):
    write_settings(project, 'jobs = "many"\n')
    result = invoke("--check")
    assert result.exit_code == 3
    assert "pyproject.toml: [tool.scaffold-migrate] jobs = 'many'" in result.output
    assert invoke("--help").exit_code == 0
