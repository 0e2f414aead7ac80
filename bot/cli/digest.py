"""`coopbot digest preview | publish` and `coopbot import-activity FILE`."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from bot.clock import utcnow
from bot.context import Context, make_forum
from bot.digest import activity, publish, render
from bot.digest.publish import DigestNotConfigured
from bot.digest.runs import RunStatus
from bot.digest.week import BadWeek, last_complete_week, week
from bot.forum.client import ForumError
from bot.store.db import open_engine, upgrade


def register(sub) -> None:
    """Add the digest commands to the parser."""
    box = sub.add_parser("digest", help="the weekly digest of coop life")
    dsub = box.add_subparsers(dest="digest_command", required=True, metavar="ACTION")
    pre = dsub.add_parser("preview", help="print a week's digest; nothing is stored or posted")
    _week_option(pre)
    pre.add_argument("--format", choices=("markdown", "html"), default="markdown")
    pre.set_defaults(func=cmd_preview)
    pub = dsub.add_parser("publish", help="post a week's digest (once), or its stored preview")
    _week_option(pub)
    pub.add_argument("--body", help="a Markdown file to post instead of the built digest")
    pub.add_argument("--by", default="", help="who publishes (recorded on the run)")
    pub.set_defaults(func=cmd_publish)
    imp = sub.add_parser("import-activity", help="load a week of coop life (week.json's format)")
    imp.add_argument("file", help="a JSON week such as ../shared/eval/digest/week.json")
    imp.set_defaults(func=cmd_import_activity)


def _week_option(parser) -> None:
    parser.add_argument(
        "--week", help="ISO week such as 2026-W47 (default: the last week that has ended)"
    )


def _week(settings, args):
    if args.week:
        return week(args.week, settings.timezone)
    return last_complete_week(utcnow(), settings.timezone)


def cmd_preview(settings, args) -> int:
    """Print the digest as Markdown (what would be posted) or HTML."""
    try:
        chosen = _week(settings, args)
    except BadWeek as e:
        print(f"coopbot digest preview: {e}", file=sys.stderr)
        return 2
    with open_engine(settings.database_url) as engine:
        try:
            digest = publish.preview(Context(settings, engine, make_forum(settings)), chosen)
        except ForumError as e:
            print(
                f"coopbot digest preview: the forum cannot say which categories are public: {e}",
                file=sys.stderr,
            )
            return 1
    title = render.title(digest, settings.language)
    if args.format == "html":
        print(f"<h1>{html.escape(title)}</h1>\n{render.html(digest, settings.language)}")
    else:
        print(f"# {title}\n\n{render.markdown(digest, settings.language)}")
    return 0


def cmd_publish(settings, args) -> int:
    """Queue the week's digest for the worker, once; say what became of it."""
    try:
        chosen = _week(settings, args)
        body = Path(args.body).read_text(encoding="utf-8") if args.body else None
    except (BadWeek, OSError) as e:
        print(f"coopbot digest publish: {e}", file=sys.stderr)
        return 2
    with open_engine(settings.database_url) as engine:
        context = Context(settings, engine, make_forum(settings))
        try:
            run = publish.publish_week(context, chosen, by=args.by or "command line", body=body)
        except (DigestNotConfigured, ForumError) as e:
            print(f"coopbot digest publish: {e}", file=sys.stderr)
            return 1
    if run.status is RunStatus.QUEUED:
        print(
            f"{chosen.label}: «{run.title}» queued as outbox post {run.outbox_id}; "
            "the worker posts it (once)"
        )
    return 0


def cmd_import_activity(settings, args) -> int:
    """Load a week file into the records; e-mail addresses and restricted topics are dropped."""
    support = settings.support_categories
    try:
        imported = activity.read(Path(args.file), settings.timezone, support)
    except activity.ActivityFormatError as e:
        print(f"coopbot import-activity: {e}; nothing was imported", file=sys.stderr)
        return 1
    upgrade(settings.database_url)
    with open_engine(settings.database_url) as engine:
        counts = activity.load(engine, settings.forum_id, imported)
    shown = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(
        f"{args.file}: week {imported.label} loaded ({shown}); its digest's moment is "
        f"{imported.as_of.isoformat()}"
    )
    print(f"preview it with: coopbot digest preview --week {imported.label}")
    return 0
