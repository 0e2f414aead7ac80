"""A fake Zammad and a fake GitLab on 127.0.0.1, answering their REST APIs' JSON for notes."""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

ZAMMAD_TOKEN = "zammad-api-token-0123456789"
GITLAB_TOKEN = "gitlab-api-token-0123456789"
STAMP = "2026-11-20T10:00:00.000Z"


@dataclass
class Helpdesks:
    """The data of both fakes: Zammad articles by ticket, GitLab notes by (project, iid)."""

    articles: dict[int, list[dict]] = field(default_factory=dict)
    notes: dict[tuple[str, int], list[dict]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)  # Zammad's, by ticket
    requests: list[tuple[str, str]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses for the next requests
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def add_ticket(self, ticket_id: int) -> None:
        self.articles.setdefault(ticket_id, [])

    def add_issue(self, project: str, iid: int) -> None:
        self.notes.setdefault((project, iid), [])


class FakeHelpdesks:
    """Both fakes behind one server: /api/v1/... is Zammad, /api/v4/... is GitLab."""

    def __init__(self) -> None:
        self.data = Helpdesks()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.data = self.data

    def start(self) -> FakeHelpdesks:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, *statuses: int) -> None:
        """Answer the next requests with these statuses, applying nothing."""
        with self.data.lock:
            self.data.failures.extend(statuses)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args) -> None:
        """Stay quiet."""

    def _serve(self, method: str) -> None:
        data: Helpdesks = self.server.data
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        with data.lock:
            data.requests.append((method, path))
            if data.failures:
                return self._send(data.failures.pop(0), {"error": "fake failure"})
            if path.startswith("/api/v1/"):
                query = dict(parse_qsl(urlsplit(self.path).query))
                return self._send(*_zammad(data, method, path, body, self.headers, query))
            return self._send(*_gitlab(data, method, path, body, self.headers))

    def _send(self, status: int, payload) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


def _zammad(data: Helpdesks, method: str, path: str, body: dict, headers, query: dict):
    """GET /api/v1/ticket_articles/by_ticket/{id}, POST /api/v1/ticket_articles,
    GET /api/v1/tags?object=Ticket&o_id={id}."""
    if headers.get("Authorization") != f"Token token={ZAMMAD_TOKEN}":
        return 401, {"error": "authentication failed", "error_human": "Authentication failed"}
    if method == "GET" and path == "/api/v1/tags":
        ticket = int(query.get("o_id", 0))
        return 200, {"tags": data.tags.get(ticket, [])}
    listed = re.fullmatch(r"/api/v1/ticket_articles/by_ticket/(\d+)", path)
    if method == "GET" and listed:
        ticket = int(listed[1])
        if ticket not in data.articles:
            return 404, {"error": f"Couldn't find Ticket with 'id'={ticket}"}
        return 200, data.articles[ticket]
    if method == "POST" and path == "/api/v1/ticket_articles":
        ticket = int(body.get("ticket_id") or 0)
        if ticket not in data.articles:
            return 422, {"error": "Need ticket_id!"}
        article = {
            "id": next(data.ids),
            "ticket_id": ticket,
            "type_id": 10,
            "sender_id": 1,
            "from": "coopbot",
            "to": None,
            "cc": None,
            "subject": None,
            "reply_to": None,
            "message_id": None,
            "in_reply_to": None,
            "references": None,
            "content_type": body.get("content_type", "text/plain"),
            "body": body.get("body", ""),
            "internal": bool(body.get("internal")),
            "preferences": {},
            "updated_by_id": 3,
            "created_by_id": 3,
            "origin_by_id": None,
            "created_at": STAMP,
            "updated_at": STAMP,
            "attachments": [],
            "type": body.get("type", "note"),
            "sender": "Agent",
            "created_by": "coopbot",
            "updated_by": "coopbot",
        }
        data.articles[ticket].append(article)
        return 201, article
    return 404, {"error": "No route matches"}


def _gitlab(data: Helpdesks, method: str, path: str, body: dict, headers) -> tuple[int, object]:
    """GET and POST /api/v4/projects/{id}/issues/{iid}/notes."""
    if headers.get("PRIVATE-TOKEN") != GITLAB_TOKEN:
        return 401, {"message": "401 Unauthorized"}
    found = re.fullmatch(r"/api/v4/projects/([^/]+)/issues/(\d+)/notes", path)
    if not found:
        return 404, {"error": "404 Not Found"}
    key = (unquote(found[1]), int(found[2]))
    if key not in data.notes:
        return 404, {"message": "404 Project Not Found"}
    if method == "GET":
        return 200, data.notes[key]
    note = {
        "id": next(data.ids),
        "type": None,
        "body": body.get("body", ""),
        "attachment": None,
        "author": {
            "id": 1,
            "username": "coopbot",
            "name": "coopbot",
            "state": "active",
            "avatar_url": None,
            "web_url": "https://git.example.coop/coopbot",
        },
        "created_at": STAMP,
        "updated_at": STAMP,
        "system": False,
        "noteable_id": 300 + key[1],
        "noteable_type": "Issue",
        "project_id": 5,
        "resolvable": False,
        "confidential": False,
        "internal": bool(body.get("internal")),
        "noteable_iid": key[1],
        "commands_changes": {},
    }
    data.notes[key].append(note)
    return 201, note
