"""Digest tests: the project's own week and calendar, and small builders of activity."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.digest.values import TopicActivity

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "digest"
WEEK_FILE = FIXTURES / "week_small.json"
CALENDAR = FIXTURES / "coop.ics"
PARIS = "Europe/Paris"


def utc(*parts: int) -> datetime:
    """An aware UTC time."""
    return datetime(*parts, tzinfo=UTC)


def topic(topic_id: int, created_at: datetime, **fields) -> TopicActivity:
    """A public topic with a title naming it."""
    fields.setdefault("title", f"Sujet {topic_id}")
    return TopicActivity(topic_id=topic_id, created_at=created_at, **fields)


@pytest.fixture
def week_file() -> Path:
    return WEEK_FILE
