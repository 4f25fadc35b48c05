"""Where a given study hour falls in the calendar, for a learner's weekly pattern of hours.

The planner schedules in *study hours* (a clock that only runs while the learner studies); this
module maps positions on that clock to days, so a plan is cut into days and weeks after the
schedule is made, at one step per piece instead of one per simulated day.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta

EPSILON = 1e-9
DAYS_PER_WEEK = 7


class StudyCalendar:
    """Study capacity day by day from `start`, repeating a Monday-first pattern of hours."""

    def __init__(self, start: date, day_hours: Sequence[float]) -> None:
        self.start = start
        offset = start.weekday()
        self.pattern = [day_hours[(offset + i) % DAYS_PER_WEEK] for i in range(DAYS_PER_WEEK)]
        self.prefix = [0.0]
        for hours in self.pattern:
            self.prefix.append(self.prefix[-1] + hours)
        self.weekly = self.prefix[-1]

    def capacity(self, days: int) -> float:
        """Study hours available in the first `days` days."""
        weeks, rest = divmod(days, DAYS_PER_WEEK)
        return weeks * self.weekly + self.prefix[rest]

    def day_index(self, hour: float) -> int:
        """Index (from 0) of the day on which study hour `hour` (> 0) is spent."""
        weeks = max(int((hour - EPSILON) // self.weekly), 0)
        rest = hour - weeks * self.weekly
        day = bisect_left(self.prefix, rest - EPSILON) - 1
        return weeks * DAYS_PER_WEEK + max(day, 0)

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)
