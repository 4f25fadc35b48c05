"""`validate` over the example curriculum and one broken fixture per fault class."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlroadmap.cli.app import app
from mlroadmap.curriculum.loader import load
from mlroadmap.curriculum.problems import Problem
from mlroadmap.curriculum.validate import check

from .conftest import BROKEN, EXAMPLE

# fixture -> (severity, code, file, line, field, message fragment): the exact problem expected
EXPECTED = {
    "unknown-key": (
        "error",
        "schema",
        "topics/math/gradient-descent.md",
        7,
        "hourz",
        "unknown key 'hourz'",
    ),
    "missing-field": (
        "error",
        "schema",
        "topics/math/vectors.md",
        2,
        "level",
        "required key 'level' is missing",
    ),
    "yaml-syntax": (
        "error",
        "yaml-syntax",
        "topics/math/gradient-descent.md",
        8,
        "",
        "invalid YAML",
    ),
    "no-front-matter": (
        "error",
        "front-matter",
        "topics/math/vectors.md",
        1,
        "",
        "no YAML front matter",
    ),
    "duplicate-id": (
        "error",
        "duplicate-id",
        "resources.yaml",
        22,
        "id",
        "duplicate resource id 'islr'",
    ),
    "dangling-prerequisite": (
        "error",
        "dangling-reference",
        "topics/ml/linear-regression.md",
        7,
        "requires[1]",
        "unknown topic 'gradient-decent'; did you mean 'gradient-descent'?",
    ),
    "dangling-resource": (
        "error",
        "dangling-reference",
        "topics/math/vectors.md",
        11,
        "resources[0].id",
        "unknown resource 'mml-bok'; did you mean 'mml-book'?",
    ),
    "dangling-roadmap-entry": (
        "error",
        "dangling-reference",
        "roadmaps/first-steps.yaml",
        11,
        "phases[1].topics[0]",
        "unknown topic 'linear-regresion'",
    ),
    "dangling-career-entry": (
        "error",
        "dangling-reference",
        "careers/analyst.yaml",
        7,
        "stages[0].topics[0]",
        "unknown topic 'python-basic'",
    ),
    "cycle": (
        "error",
        "cycle",
        "topics/math/gradient-descent.md",
        7,
        "requires[0]",
        "prerequisite cycle: gradient-descent -> vectors -> linear-regression -> gradient-descent",
    ),
    "control-character": (
        "error",
        "control-character",
        "topics/math/vectors.md",
        3,
        "title",
        "the control character U+001B is in the text",
    ),
    "duplicate-key": (
        "error",
        "duplicate-key",
        "topics/math/vectors.md",
        7,
        "",
        "key 'hours' is given twice in one mapping (first on line 6)",
    ),
    "non-finite-hours": (
        "error",
        "hours",
        "topics/math/gradient-descent.md",
        6,
        "hours",
        "'hours' must be a finite number, not inf",
    ),
    "non-finite-answer": (
        "error",
        "schema",
        "questions/vectors.yaml",
        7,
        "questions[0].answer",
        "'answer' must be a finite number, not nan",
    ),
    "non-positive-hours": (
        "error",
        "hours",
        "topics/math/vectors.md",
        6,
        "hours",
        "hours must be positive, got -2",
    ),
    "malformed-url": (
        "error",
        "schema",
        "resources.yaml",
        9,
        "[1].url",
        "malformed URL 'mml-book.github.io'",
    ),
    "file-name": (
        "error",
        "file-name",
        "topics/math/vector.md",
        2,
        "id",
        "file name 'vector.md' does not match the topic id 'vectors'",
    ),
    "redundant-prerequisite": (
        "warning",
        "redundant-prerequisite",
        "topics/ml/linear-regression.md",
        7,
        "requires[2]",
        "'vectors' is already required through 'gradient-descent'",
    ),
    "unreached-topic": (
        "warning",
        "unreached-topic",
        "topics/math/matrices.md",
        2,
        "id",
        "topic 'matrices' is not reached",
    ),
    "question-answer": (
        "error",
        "schema",
        "questions/vectors.yaml",
        13,
        "questions[1]",
        "answer must be the 0-based index of one of the 4 choices (0-3), got 7",
    ),
    "question-duplicate-choice": (
        "error",
        "question-choices",
        "questions/vectors.yaml",
        47,
        "questions[3].choices[3]",
        "choice 3 repeats choice 0",
    ),
    "question-coverage": (
        "warning",
        "question-coverage",
        "topics/programming/python-basics.md",
        2,
        "id",
        "topic 'python-basics' has 0 question(s); quizzes and placement need at least 4",
    ),
    "question-topic": (
        "error",
        "dangling-reference",
        "questions/vectorz.yaml",
        1,
        "topic",
        "questions for unknown topic 'vectorz'; did you mean 'vectors'?",
    ),
    "question-id": (
        "error",
        "question-id",
        "questions/vectors.yaml",
        26,
        "questions[2].id",
        "question id 'vector-3' does not start with its topic id 'vectors-'",
    ),
    "workload": (
        "warning",
        "workload",
        "roadmaps/first-steps.yaml",
        5,
        "duration",
        "29 h: 3.3 months at 2 h/week, longer than the promised 0.5-1 months",
    ),
}


def _problems(name: str) -> list[Problem]:
    return check(load(BROKEN / name))


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_example_curriculum_is_clean() -> None:
    assert check(load(EXAMPLE)) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_fault(name: str) -> None:
    severity, code, file, line, field, fragment = EXPECTED[name]
    problems = _problems(name)
    matching = [p for p in problems if p.code == code and p.file == file and fragment in p.message]
    assert matching, [p.to_dict() for p in problems]
    problem = matching[0]
    assert (str(problem.severity), problem.line, problem.field) == (severity, line, field)
    # one fault class per fixture: nothing else is reported as an error
    assert all(
        p.code == code or (p.code == "file-name" and name == "duplicate-id")
        for p in problems
        if p.is_error
    )


def test_non_positive_hours_reports_both_topics() -> None:
    messages = [p.message for p in _problems("non-positive-hours")]
    assert any("got 0" in m for m in messages) and any("got -2" in m for m in messages)


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    """Faults in several files at once are all found, not just the first."""
    target = tmp_path / "many"
    shutil.copytree(BROKEN / "cycle", target)
    shutil.copy(BROKEN / "malformed-url" / "resources.yaml", target / "resources.yaml")
    codes = {p.code for p in check(load(target)) if p.is_error}
    assert {"cycle", "schema"} <= codes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exit_codes(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["validate", str(BROKEN / name)])
    assert result.exit_code == 1, result.output
    assert EXPECTED[name][5].split(";")[0] in result.output
    warning_only = EXPECTED[name][0] == "warning"
    lenient = runner.invoke(app, ["validate", "--allow-warnings", str(BROKEN / name)])
    assert lenient.exit_code == (0 if warning_only else 1)


def test_cli_json_report(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--json", str(BROKEN / "cycle")])
    report = json.loads(result.output)
    assert result.exit_code == 1 and report["errors"] == 1
    assert report["problems"][0]["line"] == 7


def test_cli_validate_clean_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0 and "0 error(s), 0 warning(s)" in result.output


@pytest.mark.parametrize("path", ["/no/such/folder", "README.md"])
def test_cli_validate_bad_path_is_usage_error(runner: CliRunner, path: str) -> None:
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 2
    assert "no curriculum" in result.output


def test_a_question_id_used_twice_in_the_bank_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, target)
    bank = target / "questions" / "gradient-descent.yaml"
    bank.write_text(bank.read_text().replace("id: gradient-descent-4", "id: gradient-descent-1"))
    problems = [p for p in check(load(target)) if p.code == "duplicate-id"]
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("questions/gradient-descent.yaml", 51, "questions[3].id")
    ]
    assert "first defined in questions/gradient-descent.yaml" in problems[0].message


def test_a_non_finite_tolerance_is_reported_too() -> None:
    problems = _problems("non-finite-answer")
    assert [(p.field, p.line) for p in problems] == [
        ("questions[0].answer", 7),
        ("questions[0].tolerance", 8),
    ]


def test_a_duplicate_id_key_is_refused_too(tmp_path: Path) -> None:
    """A second `id:` would silently rename the roadmap; a second `phases:` emptied one."""
    target = tmp_path / "c"
    shutil.copytree(EXAMPLE, target)
    roadmap = target / "roadmaps" / "first-steps.yaml"
    text = roadmap.read_text(encoding="utf-8")
    roadmap.write_text(text + "phases: []\n", encoding="utf-8")
    problems = check(load(target))
    assert [(p.code, p.file) for p in problems if p.is_error] == [
        ("duplicate-key", "roadmaps/first-steps.yaml")
    ]


def test_broken_links_are_reported_and_trip_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """A dangling link and a link to itself: validate names both; other commands still work
    (the curriculum cache walks every file to fingerprint the folder)."""
    target = tmp_path / "c"
    shutil.copytree(EXAMPLE, target)
    (target / "topics" / "math" / "README").symlink_to("nowhere")
    (target / "loop").symlink_to("loop")
    (target / "topics" / "math" / "self").symlink_to("../math")
    problems = check(load(target))
    assert sorted((p.code, p.file, str(p.severity)) for p in problems) == [
        ("broken-link", "loop", "warning"),
        ("broken-link", "topics/math/README", "warning"),
    ]
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 1
    assert runner.invoke(app, ["validate", "--allow-warnings", str(target)]).exit_code == 0
    listed = runner.invoke(app, ["--curriculum", str(target), "topics", "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.stdout) > 10


def test_many_problems_in_one_file_parse_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10,000 identical choices used to take minutes: the file was composed again to locate
    each problem. Lines are now found in one composed tree per file."""
    import yaml

    from mlroadmap.curriculum import loader

    target = tmp_path / "c"
    shutil.copytree(EXAMPLE, target)
    bank = target / "questions" / "vectors.yaml"
    many = "\n".join(f'      - "choice {n % 7}"' for n in range(2000))
    bank.write_text(
        bank.read_text(encoding="utf-8")
        + "  - id: vectors-9\n    difficulty: 1\n    kind: choice\n    prompt: Which?\n"
        + "    answer: 0\n    explanation: The first.\n    choices:\n"
        + many
        + "\n",
        encoding="utf-8",
    )
    composed: list[int] = []
    real = yaml.compose

    def counting(text: str, **kwargs: object) -> object:
        composed.append(len(text))
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader.yaml, "compose", counting)
    loader._composed.cache_clear()
    problems = check(load(target))
    repeated = [p for p in problems if "repeat" in p.message or "twice" in p.message]
    assert len(repeated) >= 1000 and all(p.line for p in repeated), [p.to_dict() for p in problems][
        :3
    ]
    assert len(composed) <= len({p.file for p in problems}), "one compose per file at most"


