"""DiscourseConnect with Discourse as the identity provider: the signed request and answer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

NONCE_BYTES = 24
PROVIDER_PATH = "/session/sso_provider"


class ConnectRefused(ValueError):
    """An answer from Discourse that does not log anyone in; `reason` names why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class ConnectUser:
    """Who Discourse says logged in; the e-mail it also sends is never kept."""

    username: str
    external_id: str
    admin: bool
    moderator: bool
    groups: tuple[str, ...]


def new_nonce() -> str:
    """A random single-use nonce."""
    return secrets.token_urlsafe(NONCE_BYTES)


def sign(payload: str, secret: str) -> str:
    """Hex HMAC-SHA256 of the Base64 payload, as Discourse computes it."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def request_url(discourse_url: str, secret: str, nonce: str, return_url: str) -> str:
    """Where to send the volunteer: Discourse's provider endpoint with sso and sig."""
    raw = urlencode({"nonce": nonce, "return_sso_url": return_url})
    payload = base64.b64encode(raw.encode()).decode()
    query = urlencode({"sso": payload, "sig": sign(payload, secret)})
    return f"{discourse_url.rstrip('/')}{PROVIDER_PATH}?{query}"


def read_answer(sso: str, sig: str, secret: str) -> tuple[str, ConnectUser]:
    """Check the signature in constant time, then return (nonce, user)."""
    if not hmac.compare_digest(sign(sso, secret).encode(), sig.lower().encode()):
        raise ConnectRefused("bad_signature")
    try:
        fields = dict(parse_qsl(base64.b64decode(sso, validate=True).decode()))
    except (ValueError, UnicodeDecodeError):
        raise ConnectRefused("malformed") from None
    if not fields.get("nonce") or not fields.get("username"):
        raise ConnectRefused("malformed")
    return fields["nonce"], _user(fields)


def _user(fields: dict[str, str]) -> ConnectUser:
    """The fields the page needs, and no more."""
    groups = tuple(g.strip() for g in fields.get("groups", "").split(",") if g.strip())
    return ConnectUser(
        username=fields["username"],
        external_id=fields.get("external_id", ""),
        admin=fields.get("admin") == "true",
        moderator=fields.get("moderator") == "true",
        groups=groups,
    )
