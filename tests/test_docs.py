"""Documentation stays honest: every CLI command is documented, the quickstart is two commands."""

from __future__ import annotations

import re
from typing import Any

import typer

from mlroadmap.cli.app import app

from .conftest import ROOT


def command_paths(command: Any, prefix: str = "") -> list[str]:
    """Leaf command paths like 'show topic' (groups are found by their `commands` mapping)."""
    if hasattr(command, "commands"):
        return [
            path
            for name, sub in command.commands.items()
            for path in command_paths(sub, f"{prefix} {name}".strip())
        ]
    return [prefix]


def documentation() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def test_every_command_is_documented() -> None:
    text = documentation()
    paths = command_paths(typer.main.get_command(app))
    assert len(paths) >= 10
    missing = [p for p in paths if f"mlroadmap {p}" not in text]
    assert not missing, f"undocumented commands: {missing}"


def test_quickstart_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", section, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, commands
    assert "mlroadmap" in commands[0] and "pytest" in commands[1]


def test_format_doc_names_every_export_key() -> None:
    doc = (ROOT / "docs" / "curriculum-format.md").read_text(encoding="utf-8")
    for key in (
        "topics",
        "resources",
        "roadmaps",
        "careers",
        "certifications",
        "questions",
        "requires",
        "recommends",
        "objectives",
        "aliases",
        "format_version",
    ):
        assert f"`{key}`" in doc, key
