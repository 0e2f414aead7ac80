"""`coopbot kb stats`: what the base holds, and how sure its answers are at its threshold."""

from __future__ import annotations

import json
import time
from dataclasses import asdict

from bot.kb import live_index
from bot.kb.options import IndexOptions
from bot.store.db import open_engine
from knowledge import tradeoff
from knowledge.base import BaseStats


def register(kbsub) -> None:
    """Add `kb stats` to the knowledge-base commands."""
    stats = kbsub.add_parser(
        "stats", help="entries, sections and the confidence threshold calibrated on the base"
    )
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(func=cmd_stats)


def cmd_stats(settings, args) -> int:
    """Build the index (calibrating it on its own headings) and describe it."""
    started = time.perf_counter()
    with open_engine(settings.database_url) as engine:
        base = live_index.build(engine, settings.forum_id, IndexOptions.of(settings))
    facts = as_dict(base.stats(), base.semantic, settings.suggest_threshold)
    if args.json:
        print(json.dumps(facts, indent=2))
    else:
        print("\n".join(lines(facts, time.perf_counter() - started)))
    return 0


def as_dict(stats: BaseStats, semantic: bool, override: float | None) -> dict:
    """Return the facts shown, as plain values."""
    fitted = stats.calibration
    facts = {
        "entries": stats.entries,
        "sections": stats.sections,
        "mode": "lexical + semantic" if semantic else "lexical only",
        "calibrated": fitted is not None,
        "threshold": override if override is not None else None,
    }
    if fitted is not None:
        facts |= {
            "calibrated_threshold": fitted.threshold,
            "expected_precision": round(fitted.precision, 3),
            "expected_silence": round(fitted.silence, 3),
            **silences(fitted),
            "pseudo_questions": {
                "answerable": fitted.answerable,
                "unanswerable": fitted.unanswerable,
            },
            "tradeoff": [{k: round(v, 3) for k, v in asdict(p).items()} for p in fitted.tradeoff],
        }
        facts["threshold"] = fitted.threshold if override is None else override
    return facts


def silences(fitted) -> dict:
    """Return the silence at the threshold for each kind of unanswerable pseudo-question."""
    chosen = tradeoff.at(fitted.tradeoff, fitted.threshold)
    return {
        "expected_silence_in_domain": round(chosen.silent_in_domain, 3),
        "expected_silence_off_topic": round(chosen.silent_off_topic, 3),
    }


def lines(facts: dict, seconds: float) -> list[str]:
    """Return the human-readable report."""
    out = [
        f"entries: {facts['entries']}",
        f"sections indexed (long articles): {facts['sections']}",
        f"search: {facts['mode']}",
    ]
    if not facts["calibrated"]:
        out.append("calibration: default (too few headings of three words or more to calibrate on)")
        return out + [f"({seconds:.1f} s)"]
    asked = facts["pseudo_questions"]
    out += [
        f"calibrated threshold: {facts['calibrated_threshold']:.2f}"
        + (
            f" (COOPBOT_SUGGEST_THRESHOLD overrides it: {facts['threshold']:.2f})"
            if facts["threshold"] != facts["calibrated_threshold"]
            else ""
        ),
        f"  expected precision at it: {facts['expected_precision']:.3f}"
        " (share of suggestions whose hits shown hold the answer, as their confidences"
        " predict it)",
        f"  expected silence at it: {facts['expected_silence']:.3f}"
        " (share of unanswerable questions left silent)",
        f"    questions of the base's own domain whose page is gone:"
        f" {facts['expected_silence_in_domain']:.3f}",
        f"    general questions no hosting documentation answers:"
        f" {facts['expected_silence_off_topic']:.3f} (members' off-topic questions have"
        " read near this one, or between the two)",
        f"  measured on {asked['answerable']} questions from the base's own headings and"
        f" {asked['unanswerable']} with no answer in it",
        *tradeoff_lines(facts),
        f"({seconds:.1f} s)",
    ]
    return out


def tradeoff_lines(facts: dict) -> list[str]:
    """Return the table of what other thresholds would give, the one in use marked."""
    if not facts.get("tradeoff"):
        return []
    out = [
        "what other thresholds would give (set one with COOPBOT_SUGGEST_THRESHOLD):",
        "  threshold  useful  precision  silent (in the base's domain)  silent (off-topic)",
    ]
    for p in facts["tradeoff"]:
        mark = "*" if p["threshold"] == round(facts["threshold"], 2) else " "
        out.append(
            f"  {mark}{p['threshold']:>7.2f}  {p['useful']:>6.2f}  {p['precision']:>9.2f}"
            f"  {p['silent_in_domain']:>29.2f}  {p['silent_off_topic']:>18.2f}"
        )
    return out + [
        "  useful: answerable questions suggested with a right entry shown; precision: their"
        " mean confidence; * the threshold in use",
        "  (headings asked alone are harder than members' questions: read the shape)",
    ]
