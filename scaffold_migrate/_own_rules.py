"""The rules this tool ships, imported as `codemods` from beside this package, before a
project's own package of that name can be: under `python -m`, the current folder comes
first on the import path."""

import importlib.util
import sys
from pathlib import Path


def import_own_rules() -> None:
    if "codemods" in sys.modules:
        return
    folder = Path(__file__).resolve().parent.parent / "codemods"
    spec = importlib.util.spec_from_file_location(
        "codemods", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["codemods"] = module
    spec.loader.exec_module(module)


import_own_rules()
