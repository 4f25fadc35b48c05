"""Quizzes over the question bank: which questions to ask, how to grade, when a topic is verified.

Pure functions over the curriculum and plain answer records, so the CLI and the web app grade
the same way. Each quiz *attempt* is drawn afresh from a token: its own question order, its own
choice order, fresh values for templated questions, and (after an earlier attempt) the
questions not asked last time first. So a retake cannot be passed from memory of the last one.
The token makes an attempt reproducible: a script lists a quiz, then answers it with the same
token, by position. The placement test shows choices in an order fixed per question instead
(from a hash of its id): the order in the file never gives the answer away.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlroadmap.curriculum.model import Curriculum, Question, QuestionKind
from mlroadmap.curriculum.template import draw, instantiate

CHOICE_LETTERS = "ABCDEFGH"


class AnswerError(ValueError):
    """An answer that cannot be read: not a choice letter or index, not a number."""


DONT_KNOW = "?"
"""How an "I don't know" answer is kept; in a quiz it counts as not right."""
DONT_KNOW_WORDS = frozenset({"?", "idk", "dont know", "don't know", "i don't know", "pass"})


def is_dont_know(given: str) -> bool:
    """Whether a typed answer says "I don't know" rather than guessing."""
    typed = given.strip().lower().replace("\u2019", "'")  # a typographic apostrophe
    return " ".join(typed.split()) in DONT_KNOW_WORDS


Order = Sequence[int] | None
"""The file indices of a question's choices in the order shown; None: fixed per question id."""


def shown_order(question: Question, order: Order = None) -> list[int]:
    """The file indices of the choices in the order they are shown."""
    if order is not None:
        return list(order)
    fixed = list(range(len(question.choices)))
    seed = int.from_bytes(hashlib.sha256(question.id.encode()).digest()[:8], "big")
    random.Random(seed).shuffle(fixed)
    return fixed


def shown_choices(question: Question, order: Order = None) -> list[str]:
    return [question.choices[i] for i in shown_order(question, order)]


def right_answer(question: Question, order: Order = None) -> str:
    """The right answer as shown: 'B) text' for a choice, the number and unit otherwise."""
    if question.kind == QuestionKind.choice:
        position = shown_order(question, order).index(int(question.answer))
        return f"{CHOICE_LETTERS[position]}) {question.choices[int(question.answer)]}"
    return _number(question, float(question.answer), question.tolerance or 0.0)


def given_answer(question: Question, given: str, order: Order = None) -> str:
    """An answer as the learner gave it, in words: 'C) text', a number with its unit, or
    "I don't know"; the typed text when it cannot be read."""
    if is_dont_know(given):
        return "I don't know"
    try:
        if question.kind == QuestionKind.choice:
            position = read_choice(question, given, indices=True)
            return f"{CHOICE_LETTERS[position]}) {shown_choices(question, order)[position]}"
        readings = read_numbers(given)
        if len(readings) > 1:  # as typed: which reading was meant is the learner's to say
            return given.strip() + (f" {question.unit}" if question.unit else "")
        return _number(question, readings[0])
    except AnswerError:
        return given


def _number(question: Question, value: float, tolerance: float = 0.0) -> str:
    """A number as the bank prints it: thousands grouped, and, for a right answer with a
    tolerance, no more decimals than the tolerance can tell apart (2,267, not 2266.67)."""
    unit = f" {question.unit}" if question.unit else ""
    if tolerance > 0:
        decimals = max(0, -math.floor(math.log10(tolerance)))
        shown = f"{round(value, decimals):,.{decimals}f}"
        return (shown.rstrip("0").rstrip(".") if "." in shown else shown) + unit
    return f"{value:,.6g}{unit}" if abs(value) >= 1e4 else f"{value:g}{unit}"


def read_choice(question: Question, given: str, indices: bool = False) -> int:
    """The shown position chosen: a letter (A-D), or with `indices` also a 0-based index.

    People type letters; scripts may give indices. Only one reading of "2" is allowed per
    caller, so it is never unclear whether it means B or C.
    """
    text = given.strip()
    count = len(question.choices)
    if len(text) == 1 and text.upper() in CHOICE_LETTERS[:count]:
        return CHOICE_LETTERS.index(text.upper())
    if indices and text.isdigit() and int(text) < count:
        return int(text)
    expected = f"a letter ({', '.join(CHOICE_LETTERS[:count])})"
    if indices:
        expected += f" or an index (0-{count - 1})"
    raise AnswerError(f"answer with {expected}, not {given!r}")


GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
"""A number with its thousands grouped by commas, as the bank prints large ones: 25,600."""
EITHER = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
"""One comma before three digits (301,283): a thousands group or a decimal comma."""


