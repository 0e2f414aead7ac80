"""Read one COOPBOT_* variable: cast its text to its setting's type."""

from __future__ import annotations

BOOLEANS = {"true": True, "1": True, "yes": True, "on": True}
BOOLEANS |= {"false": False, "0": False, "no": False, "off": False}


class SettingsError(ValueError):
    """An environment variable holds a value coopbot cannot use."""


def cast(name: str, kind: str, raw: str):
    """Cast one variable to the field's type, or raise SettingsError naming it."""
    if kind == "int":
        if not raw.isdigit() or int(raw) <= 0:
            raise SettingsError(f"{name}: expected a positive integer, got {raw!r}")
        return int(raw)
    if kind.startswith("float"):
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value <= 0:
            raise SettingsError(f"{name}: expected a positive number, got {raw!r}")
        return value
    if kind == "bool":
        if raw.lower() not in BOOLEANS:
            raise SettingsError(f"{name}: expected true or false, got {raw!r}")
        return BOOLEANS[raw.lower()]
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
