"""DiscourseConnect with the fake Discourse as the identity provider: GET /session/sso_provider,
as SessionController#sso_provider and DiscourseConnectBase answer it."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode

from tests.fakes.discourse_records import HttpError, Redirect, User, not_found
from tests.fakes.discourse_state import ForumState

CONNECT_SECRET = "connect-secret-0123456789"  # discourse_connect_provider_secrets, any domain
LOGIN_ERROR = "Login Error"  # the text stays vague: it must not help forge a signature


class ConnectProvider:
    """Checks a site's signed request and sends the logged-in user back to it, signed."""

    def __init__(self, state: ForumState) -> None:
        self.state = state
        self.reset()

    def reset(self) -> None:
        self.secret: str | None = CONNECT_SECRET  # None: enable_discourse_connect_provider off
        self.user: str | None = None  # who is logged in to the forum in the test's browser

    def answer(self, params: dict) -> None:
        """Raise the redirect Discourse answers with, or its error."""
        if self.secret is None:
            raise not_found()
        sso, sig = params.get("sso") or "", params.get("sig") or ""
        if not sso:
            raise HttpError(400, "param is missing or the value is empty: sso")
        request = _decoded(sso)
        if request is None or not hmac.compare_digest(sign(self.secret, sso), sig):
            raise HttpError(422, LOGIN_ERROR, plain=True)
        back = request.get("return_sso_url", "")
        if not back:
            raise HttpError(400, "return_sso_url is blank, it must be provided", plain=True)
        user = self.state.user_named(self.user) if self.user else None
        if user is None:
            raise Redirect("/login", 302)  # Discourse keeps the request and shows its login
        answer = encode({**request, **self._identity(user)})
        query = urlencode({"sso": answer, "sig": sign(self.secret, answer)})
        raise Redirect(f"{back}{'&' if '?' in back else '?'}{query}", 302)

    def _identity(self, user: User) -> dict:
        """What Discourse adds to the request's fields (nonce, return_sso_url) about the user,
        an e-mail address included; a field without value is left out."""
        groups = [g["name"] for g in self.state.user_groups(user)]
        identity = {
            "external_id": str(user.id),
            "username": user.username,
            "name": user.name,
            "email": f"{user.username}@example.invalid",
            "admin": str(user.admin).lower(),
            "moderator": str(user.moderator).lower(),
            "groups": ",".join(groups),
        }
        return {k: v for k, v in identity.items() if v is not None}


def sign(secret: str, payload: str) -> str:
    """The hex HMAC-SHA256 of a Base64 payload."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def encode(fields: dict) -> str:
    """A payload as DiscourseConnect carries it: Base64 of a query string."""
    return base64.b64encode(urlencode(fields).encode()).decode()


def _decoded(sso: str) -> dict | None:
    try:
        return dict(parse_qsl(base64.b64decode(sso, validate=True).decode()))
    except (binascii.Error, UnicodeDecodeError):
        return None
