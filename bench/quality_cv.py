"""Cross-validation of the engine's tuned choices (bench/quality.py).

Tuned together: the ranking weights, the title field's boost in both lexical indexes and
calibration.TARGET_SILENCE. Each base is built once; a question's candidates do not depend
on the weights, so they are gathered once per boost and re-ranked for every grid point.
Weights are chosen on the training questions' MRR; the calibration's label (what its model
learns) and silence target are then chosen on
the same questions, each base calibrating itself on its own headings for that weight."""

import itertools
import statistics
from dataclasses import dataclass, fields

import numpy as np

from knowledge import KnowledgeBase, load_markdown_folder
from knowledge.asking import observe
from knowledge.calibration import LABELS, fit
from knowledge.candidates import gather
from knowledge.confidence import decide, default_threshold
from knowledge.duplicates import collapse
from knowledge.evaluate import load_questions
from knowledge.metrics import Outcome, summarize
from knowledge.ranking import Weights, rank_columns
from knowledge.search import MAX_HITS, best_candidates, read_question

FOLDS = 5
SEED = 13
# Ranking ignores the scale of the weights: lexical is the unit, the others move around it.
GRID = {
    "lexical": (1.0,),
    "semantic": (1.0, 1.5, 2.0, 3.0, 4.0),
    "title": (0.0, 0.3, 0.6),
    "service": (0.0, 0.1),
    "passage_lexical": (0.0, 0.5, 1.0, 1.5),
    "passage_semantic": (0.0, 1.0, 2.0, 3.0),
}
BOOSTS = (0.0, 0.5, 1.0, 1.75, 2.5)
# calibration.OFF_TOPIC_MARGIN: None leaves the threshold uncapped.
MARGINS = (None, 1.25, 1.5, 1.75, 2.0)
# calibration.OFF_TOPIC_RANK: which off-topic confidence the cap multiplies (0: the best).
RANKS = (0, 1, 2)
TARGETS = tuple(
    (label, t, m, r)
    for label in LABELS
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
    for m in MARGINS
    for r in (RANKS if m is not None else (0,))
)
# The defaults before this tuning: ties go to the setting closest to them.
REFERENCE = {**{f.name: f.default for f in fields(Weights)}, "boost": 2.5}
REFERENCE_TARGET = ("hit", 0.9, None, 0)
# The silence on `none` a silence target must keep on training data: the 0.9 the issue
# asks for, with a margin, as silence on a new base varies more than between folds (on
# a third real documentation, probed on 2026-12-03, a cap chosen at 0.9 let 3 of 5
# uncovered in-domain questions through, against 1 of 5 without it).
SILENCE_FLOOR = 0.95


@dataclass(frozen=True)
class Setting:
    """A grid point: ranking weights and the title field's boost."""

    weights: Weights
    boost: float

    def describe(self, target: tuple[str, float] | None = None) -> str:
        """Return the setting in one line."""
        parts = [f"{f.name} {getattr(self.weights, f.name):g}" for f in fields(Weights)]
        parts.append(f"title boost {self.boost:g}")
        if target is not None:
            parts.append(f"TARGET_SILENCE {target[1]:g}, LABEL {target[0]}")
            parts.append(f"OFF_TOPIC_MARGIN {target[2]}, OFF_TOPIC_RANK {target[3]}")
        return ", ".join(parts)


@dataclass
class DevSet:
    """A dev set: its base built once, its questions read (and encoded) once."""

    name: str
    documents: list
    questions: list[dict]
    kb: KnowledgeBase
    read: list


def load_set(name: str, kb_dir, questions_path, cache: dict) -> DevSet:
    """Build a dev set's base (vectors shared through `cache`) and read its questions."""
    documents = load_markdown_folder(kb_dir)
    questions = load_questions(questions_path)
    kb = KnowledgeBase.build(documents, embedding_cache=cache)
    read = [read_question(kb.index, q["title"], q.get("body", "")) for q in questions]
    return DevSet(name, documents, questions, kb, read)


def cell(value) -> str:
    """Format a figure of the tables (-: none)."""
    return "-" if value is None else f"{value:.3f}"


def configure(index, setting: Setting) -> None:
    """Make an index rank with a setting."""
    index.weights = setting.weights
    index.lexical.boosts["title"] = setting.boost
    index.sections.lexical.boosts["title"] = setting.boost


