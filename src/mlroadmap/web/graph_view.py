"""The goal's topics as a drawable graph: columns by prerequisite depth, rows grouped by area."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from mlroadmap.curriculum.graph import PrerequisiteGraph
from mlroadmap.curriculum.model import Curriculum

NODE_WIDTH = 190
NODE_HEIGHT = 44
COLUMN_GAP = 70
ROW_GAP = 14
MARGIN = 20
AREA_COLOURS = [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#8cd17d",
    "#499894",
    "#d37295",
    "#a0cbe8",
    "#ffbe7d",
]
STATUS_ICONS = {"done": "✔", "known": "✔", "skipped": "⤼", "in-progress": "◐"}


def graph_layout(
    curriculum: Curriculum, topic_ids: list[str], statuses: dict[str, str]
) -> dict[str, Any]:
    """Nodes with positions (left to right by depth), edges for `requires`, and a legend."""
    chosen = [t for t in dict.fromkeys(topic_ids) if t in curriculum.topics]
    members = set(chosen)
    graph = PrerequisiteGraph({t: curriculum.topics[t] for t in chosen})
    depth = graph.depth()
    columns: dict[int, list[str]] = defaultdict(list)
    for tid in chosen:
        columns[depth[tid]].append(tid)
    areas = sorted({curriculum.topics[t].area for t in chosen})
    colour = {area: AREA_COLOURS[i % len(AREA_COLOURS)] for i, area in enumerate(areas)}
    nodes = []
    for column, ids in sorted(columns.items()):
        ids.sort(key=lambda t: (curriculum.topics[t].area, curriculum.topics[t].title))
        for row, tid in enumerate(ids):
            topic = curriculum.topics[tid]
            state = statuses.get(tid, "not-started")
            nodes.append(
                {
                    "id": tid,
                    "title": topic.title,
                    "short": topic.title if len(topic.title) <= 23 else topic.title[:21] + "…",
                    "area": topic.area,
                    "colour": colour[topic.area],
                    "status": state,
                    "icon": STATUS_ICONS.get(state, "○"),
                    "depth": column,
                    "x": MARGIN + column * (NODE_WIDTH + COLUMN_GAP),
                    "y": MARGIN + row * (NODE_HEIGHT + ROW_GAP),
                }
            )
    where = {n["id"]: n for n in nodes}
    edges = []
    for tid in chosen:
        for prerequisite in graph.requires[tid]:
            if prerequisite in members:
                start, end = where[prerequisite], where[tid]
                x1, y1 = start["x"] + NODE_WIDTH, start["y"] + NODE_HEIGHT / 2
                x2, y2 = end["x"], end["y"] + NODE_HEIGHT / 2
                middle = (x1 + x2) / 2
                edges.append(
                    {
                        "from": prerequisite,
                        "to": tid,
                        "path": f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}",
                    }
                )
    width = MARGIN * 2 + (max(columns, default=0) + 1) * (NODE_WIDTH + COLUMN_GAP)
    tallest = max((len(ids) for ids in columns.values()), default=1)
    height = MARGIN * 2 + tallest * (NODE_HEIGHT + ROW_GAP)
    return {
        "nodes": nodes,
        "edges": edges,
        "width": width,
        "height": height,
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
        "legend": [{"area": a, "colour": colour[a]} for a in areas],
        "columns": [[where[t] for t in ids] for _, ids in sorted(columns.items())],
    }
