"""The cached curriculum is used only while its files are unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlroadmap import curriculum_cache
from mlroadmap.cli.app import app
from mlroadmap.loader import load

from .conftest import EXAMPLE


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_round_trip_and_index(own: Path) -> None:
    assert curriculum_cache.read(own) is None
    curriculum = load(own).curriculum
    curriculum_cache.write(own, curriculum)
    assert curriculum_cache.read(own) == curriculum
    index = curriculum_cache.read_index(own)
    assert index is not None and index.topics == set(curriculum.topics)
    assert index.live_topic_id("vectors") == "vectors" and index.live_topic_id("x") is None


def test_a_changed_file_is_noticed(own: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["--curriculum", str(own), "topics"]).exit_code == 0
    assert curriculum_cache.read(own) is not None
    topic = own / "topics" / "math" / "vectors.md"
    topic.write_text(topic.read_text().replace("hours: 6", "hours: -6"))
    assert curriculum_cache.read(own) is None
    result = runner.invoke(app, ["--curriculum", str(own), "topics"])
    assert result.exit_code == 2 and "hours must be positive" in result.stderr


def test_an_unwritable_cache_is_ignored(own: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = own.parent / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("MLROADMAP_CACHE_DIR", str(blocker))
    curriculum_cache.write(own, load(own).curriculum)  # no exception
    assert curriculum_cache.read(own) is None
