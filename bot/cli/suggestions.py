"""`coopbot suggestions list | approve | reject | resume-whispers`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from bot.context import Context
from bot.store import state
from bot.store.db import open_engine
from bot.suggestions import queries
from bot.suggestions.decisions import Actor, DecisionError, DecisionSource, RejectReason
from bot.suggestions.decisions import approve as approve_suggestion
from bot.suggestions.decisions import reject as reject_suggestion


def register(sub) -> None:
    """Add the suggestion commands to the parser."""
    box = sub.add_parser("suggestions", help="suggestions waiting for volunteers")
    boxsub = box.add_subparsers(dest="suggestions_command", required=True, metavar="ACTION")
    lst = boxsub.add_parser("list", help="newest first")
    lst.add_argument("--status", help="only this status (pending, approved, rejected ...)")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)
    ok = boxsub.add_parser("approve", help="publish a suggestion's reply")
    ok.add_argument("id", type=int, help="the suggestion's id")
    ok.add_argument("--entries", type=_positions, help="publish these entries only: 1,2")
    _actor(ok)
    ok.set_defaults(func=cmd_approve)
    no = boxsub.add_parser("reject", help="close a suggestion without a reply")
    no.add_argument("id", type=int, help="the suggestion's id")
    no.add_argument("--reason", required=True, choices=[r.value for r in RejectReason])
    no.add_argument("--note", default="", help="a few words for the audit log")
    _actor(no)
    no.set_defaults(func=cmd_reject)
    resume = boxsub.add_parser(
        "resume-whispers", help="whisper suggestions again once Discourse allows the bot to"
    )
    resume.set_defaults(func=cmd_resume_whispers)


def _actor(parser) -> None:
    parser.add_argument("--as", dest="actor", help="who decides (default: your login name)")


def who(args) -> str:
    """The name the audit log keeps: --as, else the login name."""
    if args.actor:
        return args.actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid, as in some containers
        return "cli"


def _positions(text: str) -> tuple[int, ...]:
    """`1,2` -> (1, 2)."""
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        expected = f"expected entry numbers such as 1,2, got {text!r}"
        raise argparse.ArgumentTypeError(expected) from None


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


def _decided(settings, decide) -> int:
    """Run a decision; print its outcome, or why it was refused (exit 1)."""
    context = Context.build(settings)
    try:
        row = decide(context)
    except DecisionError as e:
        print(f"coopbot: {e}", file=sys.stderr)
        return 1
    finally:
        context.close()
    print(f"suggestion #{row.id} {row.status} by {row.decided_by}")
    return 0


def cmd_approve(settings, args) -> int:
    """Approve from the command line."""
    actor = Actor(who(args), DecisionSource.CLI)
    return _decided(
        settings, lambda context: approve_suggestion(context, args.id, actor, entries=args.entries)
    )


def cmd_reject(settings, args) -> int:
    """Reject from the command line."""
    actor = Actor(who(args), DecisionSource.CLI)
    reason = RejectReason(args.reason)
    return _decided(
        settings, lambda context: reject_suggestion(context, args.id, actor, reason, args.note)
    )


def cmd_resume_whispers(settings, _args) -> int:
    """Forget Discourse's refusal of whispers: the next suggestions whisper again."""
    with open_engine(settings.database_url) as engine:
        refused = state.whispers_refused(engine, settings.forum_id)
        state.forget(engine, settings.forum_id, state.WHISPERS_REFUSED)
    print(f"whispers resumed (the refusal was: {refused})" if refused else "no refusal recorded")
    return 0
