"""Read a curriculum folder (the built-in one or a user's own) into a `Curriculum`.

Loading never stops at the first fault: every file is read, every document is checked against
the schema, and each fault becomes a `Problem` naming the file, the field and (where YAML can tell)
the line. Graph-level rules (dangling links, cycles ...) live in `validate`.

Layout of a curriculum folder::

    topics/<area>/<topic-id>.md     YAML front matter + Markdown body
    resources.yaml                  a list of resources
    roadmaps/<id>.yaml              one roadmap per file
    careers/<id>.yaml               one career path per file
    certifications.yaml             optional: a list of certifications
    questions/<topic-id>.yaml       optional: the question bank, one file per topic
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from mlroadmap.curriculum.location import resolve_path
from mlroadmap.curriculum.model import (
    Career,
    Certification,
    Curriculum,
    QuestionSet,
    Resource,
    Roadmap,
    Topic,
)
from mlroadmap.curriculum.problems import Problem, Severity, field_path

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]


class _Loader(_FastLoader):  # type: ignore[misc,valid-type]
    """The safe loader, refusing a key given twice in one mapping: PyYAML keeps the last one
    silently, so `hours: 6` then `hours: 600` would plan 600 hours."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                continue
            if key_node.value in first_lines:
                raise DuplicateKey(key_node.value, first_lines[key_node.value], key_node.start_mark)
            first_lines[key_node.value] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


class DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice in one mapping; `first_line` is 0-based within the parsed text."""

    def __init__(self, key: str, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key '{key}'", mark)
        self.key = key
        self.first_line = first_line


FRONT_MATTER_FENCE = "---"
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline (and CR, which Windows editors write)."""
UNION_MEMBERS = frozenset({"float", "int", "str"})
"""The names pydantic adds to an error's location for each member of a union it tried."""


@dataclass
class LoadResult:
    """What loading produced: the curriculum (possibly partial) and every problem met."""

    curriculum: Curriculum
    root: Path
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load(path: str | Path | None = None) -> LoadResult:
    """Load a curriculum folder, collecting every file- and schema-level problem."""
    root = resolve_path(path)
    result = LoadResult(curriculum=Curriculum(), root=root)
    _load_topics(root, result)
    _load_list_file(
        root, "resources.yaml", Resource, "resource", result.curriculum.resources, result
    )
    _load_folder(root, "roadmaps", Roadmap, "roadmap", result.curriculum.roadmaps, result)
    _load_folder(root, "careers", Career, "career", result.curriculum.careers, result)
    certifications = result.curriculum.certifications
    _load_list_file(
        root, "certifications.yaml", Certification, "certification", certifications, result
    )
    _load_questions(root, result)
    _report_broken_links(root, result)
    return result


def _report_broken_links(root: Path, result: LoadResult) -> None:
    """A symbolic link that leads nowhere (dangling, or a loop) anywhere in the folder. Topic
    and YAML files are reported by their readers already; any other is only a warning, since
    no content is lost, but nothing that walks the folder may trip on it."""
    for folder, dirs, files in os.walk(root):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if path.suffix in (".md", ".yaml") or not path.is_symlink() or path.exists():
                continue
            result.problems.append(
                Problem(
                    Severity.warning,
                    "broken-link",
                    _relative(root, path),
                    "a symbolic link that leads nowhere (its target is missing, or it points "
                    "back to itself)",
                    hint="remove the link or point it at a file that exists",
                )
            )


# --- reading files -------------------------------------------------------------------------


