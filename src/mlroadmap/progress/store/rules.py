"""What every value written to the store must satisfy, whichever way it comes in.

A live write (a CLI command, an API route) and every entry of an imported backup are held to
these same rules, on SQLite and PostgreSQL alike: SQLite takes a NUL character or NaN that
PostgreSQL refuses, so without them a backup made on one could not be restored on the other,
and an import could bring in what no live write may (a 25-hour session, a `javascript:` link).
Each check returns the value or raises `RuleError` naming what is wrong.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta

MAX_SESSION_HOURS = 24.0
"""One study session is at most a day; the CLI and the API have always said so."""
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
"""Days a session may be logged on: plans and charts count weeks between dates, and the year
9999 leaves no room for that."""
MAX_TEXT = 10_000
MAX_NOTE = 2_000
MAX_TITLE = 500
MAX_URL = 2_000
MAX_NAME = 64
MAX_TOPIC_ID = 200
ALLOWED_CONTROLS = frozenset("\n\t")


class StoreError(ValueError):
    """A write the store refuses (unknown status, non-positive hours ...); nothing was changed."""


class RuleError(StoreError):
    """A value the store must not take; the message says which rule it breaks."""


def hours(value: object, what: str = "hours") -> float:
    """A finite number of hours above 0 and at most a day (a boolean is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value) or not 0 < value <= MAX_SESSION_HOURS:
        raise RuleError(
            f"{what} must be more than 0 and at most {MAX_SESSION_HOURS:g}, got {value!r}"
        )
    return float(value)


def day(value: date, what: str = "day") -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise RuleError(f"{what} must be between {FIRST_DAY} and {LAST_DAY}, got {value}")
    return value


def session_day(value: date, what: str = "the day") -> date:
    """A day study time was logged for: not before FIRST_DAY, and not after today (time is
    logged once studied; a day of slack covers a clock in another time zone)."""
    day(value, what)
    if value > date.today() + timedelta(days=1):
        raise RuleError(f"{what} {value} is in the future: log time already studied")
    return value


def goal_settings(
    day_hours: Sequence[float], start: date, deadline: date | None, max_parallel: int
) -> None:
    """A goal's settings: ones `mlroadmap start` would take (`check_learner` is what every
    face applies before planning), on days the store can count weeks between."""
    from mlroadmap.planning.planner import Learner, PlanError, check_learner

    day(start, "the start")
    if deadline is not None:
        day(deadline, "the deadline")
    try:
        check_learner(Learner(tuple(day_hours), start, deadline, frozenset(), max_parallel))
    except PlanError as exc:
        raise RuleError(str(exc)) from None


def text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    """Text a learner wrote: no NUL or other control characters but newlines and tabs (they
    would reach a terminal as escape sequences), and not longer than `limit` characters."""
    if len(value) > limit:
        raise RuleError(f"{what} is {len(value):,} characters long; at most {limit:,} are kept")
    for position, character in enumerate(value):
        if character not in ALLOWED_CONTROLS and unicodedata.category(character) in ("Cc", "Cs"):
            raise RuleError(
                f"{what} contains the control character U+{ord(character):04X} at position "
                f"{position}: remove it"
            )
    return value


def name(value: str, what: str, limit: int = MAX_NAME) -> str:
    """A one-line name (a profile, a topic id): not empty, no control characters at all."""
    if not value.strip():
        raise RuleError(f"{what} must not be empty")
    if "\n" in value or "\t" in value:
        raise RuleError(f"{what} must be one line without tabs")
    return text(value, what, limit)


def url(value: str, what: str = "url") -> str:
    """An absolute http(s) address with a dotted host, as the curriculum's own links must be:
    never `javascript:` or a local file."""
    from mlroadmap.curriculum.model import check_url  # pydantic: only when a link is written

    text(value, what, MAX_URL)
    try:
        return check_url(value)
    except ValueError as exc:
        raise RuleError(f"{what}: {exc}") from None
