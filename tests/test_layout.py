"""The package layout says what the architecture is: one package per domain, content as data,
docs/architecture.md and the import contract in step with the tree."""

from __future__ import annotations

import ast
import re
import tomllib

from .conftest import ROOT

PACKAGE = ROOT / "src" / "mlroadmap"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def packages() -> list[str]:
    """The code packages directly under src/mlroadmap (content/ is data, not a package)."""
    return sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


def contract_layers() -> list[str]:
    """The package layers of the import contract, top to bottom, as written in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layered,) = [c for c in contracts if c["type"] == "layers"]
    assert layered["containers"] == ["mlroadmap"], "the contract is drawn at package granularity"
    return layered["layers"]


def test_the_top_level_holds_only_packages() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py"], (
        "src/mlroadmap/ holds packages only: put a new module in the package of its domain "
        f"(docs/architecture.md), not beside them: {modules}"
    )
    assert packages() == [
        "assessment",
        "cli",
        "curriculum",
        "export",
        "planning",
        "progress",
        "web",
    ]


def test_content_is_data_only() -> None:
    content = PACKAGE / "content"
    assert (content / "topics").is_dir() and (content / "resources.yaml").is_file()
    code = [p.relative_to(content) for p in content.rglob("*.py")]
    assert code == [], f"src/mlroadmap/content/ holds data only, found code: {code}"
    assert not (content / "__init__.py").exists()


def test_every_package_is_placed_in_the_contract_once() -> None:
    placed = [name.strip() for layer in contract_layers() for name in layer.split("|")]
    assert sorted(placed) == packages(), "each package sits in exactly one layer of the contract"


def test_every_package_says_what_it_holds_and_what_it_may_import() -> None:
    for name in packages():
        init = PACKAGE / name / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc, f"{init}: a two-line docstring says what the package holds and may import"
        lines = doc.strip().splitlines()
        assert len(lines) == 2, f"{init}: the docstring has two lines, not {len(lines)}"
        assert lines[1].startswith("Imports "), f"{init}: the second line says what it imports"
        assert tree.body[1:] == [], f"{init}: holds only its docstring (imports cost start-up)"


def test_the_architecture_doc_names_every_package_and_the_contract() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    table = {m.group(1) for m in re.finditer(r"^\| `(\w+)/` \|", text, flags=re.M)}
    assert table == {*packages(), "content"}, "docs/architecture.md has one row per package"
    for layer in contract_layers():
        shown = " | ".join(f"{n.strip()}" for n in layer.split("|"))
        assert shown in text, f"docs/architecture.md shows the layer '{shown}' of the contract"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme.split("## Development", 1)[1]


def test_the_architecture_doc_names_only_modules_that_exist() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:\w+/)+\w+\.py)`", text))
    assert named, "the doc names the modules that hold each thing"
    missing = sorted(
        m for m in named if not (ROOT / m if m.startswith("tests/") else PACKAGE / m).is_file()
    )
    assert missing == [], f"docs/architecture.md names modules that do not exist: {missing}"
