"""The code stays lint-clean and its layers stay honest (core never imports the CLI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_hold() -> None:
    beside_python = Path(sys.executable).parent / "lint-imports"
    tool = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert tool, "import-linter is part of the [test] extra"
    result = run(tool)
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_does_not_import_heavy_modules() -> None:
    """`mlroadmap --help` must not load pydantic, PyYAML or the curriculum (cold-start budget)."""
    code = (
        "import sys\n"
        "from mlroadmap.cli.app import app\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'rapidfuzz', 'mlroadmap.curriculum.loader') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_status_starts_without_the_heavy_modules(tmp_path: Path) -> None:
    """`mlroadmap status` (the most-run command) must not load the ORM, the YAML parser, the
    content models or pydantic (Typer 0.29 imports it to coerce options: 100 ms) once the
    curriculum cache is warm: its cold-start budget is 0.4 s."""
    import os

    env = {
        **os.environ,
        "MLROADMAP_DB": f"sqlite:///{tmp_path / 'p.db'}",
        "MLROADMAP_CACHE_DIR": str(tmp_path / "cache"),
    }
    start = [sys.executable, "-m", "mlroadmap", "start", "--topic", "vectors", "-H", "5"]
    assert subprocess.run(start, env=env, capture_output=True, check=False).returncode == 0
    code = (
        "import sys\n"
        "from mlroadmap.cli.app import app\n"
        "try:\n"
        "    app(['status'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('sqlalchemy.orm', 'yaml', 'mlroadmap.curriculum.loader',\n"
        "         'mlroadmap.curriculum.model', 'rich.console', 'pydantic')\n"
        "print('heavy:' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "heavy:", result.stdout
