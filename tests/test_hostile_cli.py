"""Bad input to the CLI gets one clear line and exit 2, never a traceback or a hang, and
nothing already saved is lost: bytes that are not UTF-8, files that are not databases or
would never end, numbers that overflow, empty values, names with terminal escapes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE

STORES = Path(__file__).resolve().parent / "fixtures" / "stores"
SECONDS = 30


def mlroadmap(
    tmp_path: Path, *args: str | bytes, db: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a learner would (its `main`, not Typer's test runner)."""
    env = {
        **os.environ,
        "MLROADMAP_DB": db or f"sqlite:///{tmp_path / 'progress.db'}",
        "MLROADMAP_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("MLROADMAP_CURRICULUM", None)
    result = subprocess.run(
        [sys.executable, "-m", "mlroadmap", *args],
        env=env,
        capture_output=True,
        timeout=SECONDS,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def started(tmp_path: Path) -> Path:
    """A store with a goal, one session and one finished topic."""
    for args in (
        ["start", "--topic", "vectors", "-H", "5", "--start", "2026-11-02"],
        ["log", "1h", "vectors", "--date", "2026-11-03"],
        ["done", "python-functions"],
    ):
        assert mlroadmap(tmp_path, *args).returncode == 0
    return tmp_path


def saved(folder: Path) -> str:
    exported = mlroadmap(folder, "export", "progress")
    assert exported.returncode == 0, exported.stderr
    return exported.stdout


# Arguments that are not UTF-8 -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"note", b"vectors", b"x\xff"],
        [b"link", b"vectors", b"https://example.org/\xfe"],
        [b"link", b"vectors", b"https://example.org/", b"--title", b"t\xff"],
        [b"--profile", b"b\xffb", b"status"],
    ],
)
def test_arguments_that_are_not_utf8_are_refused(started: Path, args: list[bytes]) -> None:
    before = saved(started)
    refused(mlroadmap(started, *args), "is not valid UTF-8 text")
    assert saved(started) == before


# Stores that are not stores ---------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"these are my notes, not a database\n" * 100)
    refused(mlroadmap(tmp_path, "status", db=f"sqlite:///{junk}"), "cannot open the progress store")
    assert junk.read_bytes().startswith(b"these are my notes"), "the file is left alone"


def test_a_corrupted_database_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    original = (STORES / "rev0003.sqlite").read_bytes()
    broken.write_bytes(original[:100] + bytes(range(256)) * 64 + original[16484:])
    result = mlroadmap(tmp_path, "status", db=f"sqlite:///{broken}")
    refused(result, "progress store")


def test_a_read_only_store_refuses_writes_and_keeps_what_it_has(started: Path) -> None:
    path = started / "progress.db"
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    status = mlroadmap(started, "status", db=read_only)
    assert status.returncode == 0, status.stderr
    for args in (["log", "1h", "vectors"], ["done", "vectors"], ["note", "vectors", "x"]):
        refused(mlroadmap(started, *args, db=read_only), "readonly database", "nothing was changed")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM study_sessions").fetchone() == (1,)


# Files that are not text, or never end ------------------------------------------------------


def test_know_files_that_cannot_be_read_as_text_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "known.txt"
    latin.write_bytes("vectors\nmatrices caf\xe9\n".encode("latin-1"))
    refused(
        mlroadmap(tmp_path, "plan", "--topic", "vectors", "-H", "5", "--know-file", str(latin)),
        "is not UTF-8 text",
    )
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(
        mlroadmap(tmp_path, "plan", "--topic", "vectors", "-H", "5", "--know-file", str(fifo)),
        "is not a regular file",
    )
    refused(
        mlroadmap(tmp_path, "plan", "--topic", "vectors", "-H", "5", "--know-file", "/dev/zero"),
        "is not a regular file",
    )
    refused(
        mlroadmap(tmp_path, "plan", "--topic", "vectors", "-H", "5", "--know-file", str(tmp_path)),
        "is not a regular file",
    )


