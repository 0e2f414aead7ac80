"""Zammad and GitLab payloads -> TicketChanged events."""

from __future__ import annotations

from bot.events import TicketChanged
from bot.incoming import Incoming
from webhooks.receivers.payload import MalformedEvent, integer, items, obj, parse_json, text, texts

ZAMMAD_CLOSED_STATES = {"closed", "merged", "removed"}
GITLAB_ACTIONS = {"open": "created", "close": "closed", "reopen": "reopened", "update": "updated"}


def zammad_action(ticket: dict, article: dict) -> tuple[str, str]:
    """Derive what happened, since Zammad sends no action field; say how."""
    state = text(ticket, "state")
    if state in ZAMMAD_CLOSED_STATES:
        return "closed", f"ticket.state is {state!r}"
    if not article:
        return "updated", "article is empty: a change without a new message"
    ids = [
        i for i in items(ticket, "article_ids") if isinstance(i, int) and not isinstance(i, bool)
    ]
    first = min(ids, default=article.get("id"))
    if article.get("id") == first or ticket.get("article_count") == 1:
        return "created", "article is the ticket's first"
    return "note", "article is a later message"


def normalize_zammad(headers, body: bytes) -> Incoming:
    """Turn a Zammad trigger delivery into a TicketChanged."""
    data = parse_json(body)
    ticket = obj(data, "ticket", "")
    article = data.get("article") or {}
    if not isinstance(article, dict):
        raise MalformedEvent("article: expected an object")
    ticket_id = integer(ticket, "id", "ticket.")
    action, derived = zammad_action(ticket, article)
    # Internal notes are for agents only: their text never enters the bot, raw body included.
    internal = bool(article.get("internal"))
    body_text = "" if internal else text(article, "body")
    event = TicketChanged(
        system="zammad",
        ticket_id=ticket_id,
        number=text(ticket, "number"),
        title=text(ticket, "title"),
        body=body_text,
        state=text(ticket, "state"),
        action=action,
        action_source=derived,
        tags=texts(ticket, "tags"),
        created_at=text(ticket, "created_at"),
        updated_at=text(ticket, "updated_at"),
    )
    key = f"ticket:{ticket_id}:{event.updated_at}:{article.get('id', '')}:{event.state}"
    delivery = headers.get("X-Zammad-Delivery") or None
    return Incoming(
        source="zammad",
        kind=f"ticket_{action}",
        delivery_id=delivery,
        semantic_key=key,
        event=event,
        raw_body=None if internal else body,
    )


def normalize_gitlab(headers, body: bytes) -> Incoming:
    """Turn a GitLab Issue Hook into a TicketChanged; other hooks are ignored."""
    data = parse_json(body)
    delivery = headers.get("Idempotency-Key") or headers.get("X-Gitlab-Event-UUID") or None
    if data.get("object_kind") not in ("issue", "work_item"):
        kind = text(data, "object_kind", "unknown")
        key = f"{kind}:{delivery}"
        return Incoming(
            source="gitlab",
            kind=kind,
            delivery_id=delivery,
            semantic_key=key,
            ignored_reason="unhandled event type",
        )
    issue = obj(data, "object_attributes", "")
    issue_id = integer(issue, "id", "object_attributes.")
    raw_action = text(issue, "action", "update")
    # A confidential issue's title and description are for its project's members only.
    confidential = bool(issue.get("confidential"))
    event = TicketChanged(
        system="gitlab",
        ticket_id=issue_id,
        number=text(issue, "iid"),
        title="" if confidential else text(issue, "title"),
        body="" if confidential else text(issue, "description"),
        state=text(issue, "state"),
        action=GITLAB_ACTIONS.get(raw_action, "updated"),
        action_source=f"object_attributes.action is {raw_action!r}",
        tags=texts(data, "labels", name="title"),
        url=text(issue, "url"),
        created_at=text(issue, "created_at"),
        updated_at=text(issue, "updated_at"),
    )
    key = f"issue:{issue_id}:{raw_action}:{event.updated_at}"
    return Incoming(
        source="gitlab",
        kind=f"issue_{raw_action}",
        delivery_id=delivery,
        semantic_key=key,
        event=event,
        raw_body=None if confidential else body,
    )
