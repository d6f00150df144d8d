"""Phase one: the project root, module names, and which modules the index reads."""

import os
import pickle

from codemods._flask import BLUEPRINT_CLASSES
from scaffold_migrate.project import build_index, module_name, project_root
from tests.project_cases import write_project

LAYOUT = {
    "app/__init__.py": "from flask import Flask\nfrom .admin import admin\n",
    "app/admin/__init__.py": "from flask import Blueprint\nadmin = Blueprint('admin', __name__)\nfrom . import views\n",
    "app/admin/views.py": "from . import admin\nfrom ..base import Base\n\nclass Panel(Base):\n    pass\n",
    "app/base.py": "import flask\n\nclass Base(flask.Blueprint):\n    pass\n",
    "app/leaf.py": (
        "from app.admin.views import Panel\n\nclass Leaf(Panel):\n"
        "    def register(self, app, options, first_registration=False):\n        pass\n"
    ),
    "app/plain.py": "import os\nadmin = os.environ\n",
    "scripts/tool.py": "print('no package here')\n",
}


def test_project_root_is_the_nearest_marked_folder(tmp_path):
    write_project(tmp_path, LAYOUT)
    assert project_root([str(tmp_path / "app" / "admin" / "views.py")]) == str(tmp_path)
    assert project_root([str(tmp_path / "app")]) == str(tmp_path)
    bare = tmp_path / "elsewhere" / "deep"
    bare.mkdir(parents=True)
    (bare.parent / "setup.py").write_text("")
    assert project_root([str(bare)]) == str(bare.parent)


def test_module_names_come_from_the_import_root(tmp_path):
    write_project(tmp_path, LAYOUT)
    assert module_name(str(tmp_path / "app" / "admin" / "views.py")) == ("app.admin.views", "app.admin")
    assert module_name(str(tmp_path / "app" / "admin" / "__init__.py")) == ("app.admin", "app.admin")
    assert module_name(str(tmp_path / "scripts" / "tool.py")) == ("tool", "")


def test_modules_are_read_when_a_resolution_needs_them(tmp_path):
    write_project(tmp_path, LAYOUT)
    index = build_index(str(tmp_path))
    assert not index.modules
    assert index.derives_from("app.leaf.Leaf", BLUEPRINT_CLASSES)
    assert set(index.modules) == {"app.leaf", "app.admin.views", "app.base"}
    assert index.instance_of("app.admin.views.admin", BLUEPRINT_CLASSES) is not None
    assert index.connections(str(tmp_path / "app" / "leaf.py")) == BLUEPRINT_CLASSES & {"flask.Blueprint"}
    assert not index.connections(str(tmp_path / "app" / "plain.py"))
    assert "tool" not in index.modules
    assert index.top_level >= {"app", "tool"}


def test_a_pickled_index_reads_modules_in_the_process_that_asks(tmp_path):
    write_project(tmp_path, LAYOUT)
    copy = pickle.loads(pickle.dumps(build_index(str(tmp_path))))
    assert copy.derives_from("app.leaf.Leaf", BLUEPRINT_CLASSES)


def test_modules_of_the_same_name_are_left_out(tmp_path):
    write_project(
        tmp_path,
        {
            "one/admin.py": "from flask import Blueprint\nadmin = Blueprint('one', __name__)\n",
            "two/admin.py": "from flask import Blueprint\nadmin = Blueprint('two', __name__)\n",
        },
    )
    index = build_index(str(tmp_path))
    assert "admin" not in index.modules and index.resolve("admin.admin") is None


def test_excluded_and_unparseable_files_are_not_read(tmp_path):
    write_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/broken.py": "from flask import Flask\nprint 'python 2'\n",
            "pkg/vendor/bp.py": "from flask import Blueprint\nbp = Blueprint('v', __name__)\n",
        },
    )
    index = build_index(str(tmp_path), exclude=["vendor/"])
    assert "pkg.broken" not in index.modules and "pkg.vendor.bp" not in index.modules


def test_files_named_outside_the_project_are_read_too(tmp_path):
    write_project(tmp_path / "project", {"pkg/__init__.py": ""})
    outside = tmp_path / "loose.py"
    outside.write_text("from flask import Flask\napp = Flask(__name__)\napp._register_error_handler(None, 404, f)\n")
    index = build_index(str(tmp_path / "project"), [str(outside)])  # a file given outside the project
    assert index.facts_for(os.path.relpath(outside)) is not None


def test_files_no_rule_can_touch_are_not_read_again(tmp_path):
    write_project(tmp_path, LAYOUT)
    index = build_index(str(tmp_path), [str(path) for path in tmp_path.rglob("*.py")])
    assert index.skips(str(tmp_path / "app" / "plain.py")) and index.skips(str(tmp_path / "scripts" / "tool.py"))
    assert not index.skips(str(tmp_path / "app" / "leaf.py"))
    assert index.skips(str(tmp_path / "app" / "admin" / "views.py"))  # binds a blueprint, uses no rule's idiom


def test_only_the_files_a_run_migrates_are_searched_for_every_rule_s_words(tmp_path):
    """A pre-commit run on a few files of a large project reads the rest only for
    the project's facts (Flask named, hand-made bases, package-bound objects)."""
    write_project(tmp_path, LAYOUT)
    index = build_index(str(tmp_path), [str(tmp_path / "app" / "plain.py")])
    assert index.skips(str(tmp_path / "app" / "plain.py"))
    assert not index.skips(str(tmp_path / "scripts" / "tool.py"))
    assert index.run.names_flask


def test_constructions_of_an_inherited_package_bound_constructor_are_found_by_name(tmp_path):
    write_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/base.py": "from flask.helpers import _PackageBoundObject\n\nclass Base(_PackageBoundObject):\n    pass\n",
            "pkg/use.py": "from .base import Base\n\ntheme = Base(__name__, 'templates')\n",
        },
    )
    index = build_index(str(tmp_path))
    (construction,) = index.run.constructions["pkg.base.Base"]
    assert construction.path.endswith("use.py") and construction.line == 3 and construction.positional == 2


def test_reading_in_several_processes_finds_what_reading_in_one_does(tmp_path, monkeypatch):
    from scaffold_migrate import project

    write_project(
        tmp_path,
        {
            **LAYOUT,
            "themes/__init__.py": "",
            "themes/base.py": "from flask.helpers import _PackageBoundObject\n\nclass Base(_PackageBoundObject):\n    pass\n",
            "themes/use.py": "from .base import Base\n\ntheme = Base(__name__, 'templates')\n",
        },
    )
    serial = build_index(str(tmp_path))
    monkeypatch.setattr(project, "PARALLEL_SCAN_THRESHOLD", 0)
    parallel = build_index(str(tmp_path), jobs=2)
    assert parallel.run == serial.run
