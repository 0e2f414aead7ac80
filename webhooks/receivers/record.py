"""The Receiver record: everything the app, /healthz and the tests need to know of a sender."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Request

from bot.incoming import Incoming
from bot.settings import Settings

Verify = Callable[[Settings, Request, bytes], None]
Normalize = Callable[[Settings, Request, bytes], Incoming]


@dataclass(frozen=True, kw_only=True)
class Receiver:
    """One sender: where it posts, which setting holds its secret, how to check and read it."""

    name: str
    path: str
    setting: str  # the Settings field holding its secrets or tokens
    verify: Verify
    normalize: Normalize
    delivery_header: str | None = None  # the sender's own id for a delivery, when it has one

    @property
    def env_var(self) -> str:
        """The environment variable that sets the secret."""
        return "COOPBOT_" + self.setting.upper()

    def secrets(self, settings: Settings) -> tuple[str, ...]:
        """The accepted secrets (two during a rotation)."""
        return getattr(settings, self.setting)

    def state(self, settings: Settings) -> str:
        """Whether it accepts deliveries, and what to set when it does not."""
        if self.secrets(settings):
            return "configured"
        return f"refusing all deliveries: set {self.env_var}"
