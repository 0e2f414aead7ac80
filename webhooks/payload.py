"""Helpers shared by the normalizers: typed access to JSON payloads."""

from __future__ import annotations

import json


class MalformedEvent(ValueError):
    """A payload is not JSON or misses a field the bot needs; the message names it."""


def parse_json(body: bytes) -> dict:
    """Parse a raw body that must hold a JSON object."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise MalformedEvent(f"body is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise MalformedEvent("body must be a JSON object")
    return data


def obj(data: dict, key: str, where: str) -> dict:
    """Return a nested object, or raise naming the missing path."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise MalformedEvent(f"{where}{key}: expected an object")
    return value


def integer(data: dict, key: str, where: str) -> int:
    """Return a required integer field (Discourse sends ids as numbers)."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise MalformedEvent(f"{where}{key}: expected an integer")
    try:
        return int(value)
    except ValueError:
        raise MalformedEvent(f"{where}{key}: expected an integer") from None


def optional_int(data: dict, key: str) -> int | None:
    """Return an integer field when present and sane, else None."""
    value = data.get(key)
    if isinstance(value, bool):
        return None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def text(data: dict, key: str, default: str = "") -> str:
    """Return a field as text, tolerating null and non-strings."""
    value = data.get(key)
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)
