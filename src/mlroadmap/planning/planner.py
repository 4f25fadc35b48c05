"""Goal + learner -> a dated, week-by-week plan.

The semantics (documented for learners in docs/planning.md):

* Needed topics are those reachable from the goal's targets through `requires` without passing
  through a known topic: knowing a topic covers its prerequisites unless another needed topic
  still requires them.
* Each needed topic belongs to the first phase whose targets need it; phases run in order, and a
  phase starts only when the previous one is finished.
* Within a phase, topics are taken in depth-first order toward the targets (finish one thread
  before opening another), at most `max_parallel` at once. A topic starts only when its planned
  `requires` are finished, and also its planned `recommends` that come earlier in that order.
* Each day's study hours are shared equally among the open topics; a topic that finishes frees
  its share at once. No hour of the budget is left unused while work remains, so the plan ends on
  the first day the cumulative budget covers the total hours.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from mlroadmap.curriculum.model import Topic
from mlroadmap.planning.calendar import StudyCalendar
from mlroadmap.planning.goals import GoalPhase

EPSILON = 1e-9
DAYS_PER_WEEK = 7
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PlanError(ValueError):
    """Settings that cannot produce a plan (no study time at all, a deadline before the start)."""


@dataclass(frozen=True)
class Learner:
    """How much time a learner has, from when, and what they already know."""

    day_hours: tuple[float, ...]
    """Study hours for each weekday, Monday first (7 values)."""
    start: date
    deadline: date | None = None
    known: frozenset[str] = frozenset()
    max_parallel: int = 2

    @property
    def hours_per_week(self) -> float:
        return sum(self.day_hours)

    @classmethod
    def weekly(cls, hours: float, start: date, **options: object) -> Learner:
        """A flat weekly budget, spread evenly over Monday to Friday."""
        per_day = hours / 5
        return cls((per_day,) * 5 + (0.0, 0.0), start, **options)  # type: ignore[arg-type]


@dataclass(slots=True)
class PlanItem:
    topic: str
    hours: float


@dataclass(slots=True)
class StudyBlock:
    """Hours spent on one topic on one day: what a calendar event shows."""

    day: date
    topic: str
    hours: float


@dataclass
class Milestone:
    title: str
    day: date
    week: int


@dataclass
class Week:
    index: int
    start: date
    end: date
    items: list[PlanItem] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return sum(item.hours for item in self.items)


Interval = tuple[float, float, tuple[int, ...]]
"""(begin, end, topics): a span of the study clock during which the same topics (numbered by
their place in `Plan.order`) are open, sharing it equally. A plain tuple, since a plan of 100k
topics makes about as many."""


@dataclass
class Plan:
    phases: list[GoalPhase]
    learner: Learner
    topics: list[str]
    """Every needed topic, in the order it starts."""
    phase_of: dict[str, int]
    weeks: list[Week]
    order: list[str]
    """Needed topics in learning order; intervals refer to topics by their index here."""
    intervals: list[Interval]
    calendar: StudyCalendar
    milestones: list[Milestone]
    total_hours: float
    finish: date
    warnings: list[str]

    @cached_property
    def blocks(self) -> list[StudyBlock]:
        """Hours per topic per day, in study order: the calendar's events."""
        return [
            StudyBlock(self.calendar.day(period), self.order[topic], hours)
            for period, totals in _split(self.intervals, self.calendar, 1)
            for topic, hours in totals.items()
        ]


# --- which topics, in which phase and order ------------------------------------------------


def needed_topics(
    requires: Mapping[str, Sequence[str]], targets: Sequence[str], known: frozenset[str]
) -> set[str]:
    """Targets and their prerequisites, not looking below a known topic."""
    needed: set[str] = set()
    stack = [t for t in targets if t not in known]
    while stack:
        tid = stack.pop()
        if tid in needed:
            continue
        needed.add(tid)
        stack.extend(r for r in requires[tid] if r not in known and r not in needed)
    return needed


def prerequisite_links(
    topics: Mapping[str, Topic],
    requires: Mapping[str, Sequence[str]],
    needed: set[str],
    known: frozenset[str],
) -> tuple[dict[str, Sequence[str]], bool]:
    """For each needed topic, the needed topics to schedule before it (requires first), and
    whether any soft (`recommends`) link is among them.

    Every `requires` entry of a needed topic is needed unless known, so the common case reuses
    the graph's own list without copying it.
    """
    links: dict[str, Sequence[str]] = {}
    soft_found = False
    for tid in needed:
        hard = requires[tid]
        if known and any(r in known for r in hard):
            hard = [r for r in hard if r not in known]
        soft = topics[tid].recommends
        if soft:
            extra = [r for r in soft if r in needed and r not in hard]
            if extra:
                hard = [*hard, *extra]
                soft_found = True
        links[tid] = hard
    return links, soft_found


