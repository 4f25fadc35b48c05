"""The adaptive placement test: which of a goal's topics does the learner already know?

The model (docs/assessment.md explains it for learners):

* **Mastery** of each topic of the goal is a hidden yes/no. Two hidden traits of the learner
  shape it: which *areas* they have studied (programming, statistics, ...; each a yes/no, true
  with probability `area_prior`) and the *level* they have reached across the board (none,
  beginner, intermediate or advanced, with probabilities `level_prior`). A topic is *covered*
  when its area is studied or its level reached. A learner masters a topic with probability
  `known_if_covered` when they master everything it requires and it is covered, with
  `known_if_not_covered` when they master its prerequisites but it is not covered, and only
  with the small probability `leak` when they miss a prerequisite. The graph ties a topic to
  what it builds on; areas tie it to its neighbours (a software engineer knows most of the
  programming side); levels tie it to topics of the same stage (someone who finished the
  beginner roadmap knows most beginner topics); the leak leaves room for people who learnt
  things out of order.
* **Answers** are noisy: a learner who masters a topic still answers one of its questions
  wrongly with probability `slip`; one who does not may guess right, with probability one over
  the number of choices (or `numeric_guess` for a number).
* **Inference** is importance sampling. Knowledge states are drawn topic by topic in prerequisite
  order, each topic's draw already conditioned on the answers given on that topic; the weight of
  a state carries what its answers imply upstream. A right answer on an advanced topic so
  raises belief in its prerequisites, and a wrong answer on a basic topic lowers belief in what
  builds on it. Each new answer reweights the states (so a right answer can never lower the
  belief in its own topic), and the states are drawn afresh, with every answer so far, once
  the weights have piled onto too few of them.
* **The next question** is the one with the most expected information: the largest expected
  drop in the summed uncertainty (binary entropy) of all the goal's topics. The first
  question instead asks about the stage the learner has reached (the largest expected drop in
  the uncertainty of the level): before any answer that is what sways the most topics at once.
* **Stopping**: when every topic is classified with the asked-for confidence, when no question
  is worth asking, or at the question limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mlroadmap.curriculum.graph import graph_of
from mlroadmap.curriculum.model import Curriculum, Level, Question

AREA_PRIOR = 0.3
LEVEL_PRIOR = (0.45, 0.3, 0.15, 0.1)
"""Probabilities of having reached no level, beginner, intermediate and advanced."""
KNOWN_IF_COVERED = 0.95
KNOWN_IF_NOT_COVERED = 0.05
LEAK = 0.05
SLIP = 0.1
NUMERIC_GUESS = 0.05
DONT_KNOW_IF_KNOWN = 0.03
DONT_KNOW_IF_NOT = 0.6
"""How often "I don't know" is the answer of someone who masters the topic, and of someone
who does not (the rest answer, and may guess)."""
WISE_PRIOR = 0.5
WISE_LIFT = 0.4
"""A learner is *test-wise* with probability WISE_PRIOR: on a topic they do not master they
close WISE_LIFT of the gap between a question's guessability and certainty (ruling out
distractors, applying a formula the prompt hands over). Nobody knows in advance who is."""
DOWNSTREAM = 1
PARTICLES = 2000
CONFIDENCE = 0.9
"""A topic counts as classified when the belief in it is at least this, or at most 1 minus it."""
MIN_GAIN_BITS = 1e-3
REDRAW_BELOW = 0.5
"""Share of effective states under which they are drawn afresh."""


@dataclass(frozen=True)
class Settings:
    """The model's parameters (module constants by default)."""

    area_prior: float = AREA_PRIOR
    level_prior: tuple[float, ...] = LEVEL_PRIOR
    known_if_covered: float = KNOWN_IF_COVERED
    known_if_not_covered: float = KNOWN_IF_NOT_COVERED
    leak: float = LEAK
    slip: float = SLIP
    guess: float | None = None
    """Chance of guessing any question right; None: the question's recorded guessability, or
    one over its number of choices (`numeric_guess` for a number) when it has none."""
    numeric_guess: float = NUMERIC_GUESS
    wise_prior: float = WISE_PRIOR
    wise_lift: float = WISE_LIFT
    particles: int = PARTICLES
    confidence: float = CONFIDENCE
    downstream: int = DOWNSTREAM
    """Right answers on distinct topics that build on a topic it takes, without a right
    answer on the topic itself, before the test claims it known (0: belief alone)."""


