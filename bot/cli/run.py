"""`coopbot run | web | worker | clock | db upgrade`."""

from __future__ import annotations

import logging
import threading

from bot import worker
from bot.context import Context, describe_database
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


def _host_port(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def cmd_upgrade(settings, _args) -> int:
    """Apply the migrations."""
    db.upgrade(settings.database_url)
    print("database schema is up to date")
    return 0


def cmd_run(settings, args) -> int:
    """Everything in one process: the embedded default."""
    from bot import scheduler
    from webhooks.app import create_app

    db.upgrade(settings.database_url)
    context = _start(settings)
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


def _start(settings) -> Context:
    """Build the context and say where the data lives (a relative SQLite path follows the cwd)."""
    log.info("database: %s", describe_database(settings))
    return Context.build(settings)


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

    _serve(create_app(context=_start(settings)), args.host, args.port)
    return 0


def cmd_worker(settings, args) -> int:
    """A worker process; run as many as needed on PostgreSQL."""
    context = _start(settings)
    try:
        worker.run(context, until_idle=args.until_idle)
    finally:
        context.close()  # --until-idle returns: leave no connection open
    return 0


def cmd_clock(settings, _args) -> int:
    """The one scheduler process."""
    from bot import scheduler

    scheduler.blocking(_start(settings)).start()
    return 0
