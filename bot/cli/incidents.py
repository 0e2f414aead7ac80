"""`coopbot incident open | update | resolve | list | show | link | unlink` and `eval-incidents`
(`reopen` and `approve` in bot/cli/incident_decisions.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli import incident_decisions
from bot.clock import parse_time
from bot.context import Context
from bot.incidents import actions, decisions, queries
from bot.incidents.actions import Change, IncidentNotFound
from bot.incidents.decisions import AlreadyOpen, NothingToApprove, ReportNotFound
from bot.incidents.evaluation import Scenario, evaluate, format_report
from bot.incidents.model import IncidentKind, IncidentStatus, ReportKind
from bot.kb import entries
from bot.store.db import open_engine
from knowledge.documents import load_markdown_folder
from knowledge.errors import KnowledgeFormatError

STATUSES = [s.value for s in IncidentStatus]


def register(sub) -> None:
    """Add the incident commands to the parser."""
    box = sub.add_parser("incident", help="service incidents and the reports linked to them")
    isub = box.add_subparsers(dest="incident_command", required=True, metavar="ACTION")
    op = isub.add_parser("open", help="open an incident (its first message is public)")
    op.add_argument("--title", required=True, help="what members will read")
    op.add_argument("--services", default="", help="catalogue ids, comma-separated: mail,web")
    op.add_argument("--status", choices=STATUSES[:-1], default="investigating")
    op.add_argument("--message", default="", help="the first public message")
    op.add_argument("--started-at", help="ISO time it started (default: now)")
    op.add_argument("--maintenance", action="store_true", help="a planned maintenance")
    op.set_defaults(func=cmd_open)
    up = isub.add_parser("update", help="add a step; a public message reaches linked threads")
    up.add_argument("id", type=int)
    up.add_argument("--status", choices=STATUSES, help="the new status (default: unchanged)")
    up.add_argument("--message", default="", help="the update, as members will read it")
    up.add_argument("--private", action="store_true", help="for volunteers only")
    up.set_defaults(func=cmd_update)
    res = isub.add_parser("resolve", help="resolve: every linked thread hears it once")
    res.add_argument("id", type=int)
    res.add_argument("--message", default="", help="what was fixed, as members will read it")
    res.set_defaults(func=cmd_resolve)
    lst = isub.add_parser("list", help="open incidents, newest first")
    lst.add_argument("--all", action="store_true", help="recent resolved ones too")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)
    show = isub.add_parser("show", help="one incident: timeline, linked threads and tickets")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=cmd_show)
    for name, func, text in (
        ("link", cmd_link, "link a topic or ticket (or accept a proposal): it is told once"),
        ("unlink", cmd_unlink, "unlink a wrong link: the bot says nothing more there"),
    ):
        cmd = isub.add_parser(name, help=text)
        cmd.add_argument("id", type=int, help="the incident")
        target = cmd.add_mutually_exclusive_group(required=True)
        target.add_argument("--topic", type=int, help="a forum topic id")
        target.add_argument("--ticket", help="SYSTEM:ID, such as zammad:31052")
        cmd.set_defaults(func=func)
    incident_decisions.register(isub, _run)
    ev = sub.add_parser("eval-incidents", help="measure incident linking on a scenario")
    ev.add_argument("--incidents", required=True, help="incidents.json")
    ev.add_argument("--threads", required=True, help="threads JSONL")
    ev.add_argument("--tickets", help="tickets JSONL")
    ev.add_argument("--kb", help="a Markdown folder (default: the database's knowledge base)")
    ev.add_argument("--json", action="store_true", help="one JSON object")
    ev.set_defaults(func=cmd_eval)


def _context(settings) -> Context:
    return Context.build(settings)


def _run(settings, use_case) -> tuple[object, int]:
    """Run a use case; a missing incident or report, or a refused decision, is an error line
    and exit code 1."""
    context = _context(settings)
    try:
        return use_case(context), 0
    except (IncidentNotFound, ReportNotFound, AlreadyOpen, NothingToApprove) as e:
        print(f"coopbot incident: {e.args[0]}", file=sys.stderr)
        return None, 1
    finally:
        context.close()


def cmd_open(settings, args) -> int:
    """Open an incident."""
    services = tuple(s.strip() for s in args.services.split(",") if s.strip())
    kind = IncidentKind.MAINTENANCE if args.maintenance else IncidentKind.INCIDENT
    started = parse_time(args.started_at) if args.started_at else None
    change = Change(IncidentStatus(args.status), args.message)
    incident, code = _run(
        settings,
        lambda c: actions.open_incident(
            c, title=args.title, services=services, change=change, started_at=started, kind=kind
        ),
    )
    if incident:
        print(f"incident {incident.id} opened: {incident.title}")
    return code


def cmd_update(settings, args) -> int:
    """Add a step to an incident's timeline."""
    status = IncidentStatus(args.status) if args.status else None
    change = Change(status, args.message, public=not args.private)
    incident, code = _run(settings, lambda c: actions.update_incident(c, args.id, change))
    if incident:
        print(f"incident {incident.id}: {incident.status}")
    return code


