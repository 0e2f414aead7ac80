"""Signed Discourse deliveries and the client processes that send them (for bench/ingest.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
import multiprocessing as mp
import random
import resource
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

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
    post = {
        "id": post_id,
        "name": user.capitalize(),
        "username": user,
        "avatar_template": f"/user_avatar/forum.example.org/{user}/{{size}}/3_2.png",
        "created_at": stamp,
        "cooked": f"<p>{raw}</p>",
        "post_number": 1 + post_id % 7,
        "post_type": 1,
        "updated_at": stamp,
        "reply_count": 0,
        "reply_to_post_number": None,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "score": 0,
        "topic_id": topic_id,
        "topic_slug": f"sujet-{topic_id}",
        "topic_title": rng.choice(TITLES),
        "category_id": 5,
        "display_username": user.capitalize(),
        "primary_group_name": None,
        "flair_name": None,
        "version": 1,
        "user_title": None,
        "bookmarked": False,
        "raw": raw,
        "moderator": False,
        "admin": False,
        "staff": False,
        "user_id": 100 + USERS.index(user),
        "hidden": False,
        "trust_level": 1,
        "deleted_at": None,
        "user_deleted": False,
        "edit_reason": None,
        "wiki": False,
        "reviewable_id": None,
        "reviewable_score_count": 0,
        "reviewable_score_pending_count": 0,
        "topic_posts_count": 1 + post_id % 7,
        "topic_filtered_posts_count": 1 + post_id % 7,
        "topic_archetype": "regular",
        "category_slug": "support",
    }
    return json.dumps({"post": post}, ensure_ascii=False, separators=(",", ":")).encode()


def signed(body: bytes, secret: str, event_id: int) -> dict:
    """The headers Discourse sends with a post_created delivery."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Discourse-Instance": "https://forum.example.org",
        "X-Discourse-Event-Id": str(event_id),
        "X-Discourse-Event-Type": "post",
        "X-Discourse-Event": "post_created",
        "X-Discourse-Event-Signature": f"sha256={digest}",
    }


def semantic_key(post_id: int) -> str:
    """The key the receivers deduplicate on (event, post id, version)."""
    return f"post_created:post:{post_id}:1"


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


def run_load(plan: Plan, host, port, path, connections, processes, on_progress) -> dict:
    """Send the plan over `connections` keep-alive connections from `processes` processes."""
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
            answers.update(r.answers)
            errors += r.errors
        for r in out["warm"]:
            warm_answers.update(r.answers)
            errors += r.errors
    elapsed = max(o["t1"] for o in outs) - min(o["t0"] for o in outs)
    return {
        "elapsed": elapsed,
        "client_cpu": sum(o["cpu"] for o in outs),
        "latencies": sorted(latencies),
        "answers": answers,
        "warm_answers": warm_answers,
        "errors": errors,
    }
