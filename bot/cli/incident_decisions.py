"""`coopbot incident reopen | approve`: a volunteer's decisions on a resolved incident."""

from __future__ import annotations

from functools import partial

from bot.cli.suggestions import who
from bot.incidents import decisions


def register(isub, run) -> None:
    """Add reopen and approve to `coopbot incident`; `run` runs a use case as the others do."""
    reo = isub.add_parser("reopen", help="reopen a resolved incident (it still fails)")
    reo.add_argument("id", type=int)
    reo.add_argument("--message", default="", help="a public message to the linked threads")
    reo.add_argument("--as", dest="actor", help="who reopens (default: your login name)")
    reo.set_defaults(func=partial(cmd_reopen, run=run))
    app = isub.add_parser(
        "approve",
        help="publish a resolution held for review (COOPBOT_INCIDENT_REVIEW_RESOLUTION), once",
    )
    app.add_argument("id", type=int)
    app.add_argument("--message", help="the resolution's text (default: as the status said)")
    app.add_argument("--as", dest="actor", help="who approves (default: your login name)")
    app.set_defaults(func=partial(cmd_approve, run=run))


def cmd_reopen(settings, args, run) -> int:
    """Reopen a resolved incident."""
    by = who(args)
    incident, code = run(
        settings, lambda c: decisions.reopen_incident(c, args.id, args.message, by)
    )
    if incident:
        print(f"incident {incident.id} reopened: {incident.status}")
    return code


def cmd_approve(settings, args, run) -> int:
    """Approve a held resolution, its text possibly replaced."""
    by = who(args)
    update, code = run(
        settings, lambda c: decisions.approve_resolution(c, args.id, by, args.message)
    )
    if update:
        print(f"incident {args.id}: the resolution goes out to the linked threads and tickets")
    return code
