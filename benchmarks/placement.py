"""How well the adaptive placement test finds what simulated learners know, against baselines.

Simulated learners know a set of topics drawn from several profiles (a newcomer, a software
engineer, a statistician, someone who finished the beginner roadmap, a practitioner half way
through the intermediate one). For most of them knowledge is tidy: knowing a topic means knowing
everything it requires. A share of them (--untidy, 15% by default) break that rule, as real
people do. They answer a question right with probability 1 - slip when they know its topic and
with probability `guess` when they do not.

Methods, each scored at every question budget from 0 to --max-questions:
  adaptive  the placement test (mlroadmap.assessment.placement): the most informative question next
  prior     the same model asking nothing: the floor every method must clear
  random    the same model, questions in random order
  catsim    computerised adaptive testing with the catsim package: a 4PL IRT model over the
            same items (difficulty from the topic's depth in the graph and the question's own
            difficulty), maximum-information selection, and a topic counted known when the
            estimated ability is past its difficulty
  ask_all   the ceiling: the model after one question on every topic of the goal

Scores: per-topic accuracy, balanced accuracy (the mean of the hit rates on known and on
unknown topics) and the Brier score of the beliefs, over every learner and topic.

    python benchmarks/placement.py --goal roadmap:beginner --goal roadmap:intermediate \\
        [--learners 100] [--seed 1] [--slip 0.1] [--guess 0.25] [--max-questions 25] \\
        [--json] [--plot curve.png]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mlroadmap.assessment.placement import Placement, Settings, placement_for
from mlroadmap.curriculum.graph import PrerequisiteGraph, graph_of
from mlroadmap.curriculum.model import Curriculum, Question
from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.planning.goals import Goal, resolve_goal

METHODS = ("adaptive", "prior", "random", "catsim", "ask_all")
PROFILES = ("newcomer", "software-engineer", "statistician", "beginner-graduate", "practitioner")


@dataclass(frozen=True)
class Learner:
    profile: str
    knows: frozenset[str]
    tidy: bool


# --- simulated learners ----------------------------------------------------------------------


CODING = {"programming", "deployment", "cloud-devops", "big-data"}
MATHS = {"math", "statistics"}


def within(
    areas: set[str], topics: Sequence[str], area: dict[str, str], graph: PrerequisiteGraph
) -> list[str]:
    """Topics of `areas` whose prerequisites all lie in `areas` too: what a specialist from
    another field knows without knowing any machine learning."""
    return [t for t in topics if all(area.get(r, "") in areas for r in graph.closure([t]))]


def close_downward(seeds: set[str], graph: PrerequisiteGraph) -> set[str]:
    """A tidy learner: whoever knows a topic knows everything it requires."""
    return graph.closure(seeds)


def draw_learner(
    rng: np.random.Generator,
    curriculum: Curriculum,
    graph: PrerequisiteGraph,
    topics: Sequence[str],
    untidy_share: float,
) -> Learner:
    profile = PROFILES[rng.integers(len(PROFILES))]
    level = {t: str(curriculum.topics[t].level) for t in topics}
    area = {t: curriculum.topics[t].area for t in topics}

    def some(pool: list[str], share: float) -> set[str]:
        return {t for t in pool if rng.random() < share}

    if profile == "newcomer":
        pool = [t for t in topics if area[t] == "programming" and level[t] == "beginner"]
        seeds = some(pool, 0.2)
    elif profile == "software-engineer":  # the programming side, none of the ML built on it
        seeds = some(within(CODING, topics, area, graph), 0.85)
    elif profile == "statistician":  # the maths side
        seeds = some(within(MATHS, topics, area, graph), 0.85)
    elif profile == "beginner-graduate":
        seeds = some([t for t in topics if level[t] == "beginner"], 0.85)
    else:
        seeds = some([t for t in topics if level[t] == "beginner"], 0.9)
        seeds |= some([t for t in topics if level[t] == "intermediate"], 0.5)
    knows = close_downward(seeds, graph) & set(topics)
    tidy = rng.random() >= untidy_share
    if not tidy:  # forget a few prerequisites, or know a few things out of order
        known, unknown = sorted(knows), sorted(set(topics) - knows)
        flips = int(rng.integers(3, 9))
        for topic in rng.choice(known, min(flips // 2, len(known)), replace=False):
            knows = knows - {str(topic)}
        for topic in rng.choice(unknown, min(flips - flips // 2, len(unknown)), replace=False):
            knows = knows | {str(topic)}
    return Learner(profile, frozenset(knows), tidy)


def answers_right(rng: np.random.Generator, knows: bool, slip: float, guess: float) -> bool:
    return bool(rng.random() < (1 - slip if knows else guess))


# --- methods -----------------------------------------------------------------------------------


def model(
    topics: Sequence[str], graph: PrerequisiteGraph, curriculum: Curriculum, args: Any, seed: int
) -> Placement:
    settings = Settings(slip=args.slip, guess=args.guess, numeric_guess=args.guess)
    return placement_for(curriculum, topics, settings, seed)


def beliefs_vector(test: Placement, topics: Sequence[str]) -> np.ndarray:
    found = test.beliefs()
    return np.array([found[t] for t in topics])


def run_adaptive(
    test: Placement, topics: Sequence[str], learner: Learner, rng: np.random.Generator, args: Any
) -> tuple[list[np.ndarray], int]:
    curve = [beliefs_vector(test, topics)]
    for _ in range(args.max_questions):
        chosen = test.next_question()
        if chosen is None:
            break
        topic, question = chosen
        test.observe(
            topic, question, answers_right(rng, topic in learner.knows, args.slip, args.guess)
        )
        curve.append(beliefs_vector(test, topics))
    asked = len(curve) - 1
    curve += [curve[-1]] * (args.max_questions + 1 - len(curve))  # stopped early: beliefs stay
    return curve, asked


def run_random(
    test: Placement, topics: Sequence[str], learner: Learner, rng: np.random.Generator, args: Any
) -> tuple[list[np.ndarray], int]:
    pool = [(t, q) for t in topics for q in test.questions.get(t, ()) if q.placement]
    order = rng.permutation(len(pool))[: args.max_questions]
    curve = [beliefs_vector(test, topics)]
    for index in order:
        topic, question = pool[int(index)]
        test.observe(
            topic, question, answers_right(rng, topic in learner.knows, args.slip, args.guess)
        )
        test.refresh()
        curve.append(beliefs_vector(test, topics))
    return curve, len(order)


def run_ask_all(
    test: Placement, topics: Sequence[str], learner: Learner, rng: np.random.Generator, args: Any
) -> tuple[np.ndarray, int]:
    asked = 0
    for topic in topics:
        questions = [q for q in test.questions.get(topic, ()) if q.placement]
        if not questions:
            continue
        question = questions[int(rng.integers(len(questions)))]
        test.observe(
            topic, question, answers_right(rng, topic in learner.knows, args.slip, args.guess)
        )
        test.refresh()
        asked += 1
    return beliefs_vector(test, topics), asked


class CatsimBaseline:
    """A 4PL item bank over the same questions; ability estimated and items picked by catsim."""

    def __init__(
        self, topics: Sequence[str], graph: PrerequisiteGraph, curriculum: Curriculum, args: Any
    ) -> None:
        from catsim.estimation import NumericalSearchEstimator
        from catsim.item_bank import ItemBank
        from catsim.selection import MaxInfoSelector

        depth = {t: 0 for t in topics}
        for topic in graph.learning_order(topics):
            depth[topic] = 1 + max(
                (depth[r] for r in graph.requires[topic] if r in depth), default=-1
            )
        values = np.array([depth[t] for t in topics], float)
        self.topic_b = {t: (depth[t] - values.mean()) / (values.std() or 1.0) for t in topics}
        self.items: list[tuple[str, Question]] = [
            (t, q) for t in topics for q in curriculum.questions.get(t, ()) if q.placement
        ]
        self.discrimination = 1.5
        rows = [
            [
                self.discrimination,
                self.topic_b[t] + 0.25 * (q.difficulty - 2),
                args.guess,
                1 - args.slip,
            ]
            for t, q in self.items
        ]
        self.bank = ItemBank(np.array(rows))
        self.selector = MaxInfoSelector()
        self.estimator = NumericalSearchEstimator()
        self.topics = list(topics)

    def mastery(self, theta: float) -> np.ndarray:
        b = np.array([self.topic_b[t] for t in self.topics])
        return 1 / (1 + np.exp(-self.discrimination * (theta - b)))

    def run(self, learner: Learner, rng: np.random.Generator, args: Any) -> list[np.ndarray]:
        def respond(topic: str, _: Question) -> bool:
            return answers_right(rng, topic in learner.knows, args.slip, args.guess)

        return self.run_with(respond, args.max_questions)

    def run_with(self, respond: Callable[[str, Question], bool], budget: int) -> list[np.ndarray]:
        """The mastery estimate after each of up to `budget` answers from `respond(topic,
        question)`, padded with the last one when catsim runs out of items."""
        theta, administered, responses = 0.0, [], []
        curve = [self.mastery(theta)]
        for _ in range(budget):
            index = self.selector.select(
                item_bank=self.bank, administered_items=administered, est_theta=theta
            )
            if index is None:
                break
            topic, question = self.items[int(index)]
            administered.append(int(index))
            responses.append(respond(topic, question))
            theta = float(
                self.estimator.estimate(
                    item_bank=self.bank,
                    administered_items=administered,
                    response_vector=responses,
                    est_theta=theta,
                )
            )
            curve.append(self.mastery(theta))
        curve += [curve[-1]] * (budget + 1 - len(curve))
        return curve


# --- scoring -------------------------------------------------------------------------------------


def score(beliefs: list[np.ndarray], truths: list[np.ndarray]) -> dict[str, float]:
    belief, truth = np.concatenate(beliefs), np.concatenate(truths).astype(bool)
    guess = belief >= 0.5
    hit_known = float(np.mean(guess[truth])) if truth.any() else 1.0
    hit_unknown = float(np.mean(~guess[~truth])) if (~truth).any() else 1.0
    return {
        "accuracy": round(float(np.mean(guess == truth)), 4),
        "balanced_accuracy": round((hit_known + hit_unknown) / 2, 4),
        "brier": round(float(np.mean((belief - truth) ** 2)), 4),
    }


def goal_topics(curriculum: Curriculum, goals: list[str]) -> list[str]:
    targets: list[str] = []
    for spec in goals:
        kind, _, value = spec.partition(":")
        if kind not in ("roadmap", "career", "topic") or not value:
            raise SystemExit(f"--goal {spec!r}: use roadmap:ID, career:ID or topic:ID")
        goal = Goal(
            **{kind if kind != "topic" else "topics": value if kind != "topic" else (value,)}
        )
        targets += resolve_goal(curriculum, goal).targets
    return graph_of(curriculum).learning_order(targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--goal", action="append", default=[], help="roadmap:ID, career:ID or topic:ID (repeatable)"
    )
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slip", type=float, default=0.1)
    parser.add_argument("--guess", type=float, default=0.25)
    parser.add_argument("--max-questions", type=int, default=25)
    parser.add_argument(
        "--untidy",
        type=float,
        default=0.15,
        help="Share of learners whose knowledge ignores the graph.",
    )
    parser.add_argument(
        "--curriculum", default=None, help="A curriculum folder (default: built-in)."
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--plot", default=None, help="Write the accuracy curve to this PNG file.")
    args = parser.parse_args()
    goals = args.goal or ["roadmap:beginner", "roadmap:intermediate"]
    curriculum = open_curriculum(args.curriculum)
    graph = graph_of(curriculum)
    topics = goal_topics(curriculum, goals)
    rng = np.random.default_rng(args.seed)
    catsim = CatsimBaseline(topics, graph, curriculum, args)
    curves: dict[str, list[list[np.ndarray]]] = {
        m: [[] for _ in range(args.max_questions + 1)] for m in ("adaptive", "random", "catsim")
    }
    finals: dict[str, list[np.ndarray]] = {"prior": [], "ask_all": []}
    truths: list[np.ndarray] = []
    asked: dict[str, list[int]] = {"adaptive": [], "random": [], "ask_all": [], "catsim": []}
    started = time.perf_counter()
    for n in range(args.learners):
        learner = draw_learner(rng, curriculum, graph, topics, args.untidy)
        truth = np.array([t in learner.knows for t in topics])
        truths.append(truth)
        seed = int(rng.integers(2**31))
        runs: dict[str, Callable[..., Any]] = {"adaptive": run_adaptive, "random": run_random}
        for name, run in runs.items():
            curve, count = run(
                model(topics, graph, curriculum, args, seed), topics, learner, rng, args
            )
            for budget, beliefs in enumerate(curve):
                curves[name][budget].append(beliefs)
            asked[name].append(count)
        for budget, beliefs in enumerate(catsim.run(learner, rng, args)):
            curves["catsim"][budget].append(beliefs)
        asked["catsim"].append(args.max_questions)
        finals["prior"].append(beliefs_vector(model(topics, graph, curriculum, args, seed), topics))
        final, count = run_ask_all(
            model(topics, graph, curriculum, args, seed), topics, learner, rng, args
        )
        finals["ask_all"].append(final)
        asked["ask_all"].append(count)
        print(
            f"learner {n + 1}/{args.learners} ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
            end="\r",
        )
    print(file=sys.stderr)
    curve_rows = []
    for budget in range(args.max_questions + 1):
        row: dict[str, Any] = {"questions": budget}
        for name in ("adaptive", "random", "catsim"):
            row[name] = score(curves[name][budget], truths)
        row["prior"] = score(finals["prior"], truths)
        curve_rows.append(row)
    methods = {
        name: {
            **score(curves[name][-1], truths),
            "questions": round(float(np.mean(asked[name])), 1),
        }
        for name in ("adaptive", "random", "catsim")
    }
    methods["prior"] = {**score(finals["prior"], truths), "questions": 0}
    methods["ask_all"] = {
        **score(finals["ask_all"], truths),
        "questions": round(float(np.mean(asked["ask_all"])), 1),
    }
    result = {
        "goals": goals,
        "topics": len(topics),
        "learners": args.learners,
        "settings": {
            "seed": args.seed,
            "slip": args.slip,
            "guess": args.guess,
            "max_questions": args.max_questions,
            "untidy": args.untidy,
        },
        "methods": methods,
        "curve": curve_rows,
    }
    if args.plot:
        plot(curve_rows, methods, args.plot)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print_tables(result)


def print_tables(result: dict[str, Any]) -> None:
    print(
        f"{result['topics']} topics, {result['learners']} learners, settings {result['settings']}\n"
    )
    print("| method | questions | accuracy | balanced accuracy | Brier |")
    print("|---|---|---|---|---|")
    for name in METHODS:
        m = result["methods"][name]
        cells = [
            m["questions"],
            *(f"{m[k]:.3f}" for k in ("accuracy", "balanced_accuracy", "brier")),
        ]
        print(f"| {name} | " + " | ".join(str(c) for c in cells) + " |")
    print("\n| questions | adaptive | random | catsim | prior |")
    print("|---|---|---|---|---|")
    for row in result["curve"]:
        cells = [f"{row[m]['accuracy']:.3f}" for m in ("adaptive", "random", "catsim", "prior")]
        print(f"| {row['questions']} | " + " | ".join(cells) + " |")


def plot(rows: list[dict[str, Any]], methods: dict[str, Any], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budgets = [r["questions"] for r in rows]
    figure, axes = plt.subplots(figsize=(7, 4.2))
    for name, style in (("adaptive", "-"), ("random", "--"), ("catsim", "-."), ("prior", ":")):
        axes.plot(budgets, [r[name]["accuracy"] for r in rows], style, label=name, linewidth=2)
    ceiling = methods["ask_all"]
    axes.axhline(ceiling["accuracy"], color="grey", linewidth=1)
    axes.annotate(
        f"ask all ({ceiling['questions']:g} questions)",
        (budgets[-1], ceiling["accuracy"]),
        ha="right",
        va="bottom",
        fontsize=9,
    )
    axes.set_xlabel("questions asked")
    axes.set_ylabel("per-topic accuracy")
    axes.legend(loc="lower right")
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
