"""Signed Discourse deliveries and the load generators that send them (for bench/ingest.py).

Two generators, both sending every delivery of a plan exactly once and reporting the same
figures (rate, client-side latency percentiles, answers by HTTP status and JSON "status"):

- `run_wrk`: wrk (C, Debian package `wrk`) driven by `bench/wrk_requests.lua` over a file of
  pre-built, pre-signed requests. About 0.02 ms of client CPU a request, so nearly both
  cores are left to the server. The default when `wrk` is on the PATH.
- `run_load`: client processes with threads over raw sockets, in Python. About 0.15 to
  0.2 ms of client CPU a request, taken from the server on a 2-core machine.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import resource
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.events import post_key
from tests.builders import compact, discourse_headers, post_payload

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_requests.lua"
WRK_INSTALL_HINT = (
    "wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu; run `apt-get update` "
    "first if the package is not found), or build it from https://github.com/wg/wrk"
)

USERS = ["angus", "camille", "sacha", "noemie", "yanis", "lea", "tristan", "ines"]
TITLES = [
    "Certificat Let's Encrypt expiré sur mon domaine",
    "Impossible de me connecter au webmail",
    "Quota disque atteint sur l'hébergement mutualisé",
    "Redirection HTTPS en boucle après migration",
    "Base MariaDB inaccessible depuis PHP 8.2",
]
SENTENCES = [
    "Bonjour, depuis ce matin mon site affiche une erreur 502.",
    "J'ai vidé le cache et relancé PHP-FPM sans succès.",
    "Le tableau de bord indique que le certificat a été renouvelé hier.",
    "Quelqu'un a-t-il déjà eu ce souci après la mise à jour ?",
    "Voici la sortie de `dig +short` pour mon domaine.",
    "Merci d'avance pour votre aide, bonne journée à toutes et tous.",
]


@dataclass(frozen=True)
class Delivery:
    """One HTTP request: a body, its headers, and what it stands for."""

    body: bytes
    headers: dict
    post_id: int
    kind: str  # "original", "redelivery" (same event id) or "retry" (new event id)

    def wire(self, path: str) -> bytes:
        """The whole HTTP/1.1 request, built once so that the client spends little CPU."""
        head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(self.body)}"]
        head += [f"{k}: {v}" for k, v in self.headers.items()]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + self.body


def post_body(post_id: int, rng: random.Random) -> bytes:
    """A compact post_created body shaped like Discourse's, unique by post id."""
    user = rng.choice(USERS)
    topic_id = 1000 + post_id // 7
    raw = " ".join(rng.sample(SENTENCES, 3))
    if post_id % 10 == 0:
        raw += f" Écrivez-moi à {user}.{post_id}@example.org si besoin."
    stamp = f"2026-01-{1 + post_id % 28:02d}T{post_id % 24:02d}:13:36.854Z"
    payload = post_payload(
        post_id,
        topic_id,
        1 + post_id % 7,
        name=user.capitalize(),
        username=user,
        avatar_template=f"/user_avatar/forum.example.org/{user}/{{size}}/3_2.png",
        created_at=stamp,
        updated_at=stamp,
        raw=raw,
        topic_slug=f"sujet-{topic_id}",
        topic_title=rng.choice(TITLES),
        category_id=5,
        display_username=user.capitalize(),
        user_id=100 + USERS.index(user),
        category_slug="support",
    )
    return compact(payload)


def signed(body: bytes, secret: str, event_id: int) -> dict:
    """The headers Discourse sends with a post_created delivery."""
    return discourse_headers(body, "post_created", "post", secret=secret, event_id=event_id)


def semantic_key(post_id: int) -> str:
    """The key the receivers deduplicate on (event, post id, version)."""
    return post_key("post_created", post_id, 1)


@dataclass
class Plan:
    """Warm-up and measured deliveries, and the post ids that must end up stored once."""

    warmup: list[Delivery]
    measured: list[Delivery]
    expected_posts: set[int] = field(default_factory=set)


def build_plan(n: int, warmup: int, dup_share: float, secret: str, seed: int = 7) -> Plan:
    """n measured requests, of which about dup_share are redeliveries and retries."""
    rng = random.Random(seed)
    next_event = iter(range(500_000, 10_000_000))
    warm = [_original(10_000 + i, secret, next(next_event), rng) for i in range(warmup)]
    dups = int(n * dup_share)
    originals = [_original(100_000 + i, secret, next(next_event), rng) for i in range(n - dups)]
    measured = list(originals)
    # Each copy lands a little after its original, usually on another connection.
    sources = sorted(rng.sample(range(int(len(originals) * 0.8)), dups))
    for j, k in enumerate(reversed(sources)):
        o = originals[k]
        event_id = o.headers["X-Discourse-Event-Id"] if j % 2 else next(next_event)
        kind = "redelivery" if j % 2 else "retry"
        copy = Delivery(o.body, signed(o.body, secret, int(event_id)), o.post_id, kind)
        measured.insert(k + 400 + rng.randrange(400), copy)
    expected = {d.post_id for d in warm} | {d.post_id for d in originals}
    return Plan(warm, measured, expected)


