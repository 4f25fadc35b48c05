"""The placement model: beliefs stay probabilities, evidence moves them the right way, and the
test classifies tidy learners correctly and always stops."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlroadmap.assessment.placement import Placement, Settings, placement_for
from mlroadmap.curriculum.graph import graph_of
from mlroadmap.curriculum.source import open_curriculum

from .conftest import EXAMPLE

CURRICULUM = open_curriculum(EXAMPLE)
GRAPH = graph_of(CURRICULUM)
TOPICS = GRAPH.learning_order(CURRICULUM.topics)


def placement(seed: int = 0, **options: float) -> Placement:
    return placement_for(CURRICULUM, TOPICS, Settings(**options), seed)


def run(test: Placement, answer: object, limit: int = 100) -> int:
    """Ask until the test stops; `answer(topic)` says whether the learner answers right."""
    asked = 0
    while (chosen := test.next_question()) is not None:
        topic, question = chosen
        test.observe(topic, question, answer(topic))  # type: ignore[operator]
        asked += 1
        assert asked <= limit, "the test did not stop"
    return asked


ANSWERS = st.lists(
    st.tuples(st.sampled_from(TOPICS), st.booleans(), st.integers(0, 3)), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.integers(0, 2**16))
def test_beliefs_stay_probabilities_and_a_right_answer_never_lowers_its_topic(
    answers: list[tuple[str, bool, int]], seed: int
) -> None:
    test = placement(seed)
    for topic, correct, pick in answers:
        before = test.beliefs()[topic]
        question = CURRICULUM.questions[topic][pick]
        test.observe(topic, question, correct)
        after = test.beliefs()
        assert all(0.0 <= b <= 1.0 for b in after.values())
        if correct:
            assert after[topic] >= before - 1e-12
        else:
            assert after[topic] <= before + 1e-12
        test.next_question()  # may draw the states afresh: must keep them consistent


def test_a_right_answer_on_an_advanced_topic_raises_belief_in_its_prerequisites() -> None:
    test = placement()
    before = test.beliefs()
    regression = CURRICULUM.questions["linear-regression"]
    test.observe("linear-regression", regression[0], True)
    test.observe("linear-regression", regression[1], True)
    after = test.beliefs()
    assert after["gradient-descent"] > before["gradient-descent"] + 0.1
    assert after["vectors"] > before["vectors"] + 0.05


def test_a_wrong_answer_on_a_basic_topic_lowers_belief_in_what_builds_on_it() -> None:
    test = placement()
    before = test.beliefs()
    for question in CURRICULUM.questions["vectors"][:2]:
        test.observe("vectors", question, False)
    after = test.beliefs()
    assert after["gradient-descent"] < before["gradient-descent"] - 0.1
    assert after["linear-regression"] < before["linear-regression"]


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**16))
def test_all_right_is_all_known_and_all_wrong_all_unknown(seed: int) -> None:
    knows = placement(seed)
    run(knows, lambda topic: True)
    assert {v.verdict for v in knows.verdicts()} == {"known"}
    blank = placement(seed)
    run(blank, lambda topic: False)
    assert {v.verdict for v in blank.verdicts()} == {"not-known"}


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**16), st.lists(st.booleans(), min_size=16, max_size=16))
def test_the_test_always_stops(seed: int, pattern: list[bool]) -> None:
    test = placement(seed)
    answers = iter(pattern * 10)
    asked = run(test, lambda topic: next(answers))
    assert asked <= sum(len(CURRICULUM.questions[t]) for t in TOPICS)


def test_verdicts_give_their_reasons_in_plain_words() -> None:
    test = placement(wise_prior=0)  # nobody guesses better than the bank says: 2 answers settle it
    for question in [q for q in CURRICULUM.questions["linear-regression"] if q.placement]:
        test.observe("linear-regression", question, True)
    titles = {t: CURRICULUM.topics[t].title for t in TOPICS}
    reasons = {v.topic: v for v in test.verdicts(titles)}
    assert test.known() == [t for t, v in reasons.items() if v.verdict == "known"]
    assert "linear-regression" in test.known()
    assert reasons["linear-regression"].reason == "you answered 2 of 2 question(s) on it correctly"
    if reasons["gradient-descent"].verdict == "known":
        assert "Linear regression" in reasons["gradient-descent"].reason
        assert "which build on it" in reasons["gradient-descent"].reason


def test_the_first_question_asks_about_the_stage_reached() -> None:
    test = placement()
    candidates = test.candidates()
    first = test.next_question()
    assert first == candidates[int(test.level_gains(candidates).argmax())]
    assert test.level_gains(candidates).min() >= -1e-9  # information is never negative
    before = float(test.weight @ (test.reached >= 1))
    test.observe(*first, True)  # type: ignore[misc]
    assert float(test.weight @ (test.reached >= 1)) > before  # a stage now looks more likely


def test_dont_know_weighs_against_mastery_more_than_a_wrong_answer() -> None:
    """A wrong answer may be a lucky learner's slip or a guesser's miss; "I don't know" has no
    guess in it."""
    topic = TOPICS[0]
    question = CURRICULUM.questions[topic][0]
    wrong, unknown = placement(seed=3), placement(seed=3)
    wrong.observe(topic, question, False)
    unknown.observe(topic, question, None)
    assert unknown.beliefs()[topic] < wrong.beliefs()[topic] < placement(seed=3).beliefs()[topic]


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**16))
def test_a_learner_who_knows_nothing_and_says_so_is_placed_as_knowing_nothing(seed: int) -> None:
    test = placement(seed=seed)
    run(test, lambda _: None)
    assert test.known() == []
    assert all(v.verdict != "known" for v in test.verdicts())
    asked = {o.topic for o in test.observations}
    reasons = {v.topic: v.reason for v in test.verdicts() if v.topic in asked}
    assert all("said you did not know" in r for r in reasons.values()), reasons


def test_items_unfit_for_placement_are_never_asked() -> None:
    test = placement()
    unfit = {q.id for qs in CURRICULUM.questions.values() for q in qs if not q.placement}
    assert unfit  # the example bank marks some
    asked = set()
    while (chosen := test.next_question()) is not None:
        topic, question = chosen
        asked.add(question.id)
        test.observe(topic, question, True)
    assert asked and not asked & unfit


def test_a_right_answer_on_a_guessable_question_says_less() -> None:
    """Two questions alike but for their recorded guessability: the one an outsider often
    gets right moves the belief less."""
    base = CURRICULUM.questions["vectors"][1]  # a choice question
    hard = base.model_copy(update={"guessability": 0.1})
    easy = base.model_copy(update={"guessability": 0.45})
    beliefs = {}
    for name, question in (("hard", hard), ("easy", easy)):
        test = placement(seed=4)
        test.observe("vectors", question, True)
        beliefs[name] = test.beliefs()["vectors"]
    assert beliefs["hard"] > beliefs["easy"]


def test_a_topic_is_claimed_known_only_with_evidence_on_it_or_on_what_builds_on_it() -> None:
    test = placement(seed=5, wise_prior=0)
    for question in [q for q in CURRICULUM.questions["python-basics"] if q.placement]:
        test.observe("python-basics", question, True)
    for question in [q for q in CURRICULUM.questions["gradient-descent"] if q.placement]:
        test.observe("gradient-descent", question, True)
    verdicts = {v.topic: v for v in test.verdicts()}
    shown = test.evidenced()
    assert {"python-basics", "gradient-descent", "vectors"} <= shown  # vectors: gd requires it
    assert "linear-regression" not in shown  # nothing that builds on it was answered
    assert verdicts["linear-regression"].verdict != "known"
    if test.beliefs()["linear-regression"] >= 0.9:
        assert "no question on it or on what builds on it" in verdicts["linear-regression"].reason


def test_finished_topics_are_taken_as_known_and_never_asked() -> None:
    fresh = placement(seed=6)
    done = placement_for(
        CURRICULUM, TOPICS, Settings(), 6, finished=frozenset({"gradient-descent"})
    )
    asked = set()
    while (chosen := done.next_question()) is not None:
        asked.add(chosen[0])
        done.observe(chosen[0], chosen[1], False)
    assert "gradient-descent" not in asked
    assert (
        placement_for(
            CURRICULUM, TOPICS, Settings(), 6, finished=frozenset({"gradient-descent"})
        ).beliefs()["vectors"]
        > fresh.beliefs()["vectors"]
    )  # what it requires is likelier known too
    verdicts = {v.topic: v for v in done.verdicts()}
    assert verdicts["gradient-descent"].verdict == "finished"
    assert "gradient-descent" not in done.known()