def _relative(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def _read_text(root: Path, file: Path, result: LoadResult) -> str | None:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(
            Problem(Severity.error, "unreadable", _relative(root, file), f"cannot read file: {exc}")
        )
        return None
    return text


def _parse_yaml(text: str, rel: str, result: LoadResult, line_offset: int = 0) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except DuplicateKey as exc:
        assert exc.problem_mark is not None
        result.problems.append(
            Problem(
                Severity.error,
                "duplicate-key",
                rel,
                f"key '{exc.key}' is given twice in one mapping (first on line "
                f"{exc.first_line + 1 + line_offset}); YAML would keep only the last",
                line=exc.problem_mark.line + 1 + line_offset,
                hint="keep one of the two",
            )
        )
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        result.problems.append(
            Problem(
                Severity.error,
                "yaml-syntax",
                rel,
                f"invalid YAML: {reason}",
                line=line,
                hint="fix the YAML syntax (quote strings that contain ': ' or start with a symbol)",
            )
        )
        return None


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split a topic file into (front matter YAML, Markdown body); None if it has no fence."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    return None


# --- building models -----------------------------------------------------------------------


def _schema_problems(
    exc: ValidationError, rel: str, text: str, offset: int, prefix: tuple[int, ...] = ()
) -> Iterator[Problem]:
    """Turn pydantic errors into problems; `prefix` locates an entry inside a list file."""
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        loc = (*prefix, *error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "finite_number":
            loc = tuple(part for part in loc if part not in UNION_MEMBERS)
            message = f"'{loc[-1]}' must be a finite number, not {error['input']!r}"
        elif error["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}': remove it or fix its spelling"
        elif error["type"] == "missing":
            message = f"required key '{loc[-1]}' is missing"
        elif error["type"] in ("too_short", "too_long") and "actual_length" in error["ctx"]:
            bound = "min_length" if error["type"] == "too_short" else "max_length"
            word = "at least" if error["type"] == "too_short" else "at most"
            message = (
                f"'{loc[-1]}' needs {word} {error['ctx'][bound]} item(s), "
                f"has {error['ctx']['actual_length']}"
            )
        if (field_path(loc), message) in seen:
            continue  # one value that fails every member of a union is one problem
        seen.add((field_path(loc), message))
        yield Problem(
            Severity.error,
            "hours" if loc and loc[-1] == "hours" else "schema",
            rel,
            message,
            field=field_path(loc),
            line=line_of(text, loc, offset),
        )


def _control_characters(
    data: Any, rel: str, text: str, offset: int, loc: tuple[str | int, ...] = ()
) -> Iterator[Problem]:
    """Strings holding a control character other than newline and tab, whether written raw
    (a Markdown body) or as a YAML escape ("\\e[31m"): printed to a terminal they would run as
    escape sequences, so they are errors wherever they are."""
    if isinstance(data, str):
        found = CONTROL_CHARACTER.search(data)
        if found is not None:
            yield _control_problem(rel, found.group(), field_path(loc), line_of(text, loc, offset))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, rel, text, offset, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _control_characters(value, rel, text, offset, (*loc, index))


def _body_control_character(body: str, rel: str, lines_before: int, result: LoadResult) -> None:
    found = CONTROL_CHARACTER.search(body)
    if found is not None:
        line = lines_before + body.count("\n", 0, found.start()) + 1
        result.problems.append(_control_problem(rel, found.group(), "body", line))


def _control_problem(rel: str, character: str, field: str, line: int | None) -> Problem:
    return Problem(
        Severity.error,
        "control-character",
        rel,
        f"the control character U+{ord(character):04X} is in the text; printed to a terminal "
        "it would run as an escape sequence",
        field=field,
        line=line,
        hint="remove it (only newlines and tabs may be used)",
    )


def _build(
    model: type[BaseModel], data: Any, rel: str, text: str, result: LoadResult, offset: int = 0
) -> Any:
    if not isinstance(data, dict):
        result.problems.append(
            Problem(Severity.error, "schema", rel, "expected a mapping of keys to values", line=1)
        )
        return None
    fields = {key: value for key, value in data.items() if key != "body"}
    result.problems.extend(_control_characters(fields, rel, text, offset))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        result.problems.extend(_schema_problems(exc, rel, text, offset))
        _remember_unparsed(model, data, result)
        return None


def _register(
    kind: str,
    item: Any,
    rel: str,
    where: tuple[str, tuple[str | int, ...], int],
    target: dict[str, Any],
    result: LoadResult,
) -> None:
    """Add `item` under its id; `where` is (text, loc, offset), located only for a duplicate."""
    key = f"{kind}:{item.id}"
    if item.id in target:
        first = result.curriculum.sources[key]
        result.problems.append(
            Problem(
                Severity.error,
                "duplicate-id",
                rel,
                f"duplicate {kind} id '{item.id}' (first defined in {first})",
                field="id",
                line=line_of(*where),
                hint="ids must be unique: rename one of them",
            )
        )
        return
    target[item.id] = item
    result.curriculum.sources[key] = rel


def _load_topics(root: Path, result: LoadResult) -> None:
    for file in sorted((root / "topics").rglob("*.md")):
        rel = _relative(root, file)
        text = _read_text(root, file, result)
        if text is None:
            continue
        parts = split_front_matter(text)
        if parts is None:
            result.problems.append(
                Problem(
                    Severity.error,
                    "front-matter",
                    rel,
                    "no YAML front matter: the file must start with '---', the topic's keys, '---'",
                    line=1,
                )
            )
            result.curriculum.unparsed.add(f"topic:{file.stem}")
            continue
        header, body = parts
        data = _parse_yaml(header, rel, result, line_offset=1)
        if data is None:
            result.curriculum.unparsed.add(f"topic:{file.stem}")
            continue
        if isinstance(data, dict):
            data = {**data, "body": body.strip()}
            _body_control_character(body, rel, text.count("\n", 0, len(text) - len(body)), result)
        topic = _build(Topic, data, rel, header, result, offset=1)
        if topic is None:
            continue
        if file.stem != topic.id:
            result.problems.append(
                Problem(
                    Severity.error,
                    "file-name",
                    rel,
                    f"file name '{file.name}' does not match the topic id '{topic.id}'",
                    field="id",
                    line=line_of(header, ("id",), 1),
                    hint=f"rename the file to {topic.id}.md",
                )
            )
        _register("topic", topic, rel, (header, ("id",), 1), result.curriculum.topics, result)


def _load_list_file(
    root: Path,
    name: str,
    model: type[BaseModel],
    kind: str,
    target: dict[str, Any],
    result: LoadResult,
) -> None:
    file = root / name
    if not file.exists():
        return
    rel = _relative(root, file)
    text = _read_text(root, file, result)
    data = None if text is None else _parse_yaml(text, rel, result)
    if data is None:
        return
    if not isinstance(data, list):
        result.problems.append(
            Problem(Severity.error, "schema", rel, f"expected a list of {kind}s", line=1)
        )
        return
    for index, entry in enumerate(data):
        item = _build_entry(model, entry, index, rel, text or "", result)
        if item is not None:
            _register(kind, item, rel, (text or "", (index, "id"), 0), target, result)
            result.curriculum.positions.setdefault(f"{kind}:{item.id}", index)


def _build_entry(
    model: type[BaseModel], entry: Any, index: int, rel: str, text: str, result: LoadResult
) -> Any:
    """Validate one entry of a list file, reporting field paths relative to the whole file."""
    if not isinstance(entry, dict):
        result.problems.append(
            Problem(
                Severity.error,
                "schema",
                rel,
                "expected a mapping",
                field=f"[{index}]",
                line=line_of(text, (index,)),
            )
        )
        return None
    result.problems.extend(_control_characters(entry, rel, text, 0, (index,)))
    try:
        return model.model_validate(entry)
    except ValidationError as exc:
        result.problems.extend(_schema_problems(exc, rel, text, 0, prefix=(index,)))
        _remember_unparsed(model, entry, result)
        return None


def _remember_unparsed(model: type[BaseModel], data: dict[str, Any], result: LoadResult) -> None:
    if isinstance(data.get("id"), str):
        result.curriculum.unparsed.add(f"{model.__name__.lower()}:{data['id']}")


def _yaml_files(
    root: Path, folder: str, result: LoadResult
) -> Iterator[tuple[Path, str, str, Any]]:
    """(file, relative path, text, parsed data) of each readable, valid YAML file of a
    one-item-per-file folder; unreadable and invalid files are reported and skipped."""
    for file in sorted((root / folder).glob("*.yaml")) if (root / folder).is_dir() else []:
        rel = _relative(root, file)
        text = _read_text(root, file, result)
        data = None if text is None else _parse_yaml(text, rel, result)
        if text is not None and data is not None:
            yield file, rel, text, data


def _load_folder(
    root: Path,
    folder: str,
    model: type[BaseModel],
    kind: str,
    target: dict[str, Any],
    result: LoadResult,
) -> None:
    for _, rel, text, data in _yaml_files(root, folder, result):
        item = _build(model, data, rel, text, result)
        if item is not None:
            _register(kind, item, rel, (text, ("id",), 0), target, result)


def _load_questions(root: Path, result: LoadResult) -> None:
    for file, rel, text, data in _yaml_files(root, "questions", result):
        found = _build(QuestionSet, data, rel, text, result)
        if found is None:
            result.curriculum.unparsed.add(f"questions:{file.stem}")  # reported once, here
            continue
        if file.stem != found.topic:
            result.problems.append(
                Problem(
                    Severity.error,
                    "file-name",
                    rel,
                    f"file name '{file.name}' does not match its topic '{found.topic}'",
                    field="topic",
                    line=line_of(text, ("topic",)),
                    hint=f"rename the file to {found.topic}.yaml",
                )
            )
            continue
        result.curriculum.questions[found.topic] = list(found.questions)
        result.curriculum.sources[f"questions:{found.topic}"] = rel


# --- locating a field in its file ----------------------------------------------------------


def _parse_field(path: str) -> tuple[str | int, ...]:
    """Inverse of `field_path`: 'phases[0].topics[3]' -> ('phases', 0, 'topics', 3)."""
    loc: list[str | int] = []
    for chunk in path.replace("]", "").split("."):
        for i, piece in enumerate(chunk.split("[")):
            if piece == "":
                continue
            loc.append(int(piece) if i > 0 else piece)
    return tuple(loc)


def line_of(text: str, loc: tuple[str | int, ...], offset: int = 0) -> int | None:
    """The 1-based line of the node at `loc` in YAML `text` (plus `offset`), or the nearest parent.

    Composing the YAML keeps node positions, so a message can point at the exact list item or key.
    """
    node = _composed(text)
    line = node.start_mark.line if node is not None else None
    for part in loc:
        if node is None:
            break
        node, key_line = _child(node, part)
        if key_line is not None:
            line = key_line
        elif node is not None:
            line = node.start_mark.line
    return None if line is None else line + 1 + offset


@functools.lru_cache(maxsize=16)
def _composed(text: str) -> yaml.Node | None:
    """The YAML node tree of `text`, composed once however many of its fields are located
    (a file with thousands of problems used to be parsed again for each one)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, int | None]:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if key.value == part:
                return value, key.start_mark.line
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child = node.value[part]
        return child, child.start_mark.line
    return None, None


def locate(root: Path, rel: str, path: str) -> int | None:
    """The line of field `path` in file `rel` of a curriculum, for graph-level problems."""
    file = root / rel
    try:
        text = file.read_text(encoding="utf-8")
    except OSError:
        return None
    offset = 0
    if file.suffix == ".md":
        parts = split_front_matter(text)
        if parts is None:
            return None
        text, offset = parts[0], 1
    return line_of(text, _parse_field(path), offset)
