"""`coopbot suggest | eval`."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bot.kb import entries, live_index
from bot.kb.options import IndexOptions
from bot.messages import say
from bot.store.db import open_engine, upgrade
from bot.suggestions import propose
from knowledge.documents import load_markdown_folder
from knowledge.errors import KnowledgeFormatError
from knowledge.evaluate import evaluate, format_report, load_questions


def register(sub) -> None:
    """Add the suggestion commands to the parser."""
    sug = sub.add_parser("suggest", help="rank knowledge-base answers for a question")
    sug.add_argument("text", help="the question, as a member would write it")
    sug.add_argument("--title", default="", help="the topic's title")
    sug.add_argument("--json", action="store_true", help="machine-readable output")
    sug.set_defaults(func=cmd_suggest)
    ev = sub.add_parser("eval", help="measure answer quality on labelled questions")
    ev.add_argument("questions", help="a JSONL file like ../shared/eval/questions_dev.jsonl")
    ev.add_argument("--kb", help="evaluate against this Markdown folder, in a temporary database")
    ev.add_argument("--json", action="store_true", help="one JSON object")
    ev.set_defaults(func=cmd_eval)


def cmd_suggest(settings, args) -> int:
    """Print ranked suggestions, or why there is none."""
    with open_engine(settings.database_url) as engine:
        result = propose.find_answers(engine, settings, args.title, args.text)
    if args.json:
        # Not the engine's stems (result.terms, for feedback): they are not part of the answer.
        shown = {"hits": [asdict(h) for h in result.hits]}
        shown |= {key: getattr(result, key) for key in ("suggested", "best_score", "threshold")}
        shown["lang"] = result.lang
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    language = settings.language
    if not result.suggested:
        print(
            say("cli.no_suggestion", language, best=result.best_score, threshold=result.threshold)
        )
        return 0
    for n, hit in enumerate(result.hits, start=1):
        link = f"   {hit.url}\n" if hit.url else ""
        print(
            f"{n}. {hit.label} [{hit.entry_id}] {say('cli.confidence', language)} "
            f"{hit.confidence:.2f}\n{link}   {hit.snippet}\n"
            f"   {say('cli.why', language)}: {', '.join(hit.why)}"
        )
    return 0


def cmd_eval(settings, args) -> int:
    """Evaluate on a questions file, against the database or a folder."""
    try:
        questions = load_questions(Path(args.questions))
        documents = load_markdown_folder(args.kb) if args.kb else None
    except (KnowledgeFormatError, OSError) as e:
        print(f"coopbot eval: {e}", file=sys.stderr)
        return 1
    if not questions:  # figures over no question would read as a measurement
        print(f"coopbot eval: {args.questions} holds no question (JSON lines)", file=sys.stderr)
        return 1
    if args.kb:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'eval.db'}"
            upgrade(url)
            with open_engine(url) as engine:
                with engine.begin() as conn:
                    entries.upsert(conn, settings.forum_id, documents)
                result = _evaluate(engine, settings, questions)
    else:
        with open_engine(settings.database_url) as engine:
            result = _evaluate(engine, settings, questions)
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


def _evaluate(engine, settings, questions) -> dict:
    """Evaluate the questions against the knowledge base stored in `engine`."""
    base = live_index.current(engine, settings.forum_id, IndexOptions.of(settings))
    for q in questions:  # a typo in the file would read as the engine's miss
        for entry_id in q["expected"]:
            if entry_id not in base:
                print(
                    f"coopbot eval: {q['id']} expects {entry_id}, which the knowledge base "
                    "does not hold",
                    file=sys.stderr,
                )
    return evaluate(base, questions, settings.suggest_threshold)
