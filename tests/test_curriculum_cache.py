"""The cached curriculum is used only while its files are unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlroadmap.cli.app import app
from mlroadmap.curriculum import cache
from mlroadmap.curriculum.loader import load

from .conftest import EXAMPLE


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_round_trip_and_index(own: Path) -> None:
    assert cache.read(own) is None
    curriculum = load(own).curriculum
    cache.write(own, curriculum)
    assert cache.read(own) == curriculum
    index = cache.read_index(own)
    assert index is not None and index.topics == set(curriculum.topics)
    assert index.live_topic_id("vectors") == "vectors" and index.live_topic_id("x") is None


def test_a_changed_file_is_noticed(own: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["--curriculum", str(own), "topics"]).exit_code == 0
    assert cache.read(own) is not None
    topic = own / "topics" / "math" / "vectors.md"
    topic.write_text(topic.read_text().replace("hours: 6", "hours: -6"))
    assert cache.read(own) is None
    result = runner.invoke(app, ["--curriculum", str(own), "topics"])
    assert result.exit_code == 2 and "hours must be positive" in result.stderr


def test_an_unwritable_cache_is_ignored(own: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = own.parent / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("MLROADMAP_CACHE_DIR", str(blocker))
    cache.write(own, load(own).curriculum)  # no exception
    assert cache.read(own) is None
