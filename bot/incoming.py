"""A delivery as the inbox records it: a normalized event, or why none is kept."""

from __future__ import annotations

from dataclasses import dataclass

from bot.events import Event


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """A verified, normalized delivery, ready to be recorded."""

    source: str
    kind: str
    semantic_key: str
    event: Event | None = None
    delivery_id: str | None = None
    ignored_reason: str | None = None
    raw_body: bytes | None = None

    @property
    def acted_on(self) -> bool:
        """False for pings, unhandled types and filtered events."""
        return self.event is not None and self.ignored_reason is None