class Grid:
    """Every grid point, with its coordinates (steps along each axis) and neighbours."""

    def __init__(self):
        axes = [*GRID.values(), BOOSTS]
        self.steps = np.array(list(itertools.product(*(range(len(a)) for a in axes))))
        self.points = [
            Setting(
                Weights(*(a[i] for a, i in zip(GRID.values(), s[:-1], strict=True))), BOOSTS[s[-1]]
            )
            for s in self.steps
        ]
        reference = [a.index(REFERENCE[n]) for n, a in zip([*GRID, "boost"], axes, strict=True)]
        self.distance = np.abs(self.steps - np.array(reference)).sum(1)
        position = {tuple(s): i for i, s in enumerate(self.steps)}
        self.neighbours = [
            [i] + [position[n] for n in _adjacent(tuple(s)) if n in position]
            for i, s in enumerate(self.steps)
        ]

    def __len__(self) -> int:
        return len(self.points)

    def choose(self, rr: np.ndarray, columns: np.ndarray) -> int:
        """Return the best point on these questions: MRR, hit@3, plateau, then closeness."""
        mrr = rr[:, columns].mean(1)
        hit3 = (rr[:, columns] > 0).mean(1)
        plateau = np.array([mrr[n].mean() for n in self.neighbours])
        order = np.lexsort((self.distance, -plateau, -hit3, -np.round(mrr, 9)))
        return int(order[0])


def _adjacent(steps: tuple[int, ...]):
    """Yield the coordinates one step away along one axis."""
    for axis in range(len(steps)):
        for delta in (-1, 1):
            yield steps[:axis] + (steps[axis] + delta,) + steps[axis + 1 :]


def reciprocal_ranks(dev: DevSet, grid: Grid) -> np.ndarray:
    """Return 1/rank of the first expected entry in the top 3 (0: absent) per point, question."""
    index = dev.kb.index
    out = np.zeros((len(grid), len(dev.questions)))
    answerable = [j for j, q in enumerate(dev.questions) if q["expected"]]
    for boost in BOOSTS:
        configure(index, Setting(index.weights, boost))
        # Gathered once per boost, as arrays: each point of the grid only re-ranks them.
        gathered = {j: gather(index, dev.read[j], {}) for j in answerable}
        for g, setting in enumerate(grid.points):
            if setting.boost != boost:
                continue
            for j in answerable:
                on = dev.read[j].vector is not None
                ranked = rank_columns(gathered[j], on, setting.weights)
                kept = collapse(index, ranked, MAX_HITS)
                ids = [index.entries[c.slot].document.id for c in kept]
                ranks = [ids.index(e) + 1 for e in dev.questions[j]["expected"] if e in ids]
                out[g, j] = 1.0 / min(ranks) if ranks else 0.0
    return out


class Calibrated:
    """Outcomes of a base calibrated on itself under a setting, kept once computed.

    A question's hits do not depend on the calibration, only their confidences and the
    threshold do: the hits are found once per setting, and each target recomputes those
    (the same outcomes as knowledge.search.answer, a thousand times faster)."""

    def __init__(self):
        self.seen: dict = {}
        self.found: dict = {}
        self.outcomes_by: dict = {}

    def outcomes(self, dev: DevSet, setting: Setting, target: tuple) -> list[Outcome]:
        """Return the base's answers, calibrated with a (label, silence, margin, rank) target."""
        key = (dev.name, setting, target)
        if key not in self.outcomes_by:
            index = dev.kb.index
            if (dev.name, setting) not in self.seen:
                configure(index, setting)
                self.seen[dev.name, setting] = observe(index, dev.documents)
                self.found[dev.name, setting] = [
                    (best_candidates(index, q, {}), q.vector is not None) for q in dev.read
                ]
            seen = self.seen[dev.name, setting]
            label, silence, margin, rank_ = target
            fitted = None
            if seen is not None:
                fitted = fit(seen, index.semantic, silence, label, margin, rank_)
            self.outcomes_by[key] = [
                _outcome(index, best, runner_up, on, fitted)
                for (best, runner_up), on in self.found[dev.name, setting]
            ]
        return self.outcomes_by[key]


