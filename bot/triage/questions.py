"""The members' questions as the inbox received them, for the page to show beside a suggestion."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from bot import events
from bot.store.models.queues import InboxEvent

T = InboxEvent.__table__
FIRST_VERSION = 1


def question_texts(engine: Engine, forum: str, post_ids: list[int]) -> dict[int, str]:
    """post id -> the question's Markdown, read through the inbox's unique key (no scan).

    The inbox keeps done rows for COOPBOT_DONE_RETENTION_DAYS; an older question has none here
    and the page links to the topic instead.
    """
    if not post_ids:
        return {}
    keys = {events.post_key("post_created", p, FIRST_VERSION): p for p in post_ids}
    query = select(T.c.semantic_key, T.c.event).where(
        T.c.forum == forum, T.c.source == "discourse", T.c.semantic_key.in_(list(keys))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {keys[key]: json.loads(event).get("raw", "") for key, event in rows}
