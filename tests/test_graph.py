"""Prerequisite queries on hand-made and random graphs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.model import ResourceRef, Topic


def topic(tid: str, requires: list[str] | None = None, hours: float = 1.0) -> Topic:
    return Topic(
        id=tid,
        title=tid,
        area="test",
        level="beginner",
        hours=hours,
        requires=requires or [],
        objectives=["Do one thing.", "Do another."],
        resources=[ResourceRef(id="r")],
    )


def graph_of(edges: dict[str, list[str]]) -> PrerequisiteGraph:
    return PrerequisiteGraph({t: topic(t, r) for t, r in edges.items()})


CHAIN = {
    "derivatives": [],
    "gradients": ["derivatives"],
    "gd": ["gradients"],
    "backprop": ["gd", "chain"],
    "chain": ["gradients"],
    "other": [],
}


def test_closure_and_order() -> None:
    graph = graph_of(CHAIN)
    assert graph.closure(["backprop"]) == {"derivatives", "gradients", "gd", "chain", "backprop"}
    order = graph.learning_order(["backprop"])
    assert order[0] == "derivatives" and order[-1] == "backprop"
    assert order.index("gradients") < order.index("chain")


def test_dependents_and_depth() -> None:
    graph = graph_of(CHAIN)
    assert sorted(graph.dependents["gradients"]) == ["chain", "gd"]
    depth = graph.depth()
    assert depth["derivatives"] == 0 and depth["backprop"] == 3 and depth["other"] == 0


def test_cycles_are_found_with_their_path() -> None:
    graph = graph_of({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": []})
    cycles = graph.cycles()
    assert ["a", "b", "c", "a"] in cycles
    assert ["d", "d"] in cycles
    assert len(cycles) == 2


def test_order_terminates_on_cycles() -> None:
    graph = graph_of({"a": ["b"], "b": ["a"]})
    assert sorted(graph.learning_order(["a"])) == ["a", "b"]


def test_redundant_edges() -> None:
    graph = graph_of({"a": [], "b": ["a"], "c": ["b", "a"]})
    assert graph.redundant_edges() == [("c", "a", "b")]


def test_unknown_links_are_ignored() -> None:
    graph = graph_of({"a": ["ghost"]})
    assert graph.closure(["a"]) == {"a"}


@st.composite
def dags(draw: st.DrawFn) -> dict[str, list[str]]:
    """Random DAGs: each node may require any earlier node."""
    size = draw(st.integers(min_value=1, max_value=40))
    names = [f"t{i}" for i in range(size)]
    return {
        name: draw(st.lists(st.sampled_from(names[:i]), max_size=4, unique=True)) if i else []
        for i, name in enumerate(names)
    }


@settings(max_examples=150, deadline=None)
@given(dags(), st.data())
def test_learning_order_is_topological(edges: dict[str, list[str]], data: st.DataObject) -> None:
    graph = graph_of(edges)
    targets = data.draw(st.lists(st.sampled_from(sorted(edges)), min_size=1, max_size=5))
    order = graph.learning_order(targets)
    assert set(order) == graph.closure(targets)
    assert len(order) == len(set(order))
    position = {t: i for i, t in enumerate(order)}
    for tid in order:
        assert all(position[r] < position[tid] for r in edges[tid])
    assert graph.cycles() == []


@settings(max_examples=100, deadline=None)
@given(dags())
def test_removing_redundant_edges_keeps_the_closure(edges: dict[str, list[str]]) -> None:
    graph = graph_of(edges)
    redundant = {(t, p) for t, p, _ in graph.redundant_edges()}
    reduced = graph_of({t: [r for r in rs if (t, r) not in redundant] for t, rs in edges.items()})
    for tid in edges:
        assert reduced.closure([tid]) == graph.closure([tid])
    assert reduced.redundant_edges() == []