def read_numbers(given: str) -> tuple[float, ...]:
    """Every reading of a typed number, the usual first: thousands may be grouped with commas
    (25,600), a lone comma may be the decimal mark (2,5), a typographic minus sign (U+2212)
    is a minus. "301,283" has two readings (301283 and 301.283), and either may be meant."""
    text = given.strip().replace("\u2212", "-")
    if EITHER.match(text):
        texts = [text.replace(",", ""), text.replace(",", ".")]
    elif GROUPED.match(text):
        texts = [text.replace(",", "")]
    else:
        texts = [text.replace(",", ".")]
    try:
        values = tuple(float(t) for t in texts)
    except ValueError:
        raise AnswerError(f"answer with a number, not {given!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise AnswerError(f"answer with a finite number, not {given!r}")
    return values


def read_number(given: str) -> float:
    """A typed number in its usual reading (see `read_numbers`)."""
    return read_numbers(given)[0]


def is_right(question: Question, given: str, indices: bool = False, order: Order = None) -> bool:
    """Grade an answer as typed; AnswerError if it cannot be read at all."""
    if question.kind == QuestionKind.choice:
        chosen = read_choice(question, given, indices)
        return shown_order(question, order)[chosen] == int(question.answer)
    tolerance = question.tolerance or 0.0
    margin = tolerance + 1e-9 * max(1.0, abs(question.answer))
    return any(abs(value - question.answer) <= margin for value in read_numbers(given))


def grade(
    question: Question, given: str, indices: bool = False, order: Order = None
) -> bool | None:
    """Whether a typed answer is right, or None when it says "I don't know" (kept as
    DONT_KNOW, counted as not right); AnswerError if it cannot be read at all."""
    if is_dont_know(given):
        return None
    return is_right(question, given, indices, order)


def question_listing(topic: str, question: Question, order: Order = None) -> dict[str, Any]:
    """A question as a script sees it before answering: no key, no explanation."""
    entry: dict[str, Any] = {
        "id": question.id,
        "topic": topic,
        "difficulty": question.difficulty,
        "kind": str(question.kind),
        "prompt": question.prompt,
    }
    if question.choices:
        entry["choices"] = shown_choices(question, order)
    if question.unit:
        entry["unit"] = question.unit
    return entry


# --- attempts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizItem:
    """One question of one attempt, as drawn: its values, its choice order."""

    topic: str
    question: Question
    """With the attempt's values in its prompt, answer and explanation."""
    order: tuple[int, ...] = ()
    values: Mapping[str, float] = field(default_factory=dict)

    @property
    def variant(self) -> str | None:
        """The drawn values as kept with the answer ("name=value;..."), None if fixed."""
        if not self.values:
            return None
        return ";".join(f"{name}={value:g}" for name, value in sorted(self.values.items()))

    def listing(self) -> dict[str, Any]:
        return question_listing(self.topic, self.question, self.order or None)

    def grade(self, given: str, indices: bool = False) -> bool | None:
        return grade(self.question, given, indices, self.order or None)

    def right_answer(self) -> str:
        return right_answer(self.question, self.order or None)

    def given_answer(self, given: str) -> str:
        return given_answer(self.question, given, self.order or None)


@dataclass(frozen=True)
class QuizAttempt:
    """The questions of one attempt, and the token that draws them again."""

    token: str
    items: list[QuizItem]


class AttemptChanged(ValueError):
    """A token whose quiz no longer draws the same questions (another attempt came between)."""


def new_seed() -> str:
    return secrets.token_hex(6)


def draw_quiz(
    curriculum: Curriculum,
    topic_ids: Sequence[str],
    per_topic: int | None = None,
    seed: str | None = None,
    last_asked: Mapping[str, set[str]] | None = None,
) -> QuizAttempt:
    """One attempt: for each topic (in the order given), up to `per_topic` of its questions,
    those not in `last_asked` (the topic's previous attempt) first, in a drawn order, each
    with drawn choice order and values. The same seed and history draw the same attempt."""
    seed = seed or new_seed()
    rng = random.Random(f"mlroadmap-quiz|{seed}")
    previous = last_asked or {}
    items = []
    for topic in topic_ids:
        pool = list(curriculum.questions.get(topic, []))
        rng.shuffle(pool)
        seen = previous.get(topic, set())
        pool.sort(key=lambda q: q.id in seen)  # stable: unseen first, each group shuffled
        for question in pool[:per_topic]:
            order = list(range(len(question.choices)))
            rng.shuffle(order)
            values = draw(question.template, rng) if question.template else {}
            items.append(QuizItem(topic, instantiate(question, values), tuple(order), values))
    return QuizAttempt(f"{seed}-{_digest(items)}", items)


def redraw_quiz(
    curriculum: Curriculum,
    topic_ids: Sequence[str],
    per_topic: int | None,
    token: str,
    last_asked: Mapping[str, set[str]] | None = None,
) -> QuizAttempt:
    """The attempt a token was listed with; AttemptChanged if it no longer draws the same
    questions, values and choice orders, ValueError if the token is not one."""
    seed, _, digest = token.partition("-")
    if not seed or not digest or not all(c in "0123456789abcdef" for c in seed + digest):
        raise ValueError(f"'{token}' is not a quiz attempt token (list the quiz with --json)")
    attempt = draw_quiz(curriculum, topic_ids, per_topic, seed, last_asked)
    if attempt.token != token:
        raise AttemptChanged(
            "this token does not draw the quiz it was listed with: it was listed for other "
            "topics or options, was mistyped, was answered already, or another quiz on these "
            "topics came between; list the quiz again"
        )
    return attempt


def _digest(items: Sequence[QuizItem]) -> str:
    text = "|".join(f"{i.question.id}:{i.variant}:{i.order}" for i in items)
    return hashlib.sha256(text.encode()).hexdigest()[:8]
