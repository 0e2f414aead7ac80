"""Monitors and components: a change counts once it has lasted, so a flapping one says nothing.

Pure: the stored state of a source and a new beat in, the next step out. A down beat is
believed after COOPBOT_INCIDENT_CONFIRM_SECONDS without an up beat (then an incident
opens); an up beat on an open incident after as long without a down beat (then it is
resolved). A maintenance is announced at once: it was planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

DOWN, UP, MAINTENANCE = "down", "up", "maintenance"
# Where a status page's words fall, for a monitor or a component.
BEATS = {
    "investigating": DOWN,
    "identified": DOWN,
    "monitoring": DOWN,
    "resolved": UP,
    "maintenance": MAINTENANCE,
    "scheduled": MAINTENANCE,
}
SIGNAL_PREFIXES = ("monitor:", "component:")


def is_signal(external_id: str) -> bool:
    """Monitors and components report states; status-page incidents are written by people."""
    return external_id.startswith(SIGNAL_PREFIXES)


@dataclass(frozen=True)
class Stored:
    """What the bot remembers of a source."""

    state: str | None = None
    since: datetime | None = None
    incident_open: bool = False


@dataclass(frozen=True)
class Step:
    """What to do: the state to remember from when, whether to check it later, open now."""

    state: str | None = None  # None: remember nothing new
    since: datetime | None = None
    check: bool = False  # confirm the state after the delay
    maintenance: bool = False  # announce a maintenance now


NOTHING = Step()


def after_beat(stored: Stored, beat: str, at: datetime) -> Step:
    """The step a new beat calls for."""
    if beat == MAINTENANCE:
        return Step(MAINTENANCE, at, maintenance=stored.state != MAINTENANCE)
    if beat == DOWN:
        if stored.state in (DOWN, MAINTENANCE):
            return NOTHING  # still down (or down for the planned work)
        # an up beat on an open incident waited to resolve it: the wait is over
        return Step(DOWN, at, check=not stored.incident_open)
    if stored.state in (DOWN, MAINTENANCE):
        # up again: resolve after the delay, or, before any incident, a flap: say nothing
        return Step(UP, at, check=stored.incident_open)
    return NOTHING


def confirmed(stored: Stored, state: str, since: datetime) -> bool:
    """True when a check finds the source still in the state it was in `since`."""
    return stored.state == state and stored.since == since
