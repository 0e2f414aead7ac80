"""The ceiling: a bare Flask receiver that verifies, parses and inserts one SQLite row.

It does the least a correct receiver must do (HMAC over the raw bytes, JSON parse,
one idempotent committed insert, JSON answer), with the same SQLite tuning as the
project (WAL, synchronous=NORMAL, busy timeout), so `bench/ingest.py` can compare
the project's receiver with it under the same gunicorn configuration and load.

    BENCH_CEILING_DB=/tmp/c.db COOPBOT_DISCOURSE_WEBHOOK_SECRET=s \
        gunicorn --pythonpath bench 'ceiling_app:create_app()'
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import sqlite3
import threading
import time

from flask import Flask, request

SCHEMA = """
CREATE TABLE IF NOT EXISTS ceiling_event (
    id INTEGER PRIMARY KEY,
    delivery_id TEXT UNIQUE,
    semantic_key TEXT NOT NULL UNIQUE,
    raw_body BLOB NOT NULL,
    received_at REAL NOT NULL
)
"""
INSERT = (
    "INSERT INTO ceiling_event (delivery_id, semantic_key, raw_body, received_at) "
    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id"
)


def connect(path: str) -> sqlite3.Connection:
    """One connection, tuned like the project's SQLite engine."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def insert(conn: sqlite3.Connection, row: tuple) -> tuple | None:
    """Insert one delivery in its own immediate transaction; None when already stored."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        stored = conn.execute(INSERT, row).fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stored


def create_schema(path: str) -> None:
    """Create the single table (before the workers start)."""
    conn = connect(path)
    conn.execute(SCHEMA)
    conn.close()


def create_app() -> Flask:
    """The bare receiver, configured from the environment."""
    path = os.environ["BENCH_CEILING_DB"]
    secret = os.environ["COOPBOT_DISCOURSE_WEBHOOK_SECRET"].encode()
    local = threading.local()
    # One writer at a time: threads wait on a lock, processes on a lock file, both of
    # which wake them at once, instead of SQLite's busy handler, which sleeps 1, 2, 5,
    # 10... ms between tries (the project's receiver does the same).
    write_lock = threading.Lock()
    lock_file = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    app = Flask("ceiling")

    def db() -> sqlite3.Connection:
        if not hasattr(local, "conn"):
            local.conn = connect(path)
        return local.conn

    @app.post("/webhooks/discourse")
    def receive():
        body = request.get_data(cache=False)
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        presented = request.headers.get("X-Discourse-Event-Signature", "")
        if not hmac.compare_digest(expected, presented):
            return {"error": "bad signature"}, 401
        post = json.loads(body)["post"]
        key = f"{request.headers['X-Discourse-Event']}:post:{post['id']}:{post['version']}"
        delivery = request.headers.get("X-Discourse-Event-Id")
        conn = db()
        with write_lock:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                stored = insert(conn, (delivery, key, body, time.time()))
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        return {"status": "accepted" if stored else "duplicate", "kind": "post_created"}

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
