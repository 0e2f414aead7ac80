"""Helpers shared by the normalizers: typed access to JSON payloads."""

from __future__ import annotations

import json

from bot.storable import storable

# Every integer the bot keeps must fit the database's INTEGER columns (suggestion.topic_id ...):
# a larger one would be accepted here, then make its event fail at every attempt.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class MalformedEvent(ValueError):
    """A payload is not JSON or misses a field the bot needs; the message names it."""


def parse_json(body: bytes) -> dict:
    """Parse a raw body that must hold a JSON object."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as e:  # JSONDecodeError, bad UTF-8, 4300+ digit ints
        raise MalformedEvent(f"body is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise MalformedEvent("body must be a JSON object")
    return storable(data)


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
        return _in_range(int(value), f"{where}{key}")
    except ValueError:
        raise MalformedEvent(f"{where}{key}: expected an integer") from None


def optional_int(data: dict, key: str, where: str = "") -> int | None:
    """Return an integer field when present and sane, else None; refuse one out of range."""
    value = data.get(key)
    if isinstance(value, bool):
        return None
    try:
        number = int(value) if value is not None else None
    except (TypeError, ValueError, OverflowError):  # Infinity arrives as a float
        return None
    return None if number is None else _in_range(number, f"{where}{key}")


def _in_range(number: int, name: str) -> int:
    """Refuse an integer the database cannot hold, naming its field."""
    if not INT_MIN <= number <= INT_MAX:
        raise MalformedEvent(f"{name}: {number} is out of range ({INT_MIN} to {INT_MAX})")
    return number


def text(data: dict, key: str, default: str = "") -> str:
    """Return a field as text, tolerating null and non-strings."""
    value = data.get(key)
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def items(data: dict, key: str) -> list:
    """Return a list field, or [] when it is absent or not a list."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def texts(data: dict, key: str, name: str = "name") -> tuple[str, ...]:
    """Strings of a list field whose items are strings or objects with a `name`."""
    found = []
    for item in items(data, key):
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get(name), str):
            found.append(item[name])
    return tuple(found)
