"""Ranked, typo-tolerant search over topics: titles, tags, objectives, cited resources and bodies.

Each word of the query is matched against the curriculum's vocabulary exactly, as a prefix
("transformer" -> "transformers"), as an acronym of a title ("pca", "rnn") or fuzzily
("xgbost" -> "xgboost"); a topic's score sums, per query word, its best match weighted by the
field it was found in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from mlroadmap.curriculum.graph import graph_of
from mlroadmap.curriculum.model import Curriculum, Topic

WORD_RE = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "what",
        "when",
        "why",
    ]
)
FIELD_WEIGHTS = {"title": 10.0, "tag": 9.0, "objective": 4.0, "resource": 2.0, "body": 1.0}
TITLE_COVERAGE_BONUS = 2.0
"""Added in proportion to the share of a title's words the query matched: "transformer" ranks
"Transformers" above "Fine-tuning pretrained transformers"."""
PREFIX_SCORE = 0.9
FUZZY_SCALE = 0.85
FUZZY_CUTOFF = 80
MIN_FUZZY_LENGTH = 4


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def acronym(title: str) -> str:
    """Initials of a title's significant words: 'Principal component analysis' -> 'pca'."""
    return "".join(w[0] for w in words(title) if w not in STOPWORDS and not w.isdigit())


@dataclass(frozen=True)
class Hit:
    topic_id: str
    score: float
    matched: list[str] = field(default_factory=list)
    """Which fields matched, strongest first: title, tag, objective, resource, body."""


class SearchIndex:
    """An inverted index from words to the topics (and fields) that contain them."""

    def __init__(self, curriculum: Curriculum) -> None:
        self.postings: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        self.title_words: dict[str, set[str]] = {}
        self.acronyms: dict[str, set[str]] = defaultdict(set)
        for topic in curriculum.topics.values():
            self._add_topic(curriculum, topic)
        self.vocabulary = sorted(self.postings)
        self.depth = graph_of(curriculum).depth()

    def _add(self, word: str, topic_id: str, weight: float, kind: str) -> None:
        current = self.postings[word].get(topic_id)
        if current is None or weight > current[0]:
            self.postings[word][topic_id] = (weight, kind)

    def _add_topic(self, curriculum: Curriculum, topic: Topic) -> None:
        title = [w for w in words(topic.title) if w not in STOPWORDS]
        self.title_words[topic.id] = set(title)
        fields: list[tuple[str, list[str]]] = [
            ("title", title + words(topic.id.replace("-", " "))),
            ("tag", [w for tag in topic.tags for w in [*words(tag), tag.lower()]]),
            ("objective", [w for o in topic.objectives for w in words(o)]),
            (
                "resource",
                [
                    w
                    for ref in topic.resources
                    if ref.id in curriculum.resources
                    for w in words(curriculum.resources[ref.id].title)
                ],
            ),
        ]
        short = acronym(topic.title)
        if len(short) >= 2:
            self.acronyms[short].add(topic.id)
            fields.append(("title", [short]))
        for kind, found in fields:
            for word in found:
                if word not in STOPWORDS:
                    self._add(word, topic.id, FIELD_WEIGHTS[kind], kind)
        counts: dict[str, int] = defaultdict(int)
        for word in words(topic.body):
            counts[word] += 1
        for word, count in counts.items():
            if word not in STOPWORDS:
                self._add(word, topic.id, FIELD_WEIGHTS["body"] + 0.25 * min(count - 1, 4), "body")

    def _expand(self, term: str) -> dict[str, float]:
        """Vocabulary words a query word may stand for, with how sure that reading is."""
        found = {term: 1.0} if term in self.postings else {}
        if len(term) >= 3:
            for word in self.vocabulary:
                if word != term and word.startswith(term):
                    found.setdefault(word, PREFIX_SCORE)
        if len(term) >= MIN_FUZZY_LENGTH:
            for word, ratio, _ in process.extract(
                term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
            ):
                found.setdefault(word, FUZZY_SCALE * ratio / 100)
        return found

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Topics ranked by how well they match every word of `query`.

        Ties go to the more foundational topic (fewer prerequisites below it).
        """
        terms = [w for w in words(query) if w not in STOPWORDS] or words(query)
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, dict[str, float]] = defaultdict(dict)
        hits_per_topic: dict[str, int] = defaultdict(int)
        title_hits: dict[str, set[str]] = defaultdict(set)
        for term in terms:
            best: dict[str, tuple[float, str]] = {}
            for word, sureness in self._expand(term).items():
                for topic_id, (weight, kind) in self.postings[word].items():
                    value = sureness * weight
                    if topic_id in self.acronyms.get(word, ()):
                        title_hits[topic_id] |= self.title_words[topic_id]
                    elif word in self.title_words[topic_id]:
                        title_hits[topic_id].add(word)
                    if topic_id not in best or value > best[topic_id][0]:
                        best[topic_id] = (value, kind)
            for topic_id, (value, kind) in best.items():
                scores[topic_id] += value
                hits_per_topic[topic_id] += 1
                matched[topic_id][kind] = max(matched[topic_id].get(kind, 0.0), value)
        ranked = []
        for topic_id, score in scores.items():
            coverage = len(title_hits[topic_id]) / max(len(self.title_words[topic_id]), 1)
            total = score * hits_per_topic[topic_id] / len(terms)
            total += TITLE_COVERAGE_BONUS * coverage
            kinds = sorted(matched[topic_id], key=lambda k: -matched[topic_id][k])
            ranked.append(Hit(topic_id, round(total, 3), kinds))
        ranked.sort(key=lambda h: (-h.score, self.depth.get(h.topic_id, 0), h.topic_id))
        return ranked[:limit]


def search_index(curriculum: Curriculum) -> SearchIndex:
    """The curriculum's search index, built once per curriculum object."""
    return curriculum.memo("search-index", lambda: SearchIndex(curriculum))
