"""The HTTP side of the fake Discourse: parse, record, authenticate, inject faults, answer."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.discourse_faults import Fault
from tests.fakes.discourse_records import HttpError, Redirect

JSON_TYPE = "application/json; charset=utf-8"  # pydiscourse refuses any other spelling
PUBLIC_PATHS = {"/site/basic-info.json", "/about.json", "/session/sso_provider"}


class Handler(BaseHTTPRequestHandler):
    """One request to the FakeDiscourse stored on the server as `fake`."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format: str, *args) -> None:
        """Stay quiet: tests read `fake.requests` instead."""

    def _serve(self, method: str) -> None:
        fake = self.server.fake
        path, params = self._parse()
        generation = fake.record(method, path, params, self.headers.get("Api-Username"))
        try:
            fault = fake.faults.take(method, path)
            if fault is not None and fault.kind == "fail":
                return self._fail(fault)
            user = None
            if self.headers.get("Api-Key") is not None or path not in PUBLIC_PATHS:
                user = fake.authenticate(
                    self.headers.get("Api-Key"), self.headers.get("Api-Username")
                )
            wait = fake.faults.over_limit()
            if wait is not None:
                return self._fail(Fault("fail", 1, status=429, wait_seconds=wait))
            pause = fake.faults.pause_for(method, fault)
            if pause and not fake.pause(pause, generation):
                return None  # the fake was reset meanwhile: drop the stale request unapplied
            status, body = fake.routes.dispatch(method, path, user, params)
        except HttpError as e:
            if e.plain:
                return self._send_bytes(e.status, str(e).encode(), "text/plain; charset=utf-8")
            return self._send(e.status, e.body)
        except Redirect as e:
            return self._send(e.status, {}, {"Location": e.location})
        if fault is not None and fault.kind == "lose":
            # applied, but the client never learns it: the never-post-twice case
            return None if fault.drop else self._send(500, {"errors": ["Internal Server Error"]})
        return self._send(status, body)

    def _parse(self) -> tuple[str, dict]:
        parts = urlsplit(self.path)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if "json" in (self.headers.get("Content-Type") or ""):
            pairs += [(k, v) for k, v in json.loads(raw or b"{}").items()]
        else:
            pairs += parse_qsl(raw.decode(), keep_blank_values=True)
        params: dict = {}
        for key, value in pairs:
            if key.endswith("[]"):
                params.setdefault(key, []).append(value)
            else:
                params[key] = value
        return parts.path, params

    def _fail(self, fault: Fault) -> None:
        """Answer a fault as Discourse, nginx or a rate limiter would."""
        if fault.status == 429:
            wait = fault.wait_seconds if fault.wait_seconds is not None else 10
            headers = {"Retry-After": f"{wait:g}", "Discourse-Rate-Limit-Error-Code": "fake"}
            if fault.plain:
                return self._send_bytes(
                    429, b"Slow down, too many requests.", "text/plain", headers
                )
            message = f"You've performed this action too many times. Please wait {wait:g} seconds."
            extras = {"wait_seconds": wait, "time_left": f"{wait:g} seconds"}
            body = {"errors": [message], "error_type": "rate_limit", "extras": extras}
            return self._send(429, body, headers)
        if fault.plain or fault.status in (502, 503, 504):
            page = f"<html><body><h1>{fault.status}</h1></body></html>".encode()
            return self._send_bytes(fault.status, page, "text/html")
        return self._send(fault.status, {"errors": ["Internal Server Error"], "error_type": "fake"})

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        self._send_bytes(status, json.dumps(body).encode(), JSON_TYPE, headers)

    def _send_bytes(self, status: int, data: bytes, ctype: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
