"""`coopbot volunteer add | remove | list`: local accounts of the triage page."""

from __future__ import annotations

import sys

from bot.store import volunteers
from bot.store.db import open_engine
from bot.triage import accounts


def register(sub) -> None:
    """Add the volunteer commands to the parser."""
    vol = sub.add_parser("volunteer", help="local accounts of the triage page")
    volsub = vol.add_subparsers(dest="volunteer_command", required=True, metavar="ACTION")
    add = volsub.add_parser("add", help="create an account and print its password")
    add.add_argument("name", help="the volunteer's name (letters, digits, . _ -)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(func=cmd_add)
    rm = volsub.add_parser("remove", help="delete an account (its sessions end at once)")
    rm.add_argument("name")
    rm.set_defaults(func=cmd_remove)
    volsub.add_parser("list", help="every account, by name").set_defaults(func=cmd_list)


def cmd_add(settings, args) -> int:
    """Create a local account; print the generated password unless one came on stdin."""
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    with open_engine(settings.database_url) as engine:
        try:
            chosen = accounts.add(engine, settings.forum_id, args.name, password)
        except accounts.AccountError as e:
            print(f"coopbot: {e}", file=sys.stderr)
            return 1
    print(f"user: {args.name}")
    if password is None:
        print(f"password: {chosen}")
    if settings.discourse_connect:
        print("note: DiscourseConnect is on, so the page logs in through the forum only")
    return 0


def cmd_remove(settings, args) -> int:
    """Delete a local account."""
    with open_engine(settings.database_url) as engine:
        removed = volunteers.remove(engine, settings.forum_id, args.name)
    if not removed:
        print(f"coopbot: no volunteer named {args.name!r}", file=sys.stderr)
        return 1
    print(f"removed {args.name}")
    return 0


def cmd_list(settings, _args) -> int:
    """Print every local account."""
    with open_engine(settings.database_url) as engine:
        rows = volunteers.names(engine, settings.forum_id)
    if not rows:
        print("no local volunteers", file=sys.stderr)
    for name, created in rows:
        print(f"{name}  added {created:%Y-%m-%d %H:%M}")
    return 0
