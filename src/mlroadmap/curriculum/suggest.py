"""'Did you mean ...?' for mistyped ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The closest candidates to `word`, best first; substring matches count as close."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if len(close) < limit and len(word) >= 3:
        close += [c for c in pool if word in c and c not in close][: limit - len(close)]
    return close


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A sentence tail like "; did you mean 'a' or 'b'?", or '' when nothing is close."""
    close = nearest(word, candidates)
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def unknown(kind: str, value: str, candidates: Iterable[str]) -> str:
    """The one-line message for an id that names nothing: "no topic 'x'; did you mean 'y'?"."""
    return f"no {kind} '{value}'" + did_you_mean(value, candidates)
