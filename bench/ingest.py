"""Ingest benchmark: signed Discourse deliveries over HTTP against gunicorn.

Runs the project's app (`webhooks.app:create_app()`) on SQLite and on PostgreSQL, and
the ceiling (`bench/ceiling_app.py`: verify, parse, insert one SQLite row) under the same
gunicorn configuration and load: deliveries per second, client-side p50/p99 latency,
and deliveries lost or stored twice, counted in the database after the run.

    python bench/ingest.py                 # 20,000 deliveries, 8 connections, all targets
    python bench/ingest.py --quick         # smoke run, RESULTS.md untouched
    python bench/ingest.py --loadgen python   # the Python client instead of wrk

The load generator is wrk (`apt-get install -y wrk`) with bench/wrk_requests.lua when it is
installed, else the Python client in bench/loadgen.py, which takes CPU from the server on
the same cores (so the figures are lower). Use --wait-quiet on a shared machine.

Exits 1 when a delivery is lost, stored twice, unanswered or wrongly answered.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))  # loadgen builds its deliveries with tests/builders.py

import ceiling_app  # noqa: E402
import loadgen  # noqa: E402

SECRET = "bench-discourse-webhook-secret"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/coopbot_bench"
TARGET_SHARE = 0.60  # of the ceiling's deliveries per second
TARGET_P99_MS = 20.0
RESULTS = BENCH / "RESULTS.md"
START, END = "<!-- ingest:start -->", "<!-- ingest:end -->"
NOTES = ("<!-- ingest:notes:start -->", "<!-- ingest:notes:end -->")  # kept across runs


@dataclass
class Outcome:
    """One target's figures."""

    name: str
    requests: int = 0
    elapsed: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    lost: int = 0
    duplicated: int = 0
    unanswered: int = 0
    wrong_answers: int = 0
    server_cpu_ms: float = 0.0
    client_cpu_ms: float = 0.0
    load_before: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    @property
    def sound(self) -> bool:
        return not (self.lost or self.duplicated or self.unanswered or self.wrong_answers)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--deliveries", type=int, default=20_000, help="measured requests per target")
    p.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    p.add_argument(
        "--loadgen",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="auto: wrk when installed, else python",
    )
    p.add_argument("--wrk-threads", type=int, default=2, help="wrk threads sharing them")
    p.add_argument("--clients", type=int, default=2, help="python client processes sharing them")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--threads", type=int, default=2, help="threads per worker (1: sync workers)")
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="LOAD",
        help="first wait (up to --wait-max) for the 1-minute load average to fall below LOAD",
    )
    p.add_argument("--wait-max", type=float, default=25.0, help="minutes, for --wait-quiet")
    p.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of every target, interleaved; figures are the rounds' medians",
    )
    p.add_argument("--warmup", type=int, default=1000, help="unmeasured deliveries first")
    p.add_argument(
        "--dup-share", type=float, default=0.04, help="share of redeliveries and retries"
    )
    p.add_argument("--targets", default="ceiling,sqlite,postgresql", help="comma-separated subset")
    p.add_argument("--pg-url", default=PG_URL, help="bench database (dropped and re-migrated)")
    p.add_argument(
        "--app",
        default="webhooks.app:create_app()",
        help="gunicorn app of the project's targets, to measure a candidate change",
    )
    p.add_argument("--pythonpath", default="", help="gunicorn --pythonpath for --app")
    p.add_argument("--quick", action="store_true", help="2,000 deliveries, no RESULTS.md")
    p.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args(argv)
    if args.quick:
        args.deliveries, args.warmup, args.no_write, args.rounds = 2000, 200, True, 1
    # Sync workers answer "Connection: close" and serve one connection at a time: once wrk
    # has sent its share, the connections it reopens and leaves idle each hold a worker
    # until gunicorn's 30 s timeout, and the last answers wait behind them.
    sync_note = "sync workers (--threads 1) need --loadgen python"
    if args.loadgen == "auto":
        args.loadgen = "wrk" if loadgen.wrk_path() and args.threads > 1 else "python"
        if not loadgen.wrk_path():
            print(f"{loadgen.WRK_INSTALL_HINT}; using the Python client instead.", flush=True)
        elif args.loadgen == "python":
            print(f"{sync_note}: using the Python client.", flush=True)
    elif args.loadgen == "wrk" and not loadgen.wrk_path():
        p.error(loadgen.WRK_INSTALL_HINT + "; or pass --loadgen python")
    elif args.loadgen == "wrk" and args.threads == 1:
        p.error(sync_note)
    if args.loadgen == "python" and args.connections % args.clients:
        p.error("--connections must be a multiple of --clients")
    if args.loadgen == "wrk" and args.connections % args.wrk_threads:
        p.error("--connections must be a multiple of --wrk-threads")
    return args


