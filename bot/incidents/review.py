"""COOPBOT_INCIDENT_REVIEW_RESOLUTION: a resolution's follow-ups wait for a volunteer.

The resolution is a step of the timeline like any other; when the setting is on, its row is
marked held instead of being told, and `decisions.approve_resolution` tells it once approved,
with the text the volunteer may have edited. Pure decisions only.
"""

from __future__ import annotations

from dataclasses import replace

from bot.incidents.model import IncidentStatus, UpdateRow


def holds(settings, update: UpdateRow) -> bool:
    """True when this step's follow-ups must wait for a volunteer's approval."""
    resolution = update.public and update.status is IncidentStatus.RESOLVED
    return settings.incident_review_resolution and resolution


def reopening(change, by: str):
    """The step a volunteer's reopening adds: its key names who, so a replay adds none."""
    key = change.source_key or f"reopen:{by}:{change.at.isoformat()}"
    return replace(change, source_key=key)
