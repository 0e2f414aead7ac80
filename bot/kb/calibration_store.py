"""A base's calibration kept beside its entries: a process building the same base again
(a command, a worker's start) reuses it instead of fitting it for seconds."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

import knowledge
from bot.kb.options import IndexOptions
from bot.store import state
from knowledge.confidence import Calibration, Fitted
from knowledge.documents import Document
from knowledge.tradeoff import Point

log = logging.getLogger("coopbot.kb")
KEY = "kb.calibration"


def fingerprint(documents: list[Document], options: IndexOptions) -> str:
    """Return what a calibration depends on: the articles, the options, the engine's code.

    Solved threads are left out: the calibration asks the articles' headings, and a base
    refitting for seconds at every solved thread would stall its worker."""
    digest = hashlib.sha256(_engine_code())
    digest.update(repr((options.semantic, options.anchor_style)).encode())
    if options.synonyms_file:
        digest.update(Path(options.synonyms_file).read_bytes())
    for d in sorted((d for d in documents if d.kind == "article"), key=lambda d: d.id):
        fields = (d.id, d.content_hash, d.url, ",".join(d.services), d.kind)
        digest.update("\x1e".join(fields).encode() + b"\x1d")
    return digest.hexdigest()


@cache
def _engine_code() -> bytes:
    """Return a hash of the knowledge engine's files: any change of code or lists refits."""
    root = Path(knowledge.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".txt"}):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def load(engine: Engine, forum: str, key: str) -> Fitted | None:
    """Return the calibration stored for this fingerprint, or None."""
    found = state.get(engine, forum, KEY)
    if found is None:
        return None
    stored = json.loads(found[0])
    if stored.get("fingerprint") != key:
        return None
    fitted = stored["fitted"]
    return Fitted(
        **{k: v for k, v in fitted.items() if k not in {"model", "tradeoff"}},
        model=Calibration(**fitted["model"]),
        tradeoff=tuple(Point(**p) for p in fitted["tradeoff"]),
    )


def save(engine: Engine, forum: str, key: str, fitted: Fitted) -> None:
    """Store a base's calibration with its fingerprint."""
    value = json.dumps({"fingerprint": key, "fitted": asdict(fitted)})
    with engine.begin() as conn:
        state.put(conn, forum, KEY, value)


def follow(
    engine: Engine, forum: str, base, documents: list[Document], options: IndexOptions
) -> None:
    """Calibrate a live index again once its articles changed, from the store if it can.

    An import through the command line stores the new base's calibration: the worker
    reads it; otherwise it fits it here, once (seconds), and stores it."""
    key = fingerprint(documents, options)
    fitted = load(engine, forum, key)
    try:
        refit = base.recalibrate(documents, fitted)
    except Exception:  # the old calibration still answers: better than no answer
        log.exception("knowledge index: calibration failed, the previous one stays")
        return
    if fitted is None and refit is not None:
        save(engine, forum, key, refit)
    log.info("knowledge index: calibration %s", "read back" if fitted else "fitted again")
