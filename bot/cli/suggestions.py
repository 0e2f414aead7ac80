"""`coopbot suggestions list | resume-whispers`."""

from __future__ import annotations

import json
import sys

from bot.store import state
from bot.store.db import open_engine
from bot.suggestions import queries


def register(sub) -> None:
    """Add the suggestion commands to the parser."""
    box = sub.add_parser("suggestions", help="suggestions waiting for volunteers")
    boxsub = box.add_subparsers(dest="suggestions_command", required=True, metavar="ACTION")
    lst = boxsub.add_parser("list", help="newest first")
    lst.add_argument("--status", help="only this status (pending, approved, rejected ...)")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)
    resume = boxsub.add_parser(
        "resume-whispers", help="whisper suggestions again once Discourse allows the bot to"
    )
    resume.set_defaults(func=cmd_resume_whispers)


def cmd_list(settings, args) -> int:
    """List stored suggestions."""
    with open_engine(settings.database_url) as engine:
        rows = queries.list_suggestions(engine, settings.forum_id, args.status)
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no suggestions yet", file=sys.stderr)
    for r in rows:
        entries = ", ".join(h.entry_id for h in r.hits)
        print(f"{r.id:>5}  topic {r.topic_id:<7} {r.status:<9} {entries}  {r.title}")
    return 0


def cmd_resume_whispers(settings, _args) -> int:
    """Forget Discourse's refusal of whispers: the next suggestions whisper again."""
    with open_engine(settings.database_url) as engine:
        refused = state.whispers_refused(engine, settings.forum_id)
        state.forget(engine, settings.forum_id, state.WHISPERS_REFUSED)
    print(f"whispers resumed (the refusal was: {refused})" if refused else "no refusal recorded")
    return 0
