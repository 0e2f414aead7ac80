"""Sections of bench/RESULTS.md that a script owns between two markers."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(start: str, end: str, lines: list[str]) -> None:
    """Replace the section between the markers (they included), or append it."""
    text = RESULTS.read_text(encoding="utf-8")
    block = "\n".join([start, *lines, end])
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
