"""Does a report belong to an open incident? Pure: readings and times in, scores and a decision out.

A report (a new topic or ticket) is scored against every incident that was open when it was
written, or that opened soon after (the first reporters are often ahead of the status page):

    score = similarity + LEXICAL_WEIGHT x shared words + symptom + service - grace

- similarity: the sentence encoder's cosine between the report and the incident's text
  (its title and public messages), or with the centre of the reports already linked to it
  less PEER_OFFSET (members' reports about one service resemble each other anyway);
- shared words: the idf-weighted share of the report's terms found in the incident's text;
- symptom: +SYMPTOM_BONUS when both show the same kind of failure of the catalogue
  ("mail.sending"), -SYMPTOM_BONUS when both show failures of the incident's services and
  none is shared;
- service: -SERVICE_PENALTY when the report is plainly about other services;
- grace: a report written before the incident started weighs less, the earlier the less.

Above AUTO_THRESHOLD the report is linked and its thread told at once, provided nothing
contradicts it (same service, no conflicting symptom) and no other open incident comes
within MARGIN; from PROPOSE_THRESHOLD, volunteers are asked; below, nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

# The weights are set by design; the peer offset and the thresholds were measured on the
# first part of the dev scenario (9 to 13 November) by bench/incidents_tuning.py and checked
# on the rest: see docs/incidents.md.
AUTO_THRESHOLD = 0.36
PROPOSE_THRESHOLD = 0.32
MARGIN = 0.10
LEXICAL_WEIGHT = 0.5
SYMPTOM_BONUS = 0.10
SERVICE_PENALTY = 0.20
PEER_OFFSET = 0.13
GRACE = timedelta(minutes=30)
GRACE_PENALTY = 0.10


class Decision(StrEnum):
    """What linking decides for a report."""

    AUTO = "auto"
    PROPOSED = "proposed"
    NONE = "none"


@dataclass(frozen=True)
class Reading:
    """A text as linking compares it: terms (with their idf), vector, services, symptoms."""

    terms: frozenset[str]
    vector: np.ndarray | None = None
    services: frozenset[str] = frozenset()
    symptoms: frozenset[str] = frozenset()
    weights: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class OpenIncident:
    """An incident as linking sees it: its reading, its times, its linked reports' vectors."""

    id: int
    reading: Reading
    started_at: datetime
    resolved_at: datetime | None = None
    peers: Sequence[np.ndarray] = ()


@dataclass(frozen=True)
class Thresholds:
    """Where automatic links and proposals start."""

    auto: float = AUTO_THRESHOLD
    propose: float = PROPOSE_THRESHOLD
    margin: float = MARGIN


@dataclass(frozen=True)
class Score:
    """A report against one incident: the total and its parts, for volunteers to read."""

    incident_id: int
    total: float
    similarity: float
    lexical: float
    symptom: float
    service: float
    grace: float

    @property
    def contradicted(self) -> bool:
        """True when a service or a symptom says it is another story."""
        return self.symptom < 0 or self.service < 0

    def to_dict(self) -> dict:
        """The parts, rounded, for storage and display."""
        names = ("total", "similarity", "lexical", "symptom", "service", "grace")
        return {name: round(getattr(self, name), 3) for name in names}


@dataclass(frozen=True)
class Verdict:
    """The decision for a report: which incident, how, and every score behind it."""

    decision: Decision
    incident_id: int | None
    scores: tuple[Score, ...] = ()

    @property
    def best(self) -> Score | None:
        return self.scores[0] if self.scores else None


def in_window(created_at: datetime, incident: OpenIncident) -> bool:
    """True when a report was written while the incident was open, or just before."""
    if incident.resolved_at is not None and created_at > incident.resolved_at:
        return False
    return created_at >= incident.started_at - GRACE


def score(report: Reading, created_at: datetime, incident: OpenIncident) -> Score:
    """Score a report against one incident."""
    similarity = _cosine(report.vector, incident.reading.vector)
    if len(incident.peers):
        similarity = max(similarity, _cosine(report.vector, centre(incident.peers)) - PEER_OFFSET)
    lexical = LEXICAL_WEIGHT * _shared_share(report, incident.reading)
    symptom = _symptom(report.symptoms, incident.reading)
    service = (
        -SERVICE_PENALTY
        if report.services and not (report.services & incident.reading.services)
        else 0.0
    )
    early = max(timedelta(0), incident.started_at - created_at) / GRACE
    grace = -GRACE_PENALTY * min(1.0, early)
    total = similarity + lexical + symptom + service + grace
    return Score(incident.id, total, similarity, lexical, symptom, service, grace)


def decide(
    report: Reading,
    created_at: datetime,
    incidents: Sequence[OpenIncident],
    thresholds: Thresholds = Thresholds(),
) -> Verdict:
    """Link automatically, propose, or leave a report alone; the symptoms part two incidents."""
    scores = sorted(
        (score(report, created_at, i) for i in incidents if in_window(created_at, i)),
        key=lambda s: (-s.total, s.incident_id),
    )
    if not scores or scores[0].total < thresholds.propose:
        return Verdict(Decision.NONE, None, tuple(scores))
    best = scores[0]
    runner_up = scores[1].total if len(scores) > 1 else float("-inf")
    sure = best.total >= thresholds.auto and best.total - runner_up >= thresholds.margin
    decision = Decision.AUTO if sure and not best.contradicted else Decision.PROPOSED
    return Verdict(decision, best.incident_id, tuple(scores))


def centre(vectors: Sequence[np.ndarray]) -> np.ndarray:
    """The unit vector at the centre of some unit vectors."""
    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two unit vectors; 0 when the encoder gave none."""
    if a is None or b is None:
        return 0.0
    return float(np.dot(a, b))


def _shared_share(report: Reading, incident: Reading) -> float:
    """The idf-weighted share of the report's terms that the incident's text contains."""
    total = sum(report.weights.get(t, 1.0) for t in report.terms)
    shared = sum(report.weights.get(t, 1.0) for t in report.terms & incident.terms)
    return shared / total if total else 0.0


def _symptom(report: frozenset[str], incident: Reading) -> float:
    """Agreeing symptoms add, conflicting ones subtract, unknown ones say nothing.

    Only the report's symptoms of the incident's services count: a webmail "down" says
    nothing against a mail incident whose text speaks of mail symptoms."""
    if incident.services:
        report = frozenset(s for s in report if s.split(".", 1)[0] in incident.services)
    if report & incident.symptoms:
        return SYMPTOM_BONUS
    if report and incident.symptoms:
        return -SYMPTOM_BONUS
    return 0.0
