"""Fixtures of the forum tests: one fake Discourse per session, reset between tests."""

from __future__ import annotations

import pytest

from bot.forum.memory import MemoryForum


@pytest.fixture(params=["memory", "discourse"])
def forum_pair(request):
    """(client, seeder): a forum client and the object that seeds its data."""
    if request.param == "memory":
        memory = MemoryForum()
        return memory, memory
    fake = request.getfixturevalue("fake_discourse")
    return request.getfixturevalue("discourse_forum"), fake