def _original(post_id: int, secret: str, event_id: int, rng: random.Random) -> Delivery:
    body = post_body(post_id, rng)
    return Delivery(body, signed(body, secret, event_id), post_id, "original")


def deal(items: list, ways: int) -> list[list]:
    """Round-robin: item i goes to stream i % ways."""
    return [items[i::ways] for i in range(ways)]


@dataclass
class StreamResult:
    """What one connection saw."""

    latencies: list[float] = field(default_factory=list)
    answers: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


class Connection:
    """A minimal HTTP/1.1 keep-alive client for answers that carry a Content-Length.

    http.client costs about 0.3 ms of CPU a request on this kind of machine, which the
    server would otherwise lose: the client and the server share the same cores.
    """

    def __init__(self, host: str, port: int, timeout: float = 30.0):
        self.address, self.timeout = (host, port), timeout
        self.sock, self.buffer = None, b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send one request, read one answer; return (status, body)."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, close = None, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        self.buffer = rest
        if length is None:
            raise OSError("answer without Content-Length")
        while len(self.buffer) < length:
            self._receive()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if close:
            self.close()
        return status, body

    def _receive(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionResetError("connection closed by the server")
        self.buffer += chunk


def send(conn: Connection, wire: bytes) -> tuple[int, str]:
    """POST one delivery on a keep-alive connection; return (status, answer's status)."""
    status, data = conn.exchange(wire)
    try:
        answer = json.loads(data).get("status", "?")
    except ValueError:
        answer = "not-json"
    return status, str(answer)


def run_stream(conn, deliveries, path, result: StreamResult, progress, slot) -> None:
    """Send a stream of deliveries one after another, timing each from the client side."""
    clock = time.perf_counter
    wires = [d.wire(path) for d in deliveries]
    for i, (d, wire) in enumerate(zip(deliveries, wires, strict=True)):
        start = clock()
        try:
            status, answer = send(conn, wire)
        except OSError:
            # A keep-alive connection closed by the server: reconnect and send again,
            # as a sender would (the receiver is idempotent).
            conn.close()
            try:
                status, answer = send(conn, wire)
            except OSError as e:
                result.errors.append(f"post {d.post_id}: {e.__class__.__name__}: {e}")
                conn.close()
                continue
        result.latencies.append(clock() - start)
        result.answers[(d.kind, status, answer)] += 1
        if progress is not None and i % 50 == 0:
            progress[slot] = i
    if progress is not None:
        progress[slot] = len(deliveries)


def client_process(index, warm_streams, streams, host, port, path, barrier, queue, progress):
    """One client process: threads, one keep-alive connection each; warm up, wait, measure."""
    conns = [Connection(host, port) for _ in streams]
    offset = index * len(streams)
    warm_results = [StreamResult() for _ in streams]
    _threads(conns, warm_streams, path, warm_results, None, offset)
    barrier.wait()
    results = [StreamResult() for _ in streams]
    cpu0, t0 = _cpu(), time.monotonic()
    _threads(conns, streams, path, results, progress, offset)
    t1, cpu = time.monotonic(), _cpu() - cpu0
    for conn in conns:
        conn.close()
    queue.put({"t0": t0, "t1": t1, "cpu": cpu, "warm": warm_results, "results": results})


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _threads(conns, streams, path, results, progress, offset) -> None:
    threads = [
        threading.Thread(target=run_stream, args=(c, s, path, r, progress, offset + i))
        for i, (c, s, r) in enumerate(zip(conns, streams, results, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * len(sorted_values)) - 1))
    return sorted_values[index]


def run_load(plan: Plan, host, port, path, connections, processes, on_progress) -> dict:
    """Send the plan over `connections` keep-alive connections from `processes` processes.

    Returns the figures `run_wrk` returns (latencies in seconds)."""
    ctx = mp.get_context("fork")
    per = connections // processes
    warm = deal(plan.warmup, connections)
    streams = deal(plan.measured, connections)
    barrier, queue = ctx.Barrier(processes + 1), ctx.Queue()
    progress = ctx.RawArray("q", connections)
    procs = []
    for p in range(processes):
        part = slice(p * per, (p + 1) * per)
        args = (p, warm[part], streams[part], host, port, path, barrier, queue, progress)
        procs.append(ctx.Process(target=client_process, args=args, daemon=True))
    for proc in procs:
        proc.start()
    barrier.wait(timeout=600)
    outs = []
    while len(outs) < processes:
        try:
            outs.append(queue.get(timeout=1))
        except Exception:  # queue.Empty: report progress while waiting
            on_progress(sum(progress), len(plan.measured))
            if not any(proc.is_alive() for proc in procs) and queue.empty():
                raise RuntimeError("a client process died") from None
    for proc in procs:
        proc.join(timeout=30)
    return _merge(outs)


def _merge(outs: list[dict]) -> dict:
    latencies, answers, errors, warm_answers = [], Counter(), [], Counter()
    for out in outs:
        for r in out["results"]:
            latencies += r.latencies
            for (_, status, a), n in r.answers.items():  # by answer, whatever the kind
                answers[(status, a)] += n
            errors += r.errors
        for r in out["warm"]:
            for (_, status, a), n in r.answers.items():
                warm_answers[(status, a)] += n
            errors += r.errors
    elapsed = max(o["t1"] for o in outs) - min(o["t0"] for o in outs)
    latencies.sort()
    return {
        "elapsed": elapsed,
        "client_cpu": sum(o["cpu"] for o in outs),
        "answered": len(latencies),
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "max": latencies[-1] if latencies else 0.0,
        "answers": answers,
        "warm_answers": warm_answers,
        "errors": errors,
    }


# --- wrk -------------------------------------------------------------------------------


def wrk_path() -> str | None:
    return shutil.which("wrk")


def write_requests(deliveries: list[Delivery], path: str, file: Path) -> None:
    """The request file bench/wrk_requests.lua reads: "<length>\n<raw request>" records."""
    with open(file, "wb") as f:
        for d in deliveries:
            wire = d.wire(path)
            f.write(b"%d\n" % len(wire))
            f.write(wire)


def wrk_command(url: str, connections: int, threads: int, duration_s: int, requests, out):
    return [
        wrk_path() or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(WRK_SCRIPT),
        url,
        "--",
        str(requests),
        str(out),
        str(threads),
    ]


def wrk_once(deliveries, host, port, path, connections, threads, workdir: Path, tag: str):
    """One wrk run sending each delivery once; its done() summary, plus client CPU."""
    requests, out = workdir / f"wrk-{tag}.requests", workdir / f"wrk-{tag}.json"
    write_requests(deliveries, path, requests)
    # wrk sleeps for all of -d even when every thread has stopped: the deadline only bounds
    # a run where an answer never comes; the threads' marker files end it as soon as done.
    duration = 30 + len(deliveries) // 50
    cmd = wrk_command(f"http://{host}:{port}{path}", connections, threads, duration, requests, out)
    markers = [Path(f"{out}.thread-{k}") for k in range(threads)]
    cpu0 = _children_cpu()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        while proc.poll() is None:
            if all(m.exists() for m in markers):
                proc.send_signal(signal.SIGINT)  # wakes wrk's main thread: summary and done()
                break
            time.sleep(0.05)
        stdout, _ = proc.communicate(timeout=60)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    cpu = _children_cpu() - cpu0
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({proc.returncode}): {stdout.decode(errors='replace')}")
    summary = json.loads(out.read_text())
    summary["client_cpu"], summary["stdout"], summary["command"] = cpu, stdout.decode(), cmd
    for f in (requests, out, *markers):
        f.unlink(missing_ok=True)
    return summary


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wrk_answers(summary: dict) -> Counter:
    answers = Counter()
    for t in summary["threads"]:
        for item in filter(None, t["tally"].split(";")):
            key, _, n = item.rpartition("=")
            status, _, answer = key.partition(" ")
            answers[(int(status), answer)] += int(n)
    return answers


def _wrk_errors(summary: dict, tag: str) -> list[str]:
    errors = []
    for t in summary["threads"]:
        if t["answered"] < t["total"]:
            missing = t["total"] - t["answered"]
            errors += [f"{tag} wrk thread {t['id']}: no answer read"] * missing
    socket_errors = {k: v for k, v in summary["errors"].items() if v and k != "status"}
    if socket_errors:
        errors.append(f"{tag} wrk socket errors: {socket_errors} (requests lost in flight)")
    return errors


def run_wrk(plan: Plan, host, port, path, connections, threads, workdir: Path) -> dict:
    """Warm-up then measured run with wrk; the same figures as `run_load`."""
    warm = wrk_once(plan.warmup, host, port, path, connections, threads, workdir, "warmup")
    measured = wrk_once(plan.measured, host, port, path, connections, threads, workdir, "run")
    ts = measured["threads"]
    lat = measured["latency_us"]
    return {
        "elapsed": max(t["t1"] for t in ts) - min(t["t0"] for t in ts),
        "client_cpu": measured["client_cpu"],
        "answered": sum(t["answered"] for t in ts),
        "p50": lat["p50"] / 1e6,
        "p99": lat["p99"] / 1e6,
        "max": lat["max"] / 1e6,
        "answers": _wrk_answers(measured),
        "warm_answers": _wrk_answers(warm),
        "errors": _wrk_errors(warm, "warm-up") + _wrk_errors(measured, "measured"),
        "command": measured["command"],
    }