def _outcome(index, best, runner_up, semantic_on: bool, fitted) -> Outcome:
    """Return what knowledge.search.answer decides for hits found, under a calibration."""
    threshold = default_threshold(semantic_on, fitted)
    _, top, suggested = decide(best, runner_up, semantic_on, fitted, threshold)
    return Outcome(tuple(index.entries[c.slot].document.id for c in best), suggested, top)


def stratified_folds(strata: list[str], k: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    """Return each fold's test positions; every stratum is spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    labels = np.array(strata)
    fold_of = np.empty(len(strata), dtype=int)
    offset = 0
    for stratum in sorted(set(strata)):
        members = np.flatnonzero(labels == stratum)
        rng.shuffle(members)
        fold_of[members] = (np.arange(len(members)) + offset) % k
        offset += len(members)
    return [np.flatnonzero(fold_of == f) for f in range(k)]


def _stacked(sets: list[DevSet], rr: dict, chosen: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the sets' reciprocal ranks side by side, and the answerable chosen columns."""
    columns, offset = [], 0
    for s in sets:
        picked = [j for j in chosen[s.name] if s.questions[j]["expected"]]
        columns.append(np.array(picked, dtype=int) + offset)
        offset += len(s.questions)
    return np.hstack([rr[s.name] for s in sets]), np.concatenate(columns)


def tune(sets, rr, grid: Grid, calibrated: Calibrated, train: dict) -> tuple[Setting, float]:
    """Choose the weights and boost on training MRR, then the silence target on training data.

    The target is the most useful one that keeps SILENCE_FLOOR of every set's training
    `none` questions silent (none does: the most silent); ties go to the reference."""
    matrix, columns = _stacked(sets, rr, train)
    setting = grid.points[grid.choose(matrix, columns)]

    def merit(target: tuple[str, float]) -> tuple:
        rates = [
            summarize(
                [
                    (s.questions[j], calibrated.outcomes(s, setting, target)[j])
                    for j in train[s.name]
                ]
            )
            for s in sets
        ]
        silence = min(r["silence_rate"] for r in rates if r["silence_rate"] is not None)
        useful = statistics.mean(r["useful_rate"] for r in rates if r["useful_rate"] is not None)
        ok = silence >= SILENCE_FLOOR
        # Ties go to the reference; among caps, to the highest (the most cautious).
        uncapped = 0.0 if target[2] is None else 1.0 / target[2]
        away = abs(target[1] - REFERENCE_TARGET[1]) + (target[0] != REFERENCE_TARGET[0]) + uncapped
        away += target[3]  # a lower rank caps higher: more cautious
        return (ok, round(useful if ok else silence, 9), -away)

    return setting, max(TARGETS, key=merit)


def measure(dev: DevSet, calibrated: Calibrated, setting, target, positions=None) -> dict:
    """Return the metrics of a setting on some of a set's questions (all by default)."""
    outcomes = calibrated.outcomes(dev, setting, target)
    positions = range(len(dev.questions)) if positions is None else positions
    pairs = [(dev.questions[j], outcomes[j]) for j in positions]
    metrics = summarize(pairs)
    metrics["english_hit@3"] = summarize([p for p in pairs if p[0]["kind"] == "english"])["hit@3"]
    return metrics


def cross_validate(sets, rr, grid: Grid, calibrated: Calibrated):
    """Run k-fold CV over the sets' pooled questions, stratified by set and kind.

    Return each set's per-fold metrics on its test questions, and each fold's choice."""
    where = [(s, j) for s in sets for j in range(len(s.questions))]
    strata = [f"{s.name}/{s.questions[j]['kind']}" for s, j in where]
    per_set: dict[str, list[dict]] = {s.name: [] for s in sets}
    choices = []
    for test in stratified_folds(strata):
        held = set(test.tolist())
        train = {s.name: [] for s in sets}
        tested = {s.name: [] for s in sets}
        for i, (s, j) in enumerate(where):
            (tested if i in held else train)[s.name].append(j)
        setting, target = tune(sets, rr, grid, calibrated, train)
        choices.append((setting, target))
        for s in sets:
            per_set[s.name].append(measure(s, calibrated, setting, target, tested[s.name]))
    return per_set, choices