def test_control_characters_are_found_in_titles_and_bodies() -> None:
    """A YAML escape ("\\e[31m") in a title and a raw escape in the Markdown body."""
    found = [(p.field, p.code) for p in _problems("control-character") if p.is_error]
    assert sorted(found) == [("body", "control-character"), ("title", "control-character")]


def example_with(tmp_path: Path, old: str, new: str, file: str = "vectors.yaml") -> Path:
    """A copy of the example curriculum with one edit to a question file."""
    target = tmp_path / "curriculum"
    shutil.copytree(EXAMPLE, target)
    bank = target / "questions" / file
    text = bank.read_text(encoding="utf-8")
    assert old in text, old
    bank.write_text(text.replace(old, new), encoding="utf-8")
    return target


def codes(target: Path) -> dict[str, str]:
    return {p.code: p.message for p in check(load(target))}


TEMPLATE_ANSWER = "      answer: 4 + two_v2 + six_c"


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (TEMPLATE_ANSWER, "      answer: 5 + two_v2 + six_c", "template-example", "gives 13"),
        (
            "        v2: {example: -5, values: [-5, -3, -2, 1, 2]}",
            "        v2: {example: -5, values: [-5, -3, -2, 1, 2]}\n"
            "        w: {example: 1, values: [1, 2]}",
            "template-hidden",
            "varies w without showing it",
        ),
        (TEMPLATE_ANSWER, "      answer: 4 + two_v2 + six_c / (c - 4)", "template-draw", "c = 4"),
        (TEMPLATE_ANSWER, "      answer: 12 + 0 * c * two_v2", "template-fixed", "same answer"),
        (TEMPLATE_ANSWER, "      answer: 4 + two_v2 + nope", "schema", "'nope' is not defined"),
    ],
)
def test_a_template_is_checked_by_drawing_it(
    tmp_path: Path, old: str, new: str, code: str, message: str
) -> None:
    found = codes(example_with(tmp_path, old, new))
    assert code in found and message in found[code], found


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("(1, 2, {c})", "(1, 2, {c)", "lone '{'"),
        ("(1, 2, {c})", "(1, 2, {k})", "'{k}' names no parameter"),
        ("        c: {example", "        pi: {example", "cannot name a template value"),
    ],
)
def test_a_template_that_cannot_render_is_a_load_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    problems = check(load(example_with(tmp_path, old, new)))
    assert any(p.is_error and message in p.message for p in problems), problems


def test_a_guessable_item_cannot_place_anyone(tmp_path: Path) -> None:
    target = example_with(tmp_path, "    guessability: 0.4\n", "    guessability: 0.6\n")
    found = codes(target)
    assert "guessable-placement" in found and "60% of the time" in found["guessable-placement"]


def test_guessability_and_placement_coverage_are_reported(tmp_path: Path) -> None:
    target = example_with(tmp_path, "    guessability: 0.3\n", "")
    assert "question-guessability" in codes(target)  # the bank is audited: every item needs it
    fewer = example_with(
        tmp_path / "b",
        "    guessability: 0.3\n",
        "    guessability: 0.3\n    placement: false\n",
        "python-basics.yaml",
    )
    found = codes(fewer)
    assert "placement-coverage" in found and "python-basics" in found["placement-coverage"]
