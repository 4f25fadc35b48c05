"""Prerequisite queries over the one topic graph: closure, learning order, cycles, redundancy.

Edges point from a topic to what it `requires`. Links to unknown ids are ignored here (the
validator reports them), so every query works on a partly broken curriculum too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property

from mlroadmap.curriculum.model import Curriculum, Topic


class PrerequisiteGraph:
    """The `requires` graph of a set of topics, with the queries the product needs."""

    def __init__(self, topics: Mapping[str, Topic]) -> None:
        self.topics = topics
        self.requires: dict[str, list[str]] = {
            tid: [r for r in dict.fromkeys(topic.requires) if r in topics and r != tid]
            for tid, topic in topics.items()
        }
        self.recommends: dict[str, list[str]] = {
            tid: [r for r in dict.fromkeys(topic.recommends) if r in topics and r != tid]
            for tid, topic in topics.items()
        }

    @cached_property
    def dependents(self) -> dict[str, list[str]]:
        """What each topic unlocks: the topics that require it directly."""
        found: dict[str, list[str]] = {tid: [] for tid in self.topics}
        for tid, prerequisites in self.requires.items():
            for prerequisite in prerequisites:
                found[prerequisite].append(tid)
        return found

    def closure(self, targets: Iterable[str]) -> set[str]:
        """The targets and everything they require, transitively."""
        seen: set[str] = set()
        stack = [t for t in targets if t in self.topics]
        while stack:
            tid = stack.pop()
            if tid in seen:
                continue
            seen.add(tid)
            stack.extend(self.requires[tid])
        return seen

    def learning_order(self, targets: Iterable[str]) -> list[str]:
        """The closure of `targets` in an order where every topic follows its prerequisites.

        A depth-first post-order: each target's thread of prerequisites is finished before the
        next target's starts, which keeps related topics together for a learner.
        """
        order: list[str] = []
        done: set[str] = set()
        for target in targets:
            if target not in self.topics or target in done:
                continue
            stack: list[tuple[str, int]] = [(target, 0)]
            on_stack = {target}
            while stack:
                tid, index = stack.pop()
                prerequisites = self.requires[tid]
                if index < len(prerequisites):
                    stack.append((tid, index + 1))
                    nxt = prerequisites[index]
                    if nxt not in done and nxt not in on_stack:
                        stack.append((nxt, 0))
                        on_stack.add(nxt)
                    continue
                on_stack.discard(tid)
                done.add(tid)
                order.append(tid)
        return order

    def cycles(self) -> list[list[str]]:
        """One cycle (as a closed path of ids) for every strongly connected knot in the graph."""
        found: list[list[str]] = []
        for component in self._strongly_connected():
            if len(component) > 1:
                found.append(self._cycle_within(set(component)))
        for tid, topic in sorted(self.topics.items()):
            if tid in topic.requires:
                found.append([tid, tid])
        return found

    def _strongly_connected(self) -> list[list[str]]:
        """Tarjan's algorithm, iterative so that deep graphs do not hit the recursion limit."""
        index_of: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        components: list[list[str]] = []
        counter = 0
        for root in sorted(self.topics):
            if root in index_of:
                continue
            work: list[tuple[str, int]] = [(root, 0)]
            while work:
                node, child_index = work.pop()
                if child_index == 0:
                    index_of[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                children = self.requires[node]
                if child_index < len(children):
                    work.append((node, child_index + 1))
                    child = children[child_index]
                    if child not in index_of:
                        work.append((child, 0))
                    elif child in on_stack:
                        low[node] = min(low[node], index_of[child])
                    continue
                if low[node] == index_of[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return components

    def _cycle_within(self, component: set[str]) -> list[str]:
        """Walk `requires` inside a strongly connected set until a topic repeats."""
        start = min(component)
        path = [start]
        seen = {start: 0}
        current = start
        while True:
            current = next(r for r in self.requires[current] if r in component)
            if current in seen:
                return [*path[seen[current] :], current]
            seen[current] = len(path)
            path.append(current)

    def redundant_edges(self) -> list[tuple[str, str, str]]:
        """Edges (topic, prerequisite, via) where `prerequisite` is already implied through `via`.

        Only meaningful on an acyclic graph; topics inside a cycle are skipped.
        """
        in_cycle = {tid for cycle in self.cycles() for tid in cycle}
        ancestors: dict[str, set[str]] = {}
        for tid in self.learning_order(sorted(set(self.topics) - in_cycle)):
            found: set[str] = set()
            for prerequisite in self.requires[tid]:
                found.add(prerequisite)
                found |= ancestors.get(prerequisite, set())
            ancestors[tid] = found
        redundant: list[tuple[str, str, str]] = []
        for tid in sorted(set(self.topics) - in_cycle):
            direct = self.requires[tid]
            for prerequisite in direct:
                via = next(
                    (
                        o
                        for o in direct
                        if o != prerequisite and prerequisite in ancestors.get(o, ())
                    ),
                    None,
                )
                if via is not None:
                    redundant.append((tid, prerequisite, via))
        return redundant

    def depth(self) -> dict[str, int]:
        """Longest chain of prerequisites below each topic (0 for a topic with none)."""
        depth: dict[str, int] = {}
        for tid in self.learning_order(sorted(self.topics)):
            depth[tid] = 1 + max((depth.get(r, 0) for r in self.requires[tid]), default=-1)
        return depth

    def hours(self, topic_ids: Iterable[str]) -> float:
        return sum(self.topics[t].hours for t in topic_ids if t in self.topics)


def graph_of(curriculum: Curriculum) -> PrerequisiteGraph:
    """The curriculum's prerequisite graph, built once per curriculum object."""
    return curriculum.memo("graph", lambda: PrerequisiteGraph(curriculum.topics))