def phase_order(
    links: Mapping[str, Sequence[str]],
    requires: Mapping[str, Sequence[str]],
    phases: Sequence[GoalPhase],
    needed: set[str],
    soft_links: bool = True,
) -> tuple[list[str], dict[str, int]]:
    """Depth-first post-order of the needed topics, phase by phase, and each topic's phase."""
    order: list[str] = []
    phase_of: dict[str, int] = {}
    for index, phase in enumerate(phases):
        for target in phase.targets:
            if target not in needed or target in phase_of:
                continue
            _visit(links, target, index, order, phase_of)
    if soft_links and not _follows_requires(order, requires, needed):
        order = _respect_requires(order, requires, needed)
    return order, phase_of


def _follows_requires(
    order: list[str], requires: Mapping[str, Sequence[str]], needed: set[str]
) -> bool:
    position = {tid: i for i, tid in enumerate(order)}
    return all(position[r] < position[tid] for tid in order for r in requires[tid] if r in needed)


def _respect_requires(
    order: list[str], requires: Mapping[str, Sequence[str]], needed: set[str]
) -> list[str]:
    """Reorder as little as possible so every topic follows its `requires`.

    The depth-first order can break a `requires` link when a `recommends` link points the other
    way (a cycle through a soft link); a topological sort that always takes the earliest ready
    topic keeps the depth-first order everywhere else.
    """
    rank = {tid: i for i, tid in enumerate(order)}
    waiting = {tid: sum(1 for r in requires[tid] if r in needed) for tid in order}
    unlocks: dict[str, list[str]] = defaultdict(list)
    for tid in order:
        for prerequisite in requires[tid]:
            if prerequisite in needed:
                unlocks[prerequisite].append(tid)
    heap = [(rank[tid], tid) for tid in order if waiting[tid] == 0]
    heapq.heapify(heap)
    result = []
    while heap:
        _, tid = heapq.heappop(heap)
        result.append(tid)
        for dependent in unlocks[tid]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(heap, (rank[dependent], dependent))
    return result


def _visit(
    links: Mapping[str, Sequence[str]],
    root: str,
    phase: int,
    order: list[str],
    phase_of: dict[str, int],
) -> None:
    """Iterative DFS from `root`; back edges (only possible through recommends) are skipped."""
    phase_of[root] = phase
    stack = [(root, links[root], 0)]
    while stack:
        tid, children, index = stack.pop()
        if index < len(children):
            stack.append((tid, children, index + 1))
            child = children[index]
            if child not in phase_of:
                phase_of[child] = phase
                stack.append((child, links[child], 0))
            continue
        order.append(tid)


# --- the day-by-day simulation -------------------------------------------------------------


@dataclass
class _State:
    """Progress of the simulation. Topics are numbered by their rank in the learning order,
    so the hot loop works on lists of numbers rather than dictionaries of ids."""

    remaining: list[float]
    blockers: list[int]
    unlocks: list[list[int]]
    phase_of: list[int]
    ready: list[list[int]]
    """One heap of ready topic numbers per phase; the lowest number is the next to open."""
    left_in_phase: list[int]
    open: list[int] = field(default_factory=list)
    phase: int = 0

    def fill(self, max_parallel: int) -> None:
        heap = self.ready[self.phase] if self.phase < len(self.ready) else []
        while len(self.open) < max_parallel and heap:
            self.open.append(heapq.heappop(heap))

    def finish(self, topic: int) -> bool:
        """Mark `topic` done, release what it blocked; True when its phase is complete."""
        self.open.remove(topic)
        blockers = self.blockers
        for dependent in self.unlocks[topic]:
            blockers[dependent] -= 1
            if blockers[dependent] == 0:
                heapq.heappush(self.ready[self.phase_of[dependent]], dependent)
        phase = self.phase_of[topic]
        self.left_in_phase[phase] -= 1
        return self.left_in_phase[phase] == 0


def _initial_state(
    topics: Mapping[str, Topic],
    links: Mapping[str, Sequence[str]],
    order: list[str],
    phase_of: dict[str, int],
    phase_count: int,
) -> _State:
    rank = {tid: i for i, tid in enumerate(order)}
    unlocks: list[list[int]] = [[] for _ in order]
    blockers = [0] * len(order)
    for own, tid in enumerate(order):
        count = 0
        for prerequisite in links[tid]:
            earlier = rank[prerequisite]
            if earlier < own:
                unlocks[earlier].append(own)
                count += 1
        blockers[own] = count
    phases = [phase_of[tid] for tid in order]
    ready: list[list[int]] = [[] for _ in range(phase_count)]
    left = [0] * phase_count
    for own, phase in enumerate(phases):
        left[phase] += 1
        if blockers[own] == 0:
            ready[phase].append(own)
    state = _State(
        remaining=[topics[tid].hours for tid in order],
        blockers=blockers,
        unlocks=unlocks,
        phase_of=phases,
        ready=ready,  # already heaps: numbers were appended in increasing order
        left_in_phase=left,
    )
    state.phase = _next_phase(state, 0)
    return state


