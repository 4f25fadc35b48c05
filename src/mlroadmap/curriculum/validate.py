"""Every curriculum rule beyond the schema: references, cycles, redundancy, reach, workload.

`check(result)` returns the loader's problems plus these, so one run reports everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mlroadmap.curriculum.fit import roadmap_fit
from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.loader import LoadResult, locate
from mlroadmap.curriculum.model import Curriculum, goal_topics
from mlroadmap.curriculum.problems import Problem, Severity
from mlroadmap.curriculum.question_rules import (
    MIN_PLACEMENT_QUESTIONS,
    placement_problems,
    template_problems,
)
from mlroadmap.curriculum.suggest import did_you_mean

MIN_BODY_WORDS = 100
MIN_QUESTIONS = 4
"""Questions each topic needs once a curriculum has a question bank: a quiz counts a topic as
verified at 80% over at least this many, and placement needs a choice of difficulty."""


def check(result: LoadResult) -> list[Problem]:
    """All problems of a loaded curriculum, errors first, each with its line where known."""
    curriculum, root = result.curriculum, result.root
    graph = PrerequisiteGraph(curriculum.topics)
    found = list(result.problems)
    rules = (
        _topic_links,
        _goal_links,
        _cycles,
        _redundant,
        _unreached,
        _workload,
        _bodies,
        _question_bank,
    )
    for rule in rules:
        found.extend(_with_line(root, p) for p in rule(curriculum, graph))
    return sorted(found, key=lambda p: (not p.is_error, p.file, p.line or 0, p.field))


def _with_line(root: Path, problem: Problem) -> Problem:
    if problem.line is not None or not problem.field or problem.file == "?":
        return problem
    line = locate(root, problem.file, problem.field)
    return Problem(
        problem.severity,
        problem.code,
        problem.file,
        problem.message,
        field=problem.field,
        line=line,
        hint=problem.hint,
    )


def _dangling(
    curriculum: Curriculum, kind: str, ref: str, file: str, field: str, what: str
) -> Problem | None:
    """A problem if `ref` names no known item of `kind` ('topic', 'resource' or 'roadmap')."""
    pool: dict[str, object] = {
        "topic": curriculum.topics,
        "resource": curriculum.resources,
        "roadmap": curriculum.roadmaps,
    }[kind]  # type: ignore[assignment]
    if ref in pool or f"{kind}:{ref}" in curriculum.unparsed:
        return None
    if kind == "topic":
        renamed = curriculum.live_topic_id(ref)
        if renamed:
            return Problem(
                Severity.error,
                "dangling-reference",
                file,
                f"{what} '{ref}' is an old id of topic '{renamed}'",
                field=field,
                hint=f"refer to '{renamed}' instead",
            )
    return Problem(
        Severity.error,
        "dangling-reference",
        file,
        f"{what} unknown {kind} '{ref}'" + did_you_mean(ref, pool),
        field=field,
        hint=f"add the {kind} or correct the id",
    )


def _topic_links(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for tid, topic in curriculum.topics.items():
        file = curriculum.source("topic", tid)
        for key in ("requires", "recommends"):
            for index, ref in enumerate(getattr(topic, key)):
                if ref == tid:
                    yield Problem(
                        Severity.error,
                        "cycle",
                        file,
                        f"topic '{tid}' lists itself in '{key}'",
                        field=f"{key}[{index}]",
                        hint="remove the self-reference",
                    )
                    continue
                problem = _dangling(curriculum, "topic", ref, file, f"{key}[{index}]", key)
                if problem:
                    yield problem
        for index, ref in enumerate(topic.resources):
            problem = _dangling(
                curriculum, "resource", ref.id, file, f"resources[{index}].id", "cites"
            )
            if problem:
                yield problem
        for alias in topic.aliases:
            if alias in curriculum.topics:
                yield Problem(
                    Severity.error,
                    "duplicate-id",
                    file,
                    f"alias '{alias}' of topic '{tid}' is also the id of another topic",
                    field="aliases",
                    hint="an alias keeps a retired id; it cannot name a live topic",
                )


def _goal_links(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for rid, roadmap in curriculum.roadmaps.items():
        file = curriculum.source("roadmap", rid)
        yield from _phase_links(curriculum, file, "phases", roadmap.phases)
        for index, ref in enumerate(roadmap.assumes):
            problem = _dangling(curriculum, "roadmap", ref, file, f"assumes[{index}]", "assumes")
            if problem:
                yield problem
        yield from _resource_list(curriculum, file, roadmap.resources)
    for cid, career in curriculum.careers.items():
        file = curriculum.source("career", cid)
        yield from _phase_links(curriculum, file, "stages", career.stages)
        yield from _resource_list(curriculum, file, career.resources)
    for xid, cert in curriculum.certifications.items():
        file = curriculum.source("certification", xid)
        index = curriculum.positions.get(f"certification:{xid}", 0)
        problem = _dangling(
            curriculum, "resource", cert.resource, file, f"[{index}].resource", "names"
        )
        if problem:
            yield problem
        yield from _phase_links(curriculum, file, f"[{index}].domains", cert.domains)


def _phase_links(curriculum: Curriculum, file: str, key: str, phases: list) -> Iterator[Problem]:
    for p_index, phase in enumerate(phases):
        for t_index, ref in enumerate(phase.topics):
            field = f"{key}[{p_index}].topics[{t_index}]"
            problem = _dangling(curriculum, "topic", ref, file, field, "names")
            if problem:
                yield problem


def _resource_list(curriculum: Curriculum, file: str, refs: list[str]) -> Iterator[Problem]:
    for index, ref in enumerate(refs):
        problem = _dangling(curriculum, "resource", ref, file, f"resources[{index}]", "cites")
        if problem:
            yield problem


def _cycles(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for cycle in graph.cycles():
        if len(cycle) == 2 and cycle[0] == cycle[1]:
            continue  # a self-reference, reported by _topic_links
        first, second = cycle[0], cycle[1]
        index = curriculum.topics[first].requires.index(second)
        yield Problem(
            Severity.error,
            "cycle",
            curriculum.source("topic", first),
            "prerequisite cycle: " + " -> ".join(cycle),
            field=f"requires[{index}]",
            hint="a topic cannot (indirectly) require itself: remove one 'requires' link",
            extra={"cycle": cycle},
        )


def _redundant(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for tid, prerequisite, via in graph.redundant_edges():
        index = curriculum.topics[tid].requires.index(prerequisite)
        yield Problem(
            Severity.warning,
            "redundant-prerequisite",
            curriculum.source("topic", tid),
            f"'{prerequisite}' is already required through '{via}'",
            field=f"requires[{index}]",
            hint=f"remove '{prerequisite}' from requires",
        )


def _unreached(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    if not curriculum.goals():
        return
    reached = graph.closure(t for goal in curriculum.goals().values() for t in goal_topics(goal))
    for tid in sorted(set(curriculum.topics) - reached):
        yield Problem(
            Severity.warning,
            "unreached-topic",
            curriculum.source("topic", tid),
            f"topic '{tid}' is not reached by any roadmap, career or certification",
            field="id",
            hint="add it to a goal, or make a reached topic require it",
        )


def _workload(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for rid, roadmap in curriculum.roadmaps.items():
        fit = roadmap_fit(curriculum, roadmap, graph)
        if not fit.fits:
            yield Problem(
                Severity.warning,
                "workload",
                curriculum.source("roadmap", rid),
                f"roadmap '{rid}' does not fit its promise: {fit.verdict()}",
                field="duration",
                hint="adjust topic hours, the roadmap's scope, its duration or its pace",
            )


def _bodies(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    for tid, topic in curriculum.topics.items():
        words = len(topic.body.split())
        if words < MIN_BODY_WORDS:
            yield Problem(
                Severity.warning,
                "short-body",
                curriculum.source("topic", tid),
                f"topic '{tid}' has a body of {words} words; explain it in at least "
                f"{MIN_BODY_WORDS}",
                hint="say what it is, why it matters, key ideas, pitfalls, how to practise",
            )


def _question_bank(curriculum: Curriculum, graph: PrerequisiteGraph) -> Iterator[Problem]:
    """Questions name a live topic, have unique ids made from it, distinct choices, and (once
    there is a bank at all) every topic has enough of them."""
    seen: dict[str, str] = {}
    for tid, questions in sorted(curriculum.questions.items()):
        file = curriculum.source("questions", tid)
        problem = _dangling(curriculum, "topic", tid, file, "topic", "questions for")
        if problem:
            yield problem
            continue
        prefixes = (tid, *(curriculum.topics[tid].aliases if tid in curriculum.topics else ()))
        for index, question in enumerate(questions):
            where = f"questions[{index}]"
            if question.id in seen:
                yield Problem(
                    Severity.error,
                    "duplicate-id",
                    file,
                    f"duplicate question id '{question.id}' (first defined in {seen[question.id]})",
                    field=f"{where}.id",
                    hint="question ids are stored with answers: give the new one a new id",
                )
            seen.setdefault(question.id, file)
            if not any(question.id.startswith(f"{prefix}-") for prefix in prefixes):
                yield Problem(
                    Severity.error,
                    "question-id",
                    file,
                    f"question id '{question.id}' does not start with its topic id '{tid}-'",
                    field=f"{where}.id",
                    hint=f"name it '{tid}-N'",
                )
            yield from _repeated_choices(file, where, question.choices)
            yield from placement_problems(file, where, question)
            yield from template_problems(file, where, question)
    if curriculum.questions:
        yield from _uncovered(curriculum)
        yield from _unaudited(curriculum)


def _repeated_choices(file: str, where: str, choices: list[str]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, choice in enumerate(choices):
        key = " ".join(choice.split()).casefold()
        if key in first:
            yield Problem(
                Severity.error,
                "question-choices",
                file,
                f"choice {index} repeats choice {first[key]}: '{choice}'",
                field=f"{where}.choices[{index}]",
                hint="every choice must differ, or the answer is ambiguous",
            )
        first.setdefault(key, index)


def _unaudited(curriculum: Curriculum) -> Iterator[Problem]:
    """Once a bank records guessability at all, every item should; and every topic needs
    items fit for placement."""
    audited = any(q.guessability is not None for qs in curriculum.questions.values() for q in qs)
    for tid, questions in sorted(curriculum.questions.items()):
        if tid not in curriculum.topics:
            continue
        file = curriculum.source("questions", tid)
        for index, question in enumerate(questions):
            if audited and question.guessability is None:
                yield Problem(
                    Severity.warning,
                    "question-guessability",
                    file,
                    f"question '{question.id}' has no guessability",
                    field=f"questions[{index}].id",
                    hint="record how often a blind solver without the topic gets it right",
                )
        fit = sum(q.placement for q in questions)
        if fit < MIN_PLACEMENT_QUESTIONS:
            yield Problem(
                Severity.warning,
                "placement-coverage",
                file,
                f"topic '{tid}' has {fit} question(s) fit for placement; the placement test "
                f"needs at least {MIN_PLACEMENT_QUESTIONS} to ask about it",
                field="topic",
                hint="add or rewrite questions so knowing the topic is needed",
            )


def _uncovered(curriculum: Curriculum) -> Iterator[Problem]:
    for tid in sorted(curriculum.topics):
        count = len(curriculum.questions.get(tid, []))
        if count < MIN_QUESTIONS and f"questions:{tid}" not in curriculum.unparsed:
            yield Problem(
                Severity.warning,
                "question-coverage",
                curriculum.source("topic", tid),
                f"topic '{tid}' has {count} question(s); quizzes and placement need at least "
                f"{MIN_QUESTIONS}",
                field="id",
                hint=f"add questions in questions/{tid}.yaml",
            )
