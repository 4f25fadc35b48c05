"""The planner's promises, checked on random graphs, goals, budgets and known sets."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.model import Curriculum, ResourceRef, Topic
from mlroadmap.planning.goals import GoalPhase
from mlroadmap.planning.planner import Learner, Plan, PlanError, make_plan, needed_topics

START = date(2027, 1, 4)  # a Monday


def topic(
    tid: str, requires: list[str], hours: float, recommends: list[str] | None = None
) -> Topic:
    return Topic.model_construct(
        id=tid,
        title=tid,
        area="test",
        level="beginner",
        hours=hours,
        requires=requires,
        recommends=recommends or [],
        objectives=["a", "b"],
        resources=[ResourceRef(id="r")],
        tags=[],
        aliases=[],
        body="",
    )


def plan_of(
    topics: dict[str, Topic], phases: list[GoalPhase], learner: Learner
) -> tuple[Plan, PrerequisiteGraph]:
    graph = PrerequisiteGraph(topics)
    return make_plan(topics, graph.requires, phases, learner), graph


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, Topic], list[GoalPhase], Learner]:
    size = draw(st.integers(min_value=1, max_value=30))
    names = [f"t{i}" for i in range(size)]
    topics = {}
    for i, name in enumerate(names):
        requires = draw(st.lists(st.sampled_from(names[:i]), max_size=3, unique=True)) if i else []
        recommends = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
        hours = draw(st.sampled_from([0.5, 1, 1.5, 2, 3, 5, 8, 12, 20]))
        topics[name] = topic(name, requires, hours, [r for r in recommends if r != name])
    phase_count = draw(st.integers(min_value=1, max_value=3))
    phases = [
        GoalPhase(
            f"phase {p}",
            tuple(draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))),
        )
        for p in range(phase_count)
    ]
    known = frozenset(draw(st.lists(st.sampled_from(names), max_size=5, unique=True)))
    flat = draw(st.booleans())
    if flat:
        hours = draw(st.sampled_from([1, 3, 5, 7.5, 10, 20]))
        learner = Learner.weekly(hours, START, known=known, max_parallel=draw(st.integers(1, 3)))
    else:
        days = draw(st.lists(st.sampled_from([0, 0, 0.5, 1, 2, 4]), min_size=7, max_size=7))
        if not any(days):
            days[5] = 3
        learner = Learner(tuple(days), START, known=known, max_parallel=draw(st.integers(1, 3)))
    return topics, phases, learner


def finish_day(plan: Plan) -> dict[str, date]:
    return {block.topic: block.day for block in plan.blocks}


def start_day(plan: Plan) -> dict[str, date]:
    first: dict[str, date] = {}
    for block in plan.blocks:
        first.setdefault(block.topic, block.day)
    return first


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_plan_properties(scenario: tuple[dict[str, Topic], list[GoalPhase], Learner]) -> None:
    topics, phases, learner = scenario
    plan, graph = plan_of(topics, phases, learner)
    targets = [t for p in phases for t in p.targets]
    needed = needed_topics(graph.requires, targets, learner.known)

    # every needed topic is planned once, with its full hours; known topics never appear
    assert sorted(plan.topics) == sorted(needed)
    assert not set(plan.topics) & learner.known
    planned: dict[str, float] = {}
    for week in plan.weeks:
        for item in week.items:
            planned[item.topic] = planned.get(item.topic, 0) + item.hours
    for tid in needed:
        assert math.isclose(planned[tid], topics[tid].hours, rel_tol=1e-9, abs_tol=1e-9)

    # prerequisites finish before dependents start (in study order within a day too)
    position = {}
    for index, block in enumerate(plan.blocks):
        position.setdefault(block.topic, index)
    last_block = {block.topic: index for index, block in enumerate(plan.blocks)}
    for tid in needed:
        for prerequisite in graph.requires[tid]:
            if prerequisite in needed:
                assert last_block[prerequisite] < position[tid]

    # weekly hours never exceed the budget; each day's neither
    for week in plan.weeks:
        assert week.hours <= learner.hours_per_week + 1e-6
    per_day: dict[date, float] = {}
    for block in plan.blocks:
        per_day[block.day] = per_day.get(block.day, 0) + block.hours
    for day, hours in per_day.items():
        assert hours <= learner.day_hours[day.weekday()] + 1e-6

    # work-conserving: the plan ends on the first day the cumulative budget covers the total
    if needed:
        total = sum(topics[t].hours for t in needed)
        day, budget = START, 0.0
        while budget + learner.day_hours[day.weekday()] < total - 1e-6:
            budget += learner.day_hours[day.weekday()]
            day += timedelta(days=1)
        assert plan.finish == day
        if len(set(learner.day_hours)) == 1 or learner.day_hours[5:] == (0.0, 0.0):
            assert len(plan.weeks) == math.ceil(total / learner.hours_per_week - 1e-9)

    # never more than max_parallel topics left in progress at the end of a study day
    starts, ends = start_day(plan), finish_day(plan)
    for day in per_day:
        carried = [t for t in needed if starts[t] <= day < ends[t]]
        assert len(carried) <= learner.max_parallel

    # phases run in order: nothing of a later phase starts before an earlier phase is done
    for tid in needed:
        for other in needed:
            if plan.phase_of[other] < plan.phase_of[tid]:
                assert last_block[other] < position[tid]


def test_knowing_a_topic_covers_its_prerequisites_unless_still_needed() -> None:
    topics = {
        "matmul": topic("matmul", [], 5),
        "linreg": topic("linreg", ["matmul"], 5),
        "logreg": topic("logreg", ["linreg"], 5),
        "pca": topic("pca", ["matmul"], 5),
    }
    only_logreg = [GoalPhase("p", ("logreg",))]
    plan, _ = plan_of(topics, only_logreg, Learner.weekly(10, START, known=frozenset({"linreg"})))
    assert plan.topics == ["logreg"]
    both = [GoalPhase("p", ("logreg", "pca"))]
    plan, _ = plan_of(topics, both, Learner.weekly(10, START, known=frozenset({"linreg"})))
    assert sorted(plan.topics) == ["logreg", "matmul", "pca"]


def test_recommends_are_ordered_first_when_both_planned() -> None:
    topics = {"a": topic("a", [], 2), "b": topic("b", [], 2, recommends=["a"])}
    plan, _ = plan_of(
        topics, [GoalPhase("p", ("b", "a"))], Learner.weekly(1, START, max_parallel=1)
    )
    assert plan.topics == ["a", "b"]
    alone, _ = plan_of(topics, [GoalPhase("p", ("b",))], Learner.weekly(1, START))
    assert alone.topics == ["b"]


def test_milestones_and_dates() -> None:
    topics = {"a": topic("a", [], 10), "b": topic("b", ["a"], 10)}
    phases = [GoalPhase("Month 1", ("a",)), GoalPhase("Month 2", ("b",))]
    plan, _ = plan_of(topics, phases, Learner.weekly(10, START))
    assert [(m.title, m.week) for m in plan.milestones] == [
        ("Month 1 complete", 1),
        ("Month 2 complete", 2),
    ]
    assert plan.weeks[0].start == START and plan.weeks[0].end == START + timedelta(days=6)
    assert plan.finish == date(2027, 1, 15)  # Friday of week 2


def test_deadline_that_cannot_be_met_is_a_warning_with_the_needed_pace() -> None:
    topics = {"a": topic("a", [], 100)}
    learner = Learner.weekly(10, START, deadline=START + timedelta(days=27))
    plan, _ = plan_of(topics, [GoalPhase("p", ("a",))], learner)
    assert len(plan.weeks) == 10
    [warning] = plan.warnings
    assert "cannot be met" in warning and "25 h/week" in warning
    met = Learner.weekly(25, START, deadline=START + timedelta(days=27))
    assert plan_of(topics, [GoalPhase("p", ("a",))], met)[0].warnings == []


@pytest.mark.parametrize(
    ("learner", "message"),
    [
        (Learner.weekly(1e-300, START), "at least 0.25 hours a week"),
        (Learner.weekly(1e-320, START), "at least 0.25 hours a week"),
        (Learner((1e-320,) + (0.0,) * 6, START), "at least 0.25 hours a week"),
        (Learner.weekly(5, date(9999, 12, 28)), "ending after the year 9999"),
        (Learner((0.0,) * 7, START), "at least 0.25 hours a week"),
        (Learner((25.0,) + (0.0,) * 6, START), "between 0 and 24 hours"),
        (Learner((float("nan"),) + (1.0,) * 6, START), "between 0 and 24 hours"),
        (Learner.weekly(5, START, deadline=START - timedelta(days=1)), "before the start"),
        (Learner.weekly(5, START, max_parallel=0), "between 1 and 20"),
        (Learner.weekly(5, START, max_parallel=10**20), "between 1 and 20"),
    ],
)
def test_impossible_settings(learner: Learner, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan_of({"a": topic("a", [], 1)}, [GoalPhase("p", ("a",))], learner)


def test_a_plan_past_the_year_9999_is_refused_in_years() -> None:
    with pytest.raises(PlanError, match="years"):
        plan_of({"a": topic("a", [], 10**7)}, [GoalPhase("p", ("a",))], Learner.weekly(0.25, START))


def test_plans_sharing_a_kept_schedule_match_plans_made_afresh(builtin: Curriculum) -> None:
    """plan_for keeps each goal's study-clock schedule; every budget laid on it must give the
    plan a fresh schedule gives, and laying it must not change it for the next learner."""
    from mlroadmap.curriculum.graph import graph_of
    from mlroadmap.planning.goals import Goal, resolve_goal
    from mlroadmap.planning.plans import plan_for

    goal = Goal(roadmap="beginner")
    phases = resolve_goal(builtin, goal).phases
    for hours, start in ((10, date(2027, 1, 4)), (3.5, date(2027, 3, 1)), (10, date(2027, 1, 4))):
        learner = Learner.weekly(hours, start, known=frozenset({"python-data-types"}))
        kept = plan_for(builtin, goal, learner)
        fresh = make_plan(builtin.topics, graph_of(builtin).requires, phases, learner)
        assert [(w.start, [(i.topic, i.hours) for i in w.items]) for w in kept.weeks] == [
            (w.start, [(i.topic, i.hours) for i in w.items]) for w in fresh.weeks
        ]
        assert kept.finish == fresh.finish and kept.milestones == fresh.milestones


def test_plan_for_refuses_impossible_settings_before_scheduling(builtin: Curriculum) -> None:
    from mlroadmap.planning.goals import Goal
    from mlroadmap.planning.plans import plan_for

    learner = Learner.weekly(10, date(2027, 1, 4), max_parallel=0)
    with pytest.raises(PlanError, match="max-parallel"):
        plan_for(builtin, Goal(roadmap="beginner"), learner)
