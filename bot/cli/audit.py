"""`coopbot audit`: every decision on a suggestion, who took it, when and from where."""

from __future__ import annotations

import argparse
import json

from bot.clock import parse_time
from bot.store import audit
from bot.store.db import open_engine


def register(sub) -> None:
    """Add the audit command to the parser."""
    cmd = sub.add_parser("audit", help="decisions on suggestions, oldest first")
    cmd.add_argument("--since", type=_moment, help="from this ISO date or time on (UTC)")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.set_defaults(func=cmd_audit)


def _moment(text: str):
    moment = parse_time(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"expected an ISO date such as 2026-12-01, got {text!r}")
    return moment


def cmd_audit(settings, args) -> int:
    """Print the audit log."""
    with open_engine(settings.database_url) as engine:
        lines = audit.lines(engine, settings.forum_id, args.since)
    if args.json:
        print(json.dumps([line.to_dict() for line in lines], indent=2, ensure_ascii=False))
        return 0
    if not lines:
        print("no decisions yet")
    for line in lines:
        detail = " ".join(f"{k}={_shown(v)}" for k, v in line.detail.items() if v not in ("", []))
        print(
            f"{line.at:%Y-%m-%d %H:%M:%S}  {line.actor:<16} {line.source:<6} {line.action:<9} "
            f"#{line.suggestion_id}  {detail}".rstrip()
        )
    return 0


def _shown(value) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)