def _next_phase(state: _State, start: int) -> int:
    phase = start
    while phase < len(state.left_in_phase) and state.left_in_phase[phase] == 0:
        phase += 1
    return phase


def _simulate(
    state: _State, max_parallel: int, phase_count: int
) -> tuple[list[Interval], dict[int, float]]:
    """Run the open topics on the study clock until every phase is done.

    Returns the spans of the clock with their open topics, and when each phase finished.
    """
    intervals: list[Interval] = []
    phase_done: dict[int, float] = {}
    remaining = state.remaining
    open_now = state.open
    clock = 0.0
    state.fill(max_parallel)
    while state.phase < phase_count:
        count = len(open_now)
        step = min(remaining[t] for t in open_now)
        intervals.append((clock, clock + step * count, tuple(open_now)))
        clock += step * count
        for topic in open_now:
            remaining[topic] -= step
        for topic in [t for t in open_now if remaining[t] <= EPSILON]:
            if state.finish(topic):
                phase_done[state.phase_of[topic]] = clock
        if not open_now:
            state.phase = _next_phase(state, state.phase)
        state.fill(max_parallel)
    return intervals, phase_done


@dataclass(frozen=True)
class Schedule:
    """A goal's topics on the study clock: their learning order and which are open during each
    span of study time. It depends on the topics, the phases, what is known and `max_parallel`,
    but not on the calendar (hours per day, start, deadline), so one schedule serves every
    weekly budget. Shared by the plans made from it: read it, never change it."""

    order: list[str]
    phase_of: dict[str, int]
    intervals: list[Interval]
    phase_done: dict[int, float]
    """When (on the study clock) each phase's last topic finished."""


def make_schedule(
    topics: Mapping[str, Topic],
    requires: Mapping[str, Sequence[str]],
    phases: Sequence[GoalPhase],
    known: frozenset[str],
    max_parallel: int,
) -> Schedule:
    """Order the goal's needed topics and run them on the study clock."""
    with _no_gc():
        targets = [t for phase in phases for t in phase.targets]
        needed = needed_topics(requires, targets, known)
        links, soft_links = prerequisite_links(topics, requires, needed, known)
        order, phase_of = phase_order(links, requires, phases, needed, soft_links)
        state = _initial_state(topics, links, order, phase_of, len(phases))
        intervals, phase_done = _simulate(state, max_parallel, len(phases))
        return Schedule(order, phase_of, intervals, phase_done)


def make_plan(
    topics: Mapping[str, Topic],
    requires: Mapping[str, Sequence[str]],
    phases: Sequence[GoalPhase],
    learner: Learner,
    schedule: Schedule | None = None,
) -> Plan:
    """Schedule the goal's needed topics into dated weeks for this learner.

    `requires` is the prerequisite graph restricted to known topic ids (PrerequisiteGraph's).
    `schedule`, when given, is `make_schedule` of the same topics, phases, known topics and
    `max_parallel` (callers keep schedules to plan many budgets for one goal cheaply).
    """
    check_learner(learner)
    if schedule is None:
        schedule = make_schedule(topics, requires, phases, learner.known, learner.max_parallel)
    with _no_gc():
        return _dated(topics, phases, learner, schedule)


