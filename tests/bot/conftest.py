"""Fixtures of the bot's tests."""

from __future__ import annotations

import pytest

from tests.bot.suggesting import seed_support


@pytest.fixture
def support(context, forum, engine) -> dict[str, int]:
    """A public support category, a staff-only one, another public one, and the small base."""
    return seed_support(context, forum, engine)