def cmd_resolve(settings, args) -> int:
    """Resolve an incident."""
    incident, code = _run(settings, lambda c: actions.resolve_incident(c, args.id, args.message))
    if incident:
        print(f"incident {incident.id} resolved")
    return code


def cmd_list(settings, args) -> int:
    """List incidents."""
    with open_engine(settings.database_url) as engine:
        rows = queries.overview(engine, settings.forum_id, args.all)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no open incident" if not args.all else "no incident yet")
    for r in rows:
        still = f", {r['still_failing']} still failing" if r["still_failing"] else ""
        print(
            f"{r['id']:>5}  {r['status']:<13} {r['started_at'][:16]}  {r['reports']} reports, "
            f"{r['proposed']} proposed{still}  {r['title']}"
        )
    return 0


def cmd_show(settings, args) -> int:
    """Show one incident."""
    with open_engine(settings.database_url) as engine:
        found = queries.detail(engine, settings.forum_id, args.id)
    if found is None:
        print(f"coopbot incident: no incident {args.id}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    print(f"incident {found['id']} ({found['kind']}): {found['title']}")
    print(
        f"  {found['status']}, services {', '.join(found['services']) or '-'}, "
        f"since {found['started_at']}"
        + (f", resolved {found['resolved_at']}" if found["resolved_at"] else "")
    )
    for step in found["timeline"]:
        private = "" if step["public"] else " (private)"
        print(f"  {step['at'][:16]}  {step['status']:<13}{private} {step['message']}")
    if found["waiting_resolution"]:
        held = found["waiting_resolution"]["message"]
        print(f"  resolution waiting for review (coopbot incident approve {found['id']}): {held}")
    for link in found["links"]:
        still = (
            f"  STILL FAILING {link['still_failing_at'][:16]}" if link["still_failing_at"] else ""
        )
        print(
            f"  {link['state']:<9} {link['report']:<24} {link['score']:.2f}  {link['title']}{still}"
        )
    return 0


def _target(args) -> tuple[ReportKind, str, int] | None:
    """--topic N or --ticket SYSTEM:ID; None (and a line on stderr) when malformed."""
    if args.topic is not None:
        return ReportKind.TOPIC, "discourse", args.topic
    system, _, number = args.ticket.partition(":")
    if system not in ("zammad", "gitlab") or not number.isdigit():
        print("coopbot incident: --ticket expects zammad:ID or gitlab:ID", file=sys.stderr)
        return None
    return ReportKind.TICKET, system, int(number)


def cmd_link(settings, args) -> int:
    """Link a report by hand, or accept a proposal."""
    return _link(settings, args, decisions.link_report, "linked to incident {id}")


def cmd_unlink(settings, args) -> int:
    """Unlink a report."""
    said = "unlinked from incident {id}: nothing more will be said there"
    return _link(settings, args, decisions.unlink_report, said)


def _link(settings, args, use_case, said: str) -> int:
    target = _target(args)
    if target is None:
        return 2
    link, code = _run(settings, lambda c: use_case(c, args.id, *target))
    if link:
        print(said.format(id=args.id))
    return code


def cmd_eval(settings, args) -> int:
    """Replay a scenario and print precision and recall."""
    try:
        scenario = Scenario.load(args.incidents, args.threads, args.tickets)
        documents = load_markdown_folder(Path(args.kb)) if args.kb else None
    except (KnowledgeFormatError, OSError, ValueError) as e:  # ValueError: JSON, UTF-8
        print(f"coopbot eval-incidents: {e}", file=sys.stderr)
        return 1
    if documents is None:
        with open_engine(settings.database_url) as engine:
            documents = entries.documents(engine, settings.forum_id)
    result = evaluate(settings, scenario, documents)
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0
