"""`coopbot inbox list | show | retry`."""

from __future__ import annotations

import json

from bot.store import inbox
from bot.store.db import open_engine
from bot.store.status import InboxStatus


def register(sub) -> None:
    """Add the inbox commands to the parser."""
    box = sub.add_parser("inbox", help="inspect and replay received events")
    boxsub = box.add_subparsers(dest="inbox_command", required=True, metavar="ACTION")
    lst = boxsub.add_parser("list", help="newest events first")
    statuses = [s.value for s in InboxStatus]
    lst.add_argument("--status", choices=statuses, help="only events with this status")
    lst.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)
    show = boxsub.add_parser("show", help="one event, normalized, with its last error")
    show.add_argument("id", type=int)
    show.set_defaults(func=cmd_show)
    retry = boxsub.add_parser("retry", help="put an event (or every dead one) back in the queue")
    group = retry.add_mutually_exclusive_group(required=True)
    group.add_argument("id", type=int, nargs="?", help="the event's id")
    group.add_argument("--dead", action="store_true", help="every dead event")
    retry.set_defaults(func=cmd_retry)


def _summary(row) -> dict:
    """The columns worth showing in a list."""
    return {
        "id": row.id,
        "received_at": row.received_at.isoformat(),
        "source": row.source,
        "kind": row.kind,
        "status": row.status,
        "attempts": row.attempts,
        "reason": row.ignored_reason,
        "last_error": row.last_error,
    }


def cmd_list(settings, args) -> int:
    """List inbox rows."""
    status = InboxStatus(args.status) if args.status else None
    with open_engine(settings.database_url) as engine:
        rows = inbox.list_rows(engine, status, args.limit)
    if args.json:
        print(json.dumps([_summary(r) for r in rows], indent=2))
        return 0
    if not rows:
        print("inbox is empty" if not args.status else f"no {args.status} events")
    for r in rows:
        note = r.ignored_reason or (r.last_error or "").splitlines()[0:1]
        note = note if isinstance(note, str) else "".join(note)
        print(
            f"{r.id:>7}  {r.received_at:%Y-%m-%d %H:%M:%S}  {r.source:<11} {r.kind:<22} "
            f"{r.status:<8} {r.attempts:>2}  {note}"
        )
    return 0


def cmd_show(settings, args) -> int:
    """Show one row in full (raw body excluded)."""
    with open_engine(settings.database_url) as engine:
        row = inbox.load(engine, args.id)
    if row is None:
        print(f"no inbox event with id {args.id}")
        return 1
    details = _summary(row) | {
        "forum": row.forum,
        "delivery_id": row.delivery_id,
        "semantic_key": row.semantic_key,
        "next_attempt_at": row.next_attempt_at.isoformat(),
        "claimed_by": row.claimed_by,
        "forum_unavailable_since": _iso(row.unavailable_since),
        "raw_body_kept": bool(row.raw_body),
    }
    print(json.dumps(details | _event(row.event), indent=2, ensure_ascii=False))
    return 0


def _iso(moment) -> str | None:
    """A time for JSON, or None."""
    return moment.isoformat() if moment else None


def _event(text: str) -> dict:
    """The stored event, parsed; as stored, with a note, when it is not valid JSON."""
    try:
        return {"event": json.loads(text)}
    except ValueError:
        return {"event": text, "note": "the stored event is not valid JSON: shown as stored"}


def cmd_retry(settings, args) -> int:
    """Requeue rows."""
    with open_engine(settings.database_url) as engine:
        count = inbox.retry(engine, dead=True) if args.dead else inbox.retry(engine, [args.id])
    print(f"{count} event(s) queued again")
    return 0 if count or args.dead else 1
