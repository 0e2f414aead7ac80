"""The fake Discourse as a DiscourseConnect provider: /session/sso_provider, in Discourse's shape.

Discourse checks the request's HMAC with the secret set for the return URL's host
(`discourse_connect_provider_secrets`, `domain|secret`), then sends the logged-in user back
to `return_sso_url` with `sso` (Base64 of the fields) and `sig` (hex HMAC-SHA256 of it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.fakes.discourse_records import HttpError

PATH = "/session/sso_provider"


class ConnectProvider:
    """Secrets per return host and the user logged in to the fake forum's browser session."""

    def __init__(self, state) -> None:
        self.state = state
        self.reset()

    def reset(self) -> None:
        self.secrets: dict[str, str] = {}
        self.logged_in: str | None = None

    def answer(self, params: dict) -> str:
        """The URL Discourse redirects the browser to, or HttpError as Discourse refuses."""
        payload, sig = params.get("sso", ""), params.get("sig", "")
        fields = dict(parse_qsl(base64.b64decode(payload).decode()))
        secret = self.secrets.get(urlsplit(fields.get("return_sso_url", "")).hostname or "")
        if secret is None or not hmac.compare_digest(_sign(payload, secret), sig):
            raise HttpError(422, "The DiscourseConnect signature is invalid.", "invalid_parameters")
        user = self.state.user_named(self.logged_in)
        if user is None:
            raise HttpError(403, "Log in to the forum first.", "not_logged_in")
        answer = base64.b64encode(urlencode(self._fields(user, fields)).encode()).decode()
        joiner = "&" if "?" in fields["return_sso_url"] else "?"
        query = urlencode({"sso": answer, "sig": _sign(answer, secret)})
        return f"{fields['return_sso_url']}{joiner}{query}"

    def _fields(self, user, asked: dict) -> dict:
        """What Discourse sends about the user (its e-mail included)."""
        with self.state.lock:
            groups = sorted(
                g for g, members in self.state.groups.items() if user.username in members
            )
        return {
            "nonce": asked["nonce"],
            "return_sso_url": asked["return_sso_url"],
            "external_id": str(user.id),
            "username": user.username,
            "name": user.username.title(),
            "email": f"{user.username}@example.org",
            "admin": "true" if user.admin else "false",
            "moderator": "true" if user.moderator else "false",
            "groups": ",".join(groups),
        }


def _sign(payload: str, secret: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
