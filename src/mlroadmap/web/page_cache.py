"""Rendered pages kept while nothing they show can have changed.

A page shows the curriculum (fixed while the server runs), the learner's progress and today's
date. The store's revision grows with every write, from this server or from the CLI in another
process, so a page made at the same revision on the same day is still right: one small query
replaces the queries, planning and template work of a render. The browser's CSRF token differs
per visitor, so cached HTML holds a placeholder that each response swaps for the real token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mlroadmap.progress.store.progress import ProgressStore

CSRF_SLOT = "csrf-slot-2f9c41"
"""Stands for the visitor's CSRF token in cached HTML; never a valid token itself."""
MAX_PAGES = 512
"""Distinct pages kept (topic pages and resource filters are many); past it the cache starts
over, which only costs renders."""


class PageCache:
    """HTML by page key, valid for one store revision and one day."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store
        self.valid_for: tuple[int, date] | None = None
        self.pages: dict[str, str | None] = {}

    def page(self, key: str, render: Callable[[], str | None]) -> str | None:
        """The page for `key`, rendered by `render` only if nothing it shows has changed.

        `render` may return None (for example: no goal yet, so the caller redirects); that
        answer is kept too.
        """
        now = (self.store.revision(), date.today())
        if now != self.valid_for or len(self.pages) >= MAX_PAGES:
            self.pages.clear()
            self.valid_for = now
        if key not in self.pages:
            self.pages[key] = render()
        return self.pages[key]