def _dated(
    topics: Mapping[str, Topic],
    phases: Sequence[GoalPhase],
    learner: Learner,
    schedule: Schedule,
) -> Plan:
    """Lay a schedule on the learner's calendar: days, weeks, milestones, deadline warnings."""
    order, intervals = schedule.order, schedule.intervals
    calendar = StudyCalendar(learner.start, learner.day_hours)
    started = [order[t] for t in dict.fromkeys(t for _, _, now in intervals for t in now)]
    total = intervals[-1][1] if intervals else 0.0
    last_day = calendar.day_index(total) if intervals else 0
    last_week_end = (last_day // DAYS_PER_WEEK + 1) * DAYS_PER_WEEK - 1
    if learner.start.toordinal() + last_week_end >= date.max.toordinal():  # a day to spare
        years = last_day / 365.25
        raise PlanError(
            f"this plan would take about {years:,.0f} years at {learner.hours_per_week:g} h/week, "
            f"ending after the year {date.max.year}: give more hours or an earlier start"
        )
    finish = calendar.day(last_day)
    milestones = [
        Milestone(f"{phases[p].title} complete", day, week_of(learner.start, day))
        for p, clock in sorted(schedule.phase_done.items(), key=lambda item: item[1])
        for day in [calendar.day(calendar.day_index(clock))]
    ]
    weeks = _weeks(learner.start, finish, intervals, calendar, order)
    for milestone in milestones:
        weeks[milestone.week - 1].milestones.append(milestone)
    return Plan(
        phases=list(phases),
        learner=learner,
        topics=started,
        phase_of=schedule.phase_of,
        weeks=weeks,
        order=order,
        intervals=intervals,
        calendar=calendar,
        milestones=milestones,
        total_hours=sum(topics[t].hours for t in started),
        finish=finish,
        warnings=_deadline_warnings(learner, total, finish),
    )


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while planning allocates many small, acyclic objects: on 100k
    topics it otherwise spends about a third of the time rescanning the whole heap."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


HOURS_PER_DAY = 24.0
MIN_HOURS_PER_WEEK = 0.25
"""A quarter of an hour a week: less is no study plan (and 1e-320 h would overflow the
calendar arithmetic rather than give a date)."""
MAX_PARALLEL = 20
"""More topics at once than anyone can follow; the API has always refused more."""


def check_learner(learner: Learner) -> None:
    """Refuse settings no plan can be made from, with the reason in plain words: shared by the
    CLI, the API and a saved goal read back, so all refuse the same values."""
    if len(learner.day_hours) != DAYS_PER_WEEK:
        raise PlanError("a weekly schedule needs one value per weekday")
    if any(not math.isfinite(h) or h < 0 or h > HOURS_PER_DAY for h in learner.day_hours):
        raise PlanError(f"each day's study time must be between 0 and {HOURS_PER_DAY:g} hours")
    if learner.hours_per_week < MIN_HOURS_PER_WEEK:
        raise PlanError(
            f"study time must be at least {MIN_HOURS_PER_WEEK:g} hours a week, got "
            f"{learner.hours_per_week:g}: give at least one day with hours"
        )
    if learner.deadline is not None and learner.deadline < learner.start:
        raise PlanError(f"the deadline {learner.deadline} is before the start {learner.start}")
    if not 1 <= learner.max_parallel <= MAX_PARALLEL:
        raise PlanError(
            f"--max-parallel must be between 1 and {MAX_PARALLEL}, got {learner.max_parallel}"
        )


# --- from the study clock to weeks, days and warnings ------------------------------------


def week_of(start: date, day: date) -> int:
    """1-based index of the 7-day week, counted from the start date, that holds `day`."""
    return (day - start).days // DAYS_PER_WEEK + 1


def _split(
    intervals: list[Interval], calendar: StudyCalendar, days: int
) -> list[tuple[int, dict[int, float]]]:
    """Cut the study clock at every `days`-day boundary and share each piece among its topics.

    Intervals are contiguous and in clock order, so the current period only moves forward;
    pieces of the same period and topic are merged, in the order the topic first appears.
    """
    periods: list[tuple[int, dict[int, float]]] = []
    period = 0
    boundary = calendar.capacity(days)
    for begin, end, topics in intervals:
        share = len(topics)
        while end - begin > EPSILON:
            while boundary - begin <= EPSILON:
                period += 1
                boundary = calendar.capacity((period + 1) * days)
            stop = end if end < boundary else boundary
            if not periods or periods[-1][0] != period:
                periods.append((period, {}))
            totals = periods[-1][1]
            piece = (stop - begin) / share
            for tid in topics:
                totals[tid] = totals.get(tid, 0.0) + piece
            begin = stop
    return periods


def _weeks(
    start: date,
    finish: date,
    intervals: list[Interval],
    calendar: StudyCalendar,
    order: list[str],
) -> list[Week]:
    weeks = [
        Week(
            index=i + 1,
            start=start + timedelta(days=DAYS_PER_WEEK * i),
            end=start + timedelta(days=DAYS_PER_WEEK * i + DAYS_PER_WEEK - 1),
        )
        for i in range(week_of(start, finish))
    ]
    for period, totals in _split(intervals, calendar, DAYS_PER_WEEK):
        weeks[period].items = [PlanItem(order[topic], hours) for topic, hours in totals.items()]
    return weeks


def _deadline_warnings(learner: Learner, total: float, finish: date) -> list[str]:
    """A warning with the weekly hours that would meet the deadline, when it is missed."""
    if learner.deadline is None or finish <= learner.deadline:
        return []
    available = sum(
        learner.day_hours[(learner.start + timedelta(days=d)).weekday()]
        for d in range((learner.deadline - learner.start).days + 1)
    )
    needed = learner.hours_per_week * total / available
    return [
        f"the deadline {learner.deadline} cannot be met at {learner.hours_per_week:g} h/week "
        f"(finish {finish}); about {math.ceil(needed * 2) / 2:g} h/week would meet it"
    ]
