"""The whole curriculum as one JSON document: a stable contract (docs/curriculum-format.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from mlroadmap.curriculum.model import Curriculum, Topic

FORMAT_VERSION = 1


def topic_summary(topic: Topic) -> dict[str, Any]:
    """The fields that identify and size a topic: the row of every topic listing."""
    return {
        "id": topic.id,
        "title": topic.title,
        "area": topic.area,
        "level": str(topic.level),
        "hours": topic.hours,
    }


def topic_document(topic: Topic) -> dict[str, Any]:
    return {
        **topic_summary(topic),
        "requires": list(topic.requires),
        "recommends": list(topic.recommends),
        "objectives": list(topic.objectives),
        "resources": [ref.model_dump(exclude_none=True) for ref in topic.resources],
        "tags": list(topic.tags),
        "aliases": list(topic.aliases),
        "body": topic.body,
    }


def _dump_sorted(items: Mapping[str, BaseModel]) -> list[dict[str, Any]]:
    return [items[key].model_dump(mode="json", exclude_none=True) for key in sorted(items)]


def curriculum_document(curriculum: Curriculum) -> dict[str, Any]:
    """Every topic, resource, roadmap, career, certification and question set, sorted by id."""
    return {
        "format_version": FORMAT_VERSION,
        "topics": [topic_document(curriculum.topics[t]) for t in sorted(curriculum.topics)],
        "resources": _dump_sorted(curriculum.resources),
        "roadmaps": _dump_sorted(curriculum.roadmaps),
        "careers": _dump_sorted(curriculum.careers),
        "certifications": _dump_sorted(curriculum.certifications),
        "questions": [
            {
                "topic": topic,
                "questions": [
                    q.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                    | {"kind": str(q.kind)}
                    for q in curriculum.questions[topic]
                ],
            }
            for topic in sorted(curriculum.questions)
        ],
    }
