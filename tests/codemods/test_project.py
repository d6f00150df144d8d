"""The project index: module facts and what names are across modules."""

import ast
import pickle
import textwrap

import pytest

from codemods._flask import BLUEPRINT_CLASSES, FLASK_CLASSES
from codemods._project import Class, External, Instance, ModuleFacts, ProjectIndex, module_facts


def index_of(modules: dict[str, str]) -> ProjectIndex:
    """The index of modules given as {dotted name: source}; a name ending in
    `.__init__` is a package."""
    facts = {}
    for name, source in modules.items():
        module = name.removesuffix(".__init__")
        package = module if name.endswith(".__init__") else module.rpartition(".")[0]
        facts[module] = module_facts(ast.parse(textwrap.dedent(source)), module, package, f"/{name}.py")
    return ProjectIndex(facts)


def test_import_forms_resolve_to_the_same_blueprint():
    index = index_of(
        {
            "app.__init__": "",
            "app.admin.__init__": "from flask import Blueprint\nadmin = Blueprint('admin', __name__)\n",
            "app.absolute": "from app.admin import admin\n",
            "app.aliased": "from .admin import admin as panel\n",
            "app.module": "import app.admin\n",
            "app.module_alias": "import app.admin as adm\n",
            "app.admin.views": "from . import admin\n",
        }
    )
    for dotted in (
        "app.admin.admin",
        "app.absolute.admin",
        "app.aliased.panel",
        "app.module.app.admin.admin",
        "app.module_alias.adm.admin",
        "app.admin.views.admin",
    ):
        facts = index.instance_of(dotted, BLUEPRINT_CLASSES)
        assert facts is not None and facts.constructed_name == "admin", dotted


def test_subclasses_across_three_modules():
    index = index_of(
        {
            "pkg.__init__": "",
            "pkg.base": "import flask\nclass Base(flask.Blueprint):\n    def before_request(self, f): pass\n",
            "pkg.middle": "from .base import Base\nclass Middle(Base):\n    def register(self, app, options, first=False): pass\n",
            "pkg.leaf": "from pkg.middle import Middle as M\nclass Leaf(M): pass\nleaf = Leaf('leaf', __name__)\n",
        }
    )
    assert index.derives_from("pkg.leaf.Leaf", BLUEPRINT_CLASSES)
    assert not index.derives_from("pkg.leaf.Leaf", FLASK_CLASSES)
    assert index.defines("pkg.leaf.Leaf", "before_request") and index.defines("pkg.leaf.M", "register")
    assert not index.defines("pkg.leaf.Leaf", "after_request")
    assert index.instance_of("pkg.leaf.leaf", BLUEPRINT_CLASSES).factory == "pkg.leaf.Leaf"


def test_re_exports_through_a_package_and_star_imports():
    index = index_of(
        {
            "api.__init__": "from .bps import v1 as api_v1\nfrom .more import *\n",
            "api.bps": "from flask import Blueprint\nv1 = Blueprint('v1', __name__)\n",
            "api.more": "from flask import *\nextra = Blueprint('extra', __name__)\n",
            "user": "from api import api_v1, extra\n",
        }
    )
    assert index.instance_of("user.api_v1", BLUEPRINT_CLASSES).constructed_name == "v1"
    assert index.instance_of("user.extra", BLUEPRINT_CLASSES).constructed_name == "extra"


def test_cycles_end_unresolved():
    index = index_of({"a": "from b import x\n", "b": "from a import x\n", "c": "from c import y\n"})
    assert index.resolve("a.x") is None and index.resolve("c.y") is None


def test_names_bound_twice_are_not_followed():
    index = index_of(
        {
            "m": """\
            from flask import Blueprint
            bp = Blueprint("one", __name__)
            bp = make_other()
            try:
                from flask import Flask as App
            except ImportError:
                from quart import Quart as App
            app = App(__name__)
        """,
        }
    )
    assert index.resolve("m.bp") is None
    assert index.instance_of("m.app", FLASK_CLASSES) is None


def test_look_alikes_are_not_flask():
    index = index_of(
        {
            "shop.__init__": "",
            "shop.quartish": "from quart import Blueprint\nbp = Blueprint('bp', __name__)\n",
            "flask.__init__": "class Blueprint(object):\n    pass\n",  # a vendored copy shadows Flask
            "shop.vendored": "from flask import Blueprint\nbp = Blueprint('bp', __name__)\n",
            "shop.builtin": "class Base(object): pass\n",
        }
    )
    assert index.instance_of("shop.quartish.bp", BLUEPRINT_CLASSES) is None
    assert index.instance_of("shop.vendored.bp", BLUEPRINT_CLASSES) is None
    assert not index.derives_from("flask.Blueprint", BLUEPRINT_CLASSES)
    assert index.roots(index.resolve("shop.builtin.Base")) == {"builtins.object"}


def test_external_names_and_unknown_project_names():
    index = index_of({"pkg.__init__": "", "pkg.a": "x = 1\n"})
    assert index.resolve("flask.Blueprint") == External("flask.Blueprint")
    assert index.resolve("pkg.missing.thing") is None
    assert index.resolve("pkg.a.x") is None
    assert isinstance(index.resolve("pkg.a"), object)


def test_the_index_pickles():
    index = index_of({"m": "from flask import Flask\napp = Flask(__name__)\nclass A(object): pass\n"})
    copy = pickle.loads(pickle.dumps(index))
    assert isinstance(copy.resolve("m.app"), Instance) and isinstance(copy.resolve("m.A"), Class)
    assert copy.modules == index.modules


@pytest.mark.parametrize(
    "statement, bound",
    [
        ("def f(): pass", "f"),
        ("for i in range(3): pass", "i"),
        ("a, b = 1, 2", "a"),
        ("x += 1", "x"),
    ],
)
def test_other_bindings_hide_a_name(statement, bound):
    facts = module_facts(ast.parse(statement), "m", "", "/m.py")
    assert isinstance(facts, ModuleFacts) and bound in facts.other
