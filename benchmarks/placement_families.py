"""The placement test against learners it does not assume, one family at a time.

`benchmarks/placement.py` draws learners from the model's own picture of them: knowledge that
follows the prerequisite graph, and a wrong answer's chance of being right set to what the
model is told. Real learners break both. This runs the product's placement test, with the
settings it ships with (`Settings()`: a choice question guessed with 1/choices, a numeric one
with 5%), on families that break them, each reported on its own:

  newcomer, software-engineer, statistician, beginner-graduate, practitioner
      today's families (placement.py), answering a question they do not know by chance
  test-wise     knows Python and some statistics; rules out distractors (a choice question's
                chance of a right guess is drawn per question from 1/choices to 0.7) and
                applies a formula the prompt hands over (35% of numeric questions, drawn per
                question, are answered right 85% of the time without knowing the topic)
  top-down      frameworks and code (deep learning, scikit-learn, MLOps, deployment ...) without
                the maths and statistics beneath them; test-wise too
  library-user  scikit-learn, pandas and Python, none of the theory the calls rest on
  rusty         finished the beginner roadmap and forgot a third of it; a forgotten topic is
                still answered right more often than chance (half of choice questions, 15% of
                numeric ones)

Which questions are guessable is a property of the question: it is drawn once per question
(from the question id and --seed), the same for every learner.

Scores per family (the placement test stops at --max-questions or when every topic is settled):
  precision and recall of the test's "known" claims (what it would save): a wrong "known"
  lets a learner skip what they need, so precision is the first target; accuracy (belief >= 0.5
  against the truth); the expected calibration error of the beliefs (10 equal-width bins);
  questions asked; and, at every budget (5, 10, 15, 20 and the limit), the accuracy of the test
  beside that of random order, catsim and the prior at the same budget.

Targets (issue: a placement test a learner can trust), on every family at <= 25 questions:
precision >= 0.95, recall >= 0.6, calibration error <= 0.05, ahead of every baseline.

    python benchmarks/placement_families.py [--goal roadmap:beginner --goal roadmap:intermediate]
        [--learners 60] [--seed 1] [--family NAME ...] [--json] [--save report.json]
        [--reliability plot.png]

Settings of the model are to be chosen on development seeds (7 and 11) and reported on
others (1 and 2), so a figure here is never one the settings were tuned to.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from mlroadmap.assessment.placement import Placement, Settings, placement_for
from mlroadmap.curriculum.graph import PrerequisiteGraph, graph_of
from mlroadmap.curriculum.model import Curriculum, Question
from mlroadmap.curriculum.source import open_curriculum
from placement import (
    CODING,
    MATHS,
    CatsimBaseline,
    beliefs_vector,
    close_downward,
    goal_topics,
    within,
)

SLIP = 0.1
BINS = 10
BUDGETS = (5, 10, 15, 20)
"""Smaller budgets at which the test is also compared with the baselines."""
TARGETS = {"precision": 0.95, "recall": 0.6, "calibration_error": 0.05}
FRAMEWORKS = {"deep-learning", "scikit-learn", "mlops", "deployment", "computer-vision", "nlp"}
LIBRARIES = {"scikit-learn", "programming", "data"}


@dataclass(frozen=True)
class World:
    """What a family is drawn from: the goal's topics and the curriculum around them."""

    curriculum: Curriculum
    graph: PrerequisiteGraph
    topics: list[str]
    seed: int

    def area(self, topic: str) -> str:
        return self.curriculum.topics[topic].area

    def level(self, topic: str) -> str:
        return str(self.curriculum.topics[topic].level)

    def item_draw(self, question: Question, salt: str) -> float:
        """A number in [0, 1) fixed by the question, the seed and `salt`: a property of the
        question, the same for every learner."""
        key = f"{self.seed}|{salt}|{question.id}".encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64


