"""`mlroadmap assess`: an adaptive placement test that finds what you already know, so the plan
skips it. The model is in `assessment/placement.py` and explained in docs/assessment.md."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from mlroadmap.cli.common import console, escape, fail, load_curriculum, open_store

if TYPE_CHECKING:
    from mlroadmap.assessment.placement import Verdict
    from mlroadmap.curriculum.model import Curriculum
    from mlroadmap.planning.goals import Goal
    from mlroadmap.progress.placement_runs import PlacementRun
    from mlroadmap.progress.store.progress import ProgressStore

MAX_QUESTIONS = 25
PREVIEW_HOURS_PER_WEEK = 10.0
"""The weekly budget of the before/after comparison shown when no goal is started yet."""


def assess(
    roadmap: str | None = typer.Option(None, "--roadmap", help="Assess a roadmap's topics."),
    career: str | None = typer.Option(None, "--career", help="Assess a career path's topics."),
    topics: list[str] = typer.Option(
        [], "--topic", help="Assess these topics and their prerequisites (repeatable)."
    ),
    max_questions: int | None = typer.Option(
        None,
        "--max-questions",
        min=1,
        max=500,
        help=f"Ask at most this many questions in all [default: {MAX_QUESTIONS}; with --resume, "
        "the test's own limit].",
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Save the topics found known without asking."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the model's random draws."),
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Go on with your last placement test whose result is not saved yet: it asks on "
        "where you stopped, or offers its result again.",
    ),
) -> None:
    """Find what you already know with as few questions as possible, then skip it.

    Without --roadmap, --career or --topic the active goal is assessed.

    Each answer updates a model of what you know over the prerequisite graph (a right answer
    on an advanced topic counts for what it builds on; a miss on a basic topic counts against
    what builds on it), and the next question is the one that tells the most. The test stops
    when every topic is settled or at --max-questions; q stops it early, and ? says you do not
    know. You then choose which of the topics found known to save (all, none, some), and the
    plan is re-made without them. Your answers are kept either way: a test you stop or whose
    result you decline can be resumed with --resume.
    """
    from mlroadmap.planning.goals import Goal, GoalError
    from mlroadmap.progress import placement_runs

    curriculum = load_curriculum()
    if not curriculum.questions:
        fail("this curriculum has no question bank (questions/<topic-id>.yaml)")
    goal = Goal(roadmap=roadmap, career=career, topics=tuple(topics))
    store = open_store()
    if resume:
        if not goal.is_empty():
            fail("--resume goes on with the last test: give no --roadmap, --career or --topic")
        kept = store.placement_test()
        if kept is None:
            fail("no placement test to resume: every test's result is saved (start one)")
        try:
            run = placement_runs.resume(curriculum, store, kept, seed)
        except GoalError as exc:
            fail(f"the test's goal cannot be assessed any more: {exc}")
        if max_questions is not None:
            run.max_questions = max_questions
        typer.echo(
            f"Resuming the placement test of {kept.started} over "
            f"{placement_runs.describe(run.goal)}: {run.asked} answer(s) so far, at most "
            f"{run.max_questions} questions."
        )
    else:
        if goal.is_empty():
            active = store.active_goal()  # no goal named: the one being followed
            if active is None:
                fail("give --roadmap, --career or --topic (or start a goal: then it is assessed)")
            goal = Goal(active.roadmap, active.career, tuple(active.topics))
        limit = max_questions or MAX_QUESTIONS
        try:
            run = placement_runs.begin(curriculum, store, goal, limit, seed)
        except GoalError as exc:
            fail(str(exc))
        typer.echo(
            f"Placement test over {len(run.test.order)} topics: at most {limit} "
            "questions (q stops early; ? when you do not know)."
        )
    stopped = _ask(curriculum, run, store)
    titles = {t: curriculum.topics[t].title for t in run.test.order}
    _report(run.test.verdicts(titles), titles, run.asked)
    known = run.test.known()
    later = "Your answers are kept: 'mlroadmap assess --resume' goes on with this test"
    if not known:
        if stopped:
            typer.echo(f"Nothing to skip yet. {later}.")
        else:
            placement_runs.save(curriculum, store, run, [])
            typer.echo("Nothing to skip: your plan stays as it is.")
        return
    if not yes:
        known = _choose(known, titles)
        if not known:
            typer.echo(f"Nothing saved as known. {later} or saves its result later.")
            return
    placement_runs.save(curriculum, store, run, known, replan=False)  # _shorter_plan re-plans
    typer.echo(f"Marked known (by placement): {', '.join(known)}")
    _shorter_plan(curriculum, run.goal, store, known)


def _ask(curriculum: Curriculum, run: PlacementRun, store: ProgressStore) -> bool:
    """Ask the most informative question until the test is settled, stopped or at its limit;
    whether the learner stopped it early."""
    from mlroadmap.cli.quiz_cmd import ask_question

    limit = run.max_questions
    while run.asked < limit and (chosen := run.test.next_question()) is not None:
        topic, question = chosen
        reply = ask_question(curriculum, topic, question, f"{run.asked + 1} (at most {limit})")
        if reply is None:
            return True
        correct, given = reply
        run.record(store, topic, question, correct, given)
    return False


SELECTION_HELP = "all, none, the numbers to keep (1,3) or all except some (all except 2,4)"


def _choose(known: list[str], titles: dict[str, str]) -> list[str]:
    """Ask which of the topics found known to save: the learner has the last word."""
    for number, topic in enumerate(known, start=1):
        typer.echo(f"  {number}. {titles[topic]}")
    while True:
        try:
            reply = str(typer.prompt(f"Save which as known? ({SELECTION_HELP})", default="none"))
        except (EOFError, KeyboardInterrupt, typer.Abort):
            typer.echo("")
            return []
        try:
            return [known[i] for i in sorted(parse_selection(reply, len(known)))]
        except ValueError as exc:
            typer.echo(str(exc))


def parse_selection(text: str, count: int) -> set[int]:
    """0-based indices from 'all', 'none', '1,3' or 'all except 2,4' (numbers from 1);
    'y'/'yes' and 'n'/'no' are all and none. ValueError names what cannot be read."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in ("all", "y", "yes"):
        return set(range(count))
    if cleaned in ("none", "n", "no", ""):
        return set()
    keep = True
    if cleaned.startswith("all except"):
        keep, cleaned = False, cleaned.removeprefix("all except")
    numbers = set()
    for part in filter(None, (p.strip() for p in cleaned.replace(" ", ",").split(","))):
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise ValueError(
                f"{part!r} is not one of the numbers 1-{count}; answer {SELECTION_HELP}"
            )
        numbers.add(int(part) - 1)
    return numbers if keep else set(range(count)) - numbers


