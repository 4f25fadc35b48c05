"""A problem found in a curriculum, as the loader and the validator report it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding: where it is (file, field path, line) and what to do about it.

    `field` is the dotted path inside the document, e.g. ``requires[2]`` or ``phases[0].topics[3]``;
    `line` is 1-based in the file when it could be worked out.
    """

    severity: Severity
    code: str
    file: str
    message: str
    field: str = ""
    line: int | None = None
    hint: str = ""
    extra: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.error

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" ({self.field})"
        return where

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


def field_path(loc: tuple[str | int, ...]) -> str:
    """Render a location tuple like ('phases', 0, 'topics', 3) as 'phases[0].topics[3]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