Guess = Callable[[Question, str], float]
"""P(right | the learner does not know the question's topic), given the question and topic."""


@dataclass(frozen=True)
class SimulatedLearner:
    family: str
    knows: frozenset[str]
    guess: Guess


def chance(question: Question, _: str) -> float:
    """Someone who does not know the topic and guesses blindly."""
    return 1 / len(question.choices) if question.choices else 0.02


def test_wise(world: World) -> Guess:
    """Rules out distractors; applies a formula the prompt gives."""

    def guess(question: Question, _: str) -> float:
        if question.choices:
            floor = 1 / len(question.choices)
            return floor + (0.7 - floor) * world.item_draw(question, "distractors")
        return 0.85 if world.item_draw(question, "formula") < 0.35 else 0.03

    return guess


def some(rng: np.random.Generator, pool: Sequence[str], share: float) -> set[str]:
    return {t for t in pool if rng.random() < share}


def draw(family: str, world: World, rng: np.random.Generator) -> SimulatedLearner:
    topics, graph = world.topics, world.graph
    everything = set(topics)
    if family == "newcomer":
        pool = [
            t for t in topics if world.area(t) == "programming" and world.level(t) == "beginner"
        ]
        return SimulatedLearner(
            family, frozenset(close_downward(some(rng, pool, 0.2), graph) & everything), chance
        )
    if family == "software-engineer":
        area = {t: world.area(t) for t in topics}
        seeds = some(rng, within(CODING, topics, area, graph), 0.85)
        return SimulatedLearner(
            family, frozenset(close_downward(seeds, graph) & everything), chance
        )
    if family == "statistician":
        area = {t: world.area(t) for t in topics}
        seeds = some(rng, within(MATHS, topics, area, graph), 0.85)
        return SimulatedLearner(
            family, frozenset(close_downward(seeds, graph) & everything), chance
        )
    if family == "beginner-graduate":
        seeds = some(rng, [t for t in topics if world.level(t) == "beginner"], 0.85)
        return SimulatedLearner(
            family, frozenset(close_downward(seeds, graph) & everything), chance
        )
    if family == "practitioner":
        seeds = some(rng, [t for t in topics if world.level(t) == "beginner"], 0.9)
        seeds |= some(rng, [t for t in topics if world.level(t) == "intermediate"], 0.5)
        return SimulatedLearner(
            family, frozenset(close_downward(seeds, graph) & everything), chance
        )
    if family == "test-wise":
        area = {t: world.area(t) for t in topics}
        coding = within({"programming"}, topics, area, graph)
        stats = [t for t in within(MATHS, topics, area, graph) if world.area(t) == "statistics"]
        seeds = some(rng, coding, 0.85) | some(
            rng, [t for t in stats if world.level(t) == "beginner"], 0.6
        )
        return SimulatedLearner(
            family, frozenset(close_downward(seeds, graph) & everything), test_wise(world)
        )
    if family == "top-down":
        tools = [t for t in topics if world.area(t) in FRAMEWORKS]
        coding = [t for t in topics if world.area(t) == "programming"]
        knows = some(rng, tools, 0.6) | some(rng, coding, 0.9)
        knows -= {t for t in topics if world.area(t) in MATHS}  # the code, not the maths beneath
        return SimulatedLearner(family, frozenset(knows), test_wise(world))
    if family == "library-user":
        knows = some(rng, [t for t in topics if world.area(t) in LIBRARIES], 0.8)
        return SimulatedLearner(family, frozenset(knows), chance)
    if family == "rusty":
        finished = (
            close_downward({t for t in topics if world.level(t) == "beginner"}, graph) & everything
        )
        forgotten = some(rng, sorted(finished), 1 / 3)

        def guess(question: Question, topic: str) -> float:
            if topic in forgotten:
                return 0.5 if question.choices else 0.15
            return chance(question, topic)

        return SimulatedLearner(family, frozenset(finished - forgotten), guess)
    raise SystemExit(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")


FAMILIES = (
    "newcomer",
    "software-engineer",
    "statistician",
    "beginner-graduate",
    "practitioner",
    "test-wise",
    "top-down",
    "library-user",
    "rusty",
)


def answer(
    learner: SimulatedLearner, topic: str, question: Question, rng: np.random.Generator
) -> bool:
    p = 1 - SLIP if topic in learner.knows else learner.guess(question, topic)
    return bool(rng.random() < p)


def responder(
    learner: SimulatedLearner, rng: np.random.Generator
) -> Callable[[str, Question], bool]:
    """`answer` for one learner, as the catsim baseline asks for it."""
    return lambda topic, question: answer(learner, topic, question, rng)


def run_adaptive(
    test: Placement,
    learner: SimulatedLearner,
    rng: np.random.Generator,
    budgets: Sequence[int],
    topics: Sequence[str],
) -> tuple[int, list[np.ndarray], list[np.ndarray]]:
    """Questions asked, and the beliefs and "known" claims at each budget (a test that
    stopped early keeps its last ones)."""
    asked, beliefs, claims = 0, [], []
    for budget in budgets:
        while asked < budget:
            chosen = test.next_question()
            if chosen is None:
                break
            topic, question = chosen
            test.observe(topic, question, answer(learner, topic, question, rng))
            asked += 1
        beliefs.append(beliefs_vector(test, topics))
        known = set(test.known())
        claims.append(np.array([t in known for t in topics]))
    return asked, beliefs, claims


def run_random(
    test: Placement,
    learner: SimulatedLearner,
    rng: np.random.Generator,
    budgets: Sequence[int],
    topics: Sequence[str],
) -> list[np.ndarray]:
    """Questions (fit for placement) in a random order: the beliefs at each budget."""
    pool = [(t, q) for t in test.order for q in test.questions.get(t, ()) if q.placement]
    order, asked, found = rng.permutation(len(pool)), 0, []
    for budget in budgets:
        for index in order[asked:budget]:
            topic, question = pool[int(index)]
            test.observe(topic, question, answer(learner, topic, question, rng))
        asked = max(asked, min(budget, len(pool)))
        test.refresh()
        found.append(beliefs_vector(test, topics))
    return found


def calibration(beliefs: np.ndarray, truth: np.ndarray) -> tuple[float, list[dict[str, float]]]:
    """Expected calibration error over BINS equal-width bins, and the bins for a plot."""
    edges = np.linspace(0, 1, BINS + 1)
    which = np.clip(np.digitize(beliefs, edges[1:-1]), 0, BINS - 1)
    error, rows = 0.0, []
    for b in range(BINS):
        inside = which == b
        if not inside.any():
            continue
        mean_belief, observed = float(beliefs[inside].mean()), float(truth[inside].mean())
        error += inside.mean() * abs(mean_belief - observed)
        rows.append({"belief": mean_belief, "observed": observed, "count": int(inside.sum())})
    return float(error), rows


def scores(beliefs: np.ndarray, claimed: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    """Precision and recall of the test's "known" claims; accuracy and calibration of its
    beliefs."""
    precision = float(truth[claimed].mean()) if claimed.any() else 1.0
    recall = float(claimed[truth].mean()) if truth.any() else 1.0
    error, bins = calibration(beliefs, truth.astype(float))
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "known_claims": int(claimed.sum()),
        "accuracy": accuracy(beliefs, truth),
        "calibration_error": round(error, 3),
        "bins": bins,
    }


def accuracy(beliefs: np.ndarray, truth: np.ndarray) -> float:
    return round(float(((beliefs >= 0.5) == truth).mean()), 3)


def measure_family(
    family: str, world: World, args: Any, catsim: CatsimBaseline, settings: Settings
) -> dict[str, Any]:
    rng = np.random.default_rng([args.seed, FAMILIES.index(family)])
    budgets = [b for b in BUDGETS if b < args.max_questions] + [args.max_questions]
    adaptive: list[list[np.ndarray]] = [[] for _ in budgets]
    claims: list[list[np.ndarray]] = [[] for _ in budgets]
    random_order: list[list[np.ndarray]] = [[] for _ in budgets]
    cat: list[list[np.ndarray]] = [[] for _ in budgets]
    prior, truths, asked = [], [], []
    for _ in range(args.learners):
        learner = draw(family, world, rng)
        truths.append(np.array([t in learner.knows for t in world.topics]))
        seed = int(rng.integers(2**31))
        test = placement_for(world.curriculum, world.topics, settings, seed)
        prior.append(beliefs_vector(test, world.topics))
        count, beliefs, claimed = run_adaptive(test, learner, rng, budgets, world.topics)
        asked.append(count)
        baseline = placement_for(world.curriculum, world.topics, settings, seed)
        shuffled = run_random(baseline, learner, rng, budgets, world.topics)
        curve = catsim.run_with(responder(learner, rng), args.max_questions)
        for k, budget in enumerate(budgets):
            adaptive[k].append(beliefs[k])
            claims[k].append(claimed[k])
            random_order[k].append(shuffled[k])
            cat[k].append(curve[budget])
    truth = np.concatenate(truths)
    found = scores(np.concatenate(adaptive[-1]), np.concatenate(claims[-1]), truth)
    found["questions"] = round(float(np.mean(asked)), 1)
    found["known_share"] = round(float(truth.mean()), 3)
    prior_accuracy = accuracy(np.concatenate(prior), truth)
    found["budgets"] = {
        str(budget): {
            "adaptive": accuracy(np.concatenate(adaptive[k]), truth),
            "precision": scores(np.concatenate(adaptive[k]), np.concatenate(claims[k]), truth)[
                "precision"
            ],
            "random": accuracy(np.concatenate(random_order[k]), truth),
            "catsim": accuracy(np.concatenate(cat[k]), truth),
            "prior": prior_accuracy,
        }
        for k, budget in enumerate(budgets)
    }
    found["baselines"] = {
        name: found["budgets"][str(budgets[-1])][name] for name in ("random", "catsim", "prior")
    }
    ahead = all(
        row["adaptive"] > max(row["random"], row["catsim"], row["prior"])
        for row in found["budgets"].values()
    )
    found["met"] = {
        "precision": found["precision"] >= TARGETS["precision"],
        "recall": found["recall"] >= TARGETS["recall"],
        "calibration_error": found["calibration_error"] <= TARGETS["calibration_error"],
        "ahead": ahead,
    }
    return found


def parse_settings(pairs: Sequence[str]) -> Settings:
    """`Settings()` with NAME=VALUE overrides (for choosing settings on development seeds)."""
    known = {f.name: f.type for f in fields(Settings)}
    chosen: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in known or not value:
            raise SystemExit(f"--set wants NAME=VALUE with NAME one of {', '.join(known)}")
        chosen[name] = tuple(float(v) for v in value.split(",")) if "," in value else float(value)
        if name in ("particles", "downstream"):
            chosen[name] = int(chosen[name])
    return replace(Settings(), **chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goal", action="append", default=[], help="roadmap:ID or career:ID")
    parser.add_argument("--family", action="append", default=[], choices=FAMILIES)
    parser.add_argument("--learners", type=int, default=60, help="learners per family")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-questions", type=int, default=25)
    parser.add_argument("--curriculum", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--reliability", default=None, help="Write a reliability plot (PNG).")
    parser.add_argument("--save", default=None, help="Also write the report as JSON to this file.")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="override a setting"
    )
    args = parser.parse_args()
    settings = parse_settings(args.set)
    goals = args.goal or ["roadmap:beginner", "roadmap:intermediate"]
    curriculum = open_curriculum(args.curriculum)
    graph = graph_of(curriculum)
    world = World(curriculum, graph, goal_topics(curriculum, goals), args.seed)
    catsim_args = argparse.Namespace(guess=0.25, slip=SLIP)
    catsim = CatsimBaseline(world.topics, graph, curriculum, catsim_args)
    started = time.perf_counter()
    results = {}
    for family in args.family or FAMILIES:
        results[family] = measure_family(family, world, args, catsim, settings)
        print(f"{family} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    report = {
        "goals": goals,
        "topics": len(world.topics),
        "learners_per_family": args.learners,
        "seed": args.seed,
        "max_questions": args.max_questions,
        "settings": {f.name: getattr(settings, f.name) for f in fields(Settings)},
        "targets": TARGETS,
        "families": results,
    }
    if args.save:
        with open(args.save, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=2)
    if args.reliability:
        plot_reliability(results, args.reliability)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print_table(report)


def print_table(report: dict[str, Any]) -> None:
    print(
        f"{report['topics']} topics, {report['learners_per_family']} learners per family, "
        f"seed {report['seed']}, at most {report['max_questions']} questions\n"
    )
    print(
        "| family | known share | questions | precision | recall | known claims | accuracy "
        "| calibration error | random | catsim | prior | targets met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for family, r in report["families"].items():
        missed = [name for name, ok in r["met"].items() if not ok]
        b = r["baselines"]
        print(
            f"| {family} | {r['known_share']:.2f} | {r['questions']} | {r['precision']:.3f} "
            f"| {r['recall']:.3f} | {r['known_claims']} | {r['accuracy']:.3f} "
            f"| {r['calibration_error']:.3f} | {b['random']:.3f} | {b['catsim']:.3f} "
            f"| {b['prior']:.3f} | {'all' if not missed else 'no: ' + ', '.join(missed)} |"
        )
    budgets = list(next(iter(report["families"].values()))["budgets"])
    print("\nAccuracy at each budget: the test / the best of random order, catsim and the prior\n")
    print("| family | " + " | ".join(f"{b} questions" for b in budgets) + " |")
    print("|---|" + "---|" * len(budgets))
    for family, r in report["families"].items():
        cells = []
        for budget in budgets:
            row = r["budgets"][budget]
            best = max(row["random"], row["catsim"], row["prior"])
            mark = "" if row["adaptive"] > best else " (behind)"
            cells.append(f"{row['adaptive']:.3f} / {best:.3f}{mark}")
        print(f"| {family} | " + " | ".join(cells) + " |")


def plot_reliability(results: dict[str, Any], path: str) -> None:
    """One small chart per family: binned belief against the share actually known, each bin
    drawn with an area that grows with the topics in it (a sparse bin says little)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 3
    rows = -(-len(results) // columns)
    figure, grid = plt.subplots(rows, columns, figsize=(9, 3 * rows), sharex=True, sharey=True)
    for axes, (family, r) in zip(np.ravel(grid), results.items(), strict=False):
        bins = r["bins"]
        axes.plot([0, 1], [0, 1], color="grey", linewidth=1)
        axes.plot([b["belief"] for b in bins], [b["observed"] for b in bins], linewidth=1.2)
        axes.scatter(
            [b["belief"] for b in bins],
            [b["observed"] for b in bins],
            s=[max(4.0, 400 * b["count"] / max(x["count"] for x in bins)) for b in bins],
            alpha=0.6,
        )
        met = r["calibration_error"] <= TARGETS["calibration_error"]
        axes.set_title(
            f"{family}: ECE {r['calibration_error']:.3f}",
            fontsize=9,
            color="black" if met else "C3",
        )
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1)
        axes.grid(alpha=0.3)
    for axes in np.ravel(grid)[len(results) :]:
        axes.set_visible(False)
    figure.supxlabel("belief that the topic is known")
    figure.supylabel("share of those topics actually known")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
