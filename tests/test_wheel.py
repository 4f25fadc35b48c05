"""An installed wheel works on its own: the content, the question bank, the migrations and the
web templates ship inside it, and a plan made from it is the plan the source tree makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

CONTENT = ROOT / "src" / "mlroadmap" / "content"
PLAN = ["plan", "--career", "ml-engineer", "--hours-per-week", "10", "--start", "2027-01-04"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    command = ["pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)]
    build = subprocess.run(
        [sys.executable, "-m", *command, str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (built,) = dist.glob("mlroadmap-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked as an installer lays it out: a folder put first on the import path."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run_installed(site: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "MLROADMAP_CACHE_DIR": str(tmp_path / "cache"),
        "MLROADMAP_DB": f"sqlite:///{tmp_path / 'progress.db'}",
    }
    env.pop("MLROADMAP_CURRICULUM", None)
    return subprocess.run(
        [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )


def test_the_wheel_ships_the_content_as_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("mlroadmap/content/") for n in names if "/content/" in n}
    source = {p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*") if p.is_file()}
    assert shipped == source, "every content file ships, and nothing else under content/"
    assert not [n for n in names if n.startswith("mlroadmap/content/") and n.endswith(".py")]
    for needed in (
        "mlroadmap/progress/store/migrations/env.py",
        "mlroadmap/progress/store/migrations/versions/0003_answers.py",
        "mlroadmap/web/templates/base.html",
        "mlroadmap/web/static/style.css",
    ):
        assert needed in names, f"{needed} is missing from the wheel"
    assert not [n for n in names if n.startswith("tests/")]


def test_the_installed_wheel_is_the_one_imported(installed: Path, tmp_path: Path) -> None:
    result = run_installed(installed, tmp_path, "-c", "import mlroadmap; print(mlroadmap.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed)


def test_the_installed_wheel_loads_and_validates_its_content(
    installed: Path, tmp_path: Path
) -> None:
    listed = run_installed(installed, tmp_path, "-m", "mlroadmap", "topics", "--json")
    assert listed.returncode == 0, listed.stderr
    topics = json.loads(listed.stdout)
    assert len(topics) == len(list((CONTENT / "topics").rglob("*.md")))
    checked = run_installed(
        installed, tmp_path, "-m", "mlroadmap", "validate", "--allow-warnings", "--json"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["curriculum"].startswith(str(installed))


def test_the_installed_wheel_plans_quizzes_and_keeps_progress(
    installed: Path, tmp_path: Path
) -> None:
    from_wheel = run_installed(installed, tmp_path, "-m", "mlroadmap", *PLAN, "--format", "json")
    assert from_wheel.returncode == 0, from_wheel.stderr
    from_source = subprocess.run(
        [sys.executable, "-m", "mlroadmap", *PLAN, "--format", "json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert from_source.returncode == 0, from_source.stderr
    assert json.loads(from_wheel.stdout) == json.loads(from_source.stdout)

    quiz = run_installed(installed, tmp_path, "-m", "mlroadmap", "quiz", "vectors", "--json")
    assert quiz.returncode == 0, quiz.stderr
    assert len(json.loads(quiz.stdout)["questions"]) >= 4

    upgraded = run_installed(installed, tmp_path, "-m", "mlroadmap", "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    started = run_installed(
        installed, tmp_path, "-m", "mlroadmap", "start", "--topic", "vectors", "-H", "5"
    )
    assert started.returncode == 0, started.stderr
    status = run_installed(installed, tmp_path, "-m", "mlroadmap", "status", "--json")
    assert status.returncode == 0, status.stderr
