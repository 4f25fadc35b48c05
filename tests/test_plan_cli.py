"""`mlroadmap plan` on the built-in curriculum: every format and every kind of bad input."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from mlroadmap.cli.app import app

BASE = ["plan", "--career", "ml-engineer", "--hours-per-week", "10", "--start", "2027-01-04"]


def plan_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_contract(runner: CliRunner) -> None:
    document = plan_json(runner, *BASE)
    assert document["goal"] == {"roadmap": None, "career": "ml-engineer", "topics": []}
    assert document["start"] == "2027-01-04" and document["hours_per_week"] == 10
    weeks = document["weeks"]
    assert len(weeks) == math.ceil(document["total_hours"] / 10)
    assert weeks[0]["start"] == "2027-01-04" and weeks[0]["end"] == "2027-01-10"
    assert all(w["hours"] <= 10 + 1e-9 for w in weeks)
    item = weeks[0]["items"][0]
    assert set(item) == {"topic", "title", "hours", "resources"}
    assert item["resources"][0]["core"] is True and item["resources"][0]["url"].startswith("http")
    titles = [m["title"] for w in weeks for m in w["milestones"]]
    assert titles[0] == "Programming complete" and titles[-1] == "DevOps complete"
    assert document["finish"] == max(m["date"] for w in weeks for m in w["milestones"])
    assert document["warnings"] == []


def test_table_is_the_default(runner: CliRunner) -> None:
    result = runner.invoke(app, BASE)
    assert result.exit_code == 0
    assert "2027-01-04" in result.stdout and "total" in result.stdout
    assert "finish" in result.stdout
    assert "↳ The Python Tutorial" in result.stdout  # the core resource of the first topic


def test_markdown_checklist(runner: CliRunner) -> None:
    result = runner.invoke(app, [*BASE, "--format", "markdown"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Learning plan: ML Engineer")
    assert "## Week 1 (2027-01-04 to 2027-01-10), 10 h" in text
    assert "- [ ] Python basics: data types and variables (`python-data-types`)" in text
    assert "**Milestone:** Programming complete" in text


def test_ics_parses_back(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = runner.invoke(app, [*BASE, "--format", "ics", "--output", str(target)])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    document = plan_json(runner, *BASE)
    hours = sum((e.decoded("dtend") - e.decoded("dtstart")).total_seconds() for e in events) / 3600
    assert math.isclose(hours, document["total_hours"], rel_tol=1e-6)
    first = min(e.decoded("dtstart") for e in events)
    assert first == datetime(2027, 1, 4, 18, 0)
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert all(str(e["summary"]).startswith("Study: ") for e in events)


def test_known_topics_are_skipped_with_their_private_prerequisites(
    runner: CliRunner, tmp_path: Path
) -> None:
    full = plan_json(runner, "plan", "--topic", "logistic-regression", "--hours-per-week", "5")
    planned = {i["topic"] for w in full["weeks"] for i in w["items"]}
    assert {"linear-regression", "matrices", "logistic-regression"} <= planned
    known = tmp_path / "known.txt"
    known.write_text("# what I know\nlinear-regression, probability-basics\n")
    short = plan_json(
        runner,
        "plan",
        "--topic",
        "logistic-regression",
        "--hours-per-week",
        "5",
        "--know-file",
        str(known),
    )
    assert {i["topic"] for w in short["weeks"] for i in w["items"]} == {"logistic-regression"}
    assert short["known"] == ["linear-regression", "probability-basics"]


def test_schedule_and_combined_goals(runner: CliRunner) -> None:
    document = plan_json(
        runner,
        "plan",
        "--roadmap",
        "beginner",
        "--topic",
        "xgboost",
        "--schedule",
        "mon=1,wed=1,sat=4",
        "--start",
        "2027-01-04",
    )
    assert document["hours_per_week"] == 6
    assert document["schedule"]["sat"] == 4 and document["schedule"]["tue"] == 0
    assert document["phases"][-1]["title"] == "Chosen topics"
    assert any(i["topic"] == "xgboost" for i in document["weeks"][-1]["items"])


def test_deadline_too_close_warns_with_the_needed_pace(runner: CliRunner) -> None:
    document = plan_json(runner, *BASE, "--deadline", "2027-06-30")
    [warning] = document["warnings"]
    assert "cannot be met" in warning and "h/week would meet it" in warning


def test_default_start_is_a_monday(runner: CliRunner) -> None:
    document = plan_json(runner, "plan", "--topic", "vectors", "--hours-per-week", "3")
    start = date.fromisoformat(document["start"])
    assert start.weekday() == 0 and 0 <= (start - date.today()).days < 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--career", "ml-enginer", "-H", "10"],
            "no career 'ml-enginer'; did you mean 'ml-engineer'?",
        ),
        (["--roadmap", "beginer", "-H", "10"], "no roadmap 'beginer'; did you mean 'beginner'?"),
        (["--topic", "tranformers", "-H", "10"], "no topic 'tranformers'; did you mean"),
        (["--topic", "vectors", "--know", "vectorz", "-H", "10"], "no topic 'vectorz'"),
        (["--topic", "vectors", "-H", "ten"], "--hours-per-week must be a number of hours"),
        (["--topic", "vectors", "-H", "0"], "must be more than 0 hours"),
        (["--topic", "vectors", "-H", "-3"], "must be more than 0 hours"),
        (["--topic", "vectors"], "either --hours-per-week or --schedule"),
        (["--topic", "vectors", "-H", "5", "--schedule", "sat=2"], "either --hours-per-week"),
        (["--topic", "vectors", "--schedule", "someday=2"], "unknown day 'som'"),
        (["--topic", "vectors", "--schedule", "sat"], "is not DAY=HOURS"),
        (["--topic", "vectors", "-H", "5", "--start", "2027-13-01"], "--start must be a date"),
        (
            ["--topic", "vectors", "-H", "5", "--start", "2027-02-01", "--deadline", "2027-01-01"],
            "is before the start",
        ),
        (
            ["--topic", "vectors", "-H", "5", "--know-file", "/no/such/file"],
            "cannot read --know-file",
        ),
        (["--topic", "vectors", "-H", "5", "--format", "pdf"], "--format must be one of"),
        (
            ["--topic", "vectors", "-H", "5", "--max-parallel", "0"],
            "--max-parallel must be between 1 and 20",
        ),
        (["-H", "5"], "no goal given"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["plan", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_plan_json_to_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = runner.invoke(app, [*BASE, "--format", "json", "--output", str(target)])
    assert result.exit_code == 0 and "wrote" in result.stderr
    assert json.loads(target.read_text())["start"] == "2027-01-04"
    bad = runner.invoke(
        app, [*BASE, "--output", str(tmp_path / "no" / "dir" / "x.md"), "--format", "markdown"]
    )
    assert bad.exit_code == 2 and "cannot write" in bad.stderr


def test_weeks_follow_the_start_date(runner: CliRunner) -> None:
    document = plan_json(runner, "plan", "--topic", "vectors", "-H", "2", "--start", "2027-01-06")
    first, last = document["weeks"][0], document["weeks"][-1]
    assert first["start"] == "2027-01-06"
    assert date.fromisoformat(last["end"]) - date.fromisoformat(first["start"]) == timedelta(
        days=7 * len(document["weeks"]) - 1
    )
