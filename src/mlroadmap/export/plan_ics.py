"""A plan as calendar events (RFC 5545), one study block per topic per day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from mlroadmap.curriculum.model import Curriculum
from mlroadmap.planning.document import topic_resources
from mlroadmap.planning.planner import Plan

DEFAULT_START_TIME = time(18, 0)


def plan_calendar(
    curriculum: Curriculum,
    plan: Plan,
    day_start: time = DEFAULT_START_TIME,
    stamp: datetime | None = None,
) -> bytes:
    """Study blocks as events in floating local time, back to back from `day_start` each day."""
    calendar = Calendar()
    calendar.add("prodid", "-//mlroadmap//learning plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "mlroadmap study plan")
    created = stamp or datetime.now(UTC)
    next_free: dict[object, datetime] = {}
    for block in plan.blocks:
        begin = next_free.get(block.day, datetime.combine(block.day, day_start))
        end = begin + timedelta(hours=block.hours)
        next_free[block.day] = end
        calendar.add_component(_event(curriculum, block.topic, begin, end, created))
    return calendar.to_ical()


def _event(
    curriculum: Curriculum, topic_id: str, begin: datetime, end: datetime, created: datetime
) -> Event:
    topic = curriculum.topics[topic_id]
    event = Event()
    event.add("uid", f"{begin:%Y%m%dT%H%M}-{topic_id}@mlroadmap")
    event.add("dtstamp", created)
    event.add("dtstart", begin)
    event.add("dtend", end)
    event.add("summary", f"Study: {topic.title}")
    lines = [f"Topic: {topic_id} ({topic.hours:g} h in all)"]
    for resource in topic_resources(curriculum, topic_id):
        address = f" {resource['url']}" if "url" in resource else ""
        lines.append(f"- {resource.get('title', resource['id'])}{address}")
    event.add("description", "\n".join(lines))
    return event
