"""Search ranking rules on a small hand-made curriculum."""

from __future__ import annotations

from mlroadmap.curriculum.model import Curriculum, ResourceRef, Topic
from mlroadmap.curriculum.search import SearchIndex, acronym


def make(tid: str, title: str, body: str = "", tags: list[str] | None = None) -> Topic:
    return Topic(
        id=tid,
        title=title,
        area="test",
        level="beginner",
        hours=1,
        objectives=["Do one thing.", "Do another."],
        resources=[ResourceRef(id="r")],
        tags=tags or [],
        body=body,
    )


def index() -> SearchIndex:
    topics = [
        make("pca", "Principal component analysis", "Projects data onto directions of variance."),
        make("transformers", "Transformers", "Attention layers stacked."),
        make("fine-tuning", "Fine-tuning pretrained transformers", "Adapting a model."),
        make("svd", "Singular value decomposition", "Factorises a matrix; used for PCA.", ["pca"]),
    ]
    return SearchIndex(Curriculum(topics={t.id: t for t in topics}))


def test_acronym_skips_stopwords_and_digits() -> None:
    assert acronym("Principal component analysis") == "pca"
    assert acronym("Fairness, bias and responsible AI") == "fbra"
    assert acronym("Top 10 tips for SQL") == "tts"


def test_acronym_of_a_title_outranks_a_tag() -> None:
    assert [h.topic_id for h in index().search("pca")][:2] == ["pca", "svd"]


def test_typo_and_prefix_prefer_the_closest_title() -> None:
    assert index().search("tranformer")[0].topic_id == "transformers"
    assert index().search("transform")[0].topic_id == "transformers"


def test_body_only_match_is_found_but_ranked_low() -> None:
    hits = index().search("variance")
    assert [h.topic_id for h in hits] == ["pca"] and hits[0].matched == ["body"]


def test_unmatched_query_returns_nothing() -> None:
    assert index().search("zzzz qqqq") == []
