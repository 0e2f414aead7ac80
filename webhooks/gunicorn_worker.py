"""gunicorn's threaded worker, reading each request whole before a thread serves it."""

from __future__ import annotations

import contextlib
import selectors
import time
from collections import deque
from functools import partial

from gunicorn import http
from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import ThreadWorker

from webhooks.request_framing import Framing, framing

REQUEST_SECONDS = 10  # a request (headers and body) must arrive whole within this time
RECV_BYTES = 64 * 1024
DEFAULT_BODY_LIMIT = 1024 * 1024
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class BufferingWorker(ThreadWorker):
    """A gthread worker whose threads never wait for a client.

    gthread hands a connection to a thread as soon as it is readable, and the thread then
    blocks until the whole body has come: four clients sending a byte a second took every
    thread of the documented setup. Here the main loop reads requests without blocking and
    a thread gets only a request that is complete; a slow client holds a socket, not a
    thread, and is cut after REQUEST_SECONDS.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arriving: deque = deque()  # connections still receiving a request, oldest first

    def enqueue_req(self, conn):
        """Read the request in the main loop first; hand it to a thread once complete."""
        if getattr(conn, "request_whole", False) or not self._can_buffer(conn):
            conn.request_whole = False
            super().enqueue_req(conn)
            return
        parser = conn.parser
        conn.request_bytes = bytearray(parser.unreader.take_buffered() if parser else b"")
        conn.request_deadline = time.monotonic() + REQUEST_SECONDS
        conn.continue_sent = False
        conn.sock.setblocking(False)
        self.arriving.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
        if conn.request_bytes:  # pipelined behind the previous request: maybe already whole
            self._check(conn)

    def _can_buffer(self, conn) -> bool:
        """Plain HTTP/1 only: TLS and HTTP/2 keep gunicorn's own path."""
        if self.cfg.is_ssl or getattr(self.cfg, "protocol", "http") != "http":
            return False
        return not negotiation.prior_knowledge_allowed(self.cfg, conn.client)

    def _on_readable(self, conn, _sock) -> None:
        """Take what the client sent; close on end of stream."""
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        conn.request_bytes += data
        self._check(conn)

    def _check(self, conn) -> None:
        """Hand a complete request to a thread, answer what cannot be served, else wait."""
        found = framing(conn.request_bytes, self.body_limit)
        if found is Framing.COMPLETE:
            self._hand_over(conn)
        elif found is Framing.HEADERS_TOO_LARGE:
            self._refuse(conn, "431 Request Header Fields Too Large", "headers too large")
        elif found is Framing.BODY_TOO_LARGE:
            self._refuse(conn, "413 Content Too Large", f"body larger than {self.body_limit} bytes")
        elif found is Framing.EXPECTS_CONTINUE and not conn.continue_sent:
            # gunicorn sends its own 100 later as well; clients skip any number of 1xx answers
            conn.continue_sent = True
            self._send(conn, CONTINUE)

    @property
    def body_limit(self) -> int:
        """The app's own limit (COOPBOT_MAX_BODY_BYTES), read once it is loaded."""
        config = getattr(self.wsgi, "config", None) or {}
        return config.get("MAX_CONTENT_LENGTH") or DEFAULT_BODY_LIMIT

    def _hand_over(self, conn) -> None:
        """Give the buffered request to gunicorn's parser and a thread."""
        self._forget(conn)
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(conn.request_bytes))
        conn.request_bytes = bytearray()
        conn.data_ready = conn.request_whole = True
        self.enqueue_req(conn)

    def _refuse(self, conn, status: str, message: str) -> None:
        """Answer from the main loop and close: no thread is spent on such a request."""
        body = f'{{"error": "{message}", "status": {status[:3]}}}'.encode()
        head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        self._send(conn, head.encode() + body)
        self._drop(conn)

    def _send(self, conn, data: bytes) -> None:
        """Best effort: a client that does not read loses the answer, not a thread."""
        with contextlib.suppress(OSError):
            conn.sock.send(data)

    def _forget(self, conn) -> None:
        """Stop watching a connection that was receiving a request."""
        self.arriving.remove(conn)
        self.poller.unregister(conn.sock)

    def _drop(self, conn) -> None:
        """Close a connection that was receiving a request."""
        self._forget(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """Also cut the clients whose request did not arrive in time, with a 408."""
        super().murder_pending()
        now = time.monotonic()
        while self.arriving and self.arriving[0].request_deadline <= now:
            self._refuse(self.arriving[0], "408 Request Timeout", "request not received in time")
