"""Local volunteer accounts: names and argon2 password hashes, used without DiscourseConnect."""

from __future__ import annotations

import re
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from bot.store import volunteers

HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
PASSWORD_MIN_CHARS = 12
GENERATED_BYTES = 15  # 20 characters of URL-safe Base64


class AccountError(ValueError):
    """A name or password the page cannot accept."""


def add(engine: Engine, forum: str, username: str, password: str | None = None) -> str:
    """Create an account; return its password (generated when none is given)."""
    if not NAME.match(username):
        raise AccountError(f"{username!r}: use 1 to 64 letters, digits, '.', '_' or '-'")
    password = password if password is not None else secrets.token_urlsafe(GENERATED_BYTES)
    if len(password) < PASSWORD_MIN_CHARS:
        raise AccountError(f"the password needs at least {PASSWORD_MIN_CHARS} characters")
    try:
        volunteers.add(engine, forum, username, HASHER.hash(password))
    except volunteers.VolunteerExists as e:
        raise AccountError(str(e)) from None
    return password


def verify(engine: Engine, forum: str, username: str, password: str) -> bool:
    """True when the account exists and the password matches; as slow either way."""
    stored = volunteers.password_hash(engine, forum, username)
    try:
        HASHER.verify(stored or _decoy(), password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if HASHER.check_needs_rehash(stored):
        volunteers.set_hash(engine, forum, username, HASHER.hash(password))
    return True


def exists(engine: Engine, forum: str, username: str) -> bool:
    """True while the account exists (a removed volunteer's session ends at once)."""
    return volunteers.password_hash(engine, forum, username) is not None


@cache
def _decoy() -> str:
    """A hash to verify against for unknown names, so that timing does not tell names apart."""
    return HASHER.hash(secrets.token_urlsafe(GENERATED_BYTES))
