"""Pure verification of each sender's signature over the raw body, in constant time."""

from __future__ import annotations

import hashlib
import hmac


class InvalidSignature(Exception):
    """A delivery's signature or token is missing or wrong."""


class ReceiverNotConfigured(InvalidSignature):
    """No secret is set for this receiver, so every delivery is refused."""


def _require(secrets: tuple[str, ...], setting: str) -> None:
    if not secrets:
        raise ReceiverNotConfigured(f"receiver not configured: set {setting}")


def _matches_any(expected: list[str], presented: str) -> bool:
    """Compare against every accepted secret (two during a rotation) without short-circuit."""
    results = [hmac.compare_digest(e.encode(), presented.encode()) for e in expected]
    return any(results)


def hmac_hex(secret: str, body: bytes, digest=hashlib.sha256) -> str:
    """Lower-case hex HMAC of the body."""
    return hmac.new(secret.encode(), body, digest).hexdigest()


def verify_prefixed_hmac(
    secrets: tuple[str, ...], body: bytes, header: str | None, *, setting: str, prefix: str, digest
) -> None:
    """Check a `prefix=<hex>` header (Discourse sha256=, Zammad sha1=)."""
    _require(secrets, setting)
    if not header:
        raise InvalidSignature("missing signature header")
    if not header.startswith(prefix):
        raise InvalidSignature(f"signature must start with {prefix}")
    presented = header[len(prefix) :].strip().lower()
    if not _matches_any([hmac_hex(s, body, digest) for s in secrets], presented):
        raise InvalidSignature("signature does not match the body")


def verify_discourse(secrets: tuple[str, ...], body: bytes, header: str | None) -> None:
    """X-Discourse-Event-Signature: sha256=<hex HMAC-SHA256 of the raw body>."""
    verify_prefixed_hmac(
        secrets,
        body,
        header,
        setting="COOPBOT_DISCOURSE_WEBHOOK_SECRET",
        prefix="sha256=",
        digest=hashlib.sha256,
    )


def verify_zammad(secrets: tuple[str, ...], body: bytes, header: str | None) -> None:
    """X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>."""
    verify_prefixed_hmac(
        secrets,
        body,
        header,
        setting="COOPBOT_ZAMMAD_WEBHOOK_SECRET",
        prefix="sha1=",
        digest=hashlib.sha1,
    )


def verify_cachet(secrets: tuple[str, ...], body: bytes, header: str | None) -> None:
    """Signature: <hex HMAC-SHA256 of the body> (Laravel webhook-server's default signer)."""
    _require(secrets, "COOPBOT_CACHET_WEBHOOK_SECRET")
    if not header:
        raise InvalidSignature("missing Signature header")
    if not _matches_any([hmac_hex(s, body) for s in secrets], header.strip().lower()):
        raise InvalidSignature("signature does not match the body")


def verify_token(secrets: tuple[str, ...], presented: str | None, *, setting: str) -> None:
    """A shared token sent in plain text (GitLab's header, a status page's ?token=)."""
    _require(secrets, setting)
    if not presented:
        raise InvalidSignature("missing token")
    if not _matches_any(list(secrets), presented):
        raise InvalidSignature("token does not match")
