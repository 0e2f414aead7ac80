"""Checks shared by the page's and the bot's gettext catalogs."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def extracted(folder: Path, keywords: dict) -> list[tuple]:
    """(context, msgid) of every marked message, as pybabel extract finds them with babel.cfg."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(folder, method_map, options_map, keywords=keywords)
    return [(message[4], message[2]) for message in found]


def read_catalog(path: Path):
    """A .po or .mo file."""
    with open(path, "rb") as file:
        return read_mo(file) if path.suffix == ".mo" else read_po(file)


def messages(catalog) -> dict:
    """(context, msgid) -> msgstr, plural forms as tuples."""
    return {(m.context, _flat(m.id)): _flat(m.string) for m in catalog if m.id}


def _flat(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def assert_compiled(po: Path) -> None:
    """The .mo beside the .po holds exactly its messages (shipped, so no build step)."""
    assert messages(read_catalog(po)) == messages(read_catalog(po.with_suffix(".mo")))
