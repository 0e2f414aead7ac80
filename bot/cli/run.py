"""`coopbot run | web | worker | clock | db upgrade | config check`."""

from __future__ import annotations

import json
import logging
import threading

from bot import worker
from bot.context import Context
from bot.health import health
from bot.store import db

log = logging.getLogger("coopbot")


def register(sub) -> None:
    """Add the process commands to the parser."""
    run = sub.add_parser("run", help="web server, worker and scheduler in one process")
    _host_port(run)
    run.set_defaults(func=cmd_run)
    web = sub.add_parser("web", help="the web server alone (use gunicorn in production)")
    _host_port(web)
    web.set_defaults(func=cmd_web)
    wk = sub.add_parser("worker", help="drain the inbox and the outbox")
    wk.add_argument("--until-idle", action="store_true", help="exit when nothing is left")
    wk.set_defaults(func=cmd_worker)
    sub.add_parser("clock", help="the scheduler process (run exactly one)").set_defaults(
        func=cmd_clock
    )
    dbp = sub.add_parser("db", help="database schema")
    dbsub = dbp.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    dbsub.add_parser("upgrade", help="apply migrations, keeping data").set_defaults(
        func=cmd_upgrade
    )
    cfg = sub.add_parser("config", help="settings")
    cfgsub = cfg.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = cfgsub.add_parser("check", help="effective settings (secrets masked), health, forum")
    check.set_defaults(func=cmd_config_check)


def _host_port(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def cmd_upgrade(settings, args) -> int:
    """Apply the migrations."""
    db.upgrade(settings.database_url)
    print("database schema is up to date")
    return 0


def cmd_run(settings, args) -> int:
    """Everything in one process: the embedded default."""
    from bot import scheduler
    from webhooks.app import create_app

    db.upgrade(settings.database_url)
    context = Context.build(settings)
    if settings.dry_run:
        log.warning("no COOPBOT_DISCOURSE_URL: dry-run forum, posts are recorded, not sent")
    stop = threading.Event()
    threading.Thread(target=worker.run, args=(context, stop), daemon=True, name="worker").start()
    clock = scheduler.background(context)
    clock.start()
    try:
        _serve(create_app(context=context), args.host, args.port)
    finally:
        stop.set()
        clock.shutdown(wait=False)
    return 0


def _serve(app, host: str, port: int) -> None:
    """A threaded WSGI server for the embedded default."""
    from werkzeug.serving import make_server

    from webhooks.access_log import RedactingRequestHandler

    server = make_server(host, port, app, threaded=True, request_handler=RedactingRequestHandler)
    log.info("listening on http://%s:%s", host, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopping")


def cmd_web(settings, args) -> int:
    """The web app alone."""
    from webhooks.app import create_app

    _serve(create_app(context=Context.build(settings)), args.host, args.port)
    return 0


def cmd_worker(settings, args) -> int:
    """A worker process; run as many as needed on PostgreSQL."""
    worker.run(Context.build(settings), until_idle=args.until_idle)
    return 0


def cmd_clock(settings, args) -> int:
    """The one scheduler process."""
    from bot import scheduler

    scheduler.blocking(Context.build(settings)).start()
    return 0


def cmd_config_check(settings, args) -> int:
    """Print the effective settings, the health report and a forum call."""
    context = Context.build(settings)
    print("Settings:")
    for name, value in context.settings.masked().items():
        print(f"  {name} = {value}")
    from webhooks.receivers import receiver_states

    healthy, report = health(context, receiver_states(context.settings))
    print("Health:")
    print("  " + json.dumps(report, indent=2, default=str).replace("\n", "\n  "))
    forum_ok = _check_forum(context)
    context.close()
    return 0 if healthy and forum_ok else 1


def _check_forum(context) -> bool:
    """Call Discourse when configured."""
    from bot.forum.client import ForumError

    if context.settings.dry_run:
        print("Forum: dry run (no COOPBOT_DISCOURSE_URL): posts are recorded, not sent")
        return True
    try:
        about = context.forum.about()
    except ForumError as e:
        print(f"Forum: {context.settings.discourse_url} answered with an error: {e}")
        return False
    print(f"Forum: {context.settings.discourse_url} reachable ({about.get('title', '?')})")
    return True
