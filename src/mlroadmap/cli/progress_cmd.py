"""Recording progress: done, skip, know, log, note, link. Each is one transaction."""

from __future__ import annotations

from datetime import date

import typer

from mlroadmap.cli.common import fail, load_curriculum, open_store, topic_ids

TOPIC = typer.Argument(..., metavar="TOPIC", help="Topic id, e.g. gradient-descent.")


def _set(topics: list[str], status: str) -> None:
    ids = topic_ids(load_curriculum(), topics)
    open_store().set_status(ids, status)
    typer.echo(f"{', '.join(ids)}: {status}")


def done(topic: str = TOPIC) -> None:
    """Mark a topic as done."""
    _set([topic], "done")


def skip(topic: str = TOPIC) -> None:
    """Skip a topic: it no longer counts as work left."""
    _set([topic], "skipped")


def know(
    topics: list[str] = typer.Argument(..., metavar="TOPIC...", help="Topics you already know."),
) -> None:
    """Mark topics you already know; they count as finished."""
    _set(topics, "known")


def log(
    hours: str = typer.Argument(..., metavar="HOURS", help="Time studied: 1.5h, 90m or 1.5."),
    topic: str = TOPIC,
    note: str | None = typer.Option(None, "--note", "-n", help="What you did."),
    day: str | None = typer.Option(None, "--date", help="The day studied (default: today)."),
) -> None:
    """Log study time on a topic (a topic not started yet becomes in progress)."""
    from mlroadmap.planning.learner_input import InputError, parse_date, parse_duration

    try:
        amount = parse_duration(hours)
        when = parse_date(day, "--date") if day is not None else date.today()
    except InputError as exc:
        fail(str(exc))
    if when > date.today():
        fail(f"--date {when} is in the future: log time you have already studied")
    [topic_id] = topic_ids(load_curriculum(), [topic])
    open_store().log(topic_id, amount, when, note)
    typer.echo(f"logged {amount:g} h on {topic_id} ({when})")


def note(
    topic: str = TOPIC,
    text: str = typer.Argument(..., metavar="TEXT", help="The note."),
) -> None:
    """Keep a note on a topic."""
    if not text.strip():
        fail("the note is empty")
    [topic_id] = topic_ids(load_curriculum(), [topic])
    open_store().add_note(topic_id, text)
    typer.echo(f"noted on {topic_id}")


def link(
    topic: str = TOPIC,
    url: str = typer.Argument(..., metavar="URL", help="An http(s) address."),
    title: str | None = typer.Option(None, "--title", help="What the link is."),
) -> None:
    """Add your own resource to a topic."""
    from mlroadmap.curriculum.model import check_url

    try:
        check_url(url)
    except ValueError as exc:
        fail(str(exc))
    [topic_id] = topic_ids(load_curriculum(), [topic])
    open_store().add_link(topic_id, url, title)
    typer.echo(f"linked {url} to {topic_id}")