def test_imports_that_would_hang_or_flood_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(mlroadmap(tmp_path, "import", str(fifo)), "is not a regular file")
    refused(mlroadmap(tmp_path, "import", "/dev/zero"), "is not a regular file")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    refused(mlroadmap(tmp_path, "import", str(deep)), "nested too deeply")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "caf\xe9"}')
    refused(mlroadmap(tmp_path, "import", str(latin)), "is not UTF-8 text")


# Numbers that overflow, empty values ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["plan", "--topic", "vectors", "-H", "1e-320"], "at least 0.25 hours a week"),
        (["plan", "--topic", "vectors", "--schedule", "mon=1e-320"], "at least 0.25 hours"),
        (["start", "--topic", "vectors", "-H", "1e-320"], "at least 0.25 hours a week"),
        (["plan", "--topic", "vectors", "-H", "5", "--max-parallel", "9" * 20], "between 1 and 20"),
        (["start", "--topic", "vectors", "-H", "5", "--max-parallel", "9" * 20], "between 1"),
        (["plan", "--topic", "vectors", "-H", "5", "--start", ""], "--start must be a date"),
        (["plan", "--topic", "vectors", "-H", "5", "--deadline", ""], "--deadline must be a date"),
        (["log", "1h", "vectors", "--date", ""], "--date must be a date"),
    ],
)
def test_values_that_overflow_or_are_empty_are_refused(
    started: Path, args: list[str], fragment: str
) -> None:
    before = saved(started)
    refused(mlroadmap(started, *args), fragment)
    assert saved(started) == before


def test_replan_refuses_a_budget_that_would_overflow(started: Path) -> None:
    before = saved(started)
    refused(mlroadmap(started, "replan", "-H", "1e-320"), "at least 0.25 hours a week")
    refused(mlroadmap(started, "replan", "--schedule", "sat=1e-320"), "at least 0.25 hours")
    assert saved(started) == before


# Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "evil\x1b]0;owned\x07\x1b[31m", "two\nlines"])
def test_profile_names_that_cannot_be_names_are_refused_and_not_saved(
    started: Path, name: str
) -> None:
    refused(mlroadmap(started, "--profile", name, "status"), "--profile")
    refused(mlroadmap(started, "profiles", "--create", name), "--create")
    listed = mlroadmap(started, "profiles", "--json")
    assert json.loads(listed.stdout) == ["default"]


def test_notes_and_titles_with_terminal_escapes_are_refused(started: Path) -> None:
    before = saved(started)
    refused(mlroadmap(started, "note", "vectors", "look \x1b[31mred"), "control character U+001B")
    refused(
        mlroadmap(started, "link", "vectors", "https://example.org/", "--title", "a\x07b"),
        "control character U+0007",
    )
    refused(mlroadmap(started, "log", "1h", "vectors", "--note", "nul\x01"), "control character")
    assert saved(started) == before


def test_curriculum_text_with_terminal_escapes_is_never_printed(tmp_path: Path) -> None:
    import shutil

    own = tmp_path / "own"
    shutil.copytree(EXAMPLE, own)
    topic = own / "topics" / "math" / "vectors.md"
    text = topic.read_text(encoding="utf-8")
    text = text.replace("title: Vectors", 'title: "\\e]0;owned\\a\\e[31mVectors"')
    topic.write_text(text.replace("## Why it matters", "## Why it \x1b[2Jmatters"))
    checked = mlroadmap(tmp_path, "validate", str(own))
    assert checked.returncode == 1 and "control character U+001B" in checked.stdout
    for args in (
        ["show", "topic", "vectors"],
        ["topics"],
        ["plan", "--topic", "vectors", "-H", "5"],
    ):
        result = mlroadmap(tmp_path, "--curriculum", str(own), *args)
        refused(result, "run 'mlroadmap validate'")
        assert "\x1b" not in result.stdout + result.stderr
