"""The content types shared by every layer: topics, resources and the goals built over them.

Every model rejects unknown keys, so a misspelt field in a content file is reported where it is
written instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A kebab-case identifier: lowercase letters and digits joined by single hyphens."""

AVERAGE_WEEKS_PER_MONTH = 52 / 12
T = TypeVar("T")


class Level(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class ResourceKind(StrEnum):
    course = "course"
    book = "book"
    docs = "docs"
    video = "video"
    article = "article"
    paper = "paper"
    community = "community"
    platform = "platform"
    newsletter = "newsletter"
    podcast = "podcast"
    certification = "certification"
    conference = "conference"


class Cost(StrEnum):
    free = "free"
    paid = "paid"
    freemium = "freemium"


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, values are not coerced silently, and
    numbers are finite (`.inf` hours would make a plan that never ends)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a dotted host; anything else is a typo."""
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or " " in value:
        raise ValueError(f"malformed URL {value!r}: write an absolute http:// or https:// address")
    return value


class Resource(Strict):
    """A place to learn from: a course, book, documentation page, community, certification ..."""

    id: Id
    title: str = Field(min_length=1)
    url: str | None = None
    kind: ResourceKind
    provider: str | None = None
    cost: Cost
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    note: str | None = None
    """Status a learner should know before relying on it, e.g. a retired certification."""

    @field_validator("url")
    @classmethod
    def _url_is_absolute(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)


class ResourceRef(Strict):
    """A topic's citation of a resource, optionally narrowed to one section of it."""

    id: Id
    section: str | None = None
    core: bool = False


class Topic(Strict):
    """One idea of the curriculum, a node of the prerequisite graph."""

    id: Id
    title: str = Field(min_length=1)
    area: Id
    level: Level
    hours: float
    requires: list[Id] = Field(default_factory=list)
    recommends: list[Id] = Field(default_factory=list)
    objectives: list[str] = Field(min_length=2, max_length=5)
    resources: list[ResourceRef] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    aliases: list[Id] = Field(default_factory=list)
    body: str = ""

    @field_validator("hours")
    @classmethod
    def _hours_positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError(
                f"hours must be positive, got {value:g}: give a realistic first-pass estimate"
            )
        return value


class QuestionKind(StrEnum):
    choice = "choice"
    numeric = "numeric"


NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class TemplateParameter(Strict):
    """One value of a templated question that varies per attempt."""

    example: float
    """Its value in the question as written (the worked example)."""
    values: list[float] = Field(min_length=2)
    """The values an attempt may draw."""

    @model_validator(mode="after")
    def _varies(self) -> TemplateParameter:
        if len(set(self.values)) < 2:
            raise ValueError("a parameter needs at least two different values to draw from")
        return self


class Template(Strict):
    """How a numeric question's values vary per attempt (curriculum/template.py draws them).

    `derived` values are computed in the order written and may use the parameters and
    earlier derived values; `answer` and `tolerance` are formulas over all of them;
    `constraint`, when given, rejects draws for which it is false (say "low < high").
    """

    parameters: dict[str, TemplateParameter] = Field(min_length=1)
    derived: dict[str, str] = Field(default_factory=dict)
    answer: str = Field(min_length=1)
    tolerance: str | None = None
    """A formula for the tolerance; without it the question's own tolerance holds."""
    constraint: str | None = None
    prompt_source: str = ""
    """The prompt with its placeholders (the loader moves it here and renders the example)."""
    explanation_source: str = ""

    @model_validator(mode="after")
    def _names(self) -> Template:
        names = [*self.parameters, *self.derived]
        for name in names:
            if not NAME_RE.match(name) or name in ("answer", "tolerance", "pi", "e"):
                raise ValueError(
                    f"'{name}' cannot name a template value: use letters, digits and _, "
                    "not answer, tolerance, pi or e"
                )
        repeated = set(self.parameters) & set(self.derived)
        if repeated:
            raise ValueError(f"{sorted(repeated)} are both parameters and derived values")
        return self


class Question(Strict):
    """One assessment question on one topic.

    Answers are stored by question id, so an id never changes meaning once published; a
    reworded question with a different answer gets a new id.
    """

    id: Id
    difficulty: int = Field(ge=1, le=3)
    """1 checks the core idea, 2 applies it, 3 combines it with another idea or diagnoses."""
    kind: QuestionKind
    prompt: str = Field(min_length=1)
    choices: list[str] = Field(default_factory=list)
    answer: int | float
    """The 0-based index of the right choice, or the numeric answer."""
    tolerance: float | None = Field(default=None, ge=0)
    unit: str | None = None
    explanation: str = Field(min_length=1)
    guessability: float | None = Field(default=None, ge=0, le=1)
    """The chance that someone who does not know the topic answers right from the prompt
    alone, found by a blind solve; None until the item is audited (1/choices is assumed)."""
    placement: bool = True
    """False for an item fit for quizzes but not for the placement test: it can be answered
    without knowing the topic, so a right answer says little about it."""
    template: Template | None = None
    """Values drawn per quiz attempt (numeric questions only)."""

    @model_validator(mode="before")
    @classmethod
    def _render_example(cls, data: object) -> object:
        """A templated question's text holds placeholders: keep it in the template and show
        the worked example, so a reader that never draws sees an ordinary question."""
        if not isinstance(data, dict) or not isinstance(data.get("template"), dict):
            return data
        from mlroadmap.curriculum.template import TemplateError, render

        template = dict(data["template"])
        template.setdefault("prompt_source", data.get("prompt", ""))
        template.setdefault("explanation_source", data.get("explanation", ""))
        parameters = template.get("parameters")
        if not isinstance(parameters, dict) or not all(
            isinstance(p, dict) and isinstance(p.get("example"), (int, float))
            for p in parameters.values()
        ):
            return {**data, "template": template}  # the model reports what is missing
        values = {name: float(p["example"]) for name, p in parameters.items()}
        values.update(_written_derived(template, data, values))
        try:
            prompt = render(str(template["prompt_source"]), values)
            explanation = render(str(template["explanation_source"]), values)
        except TemplateError as error:
            raise ValueError(str(error)) from None
        return {**data, "template": template, "prompt": prompt, "explanation": explanation}

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Question:
        if self.kind == QuestionKind.choice:
            if len(self.choices) < 2:
                raise ValueError("a choice question needs at least 2 choices")
            if not isinstance(self.answer, int) or not 0 <= self.answer < len(self.choices):
                raise ValueError(
                    f"answer must be the 0-based index of one of the {len(self.choices)} "
                    f"choices (0-{len(self.choices) - 1}), got {self.answer:g}"
                )
            if self.tolerance is not None or self.unit is not None:
                raise ValueError("tolerance and unit belong to numeric questions only")
        else:
            if self.choices:
                raise ValueError("a numeric question has no choices")
            if self.tolerance is None:
                raise ValueError("a numeric question needs a tolerance (0 for an exact answer)")
        if self.template is not None and self.kind != QuestionKind.numeric:
            raise ValueError("only a numeric question can be a template")
        return self


def _written_derived(
    template: dict[str, object], data: dict[str, object], examples: dict[str, float]
) -> dict[str, float]:
    """The example's derived values and answer, for placeholders in its text. Evaluating a
    formula needs simpleeval, so only texts that use derived values pay for it."""
    from mlroadmap.curriculum.template import evaluate, placeholders

    text = f"{template.get('prompt_source', '')} {template.get('explanation_source', '')}"
    if not placeholders(text) - set(examples):
        return {}
    values = evaluate(Template.model_validate(template), examples)
    if isinstance(data.get("answer"), (int, float)):
        values["answer"] = float(data["answer"])  # type: ignore[arg-type]
    return values


class QuestionSet(Strict):
    """The questions of one topic: the content of `questions/<topic-id>.yaml`."""

    topic: Id
    questions: list[Question] = Field(min_length=1)


class Phase(Strict):
    """An ordered part of a goal: a roadmap's month or a career path's step."""

    title: str = Field(min_length=1)
    focus: str | None = None
    topics: list[Id] = Field(min_length=1)


class Duration(Strict):
    """How long a roadmap promises to take, in months, at its stated weekly pace."""

    min_months: float = Field(gt=0)
    max_months: float = Field(gt=0)


class Roadmap(Strict):
    """A level roadmap (beginner, intermediate, advanced) over the one topic graph."""

    id: Id
    title: str
    level: Level
    summary: str = ""
    duration: Duration
    pace_hours_per_week: float = Field(gt=0)
    assumes: list[Id] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    resources: list[Id] = Field(default_factory=list)


class Career(Strict):
    """A career path: ordered stages over the one topic graph."""

    id: Id
    title: str
    summary: str = ""
    stages: list[Phase] = Field(min_length=1)
    resources: list[Id] = Field(default_factory=list)


class CertificationDomain(Strict):
    title: str
    weight: float | None = Field(default=None, gt=0, le=100)
    topics: list[Id] = Field(min_length=1)


class Certification(Strict):
    """A certification exam as a goal: its domains map onto topics of the graph."""

    id: Id
    title: str
    resource: Id
    domains: list[CertificationDomain] = Field(min_length=1)


class Curriculum(BaseModel):
    """A whole loaded curriculum, keyed by id, plus where each item came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    topics: dict[str, Topic] = Field(default_factory=dict)
    resources: dict[str, Resource] = Field(default_factory=dict)
    roadmaps: dict[str, Roadmap] = Field(default_factory=dict)
    careers: dict[str, Career] = Field(default_factory=dict)
    certifications: dict[str, Certification] = Field(default_factory=dict)
    questions: dict[str, list[Question]] = Field(default_factory=dict)
    """The question bank: each topic's questions, by topic id."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Map of 'kind:id' to the file it was read from, for messages that name the file."""
    positions: dict[str, int] = Field(default_factory=dict)
    """Map of 'kind:id' to the item's index in its list file (resources, certifications)."""
    _memo: dict[str, object] = PrivateAttr(default_factory=dict)
    """Values derived from this curriculum (its prerequisite graph, goal views), computed once.
    A curriculum is never changed after loading; a changed one is a new object."""
    unparsed: set[str] = Field(default_factory=set)
    """'kind:id' of items whose document failed the schema: already reported, so references
    to them are not reported again as unknown."""

    def source(self, kind: str, item_id: str) -> str:
        return self.sources.get(f"{kind}:{item_id}", "?")

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The value for `key`, computed by `compute` the first time it is asked for."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def live_topic_id(self, topic_id: str) -> str | None:
        """The current id of a topic, following `aliases` of renamed topics; None if unknown."""
        if topic_id in self.topics:
            return topic_id
        return next((t.id for t in self.topics.values() if topic_id in t.aliases), None)

    def goals(self) -> dict[str, Roadmap | Career | Certification]:
        """Every named goal, keyed 'roadmap:ID', 'career:ID' or 'certification:ID'."""
        found: dict[str, Roadmap | Career | Certification] = {}
        for kind, items in (
            ("roadmap", self.roadmaps),
            ("career", self.careers),
            ("certification", self.certifications),
        ):
            for item_id, item in items.items():
                found[f"{kind}:{item_id}"] = item
        return found


def goal_topics(goal: Roadmap | Career | Certification) -> list[str]:
    """The topic ids a goal names directly, in the goal's own order, without repeats."""
    if isinstance(goal, Roadmap):
        parts = [phase.topics for phase in goal.phases]
    elif isinstance(goal, Career):
        parts = [stage.topics for stage in goal.stages]
    else:
        parts = [domain.topics for domain in goal.domains]
    return list(dict.fromkeys(t for part in parts for t in part))