def loadgen_label(args) -> str:
    if args.loadgen == "wrk":
        return (
            f"wrk 4.1 (`wrk -t{args.wrk_threads} -c{args.connections} --latency "
            "-s bench/wrk_requests.lua`, each pre-signed request sent once)"
        )
    return f"the Python client ({args.clients} processes × threads over raw sockets)"


def wait_quiet(threshold: float, max_minutes: float) -> None:
    """Poll the 1-minute load average every 30 s until it is below threshold."""
    deadline = time.monotonic() + max_minutes * 60
    while (load := os.getloadavg()[0]) >= threshold:
        if time.monotonic() >= deadline:
            print(f"load average still {load:.2f} after {max_minutes:g} min; running anyway")
            return
        print(f"load average {load:.2f} ≥ {threshold:g}: waiting 30 s", flush=True)
        time.sleep(30)
    print(f"load average {load:.2f} < {threshold:g}", flush=True)


def gunicorn_args(args) -> list[str]:
    """The one gunicorn configuration used for every target."""
    threaded = ["-k", "webhooks.gunicorn_worker.BufferingWorker", "--threads", str(args.threads)]
    kind = ["-k", "sync"] if args.threads == 1 else threaded
    return ["-w", str(args.workers), *kind, "--keep-alive", "10", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, env: dict, args, workdir: Path, extra=()) -> tuple:
    """Start gunicorn on a free port and wait until /healthz answers (503 too: no worker runs)."""
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", *gunicorn_args(args)]
    log = open(workdir / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 (closed in stop)
    proc = subprocess.Popen([*cmd, *extra, app], env=env, cwd=workdir, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc, port, log
        except urllib.error.HTTPError:
            return proc, port, log
        except OSError:
            time.sleep(0.2)
    stop(proc, log)
    raise RuntimeError(f"gunicorn did not answer /healthz within 30 s; see {log.name}")


def stop(proc, log) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn master and workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            pass
    return total


def base_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}
    env.update(
        COOPBOT_DATABASE_URL=database_url,
        COOPBOT_DISCOURSE_WEBHOOK_SECRET=SECRET,
        COOPBOT_SECRET_KEY="bench-secret-key-" + "x" * 32,
        COOPBOT_LOG_LEVEL="WARNING",
    )
    return env


def prepare_postgres(url: str) -> None:
    """Create the bench database when absent, then drop every table and re-migrate."""
    import psycopg
    from sqlalchemy.engine import make_url

    from bot.store import db

    u = make_url(url)
    conninfo = dict(host=u.host, port=u.port or 5432, user=u.username, password=u.password)
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (u.database,)
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{u.database}"')
    with psycopg.connect(dbname=u.database, autocommit=True, **conninfo) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    db.upgrade(url)


def stored_keys_app(url: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT semantic_key FROM inbox_event WHERE source = 'discourse'"))
        keys = [r[0] for r in rows]
    engine.dispose()
    return keys


def stored_keys_ceiling(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        keys = [r[0] for r in conn.execute("SELECT semantic_key FROM ceiling_event")]
    conn.close()
    return keys


def check(outcome: Outcome, plan: loadgen.Plan, load: dict, keys: list[str]) -> None:
    """Lost and duplicated from the database; wrong answers from the client's tally.

    Every delivery of the plan is sent once: the originals must be answered 200 "accepted"
    and stored once; the copies (redeliveries, retries) answered 200 "duplicate" and not
    stored again."""
    expected = {loadgen.semantic_key(p) for p in plan.expected_posts}
    present = expected & set(keys)
    outcome.lost = len(expected - present)
    outcome.duplicated = len(keys) - len(present)  # any row beyond one per distinct delivery
    outcome.unanswered = len(load["errors"])
    answers = load["answers"] + load["warm_answers"]
    bad = sum(n for (status, _), n in answers.items() if status != 200)
    accepted = sum(n for (status, a), n in answers.items() if status == 200 and a == "accepted")
    duplicates = sum(n for (status, a), n in answers.items() if status == 200 and a == "duplicate")
    copies = sum(1 for d in plan.warmup + plan.measured if d.kind != "original")
    outcome.wrong_answers = bad + abs(accepted - len(expected)) + abs(duplicates - copies)
    tally = Counter({f"{k[0]} {k[1]}": n for k, n in answers.items()})
    outcome.notes.append(
        "answers: "
        + ", ".join(f"{k}: {n}" for k, n in sorted(tally.items()))
        + f" (expected 200 accepted: {len(expected)}, 200 duplicate: {copies})"
    )
    outcome.notes += load["errors"][:5]


def run_target(name: str, args, plan: loadgen.Plan, workdir: Path) -> Outcome:
    """Prepare the database, start gunicorn, send the plan, stop, count rows."""
    load_before = os.getloadavg()[0]
    print(f"\n== {name} (load average {load_before:.2f} before it)", flush=True)
    if load_before > 1.0:
        print("   warning: other processes are using the CPU; figures will be low", flush=True)
    if name == "ceiling":
        path = workdir / "ceiling.db"
        ceiling_app.create_schema(str(path))
        env = base_env(f"sqlite:///{workdir / 'unused.db'}") | {"BENCH_CEILING_DB": str(path)}
        app, extra = "ceiling_app:create_app()", ["--pythonpath", str(BENCH)]
    else:
        from bot.store import db

        url = args.pg_url if name == "postgresql" else f"sqlite:///{workdir / 'coopbot.db'}"
        prepare_postgres(url) if name == "postgresql" else db.upgrade(url)
        env, app = base_env(url), args.app
        extra = ["--pythonpath", args.pythonpath] if args.pythonpath else []
    proc, port, log = start_gunicorn(app, env, args, workdir, extra)
    try:
        cpu0 = tree_cpu_seconds(proc.pid)
        if args.loadgen == "wrk":
            load = loadgen.run_wrk(
                plan,
                "127.0.0.1",
                port,
                "/webhooks/discourse",
                args.connections,
                args.wrk_threads,
                workdir,
            )
        else:
            load = loadgen.run_load(
                plan,
                "127.0.0.1",
                port,
                "/webhooks/discourse",
                args.connections,
                args.clients,
                on_progress=_progress,
            )
        cpu = tree_cpu_seconds(proc.pid) - cpu0
    finally:
        stop(proc, log)
    print(flush=True)
    keys = stored_keys_ceiling(path) if name == "ceiling" else stored_keys_app(url)
    outcome = Outcome(
        name=name,
        requests=load["answered"],
        elapsed=load["elapsed"],
        p50_ms=load["p50"] * 1000,
        p99_ms=load["p99"] * 1000,
        max_ms=load["max"] * 1000,
        server_cpu_ms=cpu * 1000 / max(1, len(plan.warmup) + len(plan.measured)),
        client_cpu_ms=load["client_cpu"] * 1000 / max(1, load["answered"]),
        load_before=load_before,
    )
    check(outcome, plan, load, keys)
    print(summary_line(outcome), flush=True)
    for note in outcome.notes:
        print("   ", note)
    return outcome


_last_progress = [0.0]


def _progress(done: int, total: int) -> None:
    """Every second on a terminal, every 10 s in a log."""
    tty = sys.stdout.isatty()
    if time.monotonic() - _last_progress[0] < (1 if tty else 10):
        return
    _last_progress[0] = time.monotonic()
    end = "" if tty else "\n"
    print(f"{chr(13) if tty else ''}   {done:>6} / {total} deliveries", end=end, flush=True)


def summary_line(o: Outcome) -> str:
    return (
        f"{o.name:<11} {o.rate:8.0f} deliveries/s  p50 {o.p50_ms:5.1f} ms  "
        f"p99 {o.p99_ms:5.1f} ms  max {o.max_ms:6.1f} ms  lost {o.lost}  "
        f"duplicated {o.duplicated}  unanswered {o.unanswered}  wrong answers {o.wrong_answers}  "
        f"CPU ms/delivery: server {o.server_cpu_ms:.2f}, client {o.client_cpu_ms:.2f}"
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def shares(rounds: list[dict[str, Outcome]], name: str) -> list[float]:
    """The app's rate over the ceiling's, in each round that measured both."""
    return [
        r[name].rate / r["ceiling"].rate
        for r in rounds
        if name in r and "ceiling" in r and r["ceiling"].rate
    ]


def verdicts(rounds: list[dict[str, Outcome]]) -> list[str]:
    """One line per app target: median share of the ceiling and median p99 against the targets."""
    lines = []
    for name in ("sqlite", "postgresql"):
        runs = [r[name] for r in rounds if name in r]
        if not runs:
            continue
        ratios = shares(rounds, name)
        share = median(ratios) if ratios else None
        p99 = median([o.p99_ms for o in runs])
        rate_ok = share is not None and share >= TARGET_SHARE
        sound = all(o.sound for o in runs)
        shown = f"{share:.0%} of the ceiling" if share is not None else "no ceiling measured"
        lines.append(
            f"app on {name}: {shown} "
            f"(target ≥ {TARGET_SHARE:.0%}: {'met' if rate_ok else 'MISSED'}), "
            f"p99 {p99:.1f} ms (target ≤ {TARGET_P99_MS:.0f} ms: "
            f"{'met' if p99 <= TARGET_P99_MS else 'MISSED'}), "
            f"{'no delivery lost or stored twice' if sound else 'DELIVERIES LOST OR WRONG'}"
            + (f" (medians of {len(runs)} rounds)" if len(runs) > 1 else "")
        )
    return lines


def markdown(
    rounds: list[dict[str, Outcome]], args, plan: loadgen.Plan, command: str, load_start: float
) -> str:
    labels = {
        "ceiling": "ceiling (bare Flask + SQLite)",
        "sqlite": "app, SQLite",
        "postgresql": "app, PostgreSQL",
    }
    copies = sum(1 for d in plan.measured if d.kind != "original")
    rows = [
        "| target | deliveries/s | p50 ms | p99 ms | max ms | lost | duplicated | "
        "CPU ms/delivery (server, client) | load average before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, outcomes in enumerate(rounds, 1):
        for o in outcomes.values():
            label = labels[o.name] + (f", round {number}" if len(rounds) > 1 else "")
            rows.append(
                f"| {label} | {o.rate:.0f} | {o.p50_ms:.1f} | {o.p99_ms:.1f} | "
                f"{o.max_ms:.1f} | {o.lost} | {o.duplicated} | "
                f"{o.server_cpu_ms:.2f}, {o.client_cpu_ms:.2f} | {o.load_before:.2f} |"
            )
    cpu = platform.processor() or platform.machine()
    return "\n".join(
        [
            START,
            "## Ingest",
            "",
            f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`",
            f"({os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}; 1-minute load average {load_start:.2f} "
            "at the start).",
            "",
            f"{len(plan.measured):,} signed `post_created` deliveries per target and round after "
            f"{len(plan.warmup):,} unmeasured ones, over {args.connections} keep-alive "
            f"connections from {loadgen_label(args)} on the same machine; "
            f"{copies} of them are copies of earlier bodies (half redeliveries with the same "
            "`X-Discourse-Event-Id`, half Discourse-style retries with a new one), which must "
            "be answered 200 and not stored again. gunicorn: "
            f"`{' '.join(gunicorn_args(args))}` for every target. Latency is measured by the "
            "client, from sending the request to reading the whole answer. Lost and duplicated "
            "are counted in the database after the run."
            + (
                f" The {len(rounds)} rounds run the targets in turn, so that a change in the "
                "machine's load touches every target alike; the verdicts take the median over "
                "the rounds of the app's share of the ceiling measured in the same round, and "
                "the median p99."
                if len(rounds) > 1
                else ""
            ),
            "",
            *rows,
            "",
            *[f"- {line}" for line in verdicts(rounds)],
            END,
        ]
    )


def write_results(section: str) -> None:
    """Replace the Ingest section, keeping its hand-written findings between NOTES markers.

    The section runs from START (or, when another writer dropped that marker, the
    "## Ingest" heading) to END; any further copy of it is removed."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    notes = None
    while END in text:
        end = text.index(END)
        start = text.rfind(START, 0, end)
        if start < 0:
            start = text.rfind("## Ingest", 0, end)
        if start < 0:
            break
        old = text[start:end]
        if notes is None and NOTES[0] in old and NOTES[1] in old:
            notes = NOTES[0] + old.split(NOTES[0], 1)[1].split(NOTES[1], 1)[0] + NOTES[1]
        tail = text[end + len(END) :]
        text = text[:start] + ("\0" if "\0" not in text[:start] else "") + tail
    if notes:
        section = section.replace(END, notes + "\n" + END)
    if "\0" in text:
        text = text.replace("\0", section, 1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n")


def main(argv=None) -> int:
    args = parse_args(argv)
    command = "python bench/ingest.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - {"ceiling", "sqlite", "postgresql"}
    if unknown:
        print(f"unknown target(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    plan = loadgen.build_plan(args.deliveries, args.warmup, args.dup_share, SECRET)
    print(
        f"{len(plan.measured):,} deliveries (+{len(plan.warmup):,} warm-up), "
        f"{args.connections} connections from {loadgen_label(args)}; gunicorn "
        f"{' '.join(gunicorn_args(args))}",
        flush=True,
    )
    if args.wait_quiet:
        wait_quiet(args.wait_quiet, args.wait_max)
    load_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="coopbot-bench-"))
    rounds: list[dict[str, Outcome]] = []
    try:
        for number in range(1, args.rounds + 1):
            print(f"\n# round {number} of {args.rounds}", flush=True)
            folder = workdir / f"round-{number}"
            folder.mkdir()
            rounds.append({name: run_target(name, args, plan, folder) for name in targets})
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir)
    print()
    for outcomes in rounds:
        for o in outcomes.values():
            print(summary_line(o))
    for line in verdicts(rounds):
        print(line)
    if not args.no_write:
        write_results(markdown(rounds, args, plan, command.strip(), load_start))
        print(f"written to {RESULTS.relative_to(BENCH.parent)}")
    return 0 if all(o.sound for r in rounds for o in r.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
