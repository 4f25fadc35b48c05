"""Rules for one question beyond its schema: fit for placement, and templates that hold.

Kept apart from `validate` because a template is checked by drawing it: every value it may
take must render, give a finite answer and vary, and its worked example must give the answer
the file states.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from mlroadmap.curriculum.model import Question
from mlroadmap.curriculum.problems import Problem, Severity
from mlroadmap.curriculum.template import (
    TemplateError,
    allowed,
    evaluate,
    example,
    placeholders,
    render,
)

PLACEMENT_GUESS_LIMIT = 0.5
"""An item that outsiders answer right at least this often cannot place anyone."""
MIN_PLACEMENT_QUESTIONS = 2
"""Items fit for placement each topic needs, so the test can ask it twice."""
DRAWS_CHECKED = 400
"""Draws of a template checked; all of them when it has no more combinations than this."""


def placement_problems(file: str, where: str, question: Question) -> Iterator[Problem]:
    guess = question.guessability
    if question.placement and guess is not None and guess >= PLACEMENT_GUESS_LIMIT:
        yield Problem(
            Severity.error,
            "guessable-placement",
            file,
            f"question '{question.id}' is answered right {guess:.0%} of the time without "
            "knowing the topic, so it cannot place a learner",
            field=f"{where}.placement",
            hint="rewrite it so the topic is needed, or set placement: false (quizzes keep it)",
        )


def template_problems(file: str, where: str, question: Question) -> Iterator[Problem]:
    """The worked example gives the stated answer; every parameter is shown; every draw
    renders and gives a finite answer; some draw gives a different answer."""
    template = question.template
    if template is None:
        return
    field = f"{where}.template"

    def problem(code: str, message: str, hint: str) -> Problem:
        return Problem(Severity.error, code, file, message, field=field, hint=hint)

    shown = placeholders(template.prompt_source)
    hidden = sorted(set(template.parameters) - shown)
    if hidden:
        yield problem(
            "template-hidden",
            f"question '{question.id}' varies {', '.join(hidden)} without showing it in the prompt",
            "put each parameter in the prompt as {name}, or drop it",
        )
    try:
        written = evaluate(template, example(template))
    except TemplateError as error:
        yield problem("template-formula", f"question '{question.id}': {error}", "fix the formula")
        return
    tolerance = question.tolerance or 0.0
    if abs(written["answer"] - float(question.answer)) > tolerance + 1e-9 * abs(question.answer):
        yield problem(
            "template-example",
            f"question '{question.id}': the formula gives {written['answer']:g} for the worked "
            f"example, but the stated answer is {question.answer:g} (tolerance {tolerance:g})",
            "work the example again; the formula and the answer must agree",
        )
    varied = False
    for chosen in _draws(question):
        try:
            if not allowed(template, chosen):
                continue
            values = evaluate(template, chosen)
            render(template.prompt_source, values)
            render(template.explanation_source, values)
        except TemplateError as error:
            yield problem(
                "template-draw",
                f"question '{question.id}' breaks for {_values(chosen)}: {error}",
                "narrow the values, or add a constraint that rules this draw out",
            )
            return
        spread = values.get("tolerance", tolerance)
        varied = varied or abs(values["answer"] - written["answer"]) > spread
    if not varied:
        yield problem(
            "template-fixed",
            f"question '{question.id}' gives the same answer whatever is drawn",
            "let a value that changes the answer vary",
        )


def _draws(question: Question) -> Iterator[dict[str, float]]:
    template = question.template
    assert template is not None
    names = list(template.parameters)
    lists = [template.parameters[n].values for n in names]
    combinations = 1
    for values in lists:
        combinations *= len(values)
    if combinations <= DRAWS_CHECKED:
        for picked in itertools.product(*lists):
            yield dict(zip(names, picked, strict=True))
        return
    rng = random.Random(question.id)
    for _ in range(DRAWS_CHECKED):
        yield {n: rng.choice(v) for n, v in zip(names, lists, strict=True)}


def _values(chosen: dict[str, float]) -> str:
    return ", ".join(f"{name} = {value:g}" for name, value in chosen.items())
