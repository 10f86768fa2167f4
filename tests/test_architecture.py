"""The layering of Panel's apps, read from their source with ast (nothing is imported).

Imports run one way, accounts <- questionbank <- interviews <- scorecards: an app imports only
apps below it. No app module reaches up through apps.get_model outside migrations, and no app
module grows past MAX_LINES without a stated reason.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["accounts", "questionbank", "interviews", "scorecards", "analytics"]
MAX_LINES = 450
# Modules allowed past MAX_LINES, each with the reason (and who removes the exception).
LONG_MODULES: dict[str, str] = {}


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


MODULES = list(_modules())


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _ids(modules):
    return [_name(path) for _app, path in modules]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in LAYERS)
    return found


def _get_model_targets(path: Path) -> list[str]:
    """The app labels of every apps.get_model("label", ...) call in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    targets = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
        ):
            first = node.args[0] if node.args else None
            targets.append(first.value if isinstance(first, ast.Constant) else "?")
    return targets


@pytest.mark.parametrize(("app", "path"), MODULES, ids=_ids(MODULES))
def test_it_imports_only_apps_below(app, path):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    assert not _imported_apps(path) & above


@pytest.mark.parametrize(("app", "path"), MODULES, ids=_ids(MODULES))
def test_it_reaches_no_model_through_apps_get_model(app, path):
    assert _get_model_targets(path) == []


SHORT_MODULES = [(app, path) for app, path in MODULES if _name(path) not in LONG_MODULES]


@pytest.mark.parametrize(("app", "path"), SHORT_MODULES, ids=_ids(SHORT_MODULES))
def test_it_keeps_every_module_short(app, path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_it_lists_only_long_modules_that_exist_and_are_long():
    for name in LONG_MODULES:
        assert len((ROOT / name).read_text().splitlines()) > MAX_LINES, name


def test_it_sees_the_imports_it_checks(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text(
        "import scorecards.models\nfrom interviews import policies\nfrom . import x\n"
    )
    assert _imported_apps(module) == {"scorecards", "interviews"}
    module.write_text("from django.apps import apps\napps.get_model('scorecards', 'Scorecard')\n")
    assert _get_model_targets(module) == ["scorecards"]
