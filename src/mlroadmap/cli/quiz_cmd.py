"""`mlroadmap quiz`: questions in the terminal, an explanation after each answer, every answer kept.

Each run is a fresh attempt (its own order, choice order and values for templated questions;
the questions the last attempt did not ask first). A topic quizzed at 80% or better over at
least 4 questions, in an attempt that is not a same-day repeat of the one before, is verified:
it is marked done, and `status` counts it apart from topics you marked done yourself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from mlroadmap.cli.common import emit_json, fail, load_curriculum, open_store, topic_ids

if TYPE_CHECKING:
    from mlroadmap.assessment.quiz import Order, QuizAttempt, QuizItem
    from mlroadmap.curriculum.model import Curriculum, Question
    from mlroadmap.progress.store.progress import Answer, ProgressStore
    from mlroadmap.progress.tracking import Score

GOAL_PER_TOPIC = 4
"""Questions per topic when quizzing a whole roadmap, career or area: enough to verify it."""
STOP_WORDS = {"q", "quit", "stop"}


def quiz(
    topics: list[str] = typer.Argument(
        None, metavar="[TOPIC]...", help="Topics to quiz (ids; aliases work)."
    ),
    roadmap: str | None = typer.Option(None, "--roadmap", help="Quiz a roadmap's topics."),
    career: str | None = typer.Option(None, "--career", help="Quiz a career path's topics."),
    area: str | None = typer.Option(None, "--area", help="Quiz an area's topics, e.g. math."),
    per_topic: int | None = typer.Option(
        None,
        "--per-topic",
        min=1,
        help=f"Questions per topic (default: all for named topics, {GOAL_PER_TOPIC} otherwise).",
    ),
    answers: str | None = typer.Option(
        None,
        "--answers",
        help="Answer without asking, for scripts: comma-separated, in the order of "
        "'quiz ... --json' (a choice as its 0-based position or letter, a number as is, ? for "
        "don't know). Needs --attempt.",
    ),
    attempt_token: str | None = typer.Option(
        None,
        "--attempt",
        help="The attempt token 'quiz ... --json' printed: answers it, same questions and order.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the quiz (or, with --answers, the results) as JSON."
    ),
) -> None:
    """Answer questions on topics; see why each answer is right; verify what you know.

    Each run is a fresh attempt: its own question order, choice order and values, with the
    questions your last attempt did not ask first. Type a letter for a choice or a number
    for a numeric question; ? if you don't know; q stops (answers so far are kept). With
    --json and no --answers the attempt is printed with its token, without its answers, and
    nothing is recorded; answer it with --attempt TOKEN --answers ...
    """
    from mlroadmap.assessment.quiz import AttemptChanged
    from mlroadmap.progress.saved_goal import mark_verified, new_attempt

    curriculum = load_curriculum()
    chosen, named = _topics(curriculum, topics or [], roadmap, career, area)
    with_questions = [t for t in chosen if curriculum.questions.get(t)]
    if not with_questions:
        fail("no questions for " + ", ".join(chosen[:5]) + (" ..." if len(chosen) > 5 else ""))
    if answers is not None and attempt_token is None:
        fail("--answers needs --attempt TOKEN: list the quiz with --json first, then answer it")
    if attempt_token is not None and answers is None:
        fail("--attempt answers a listed quiz: give the answers with --answers")
    count = per_topic if per_topic is not None else (None if named else GOAL_PER_TOPIC)
    store = open_store()
    try:
        attempt = new_attempt(curriculum, store, with_questions, count, attempt_token)
    except AttemptChanged as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(f"--attempt: {exc}")
    if answers is None and as_json:
        emit_json(
            {"attempt": attempt.token, "questions": [item.listing() for item in attempt.items]}
        )
        return
    if answers is not None:
        given = _graded(attempt, answers)
        for answer in given:
            store.record_answer(answer, "quiz")
        left = len(attempt.items) - len(given)
        if left and not as_json:
            typer.echo(f"{left} question(s) of the attempt left unanswered: they do not count.")
    else:
        given = _ask(curriculum, attempt, store)
    marked = mark_verified(store, curriculum, sorted({a.topic_id for a in given}))
    if as_json:
        emit_json(_results(attempt, given, store, curriculum, marked))
    else:
        _summary(curriculum, given, store, marked)


def _topics(
    curriculum: Curriculum,
    named: list[str],
    roadmap: str | None,
    career: str | None,
    area: str | None,
) -> tuple[list[str], bool]:
    """The topics to quiz, and whether the learner named them one by one."""
    from mlroadmap.curriculum.graph import graph_of
    from mlroadmap.curriculum.suggest import did_you_mean
    from mlroadmap.planning.goals import Goal, GoalError, resolve_goal

    sources = sum(1 for given in (named, roadmap, career, area) if given)
    if sources != 1:
        fail("name topics, or give one of --roadmap, --career or --area")
    if named:
        return topic_ids(curriculum, named), True
    if area:
        areas = {t.area for t in curriculum.topics.values()}
        if area not in areas:
            fail(f"no area '{area}'" + did_you_mean(area, areas))
        ids = [t.id for t in curriculum.topics.values() if t.area == area]
        return graph_of(curriculum).learning_order(ids), False
    try:
        resolved = resolve_goal(curriculum, Goal(roadmap=roadmap, career=career))
    except GoalError as exc:
        fail(str(exc))
    return graph_of(curriculum).learning_order(resolved.targets), False


def _graded(attempt: QuizAttempt, text: str) -> list[Answer]:
    """Every --answers entry graded before any is kept, so a typo records nothing."""
    from mlroadmap.assessment.quiz import DONT_KNOW, AnswerError

    entries = [part.strip() for part in text.split(",")]
    if len(entries) > len(attempt.items):
        fail(f"--answers has {len(entries)} answers for a quiz of {len(attempt.items)} questions")
    graded = []
    pairs = zip(attempt.items, entries, strict=False)  # fewer answers than questions is fine
    for position, (item, entry) in enumerate(pairs, start=1):
        try:
            verdict = item.grade(entry, indices=True)
        except AnswerError as exc:
            fail(f"--answers entry {position} ({item.question.id}): {exc}")
        given = DONT_KNOW if verdict is None else entry
        graded.append(_answer(item, attempt.token, bool(verdict), given))
    return graded


def _answer(item: QuizItem, token: str, correct: bool, given: str) -> Answer:
    from mlroadmap.progress.store.progress import Answer

    return Answer(item.question.id, item.topic, correct, given, token, item.variant)


def _ask(curriculum: Curriculum, attempt: QuizAttempt, store: ProgressStore) -> list[Answer]:
    """Ask one question at a time; keep each answer as soon as it is given."""
    given: list[Answer] = []
    total = len(attempt.items)
    for number, item in enumerate(attempt.items, start=1):
        reply = ask_question(
            curriculum, item.topic, item.question, f"{number}/{total}", item.order or None
        )
        if reply is None:
            return given
        correct, typed = reply
        answer = _answer(item, attempt.token, bool(correct), typed)  # "don't know" is not right
        store.record_answer(answer, "quiz")
        given.append(answer)
    return given


def ask_question(
    curriculum: Curriculum, topic: str, question: Question, counter: str, order: Order = None
) -> tuple[bool | None, str] | None:
    """Show a question, read an answer until it can be graded, then say whether it was right
    and why. (correct, answer as typed) with correct None for "I don't know" (`?`, `idk`),
    or None when the learner stops."""
    from mlroadmap.assessment.quiz import (
        CHOICE_LETTERS,
        DONT_KNOW,
        AnswerError,
        is_dont_know,
        is_right,
        right_answer,
        shown_choices,
    )

    typer.echo(
        typer.style(f"\nQuestion {counter}", bold=True)
        + f" · {curriculum.topics[topic].title} · difficulty {question.difficulty}"
    )
    typer.echo(question.prompt.strip())
    for letter, choice in zip(CHOICE_LETTERS, shown_choices(question, order), strict=False):
        typer.echo(f"  {letter}) {choice}")
    while True:
        reply = _read_line(question)
        if reply is None or reply.strip().lower() in STOP_WORDS:
            typer.echo("Stopped; your answers so far are kept.")
            return None
        if is_dont_know(reply):
            answer = right_answer(question, order)
            typer.echo(f"The answer is {answer}. {question.explanation.strip()}")
            return None, DONT_KNOW
        try:
            correct = is_right(question, reply, order=order)
            break
        except AnswerError as exc:
            typer.echo(str(exc))
    verdict = (
        typer.style("Right.", fg="green")
        if correct
        else typer.style(f"Not quite: the answer is {right_answer(question, order)}.", fg="yellow")
    )
    typer.echo(f"{verdict} {question.explanation.strip()}")
    return correct, reply.strip()


def _read_line(question: Question) -> str | None:
    """One line of input, or None at end of input (Ctrl+D) or on Ctrl+C."""
    hint = (
        "a letter"
        if question.choices
        else "a number" + (f" ({question.unit})" if question.unit else "")
    )
    try:
        return str(
            typer.prompt(
                f"Your answer ({hint}; ? if you don't know; q to stop)", prompt_suffix=" > "
            )
        )
    except (EOFError, KeyboardInterrupt, typer.Abort):
        typer.echo("")
        return None


def _results(
    attempt: QuizAttempt,
    given: list[Answer],
    store: ProgressStore,
    curriculum: Curriculum,
    marked: list[str],
) -> dict[str, Any]:
    from mlroadmap.progress.tracking import topic_scores

    by_id = {item.question.id: item for item in attempt.items}
    overall = topic_scores(store.quiz_results(), curriculum.live_topic_id)
    return {
        "attempt": attempt.token,
        "answered": [
            {
                "id": a.question_id,
                "topic": a.topic_id,
                "given": a.given,
                "you_answered": by_id[a.question_id].given_answer(a.given),
                "correct": a.correct,
                "answer": by_id[a.question_id].right_answer(),
                "explanation": by_id[a.question_id].question.explanation.strip(),
            }
            for a in given
        ],
        "topics": {
            topic: {
                "right": overall[topic].right,
                "total": overall[topic].total,
                "verified": overall[topic].verified,
                "repeat": overall[topic].repeat,
            }
            for topic in sorted({a.topic_id for a in given})
        },
        "unanswered": len(attempt.items) - len(given),
        "marked_done": marked,
    }


def _summary(
    curriculum: Curriculum, given: list[Answer], store: ProgressStore, marked: list[str]
) -> None:
    from mlroadmap.progress.tracking import topic_scores

    if not given:
        return
    right = sum(a.correct for a in given)
    typer.echo(typer.style(f"\n{right} of {len(given)} right.", bold=True))
    overall = topic_scores(store.quiz_results(), curriculum.live_topic_id)
    for topic in dict.fromkeys(a.topic_id for a in given):
        score = overall[topic]
        typer.echo(
            f"  {curriculum.topics[topic].title}: {score.right}/{score.total}, "
            + verification_state(score)
        )
    if marked:
        typer.echo("Marked done: " + ", ".join(marked))


def verification_state(score: Score) -> str:
    """Whether a topic is verified, and if not, what it takes, in words."""
    from mlroadmap.progress.tracking import VERIFY_MIN_QUESTIONS, VERIFY_SHARE

    if score.verified:
        return "verified"
    if score.passed and score.repeat:
        return (
            "passed, but this attempt repeats your last one today (most of its questions, "
            "with the same values), so it does not verify: take the quiz again on another day"
        )
    return (
        f"not verified yet (needs {VERIFY_SHARE:.0%} of at least {VERIFY_MIN_QUESTIONS} "
        "questions in one attempt)"
    )
