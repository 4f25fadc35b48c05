"""Every exploring command through Typer's runner, on the example curriculum."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from mlroadmap.cli.app import app

from .conftest import BROKEN, EXAMPLE

OWN = ["--curriculum", str(EXAMPLE)]


def run_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*OWN, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_roadmaps_and_careers(runner: CliRunner) -> None:
    [roadmap] = run_json(runner, "roadmaps")
    assert roadmap["id"] == "first-steps" and roadmap["total_hours"] == 29
    assert roadmap["fit"]["fits"] is True
    [career] = run_json(runner, "careers")
    assert career["phases"] == ["Foundation", "Modelling"] and career["topic_count"] == 4
    assert run_json(runner, "certifications") == []


def test_topics_filters(runner: CliRunner) -> None:
    rows = run_json(runner, "topics", "--area", "math")
    assert [r["id"] for r in rows] == ["vectors", "gradient-descent"]
    assert len(run_json(runner, "topics", "--level", "beginner")) == 4
    assert run_json(runner, "topics", "--level", "advanced") == []


def test_resources_filters(runner: CliRunner) -> None:
    books = run_json(runner, "resources", "--kind", "book")
    assert {r["id"] for r in books} == {"mml-book", "islr"}
    assert books[0]["topics"]
    assert len(run_json(runner, "resources", "--cost", "free")) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["topics", "--area", "maths"], "no area 'maths'; did you mean 'math'?"),
        (["topics", "--level", "expert"], "no level 'expert'"),
        (["resources", "--kind", "bok"], "no resource kind 'bok'; did you mean 'book'?"),
        (["resources", "--cost", "gratis"], "no cost 'gratis'"),
        (["show", "topic", "vector"], "no topic 'vector'; did you mean 'vectors'?"),
        (["show", "roadmap", "first-step"], "no roadmap 'first-step'; did you mean 'first-steps'?"),
        (["show", "career", "analist"], "no career 'analist'; did you mean 'analyst'?"),
        (["show", "certification", "aws"], "no certification 'aws'"),
        (["path", "linear-regresion"], "no topic 'linear-regresion'; did you mean"),
        (["search", "  "], "the search query is empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*OWN, *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_wrong_flag_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topics", "--colour", "red"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_show_topic(runner: CliRunner) -> None:
    view = run_json(runner, "show", "topic", "gradient-descent")
    assert view["requires"] == ["vectors"] and view["unlocks"] == ["linear-regression"]
    assert view["resources"][0]["url"] == "https://mml-book.github.io/"
    assert view["goals"] == ["career:analyst", "roadmap:first-steps"]
    text = runner.invoke(app, [*OWN, "show", "topic", "gradient-descent"]).stdout
    assert "Gradient descent" in text and "Unlocks" in text and "mml-book.github.io" in text


def test_show_roadmap_states_hours_and_fit(runner: CliRunner) -> None:
    view = run_json(runner, "show", "roadmap", "first-steps")
    assert [p["hours"] for p in view["phases"]] == [16, 8]
    assert [t["id"] for t in view["prerequisites_outside_phases"]] == ["gradient-descent"]
    assert view["total_hours"] == 29 and view["fit"]["fits"]
    text = runner.invoke(app, [*OWN, "show", "roadmap", "first-steps"]).stdout
    assert "29 hours" in text and "within the promised 0.5-1 months" in text


def test_show_career(runner: CliRunner) -> None:
    view = run_json(runner, "show", "career", "analyst")
    assert [p["title"] for p in view["phases"]] == ["Foundation", "Modelling"]
    assert "Foundation" in runner.invoke(app, [*OWN, "show", "career", "analyst"]).stdout


def test_path(runner: CliRunner) -> None:
    view = run_json(runner, "path", "linear-regression")
    ids = [s["id"] for s in view["topics"]]
    assert ids.index("vectors") < ids.index("gradient-descent") < ids.index("linear-regression")
    assert view["total_hours"] == 29 and view["topics"][-1]["cumulative_hours"] == 29
    assert "29 hours" in runner.invoke(app, [*OWN, "path", "linear-regression"]).stdout


def test_search(runner: CliRunner) -> None:
    results = run_json(runner, "search", "gradiant")["results"]
    assert results[0]["id"] == "gradient-descent"
    assert "gradient-descent" in runner.invoke(app, [*OWN, "search", "gd"]).stdout
    assert "No topic matches" in runner.invoke(app, [*OWN, "search", "zzzzqqq"]).stdout


def test_export_curriculum(runner: CliRunner) -> None:
    result = runner.invoke(app, [*OWN, "export", "curriculum", "--format", "json"])
    document = json.loads(result.stdout)
    assert set(document) >= {"topics", "resources", "roadmaps", "careers", "questions"}
    bank = {entry["topic"]: entry["questions"] for entry in document["questions"]}
    assert set(bank) == {t["id"] for t in document["topics"]}
    choice = next(q for q in bank["vectors"] if q["kind"] == "choice")
    numeric = next(q for q in bank["vectors"] if q["kind"] == "numeric")
    assert isinstance(choice["answer"], int) and "tolerance" not in choice
    assert "choices" not in numeric and numeric["tolerance"] == 0
    topic = document["topics"][0]
    assert set(topic) >= {
        "id",
        "title",
        "area",
        "level",
        "hours",
        "requires",
        "recommends",
        "objectives",
        "resources",
    }
    assert runner.invoke(app, [*OWN, "export", "curriculum", "--format", "xml"]).exit_code == 2


def test_environment_variable_selects_curriculum(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLROADMAP_CURRICULUM", str(EXAMPLE))
    result = runner.invoke(app, ["topics", "--json"])
    assert len(json.loads(result.stdout)) == 4


def test_broken_curriculum_stops_exploring_with_a_pointer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--curriculum", str(BROKEN / "cycle"), "topics"])
    assert result.exit_code == 2
    assert "1 error(s)" in result.stderr and "mlroadmap validate" in result.stderr


def test_missing_curriculum_folder(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--curriculum", "/nonexistent", "roadmaps"])
    assert result.exit_code == 2 and "no curriculum folder" in result.stderr


def test_version(runner: CliRunner) -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("mlroadmap ")


def test_builtin_beginner_roadmap_states_hours_and_fit(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "roadmap", "beginner"])
    assert result.exit_code == 0
    assert "Month 1: Foundations" in result.stdout
    assert "within the promised 3-6 months" in result.stdout and "10 h/week" in result.stdout


def test_builtin_certifications(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["certifications", "--json"]).stdout)
    assert {r["id"] for r in rows} >= {"gcp-ml-engineer"}
    view = json.loads(
        runner.invoke(app, ["show", "certification", "gcp-ml-engineer", "--json"]).stdout
    )
    assert view["resources"][0]["kind"] == "certification"
    assert view["total_hours"] > 0


def test_retired_resources_say_so(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["resources", "--kind", "certification", "--json"]).stdout)
    notes = {r["id"]: r.get("note", "") for r in rows}
    assert "Retired" in notes["aws-ml-specialty"]
    assert "aws-ml-specialty" in runner.invoke(app, ["resources", "--kind", "certification"]).stdout
