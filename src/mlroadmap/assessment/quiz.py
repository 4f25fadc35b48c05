"""Quizzes over the question bank: which questions to ask, how to grade, when a topic is verified.

Pure functions over the curriculum and plain answer records, so the CLI and the web app grade
the same way. Choices are shown in an order fixed per question (from a hash of its id): the
order in the file never gives the answer away, and a script that lists a quiz first can answer
it by position.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from typing import Any

from mlroadmap.curriculum.model import Curriculum, Question, QuestionKind

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


def shown_order(question: Question) -> list[int]:
    """The file indices of the choices in the order they are shown (fixed per question id)."""
    order = list(range(len(question.choices)))
    seed = int.from_bytes(hashlib.sha256(question.id.encode()).digest()[:8], "big")
    random.Random(seed).shuffle(order)
    return order


def shown_choices(question: Question) -> list[str]:
    return [question.choices[i] for i in shown_order(question)]


def right_answer(question: Question) -> str:
    """The right answer as shown: 'B) text' for a choice, the number and unit otherwise."""
    if question.kind == QuestionKind.choice:
        position = shown_order(question).index(int(question.answer))
        return f"{CHOICE_LETTERS[position]}) {question.choices[int(question.answer)]}"
    unit = f" {question.unit}" if question.unit else ""
    return f"{question.answer:g}{unit}"


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


def read_number(given: str) -> float:
    try:
        value = float(given.strip().replace(",", "."))
    except ValueError:
        raise AnswerError(f"answer with a number, not {given!r}") from None
    if not math.isfinite(value):
        raise AnswerError(f"answer with a finite number, not {given!r}")
    return value


def is_right(question: Question, given: str, indices: bool = False) -> bool:
    """Grade an answer as typed; AnswerError if it cannot be read at all."""
    if question.kind == QuestionKind.choice:
        chosen = read_choice(question, given, indices)
        return shown_order(question)[chosen] == int(question.answer)
    tolerance = question.tolerance or 0.0
    return abs(read_number(given) - question.answer) <= tolerance + 1e-9 * max(
        1.0, abs(question.answer)
    )


def quiz_questions(
    curriculum: Curriculum, topic_ids: Sequence[str], per_topic: int | None = None
) -> list[tuple[str, Question]]:
    """(topic, question) pairs: each topic's questions from easy to hard, at most `per_topic`."""
    chosen = []
    for topic in topic_ids:
        ranked = sorted(curriculum.questions.get(topic, []), key=lambda q: (q.difficulty, q.id))
        chosen += [(topic, q) for q in ranked[:per_topic]]
    return chosen


def question_listing(topic: str, question: Question) -> dict[str, Any]:
    """A question as a script sees it before answering: no key, no explanation."""
    entry: dict[str, Any] = {
        "id": question.id,
        "topic": topic,
        "difficulty": question.difficulty,
        "kind": str(question.kind),
        "prompt": question.prompt,
    }
    if question.choices:
        entry["choices"] = shown_choices(question)
    if question.unit:
        entry["unit"] = question.unit
    return entry
