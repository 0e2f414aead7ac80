"""A database that goes away and comes back: PostgreSQL behind a TCP proxy the test cuts,
SQLite behind a write lock the test holds."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from collections.abc import Iterator

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from bot.store.db import make_engine

SQLITE_BUSY_MS = 50  # the worker meets the held lock in 50 ms instead of 30 s


class TcpProxy:
    """Forward a port of 127.0.0.1 to a target; stop() cuts every connection, start() listens
    again on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)  # the accept loop notices stop() quickly
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, as a database host going away."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _cut(sock)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target, timeout=5)
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
            if self._listener is not listener:  # stopped meanwhile
                _cut(client)
                _cut(upstream)
                return
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _cut(source)
        _cut(sink)


def _cut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class DatabaseOutage:
    """begin() takes the database away from the engines made by engine(); end() brings it back."""

    def __init__(self, database_url: str) -> None:
        self.url = make_url(database_url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self._proxy: TcpProxy | None = None
        self._lock: sqlite3.Connection | None = None
        if not self.sqlite:
            self._proxy = TcpProxy(self.url.host or "127.0.0.1", self.url.port or 5432).start()

    def engine(self) -> Engine:
        """An engine that meets the outage: through the proxy, or quick to give up on the lock."""
        if self.sqlite:
            engine = make_engine(self.url.render_as_string(hide_password=False))
            # the driver's timeout holds while a connection is set up, the pragma after it
            event.listen(engine, "do_connect", _short_connect_timeout)
            event.listen(engine, "connect", _short_busy_timeout)
            return engine
        url = self.url.set(host="127.0.0.1", port=self._proxy.port)
        return make_engine(url.render_as_string(hide_password=False))

    def begin(self) -> None:
        if self.sqlite:
            self._lock = sqlite3.connect(self.url.database, isolation_level=None)
            self._lock.execute("BEGIN IMMEDIATE")  # every writer now waits, then fails
        else:
            self._proxy.stop()

    def end(self) -> None:
        if self.sqlite:
            self._lock.execute("ROLLBACK")
            self._lock.close()
            self._lock = None
        else:
            self._proxy.start()

    def close(self) -> None:
        if self._lock is not None:
            self.end()
        if self._proxy is not None:
            self._proxy.stop()


def _short_connect_timeout(_dialect, _record, _args, parameters) -> None:
    parameters["timeout"] = SQLITE_BUSY_MS / 1000


def _short_busy_timeout(dbapi_connection, _record) -> None:
    dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")


@contextlib.contextmanager
def database_outage(database_url: str) -> Iterator[DatabaseOutage]:
    """A switch that takes this session's database away and brings it back."""
    outage = DatabaseOutage(database_url)
    try:
        yield outage
    finally:
        outage.close()
