"""`mlroadmap quiz`: questions in the terminal, an explanation after each answer, every answer kept.

A topic quizzed at 80% or better over at least 4 questions is verified: it is marked done, and
`status` counts it apart from topics you marked done yourself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from mlroadmap.cli.common import emit_json, fail, load_curriculum, open_store, topic_ids

if TYPE_CHECKING:
    from mlroadmap.curriculum.model import Curriculum, Question
    from mlroadmap.progress.store.progress import Answer, ProgressStore

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
        "'quiz ... --json' (a choice as its 0-based position or letter, a number as is).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the quiz (or, with --answers, the results) as JSON."
    ),
) -> None:
    """Answer questions on topics; see why each answer is right; verify what you know.

    Questions run from easy to hard. Type a letter for a choice or a number for a numeric
    question; q stops (answers so far are kept). With --json and no --answers the quiz is
    printed, without its answers, and nothing is recorded.
    """
    from mlroadmap.assessment.quiz import question_listing, quiz_questions
    from mlroadmap.progress.saved_goal import mark_verified

    curriculum = load_curriculum()
    chosen, named = _topics(curriculum, topics or [], roadmap, career, area)
    with_questions = [t for t in chosen if curriculum.questions.get(t)]
    if not with_questions:
        fail("no questions for " + ", ".join(chosen[:5]) + (" ..." if len(chosen) > 5 else ""))
    count = per_topic if per_topic is not None else (None if named else GOAL_PER_TOPIC)
    questions = quiz_questions(curriculum, with_questions, count)
    if answers is None and as_json:
        emit_json({"questions": [question_listing(topic, q) for topic, q in questions]})
        return
    store = open_store()
    if answers is not None:
        given = _graded(questions, answers)
        for answer in given:
            store.record_answer(answer, "quiz")
    else:
        given = _ask(curriculum, questions, store)
    marked = mark_verified(store, curriculum, sorted({a.topic_id for a in given}))
    if as_json:
        emit_json(_results(questions, given, store, curriculum, marked))
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


def _graded(questions: list[tuple[str, Question]], text: str) -> list[Answer]:
    """Every --answers entry graded before any is kept, so a typo records nothing."""
    from mlroadmap.assessment.quiz import AnswerError, is_right
    from mlroadmap.progress.store.progress import Answer

    entries = [part.strip() for part in text.split(",")]
    if len(entries) > len(questions):
        fail(f"--answers has {len(entries)} answers for a quiz of {len(questions)} questions")
    graded = []
    pairs = zip(questions, entries, strict=False)  # fewer answers than questions is fine
    for position, ((topic, question), entry) in enumerate(pairs, start=1):
        try:
            correct = is_right(question, entry, indices=True)
        except AnswerError as exc:
            fail(f"--answers entry {position} ({question.id}): {exc}")
        graded.append(Answer(question.id, topic, correct, entry))
    return graded


def _ask(
    curriculum: Curriculum, questions: list[tuple[str, Question]], store: ProgressStore
) -> list[Answer]:
    """Ask one question at a time; keep each answer as soon as it is given."""
    from mlroadmap.progress.store.progress import Answer

    given: list[Answer] = []
    for number, (topic, question) in enumerate(questions, start=1):
        reply = ask_question(curriculum, topic, question, f"{number}/{len(questions)}")
        if reply is None:
            return given
        correct, typed = reply
        answer = Answer(question.id, topic, bool(correct), typed)  # "don't know" is not right
        store.record_answer(answer, "quiz")
        given.append(answer)
    return given


def ask_question(
    curriculum: Curriculum, topic: str, question: Question, counter: str
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
    for letter, choice in zip(CHOICE_LETTERS, shown_choices(question), strict=False):
        typer.echo(f"  {letter}) {choice}")
    while True:
        reply = _read_line(question)
        if reply is None or reply.strip().lower() in STOP_WORDS:
            typer.echo("Stopped; your answers so far are kept.")
            return None
        if is_dont_know(reply):
            typer.echo(f"The answer is {right_answer(question)}. {question.explanation.strip()}")
            return None, DONT_KNOW
        try:
            correct = is_right(question, reply)
            break
        except AnswerError as exc:
            typer.echo(str(exc))
    verdict = (
        typer.style("Right.", fg="green")
        if correct
        else typer.style(f"Not quite: the answer is {right_answer(question)}.", fg="yellow")
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
    questions: list[tuple[str, Question]],
    given: list[Answer],
    store: ProgressStore,
    curriculum: Curriculum,
    marked: list[str],
) -> dict[str, Any]:
    from mlroadmap.assessment.quiz import right_answer
    from mlroadmap.progress.tracking import topic_scores

    by_id = {q.id: q for _, q in questions}
    overall = topic_scores(store.quiz_results(), curriculum.live_topic_id)
    return {
        "answered": [
            {
                "id": a.question_id,
                "topic": a.topic_id,
                "given": a.given,
                "correct": a.correct,
                "answer": right_answer(by_id[a.question_id]),
                "explanation": by_id[a.question_id].explanation.strip(),
            }
            for a in given
        ],
        "topics": {
            topic: {
                "right": overall[topic].right,
                "total": overall[topic].total,
                "verified": overall[topic].verified,
            }
            for topic in sorted({a.topic_id for a in given})
        },
        "marked_done": marked,
    }


def _summary(
    curriculum: Curriculum, given: list[Answer], store: ProgressStore, marked: list[str]
) -> None:
    from mlroadmap.progress.tracking import VERIFY_MIN_QUESTIONS, VERIFY_SHARE, topic_scores

    if not given:
        return
    right = sum(a.correct for a in given)
    typer.echo(typer.style(f"\n{right} of {len(given)} right.", bold=True))
    overall = topic_scores(store.quiz_results(), curriculum.live_topic_id)
    for topic in dict.fromkeys(a.topic_id for a in given):
        score = overall[topic]
        state = (
            "verified"
            if score.verified
            else f"not verified yet (needs {VERIFY_SHARE:.0%} of at least "
            f"{VERIFY_MIN_QUESTIONS} questions)"
        )
        typer.echo(f"  {curriculum.topics[topic].title}: {score.right}/{score.total}, {state}")
    if marked:
        typer.echo("Marked done: " + ", ".join(marked))
