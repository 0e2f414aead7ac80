"""`coopbot config check`: settings, database, the forum, health, and what is left to do."""

from __future__ import annotations

import contextlib
import json

from sqlalchemy.exc import SQLAlchemyError

from bot import checklist, health
from bot.context import Context, describe_database
from bot.forum.client import ForumError
from bot.store import db, state


def register(sub) -> None:
    """Add the config commands to the parser."""
    cfg = sub.add_parser("config", help="settings")
    cfgsub = cfg.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = cfgsub.add_parser(
        "check", help="effective settings (secrets masked), forum, health, what is left to do"
    )
    check.set_defaults(func=cmd_config_check)


def cmd_config_check(settings, _args) -> int:
    """Print the settings, a forum call, the full health report and the steps left; 1 unless ok."""
    from webhooks.receivers import receiver_states

    context = Context.build(settings)
    try:
        print("Settings:")
        for name, value in context.settings.masked().items():
            print(f"  {name} = {value}")
        print(f"Database: {describe_database(settings)}")
        forum_error, by_id = _check_forum(context)
        report = health.report(context, receiver_states(context.settings))
        _print_whispers(report)
        print("Health:")
        print("  " + json.dumps(report, indent=2, default=str).replace("\n", "\n  "))
        problems = checklist.support_problems(by_id, settings.support_categories) if by_id else []
        steps = checklist.todo(
            settings,
            schema=_schema(context),
            forum_error=forum_error,
            support_problems=problems,
            whispers_refused=(report.get("whispers") or {}).get("refused"),
        )
    finally:
        context.close()
    print("To do, in this order:")
    for n, step in enumerate(steps, start=1):
        print(f"  {n}. {step}")
    return 0 if report["status"] == "ok" and forum_error is None else 1


def _print_whispers(report: dict) -> None:
    """Say once, plainly, whether volunteers get the bot's whispers."""
    refused = (report.get("whispers") or {}).get("refused")
    if refused:
        print(f"Whispers: {health.whispers_reason(refused)}")
    elif "whispers" in report:
        print("Whispers: none refused so far")


def _schema(context) -> str:
    """ok, unreachable, or outdated (missing tables or an older revision than this code's)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(db.alembic_config(context.settings.database_url))
    try:
        current = db.current_revision(context.engine)
    except SQLAlchemyError:
        return "unreachable"
    return "ok" if current == head.get_current_head() else "outdated"


def _check_forum(context) -> tuple[str | None, dict]:
    """Call Discourse when configured: (its error or None, its categories by id or {}).

    The outcome is recorded, so that health knows whether the forum accepts the API key.
    """
    if context.settings.dry_run:  # its categories come from deliveries: nothing to check
        print("Forum: dry run (no COOPBOT_DISCOURSE_URL): posts are recorded, not sent")
        return None, {}
    url = context.settings.discourse_url
    try:
        about = context.forum.about()
        by_id = {c.id: c for c in context.forum.categories()}
    except ForumError as e:
        print(f"Forum: {url} answered with an error: {e}")
        _note_forum_call(context, e)
        return str(e), {}
    print(f"Forum: {url} reachable ({about.get('title', '?')}), {len(by_id)} categories")
    _note_forum_call(context)
    return None, by_id


def _note_forum_call(context, error: Exception | None = None) -> None:
    """Record the outcome; a database that cannot is reported by the health check itself."""
    with contextlib.suppress(SQLAlchemyError):
        state.note_forum_call(context.engine, context.settings.forum_id, error)
