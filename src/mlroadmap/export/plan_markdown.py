"""A plan as a Markdown checklist to paste into a notes app or a GitHub issue."""

from __future__ import annotations

from typing import Any


def _hours(value: float) -> str:
    return f"{value:g} h"


def _resource_link(resource: dict[str, Any]) -> str:
    title = resource.get("title", resource["id"])
    text = f"[{title}]({resource['url']})" if "url" in resource else title
    return text + (f", {resource['section']}" if "section" in resource else "")


def plan_markdown(document: dict[str, Any], goal_label: str) -> str:
    """Render the plan document (see plan_document) as a week-by-week checklist."""
    lines = [
        f"# Learning plan: {goal_label}",
        "",
        f"{document['topic_count']} topics, {_hours(document['total_hours'])} at "
        f"{_hours(document['hours_per_week'])}/week: {document['start']} to {document['finish']}.",
        "",
    ]
    lines += [f"> **Warning:** {warning}" for warning in document["warnings"]]
    if document["warnings"]:
        lines.append("")
    for week in document["weeks"]:
        lines.append(
            f"## Week {week['index']} ({week['start']} to {week['end']}), {_hours(week['hours'])}"
        )
        lines.append("")
        for item in week["items"]:
            core = next((r for r in item["resources"] if r.get("core")), None)
            use = f": {_resource_link(core)}" if core else ""
            lines.append(f"- [ ] {item['title']} (`{item['topic']}`), {_hours(item['hours'])}{use}")
        for milestone in week["milestones"]:
            lines.append(f"- [ ] **Milestone:** {milestone['title']} ({milestone['date']})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
