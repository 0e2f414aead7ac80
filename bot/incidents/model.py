"""Incidents, their timeline, members' reports and links, as typed rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import numpy as np


class IncidentStatus(StrEnum):
    """Where an incident stands, as status pages say it."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"

    @property
    def open(self) -> bool:
        return self is not IncidentStatus.RESOLVED


class IncidentKind(StrEnum):
    """An unplanned incident, or a maintenance announced as such."""

    INCIDENT = "incident"
    MAINTENANCE = "maintenance"


class LinkState(StrEnum):
    """How a report is tied to an incident."""

    AUTO = "auto"  # linked by the bot, its thread told
    PROPOSED = "proposed"  # waiting for a volunteer
    ACCEPTED = "accepted"  # linked by a volunteer
    UNLINKED = "unlinked"  # a volunteer said no: the bot says nothing more there

    @property
    def linked(self) -> bool:
        return self in (LinkState.AUTO, LinkState.ACCEPTED)


class ReportKind(StrEnum):
    """A member's forum topic or helpdesk ticket."""

    TOPIC = "topic"
    TICKET = "ticket"


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


@dataclass(frozen=True, kw_only=True)
class IncidentRow:
    """One incident."""

    id: int
    forum: str
    kind: IncidentKind
    title: str
    services: tuple[str, ...]
    status: IncidentStatus
    started_at: datetime
    resolved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    topic_id: int | None
    banner: bool

    @classmethod
    def of(cls, row: Mapping) -> IncidentRow:
        """Read a row of the incident table."""
        kind, status = IncidentKind(row["kind"]), IncidentStatus(row["status"])
        return cls(**{**row, "kind": kind, "status": status, "services": _csv(row["services"])})

    def to_dict(self) -> dict:
        """JSON-ready."""
        return _jsonable(self.__dict__)


@dataclass(frozen=True, kw_only=True)
class UpdateRow:
    """One step of an incident's timeline."""

    id: int
    forum: str
    incident_id: int
    at: datetime
    status: IncidentStatus
    message: str
    public: bool
    source_key: str
    held_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        """True while its follow-ups wait for a volunteer to approve the text."""
        return self.held_at is not None and self.approved_at is None

    @classmethod
    def of(cls, row: Mapping) -> UpdateRow:
        """Read a row of the incident_update table."""
        return cls(**{**row, "status": IncidentStatus(row["status"])})

    def to_dict(self) -> dict:
        return _jsonable(self.__dict__)


@dataclass(frozen=True, kw_only=True)
class ReportRow:
    """A member's report as linking stored it: terms and vector, never its text."""

    id: int
    forum: str
    kind: ReportKind
    system: str
    report_id: int
    number: str
    title: str
    url: str
    created_at: datetime
    lang: str
    terms: frozenset[str]
    vector: np.ndarray | None
    services: frozenset[str]
    symptoms: frozenset[str]

    @classmethod
    def of(cls, row: Mapping) -> ReportRow:
        """Read a row of the incident_report table."""
        vector = np.frombuffer(row["vector"], dtype=np.float32) if row["vector"] else None
        values = {
            **row,
            "kind": ReportKind(row["kind"]),
            "terms": frozenset(json.loads(row["terms"])),
            "vector": vector,
            "services": frozenset(_csv(row["services"])),
            "symptoms": frozenset(_csv(row["symptoms"])),
        }
        return cls(**values)

    @property
    def label(self) -> str:
        """How volunteers name it: "topic 4101", "zammad ticket 81 (no. 10081)"."""
        if self.kind is ReportKind.TOPIC:
            return f"topic {self.report_id}"
        number = f" (no. {self.number})" if self.number else ""
        return f"{self.system} ticket {self.report_id}{number}"


@dataclass(frozen=True, kw_only=True)
class LinkRow:
    """A report tied to an incident."""

    id: int
    forum: str
    incident_id: int
    report: int
    state: LinkState
    score: float
    scores: dict
    decided_by: str | None
    created_at: datetime
    updated_at: datetime
    still_failing_at: datetime | None
    still_failing_post: int | None

    @classmethod
    def of(cls, row: Mapping) -> LinkRow:
        """Read a row of the incident_link table."""
        values = {**row, "state": LinkState(row["state"]), "scores": json.loads(row["scores"])}
        return cls(**values)


def _jsonable(values: dict) -> dict:
    """Times as ISO strings, enums as their words, tuples as lists."""
    out = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple | frozenset):
            value = sorted(value) if isinstance(value, frozenset) else list(value)
        out[key] = str(value) if isinstance(value, StrEnum) else value
    return out
