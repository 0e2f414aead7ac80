"""Every sender coopbot listens to: one Receiver record each, grouped in three blueprints."""

from __future__ import annotations

from webhooks.receivers import discourse, status, tickets
from webhooks.receivers.record import Receiver

BLUEPRINTS = (discourse.bp, tickets.bp, status.bp)
RECEIVERS: tuple[Receiver, ...] = discourse.RECEIVERS + tickets.RECEIVERS + status.RECEIVERS


def receiver_states(settings) -> dict[str, str]:
    """Say which receivers accept deliveries and why the others refuse them."""
    return {r.name: r.state(settings) for r in RECEIVERS}


def delivery_headers() -> tuple[str, ...]:
    """The headers that carry a sender's delivery id."""
    return tuple(r.delivery_header for r in RECEIVERS if r.delivery_header)
