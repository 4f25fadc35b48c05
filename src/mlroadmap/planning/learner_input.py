"""Parsing what a learner types (hours, weekday schedules, dates, known-topic files) into values.

Shared by every face, so the CLI and the web app accept and reject exactly the same input; each
error message names the bad value and what would be right.
"""

from __future__ import annotations

import math
import re
import stat
from datetime import date, timedelta
from pathlib import Path

from mlroadmap.planning.planner import WEEKDAYS

MAX_HOURS_PER_WEEK = 7 * 24


class InputError(ValueError):
    """A value the learner gave that cannot be used; the message says why and what to give."""


def parse_hours(text: str, what: str = "--hours-per-week") -> float:
    """A positive number of hours per week, e.g. '10' or '7.5' (a trailing 'h' is allowed)."""
    cleaned = text.strip().lower().removesuffix("h").strip()
    try:
        hours = float(cleaned)
    except ValueError:
        raise InputError(f"{what} must be a number of hours, got {text!r}") from None
    if not math.isfinite(hours) or hours <= 0:
        raise InputError(f"{what} must be more than 0 hours, got {text!r}")
    if hours > MAX_HOURS_PER_WEEK:
        raise InputError(f"{what} cannot exceed {MAX_HOURS_PER_WEEK} hours a week, got {text!r}")
    return hours


def parse_schedule(text: str) -> tuple[float, ...]:
    """Hours per weekday from 'mon=1,wed=1,sat=4'; days not named get no study time."""
    hours = dict.fromkeys(WEEKDAYS, 0.0)
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = re.fullmatch(r"([a-zA-Z]{3})[a-z]*\s*=\s*(\S+)", part)
        if match is None:
            raise InputError(f"--schedule entry {part!r} is not DAY=HOURS, e.g. mon=1.5")
        day = match.group(1).lower()
        if day not in hours:
            raise InputError(f"--schedule: unknown day {match.group(1)!r}; use mon ... sun")
        value = parse_hours(match.group(2), what=f"--schedule {day}")
        if value > 24:
            raise InputError(f"--schedule {day} cannot exceed 24 hours, got {value:g}")
        hours[day] = value
    if not any(hours.values()):
        raise InputError("--schedule gives no study time: name at least one day, e.g. sat=3")
    return tuple(hours[d] for d in WEEKDAYS)


def parse_date(text: str, what: str) -> date:
    """An ISO date; an empty value is an error, not "not given" (`--start ''` is a slip)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what} must be a date like 2027-01-04, got {text!r}") from None


def next_monday(today: date) -> date:
    """Today if it is a Monday, else the coming Monday."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def read_text_file(path: Path, what: str, max_bytes: int) -> str:
    """The UTF-8 text of a file the learner names, refusing what would hang or flood the
    process: a FIFO, a device such as /dev/zero or a directory (only regular files are read),
    a file over `max_bytes`, or bytes that are not UTF-8."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{what} {path} is not a regular file")
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{what} {path} is larger than {max_bytes:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} {path} is not UTF-8 text (byte {exc.start} cannot be read)"
        ) from None


KNOWN_FILE_BYTES = 1_000_000


def read_known_file(path: Path) -> list[str]:
    """Topic ids from a file: one or more per line, separated by spaces or commas; '#' comments."""
    text = read_text_file(path, "--know-file", KNOWN_FILE_BYTES)
    ids: list[str] = []
    for line in text.splitlines():
        ids += [t for t in re.split(r"[\s,]+", line.split("#", 1)[0]) if t]
    return ids


def parse_duration(text: str) -> float:
    """Hours studied: '1.5h', '1.5', '90m' or '1h30m'; must be positive and at most a day."""
    cleaned = text.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?", cleaned)
    if cleaned and match and any(match.groups()):
        hours = float(match.group(1) or 0) + float(match.group(2) or 0) / 60
    else:
        try:
            hours = float(cleaned)
        except ValueError:
            raise InputError(
                f"{text!r} is not a duration: write hours like 1.5h, 1.5 or 90m"
            ) from None
    if not math.isfinite(hours) or hours <= 0:
        raise InputError(f"the time studied must be more than 0, got {text!r}")
    if hours > 24:
        raise InputError(f"at most 24 hours can be logged for one day, got {text!r}")
    return hours
