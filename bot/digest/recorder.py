"""Event handlers that keep the digest's record of public activity (no text but titles)."""

from __future__ import annotations

from bot.clock import parse_time, utcnow
from bot.digest import records
from bot.digest.values import Incident, Member, PostActivity, TopicActivity
from bot.events import QUESTION_POST
from bot.forum import categories

NOT_INCIDENTS = {"maintenance", "scheduled"}  # planned work, not a breakage
NOT_MEMBERS = {"system"}  # Discourse's own user


def _where(context, category_id: int | None) -> bool | None:
    """None for a category that is not public, else whether it is a support category.

    The worker has scrubbed an event of a category that is not public before any handler
    (bot/restricted.py); this asks again, so that a recorder called on its own keeps the rule.
    """
    if categories.public_refusal(context.forum, category_id):
        return None
    support = context.settings.support_categories
    return categories.support_refusal(context.forum, category_id, support) is None


def record_topic(context, event) -> None:
    """A new public topic joins the record."""
    support = _where(context, event.category_id)
    if support is None:
        return
    topic = _opened(event.topic_id, event.title, event.username, event.created_at, support)
    with context.engine.begin() as conn:
        _put_opened(conn, context.settings.forum_id, topic, event.category_id)


def record_post(context, event) -> None:
    """A public post joins the record; a question also records its topic."""
    support = _where(context, event.category_id)
    if support is None:
        return
    post = PostActivity(
        post_id=event.post_id,
        topic_id=event.topic_id,
        post_number=event.post_number,
        author=event.username,
        created_at=parse_time(event.created_at) or utcnow(),
    )
    forum = context.settings.forum_id
    with context.engine.begin() as conn:
        records.put_post(conn, forum, post, event.category_id)
        if event.post_number == QUESTION_POST:
            opened = _opened(
                event.topic_id, event.topic_title, event.username, event.created_at, support
            )
            _put_opened(conn, forum, opened, event.category_id)


def _opened(topic_id: int, title: str, author: str, created_at: str, support: bool):
    """A topic as its creation (or its question) tells it."""
    return TopicActivity(
        topic_id=topic_id,
        title=title,
        support=support,
        author=author,
        created_at=parse_time(created_at) or utcnow(),
    )


def _put_opened(conn, forum: str, topic: TopicActivity, category_id: int | None) -> None:
    """Record a topic once; fill a row its solution created before its creation arrived."""
    records.put_topic(conn, forum, topic, source="events", category_id=category_id)
    records.complete_topic(conn, forum, topic, category_id)


def record_solution(context, event) -> None:
    """An accepted answer marks its public topic solved, with the answer's author."""
    _solution(context, event, solved=True)


def record_unsolved(context, event) -> None:
    """A withdrawn answer marks the topic unsolved again."""
    _solution(context, event, solved=False)


def _solution(context, event, *, solved: bool) -> None:
    support = _where(context, event.category_id)
    if support is None:
        return
    topic = TopicActivity(
        topic_id=event.topic_id,
        title=event.topic_title,
        support=support,
        solved=solved,
        solved_at=(parse_time(event.updated_at) or utcnow()) if solved else None,
        accepted_author=event.username if solved else "",
    )
    with context.engine.begin() as conn:
        records.put_solution(conn, context.settings.forum_id, topic, event.category_id)


def record_member(context, event) -> None:
    """A member who joined is recorded by username, with whether they hide their profile."""
    joined = parse_time(event.created_at)
    ignored = NOT_MEMBERS | {context.settings.bot_username.lower()}
    if joined is None or not event.username or event.username.lower() in ignored:
        return
    member = Member(username=event.username, joined_at=joined, opted_out=event.hide_profile)
    with context.engine.begin() as conn:
        records.put_member(conn, context.settings.forum_id, member, event.user_id)


def record_ticket(context, event) -> None:
    """A ticket's opening and closing times; nothing of its content."""
    at = parse_time(event.updated_at) or utcnow()
    times = {
        "created": {"opened_at": parse_time(event.created_at) or at},
        "closed": {"closed_at": at},
        "reopened": {"closed_at": None},
    }.get(event.action)
    if times:
        with context.engine.begin() as conn:
            records.put_ticket(
                conn, context.settings.forum_id, event.system, event.ticket_id, **times
            )


def record_incident(context, event) -> None:
    """An incident opens on its first report and closes on its resolution."""
    if event.status in NOT_INCIDENTS:
        return
    key, at = f"{event.system}:{event.external_id}", parse_time(event.updated_at) or utcnow()
    forum = context.settings.forum_id
    with context.engine.begin() as conn:
        began = records.open_incident_start(conn, forum, key)
        resolved = event.status == "resolved"
        if resolved and began is None and not event.started_at:
            return  # a monitor back up, or a resolution of an incident never seen open
        incident = Incident(
            title=event.title,
            started_at=began or parse_time(event.started_at) or at,
            resolved_at=(parse_time(event.resolved_at) or at) if resolved else None,
            services=event.components,
            url=event.url,
        )
        # A later "resolved" of an incident already closed (a postmortem) keeps its end.
        records.put_incident(conn, forum, key, incident, replace=not resolved or bool(began))