@dataclass(frozen=True)
class Observation:
    topic: str
    question: Question
    correct: bool | None
    """True or False for an answer, None for "I don't know"."""


@dataclass(frozen=True)
class Verdict:
    topic: str
    belief: float
    """Probability that the learner masters the topic, given every answer."""
    verdict: str
    """'known', 'not-known', 'unsure', or 'finished' for a topic finished before the test."""
    reason: str


@dataclass
class Placement:
    """One placement test over a goal's topics (a closed set: each topic's prerequisites are in
    it). `requires` maps each topic to the topics it requires; `questions` is the bank."""

    topics: Sequence[str]
    requires: Mapping[str, Sequence[str]]
    questions: Mapping[str, Sequence[Question]]
    areas: Mapping[str, str] = field(default_factory=dict)
    """Each topic's area; topics without one form an area of their own."""
    levels: Mapping[str, int] = field(default_factory=dict)
    """Each topic's level: 1 beginner, 2 intermediate, 3 advanced (default 1)."""
    settings: Settings = field(default_factory=Settings)
    seed: int = 0
    observations: list[Observation] = field(default_factory=list)
    finished: frozenset[str] = frozenset()
    """Topics the learner has finished already (verified by a quiz, marked done or known):
    taken as mastered, never asked, and reported apart."""

    def __post_init__(self) -> None:
        self.order = _prerequisite_order(self.topics, self.requires)
        self.index = {topic: i for i, topic in enumerate(self.order)}
        self.parents = [
            np.array([self.index[r] for r in self.requires.get(t, ()) if r in self.index], int)
            for t in self.order
        ]
        groups = sorted({self.areas.get(t, f"topic:{t}") for t in self.order})
        self.area_of = np.array([groups.index(self.areas.get(t, f"topic:{t}")) for t in self.order])
        self.area_proposal = np.full(len(groups), self.settings.area_prior)
        self.level_of = np.array([self.levels.get(t, 1) for t in self.order])
        self.level_proposal = np.array(self.settings.level_prior, float)
        self.wise_proposal = float(np.clip(self.settings.wise_prior, 0.05, 0.95))
        self.rng = np.random.default_rng(self.seed)
        self._draw()

    # --- inference -------------------------------------------------------------------------

    def observe(self, topic: str, question: Question, correct: bool | None) -> None:
        """Take one answer into account: reweight the drawn states by how likely it is.

        `correct` is None for "I don't know": evidence without a guess in it. Someone who
        masters a topic rarely says so (DONT_KNOW_IF_KNOWN), someone who does not often
        does (DONT_KNOW_IF_NOT), so it weighs against mastery more than a wrong answer,
        which a learner who guessed can give either way.
        """
        if topic not in self.index:
            raise KeyError(f"topic '{topic}' is not part of this placement test")
        self.observations.append(Observation(topic, question, correct))
        known = self.states[:, self.index[topic]]
        given_known, given_not, given_not_wise = self._answer_chances(question, correct)
        chance = np.where(known, given_known, np.where(self.wise, given_not_wise, given_not))
        weight = self.weight * chance
        self.weight = weight / weight.sum()

    def refresh(self) -> None:
        """Draw the states afresh once fewer than half of them carry the weight; areas, level
        and test-wiseness are then drawn from what the current states say of them (a proposal
        the weights correct), so the fresh states start where the evidence points."""
        effective = 1.0 / float(np.sum(self.weight**2))
        if effective < REDRAW_BELOW * self.settings.particles:
            self.area_proposal = np.clip(self.weight @ self.studied, 0.05, 0.95)
            reached = np.eye(len(self.level_proposal))[self.reached]
            self.level_proposal = np.clip(self.weight @ reached, 0.02, 1.0)
            self.level_proposal /= self.level_proposal.sum()
            self.wise_proposal = float(np.clip(self.weight @ self.wise, 0.05, 0.95))
            self._draw()

    def _likelihoods(self) -> tuple[np.ndarray, np.ndarray]:
        """Per topic, the probability of its answers so far if mastered (shape: topics) and if
        not, for a learner who is not test-wise and one who is (shape: 2 x topics)."""
        if_known = np.ones(len(self.order))
        if_not = np.ones((2, len(self.order)))
        for seen in self.observations:
            i = self.index[seen.topic]
            given_known, given_not, given_not_wise = self._answer_chances(
                seen.question, seen.correct
            )
            if_known[i] *= given_known
            if_not[0, i] *= given_not
            if_not[1, i] *= given_not_wise
        return if_known, if_not

    def _answer_chances(
        self, question: Question, correct: bool | None
    ) -> tuple[float, float, float]:
        """P(this answer | mastered), P(it | not mastered), P(it | not mastered, test-wise);
        `correct` None is "I don't know", which guessing plays no part in."""
        if correct is None:
            return DONT_KNOW_IF_KNOWN, DONT_KNOW_IF_NOT, DONT_KNOW_IF_NOT
        right = self._right_chances(question)
        if correct:
            return right
        return 1 - right[0], 1 - right[1], 1 - right[2]

    def _right_chances(self, question: Question) -> tuple[float, float, float]:
        """P(right | mastered), P(right | not mastered), P(right | not mastered, test-wise).

        The guess is the question's own: its recorded guessability (a blind solve by someone
        who does not know the topic), else one over its choices, else `numeric_guess`.
        """
        guess = self.settings.guess
        if guess is None:
            guess = question.guessability
        if guess is None:
            guess = 1 / len(question.choices) if question.choices else self.settings.numeric_guess
        wise = guess + self.settings.wise_lift * (1 - guess)
        return 1 - self.settings.slip, guess, min(wise, 1 - self.settings.slip)

    def _draw(self) -> None:
        """Draw knowledge states in prerequisite order, each topic conditioned on its own
        answers; the weights carry the rest of the evidence."""
        count, settings = self.settings.particles, self.settings
        proposal, prior_area = self.area_proposal, settings.area_prior
        studied = self.rng.random((count, len(proposal))) < proposal
        log_weight = np.where(
            studied, np.log(prior_area / proposal), np.log((1 - prior_area) / (1 - proposal))
        ).sum(axis=1)
        level_prior = np.array(settings.level_prior, float)
        reached = self.rng.choice(len(level_prior), size=count, p=self.level_proposal)
        log_weight += np.log(level_prior[reached] / self.level_proposal[reached])
        wise_prior, wise_proposal = settings.wise_prior, self.wise_proposal
        if not 0 < wise_prior < 1:  # nobody, or everybody, is test-wise
            wise = np.full(count, wise_prior >= 1)
        else:
            wise = self.rng.random(count) < wise_proposal
            log_weight += np.where(
                wise,
                np.log(wise_prior / wise_proposal),
                np.log((1 - wise_prior) / (1 - wise_proposal)),
            )
        states = np.zeros((count, len(self.order)), dtype=bool)
        if_known, if_not = self._likelihoods()
        for i, parents in enumerate(self.parents):
            ready = states[:, parents].all(axis=1) if len(parents) else np.ones(count, bool)
            covered = studied[:, self.area_of[i]] | (reached >= self.level_of[i])
            ready_prior = np.where(
                covered, settings.known_if_covered, settings.known_if_not_covered
            )
            prior = np.where(ready, ready_prior, settings.leak)
            if self.order[i] in self.finished:  # known for certain: condition on it exactly
                states[:, i] = True
                log_weight += np.log(prior)
                continue
            not_known = np.where(wise, if_not[1, i], if_not[0, i])
            joint_known, joint_not = prior * if_known[i], (1 - prior) * not_known
            evidence = joint_known + joint_not
            states[:, i] = self.rng.random(count) < joint_known / evidence
            log_weight += np.log(evidence)
        weight = np.exp(log_weight - log_weight.max())
        self.states, self.studied, self.reached, self.wise = states, studied, reached, wise
        self.weight = weight / weight.sum()

    def beliefs(self) -> dict[str, float]:
        """Probability of mastery for every topic."""
        marginal = np.clip(self.weight @ self.states, 0.0, 1.0)  # sums can round past 1
        return {topic: float(marginal[i]) for i, topic in enumerate(self.order)}

    # --- choosing questions ----------------------------------------------------------------

    def asked(self) -> set[str]:
        return {seen.question.id for seen in self.observations}

    def candidates(self) -> list[tuple[str, Question]]:
        """For each topic, its unasked question of each kind of noise, easiest first; items
        unfit for placement (answerable without the topic) are never asked."""
        asked, found = self.asked(), []
        for topic in self.order:
            if topic in self.finished:
                continue
            kinds: set[tuple[float, float, float]] = set()
            ranked = sorted(self.questions.get(topic, ()), key=lambda q: (q.difficulty, q.id))
            for question in ranked:
                chances = self._right_chances(question)
                if question.placement and question.id not in asked and chances not in kinds:
                    kinds.add(chances)
                    found.append((topic, question))
        return found

    def _right_outcomes(self, candidates: Sequence[tuple[str, Question]]) -> np.ndarray:
        """P(right answer) of each candidate in each drawn state (states x candidates)."""
        columns = self.states[:, [self.index[topic] for topic, _ in candidates]]
        chances = np.array([self._right_chances(q) for _, q in candidates])
        if_not = np.where(self.wise[:, None], chances[None, :, 2], chances[None, :, 1])
        return np.where(columns, chances[None, :, 0], if_not)

    def gains(self, candidates: Sequence[tuple[str, Question]]) -> np.ndarray:
        """Expected drop in summed entropy over all topics for each candidate, in bits."""
        if not candidates:
            return np.zeros(0)
        states = self.states.astype(float)
        right = self._right_outcomes(candidates)
        now = _entropy(self.weight @ states).sum()
        expected = np.zeros(len(candidates))
        for outcome in (right, 1 - right):
            weighted = self.weight[:, None] * outcome
            chance = weighted.sum(axis=0)
            after = (weighted.T @ states) / np.maximum(chance, 1e-300)[:, None]
            expected += chance * _entropy(after).sum(axis=1)
        return now - expected

    def next_question(self) -> tuple[str, Question] | None:
        """The most informative question to ask now, or None when the test should stop."""
        self.refresh()
        if self.classified():
            return None
        candidates = self.candidates()
        gains = self.gains(candidates)
        if not len(gains) or gains.max() < MIN_GAIN_BITS:
            return None
        if not self.observations:  # first, the stage reached: it sways every topic of a stage
            return candidates[int(self.level_gains(candidates).argmax())]
        return candidates[int(gains.argmax())]

    def level_gains(self, candidates: Sequence[tuple[str, Question]]) -> np.ndarray:
        """Expected drop in the entropy (bits) of the level the learner has reached."""
        levels = np.eye(len(self.settings.level_prior))[self.reached]
        right = self._right_outcomes(candidates)
        expected = np.zeros(len(candidates))
        for outcome in (right, 1 - right):
            weighted = self.weight[:, None] * outcome
            chance = weighted.sum(axis=0)
            after = (weighted.T @ levels) / np.maximum(chance, 1e-300)[:, None]
            expected += chance * _categorical_entropy(after)
        return float(_categorical_entropy(self.weight @ levels)) - expected

    def known(self) -> list[str]:
        """The topics claimed known, in prerequisite order: believed with the asked-for
        confidence and shown by a right answer on the topic or on one that builds on it."""
        return [v.topic for v in self.verdicts() if v.verdict == "known"]

    def evidenced(self) -> set[str]:
        """Topics with evidence enough to be claimed known: a right answer on the topic
        itself, or on `downstream` distinct topics that (through the graph) require it."""
        right = {seen.topic for seen in self.observations if seen.correct is True}
        right |= self.finished & set(self.order)
        needed = self.settings.downstream
        if needed <= 0:
            return set(self.order)
        requires = {t: list(self.requires.get(t, ())) for t in self.order}
        support: dict[str, int] = {}
        for topic in right:
            for prerequisite in _reachable(topic, requires):
                support[prerequisite] = support.get(prerequisite, 0) + 1
        return right | {t for t, count in support.items() if count >= needed}

    def classified(self) -> bool:
        confidence = self.settings.confidence
        return all(
            b >= confidence or b <= 1 - confidence
            for t, b in self.beliefs().items()
            if t not in self.finished
        )

    # --- the report ------------------------------------------------------------------------

    def verdicts(self, titles: Mapping[str, str] | None = None) -> list[Verdict]:
        """Each topic's belief, verdict and the reason in plain words, in prerequisite order."""
        names = titles or {}
        beliefs, confidence = self.beliefs(), self.settings.confidence
        shown, found = self.evidenced(), []
        for topic in self.order:
            belief = beliefs[topic]
            if topic in self.finished:
                found.append(Verdict(topic, 1.0, "finished", "you have finished it already"))
                continue
            if belief >= confidence and topic not in shown:
                reason = (
                    f"likely ({belief:.0%}) from your other answers, but no question on it or "
                    "on what builds on it was answered right"
                )
                found.append(Verdict(topic, belief, "unsure", reason))
                continue
            verdict = (
                "known"
                if belief >= confidence
                else "not-known"
                if belief <= 1 - confidence
                else "unsure"
            )
            found.append(Verdict(topic, belief, verdict, self._reason(topic, verdict, names)))
        return found

    def _reason(self, topic: str, verdict: str, names: Mapping[str, str]) -> str:
        """Why the test believes what it does about `topic`, from the answers that bear on it:
        its own, then those through the graph, then those on its area or level."""
        own = [seen for seen in self.observations if seen.topic == topic]
        if own:
            right = sum(seen.correct is True for seen in own)
            unknown = sum(seen.correct is None for seen in own)
            said = f" and said you did not know {unknown}" if unknown else ""
            return f"you answered {right} of {len(own)} question(s) on it correctly{said}"
        if verdict == "unsure":
            return "the answers so far do not settle it"
        wanted = verdict == "known"
        later = _reachable(topic, self._dependents())
        earlier = _reachable(topic, {t: list(self.requires.get(t, ())) for t in self.order})
        linked = later if wanted else earlier
        through_graph = sorted(
            {s.topic for s in self.observations if bool(s.correct) == wanted and s.topic in linked}
        )
        if through_graph:
            verb, relation = ("answered", "build on it") if wanted else ("missed", "it builds on")
            return f"you {verb} questions on {_names(through_graph, names)}, which {relation}"
        area, level = self.areas.get(topic), self.levels.get(topic, 1)
        same = sorted(
            {
                s.topic
                for s in self.observations
                if bool(s.correct) == wanted
                and (self.areas.get(s.topic) == area or self.levels.get(s.topic, 1) == level)
            }
        )
        if same:
            verb = "answered" if wanted else "missed"
            return f"you {verb} questions on {_names(same, names)}, of the same area or level"
        return "nothing you answered suggests you know it; most learners do not yet"

    def _dependents(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {t: [] for t in self.order}
        for topic in self.order:
            for prerequisite in self.requires.get(topic, ()):
                if prerequisite in found:
                    found[prerequisite].append(topic)
        return found


LEVEL_NUMBERS = {Level.beginner: 1, Level.intermediate: 2, Level.advanced: 3}


def placement_for(
    curriculum: Curriculum,
    topics: Sequence[str],
    settings: Settings | None = None,
    seed: int = 0,
    finished: frozenset[str] = frozenset(),
) -> Placement:
    """A placement test over `topics` and everything they require, with the curriculum's
    prerequisites, questions (those fit for placement, see `Placement.candidates`), areas and
    levels; `finished` topics are taken as mastered and not asked."""
    graph = graph_of(curriculum)
    order = graph.learning_order(topics)
    return Placement(
        order,
        graph.requires,
        curriculum.questions,
        {t: curriculum.topics[t].area for t in order},
        {t: LEVEL_NUMBERS[curriculum.topics[t].level] for t in order},
        settings or Settings(),
        seed,
        finished=frozenset(finished) & set(order),
    )


def _categorical_entropy(p: np.ndarray) -> np.ndarray:
    """Entropy in bits of categorical distributions along the last axis."""
    q = np.clip(p, 1e-12, 1.0)
    return -(q * np.log2(q)).sum(axis=-1)


def _entropy(p: np.ndarray) -> np.ndarray:
    """Binary entropy in bits, elementwise."""
    q = np.clip(p, 1e-12, 1 - 1e-12)
    return -(q * np.log2(q) + (1 - q) * np.log2(1 - q))


def _prerequisite_order(topics: Sequence[str], requires: Mapping[str, Sequence[str]]) -> list[str]:
    """The topics with every one after the topics it requires (which must be among them)."""
    members, order, done = set(topics), [], set()
    for root in topics:
        stack = [(root, False)]
        while stack:
            topic, expanded = stack.pop()
            if topic in done:
                continue
            if expanded:
                done.add(topic)
                order.append(topic)
                continue
            stack.append((topic, True))
            stack.extend(
                (r, False) for r in requires.get(topic, ()) if r in members and r not in done
            )
    return order


def _reachable(start: str, links: Mapping[str, Sequence[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(links.get(start, ()))
    while stack:
        topic = stack.pop()
        if topic not in seen:
            seen.add(topic)
            stack.extend(links.get(topic, ()))
    return seen


def _names(topics: list[str], titles: Mapping[str, str], limit: int = 3) -> str:
    shown = [titles.get(t, t) for t in topics[:limit]]
    more = len(topics) - limit
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    return text + (f" (and {more} more)" if more > 0 else "")