def _report(verdicts: list[Verdict], titles: dict[str, str], asked: int) -> None:
    """Known topics with the reason for each; unsure ones with their belief; the names of
    those not known yet (most topics of a goal are new to most learners)."""
    from rich.table import Table

    out = console()
    known = [v for v in verdicts if v.verdict == "known"]
    unsure = sorted((v for v in verdicts if v.verdict == "unsure"), key=lambda v: -v.belief)
    unknown = [v for v in verdicts if v.verdict == "not-known"]
    finished = [v for v in verdicts if v.verdict == "finished"]
    before = f" ({len(finished)} you had finished already were not asked)" if finished else ""
    out.print(
        f"\nAfter {asked} question(s): {len(known)} known, {len(unsure)} unsure, "
        f"{len(unknown)} not known{before}."
    )
    if known:
        table = Table(title="You know these (the plan can skip them)")
        for column in ("topic", "belief", "why"):
            table.add_column(column)
        for verdict in known:
            table.add_row(
                escape(titles[verdict.topic]), f"{verdict.belief:.0%}", escape(verdict.reason)
            )
        out.print(table)
    if unsure:
        listed = ", ".join(f"{escape(titles[v.topic])} ({v.belief:.0%})" for v in unsure[:8])
        more = f" and {len(unsure) - 8} more" if len(unsure) > 8 else ""
        out.print(f"Unsure, most likely known first: {listed}{more}.")
        if any(v.belief >= 0.9 for v in unsure):
            out.print(
                "Those at 90% or more are likely known, but no question on them or on a topic "
                "that builds on them was answered right yet."
            )
        out.print("Quiz any of them later with: mlroadmap quiz TOPIC")
    if unknown:
        listed = ", ".join(escape(titles[v.topic]) for v in unknown[:12])
        more = f" and {len(unknown) - 12} more" if len(unknown) > 12 else ""
        out.print(f"Not known yet (your plan keeps them): {listed}{more}.")


def _shorter_plan(
    curriculum: Curriculum, goal: Goal, store: ProgressStore, known: list[str]
) -> None:
    """Re-make the active plan without the known topics, or, with no goal started, show this
    goal's plan without them (at a preview budget) and how much shorter it has become."""
    from mlroadmap.cli.goal_cmd import replan
    from mlroadmap.cli.plan_cmd import print_plan_table
    from mlroadmap.planning.document import plan_document
    from mlroadmap.planning.learner_input import next_monday
    from mlroadmap.planning.planner import Learner
    from mlroadmap.planning.plans import goal_label, plan_for
    from mlroadmap.progress.tracking import FINISHED

    if store.active_goal() is not None:
        replan(hours_per_week=None, schedule=None)
        return
    finished = {t for t, s in store.statuses().items() if s in FINISHED}
    start = next_monday(date.today())
    before = plan_for(curriculum, goal, Learner.weekly(PREVIEW_HOURS_PER_WEEK, start))
    after = plan_for(
        curriculum, goal, Learner.weekly(PREVIEW_HOURS_PER_WEEK, start, known=frozenset(finished))
    )
    flags = " ".join(
        f"--{kind} {value}"
        for kind, value in (("roadmap", goal.roadmap), ("career", goal.career))
        if value
    ) + "".join(f" --topic {t}" for t in goal.topics)
    if not after.topics:
        typer.echo("Nothing is left to learn for this goal.")
        return
    print_plan_table(plan_document(curriculum, goal, after), goal_label(curriculum, goal))
    typer.echo(
        f"This goal now needs {after.total_hours:g} h instead of {before.total_hours:g} h: "
        f"{len(after.weeks)} weeks instead of {len(before.weeks)} at "
        f"{PREVIEW_HOURS_PER_WEEK:g} h/week. Start it with: "
        f"mlroadmap start {flags.strip()} --hours-per-week H"
    )
