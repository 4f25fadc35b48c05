"""Numeric questions whose values are drawn per attempt: placeholders, formulas and draws.

A templated question is written once, as a worked example; its `template` names the values
that may vary (each with the example's value and the values it may take), the quantities
derived from them, and the formula for the answer. The prompt and explanation hold
placeholders (`{rate}`, `{rate:.0%}`); the loader renders the example into them, so every
reader that never draws sees an ordinary question. A quiz draws fresh values per attempt, so a
retake cannot be passed by remembering the last answer.

Formulas are single arithmetic expressions evaluated by simpleeval (no names beyond the
template's own values and the functions below), imported only when a formula is evaluated.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlroadmap.curriculum.model import Question, Template

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}|[{}]")
"""`{name}` or `{name:format}`; `{{` and `}}` stand for literal braces; a lone brace is a typo."""
FUNCTIONS = {
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "abs": abs,
    "min": min,
    "max": max,
    "round": round,
    "ceil": math.ceil,
    "floor": math.floor,
    "comb": math.comb,
    "factorial": math.factorial,
}
CONSTANTS = {"pi": math.pi, "e": math.e}
MINUS = "\u2212"
"""Negative numbers are shown with a true minus sign, as the bank writes them by hand."""
DRAW_ATTEMPTS = 200
"""Draws tried before falling back to the example when a constraint rejects them."""


class TemplateError(ValueError):
    """A template that cannot be rendered or evaluated: what is wrong, in words."""


def placeholders(text: str) -> set[str]:
    """The names a text's placeholders refer to; TemplateError for a lone brace."""
    names = set()
    for match in PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise TemplateError(
                f"lone '{token}' near {text[max(0, match.start() - 20) : match.end() + 20]!r}: "
                "write {{ or }} for a literal brace"
            )
        names.add(match.group(1))
    return names


def render(text: str, values: Mapping[str, float]) -> str:
    """The text with every placeholder replaced by its value, formatted as asked."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name, spec = match.group(1), match.group(2) or ""
        if name is None:
            raise TemplateError(f"lone '{token}': write {{{{ or }}}} for a literal brace")
        if name not in values:
            raise TemplateError(f"placeholder '{{{name}}}' names no parameter or derived value")
        value = values[name]
        try:
            shown = format(value, spec) if spec else _plain(value)
        except ValueError as error:
            raise TemplateError(f"placeholder '{token}': {error}") from None
        return shown.replace("-", MINUS) if shown.startswith("-") else shown

    return PLACEHOLDER.sub(replace, text)


def _plain(value: float) -> str:
    """A number as a person writes it: no trailing '.0', thousands grouped."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


def evaluate(template: Template, chosen: Mapping[str, float]) -> dict[str, float]:
    """Every value of one draw: the parameters, the derived values in order, `answer` and
    `tolerance` (None in the result when the template leaves it to the question)."""
    from simpleeval import SimpleEval

    names: dict[str, Any] = dict(CONSTANTS)
    names.update(chosen)
    evaluator = SimpleEval(names=names, functions=FUNCTIONS)

    def number(label: str, expression: str) -> float:
        try:
            value = evaluator.eval(expression)
        except Exception as error:  # simpleeval raises many kinds; each is a content error
            raise TemplateError(f"{label} '{expression}': {error}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TemplateError(f"{label} '{expression}' gives {value!r}, not a number")
        if not math.isfinite(value):
            raise TemplateError(f"{label} '{expression}' is not finite for {dict(chosen)}")
        return float(value)

    for name, expression in template.derived.items():
        names[name] = number(f"derived value {name}", expression)
    names["answer"] = number("answer", template.answer)
    if template.tolerance is not None:
        names["tolerance"] = abs(number("tolerance", template.tolerance))
    return {k: v for k, v in names.items() if k not in CONSTANTS}


def allowed(template: Template, chosen: Mapping[str, float]) -> bool:
    """Whether a draw meets the template's constraint (always, without one). A constraint on
    the parameters alone is checked before anything is derived, so it can rule out a draw the
    formulas cannot compute; one that names derived values or the answer sees them too."""
    if template.constraint is None:
        return True
    from simpleeval import NameNotDefined, SimpleEval

    def holds(names: Mapping[str, float]) -> bool:
        evaluator = SimpleEval(names={**CONSTANTS, **names}, functions=FUNCTIONS)
        return bool(evaluator.eval(template.constraint))

    try:
        try:
            return holds(chosen)
        except NameNotDefined:
            return holds(evaluate(template, chosen))
    except TemplateError:
        raise
    except Exception as error:
        raise TemplateError(f"constraint '{template.constraint}': {error}") from None


def example(template: Template) -> dict[str, float]:
    return {name: p.example for name, p in template.parameters.items()}


def draw(template: Template, rng: random.Random) -> dict[str, float]:
    """Values for one attempt, each from its parameter's list, meeting the constraint."""
    for _ in range(DRAW_ATTEMPTS):
        chosen = {name: rng.choice(p.values) for name, p in template.parameters.items()}
        if allowed(template, chosen):
            return chosen
    return example(template)


def instantiate(question: Question, chosen: Mapping[str, float]) -> Question:
    """The question with these values: its prompt, explanation, answer and tolerance."""
    template = question.template
    if template is None:
        return question
    values = evaluate(template, chosen)
    tolerance = values.get("tolerance", question.tolerance)
    return question.model_copy(
        update={
            "prompt": render(template.prompt_source, values),
            "explanation": render(template.explanation_source, values),
            "answer": values["answer"],
            "tolerance": tolerance,
        }
    )
