"""`coopbot kb import | list | show | reindex | sync-category | stats`."""

from __future__ import annotations

import json
import sys
import time

from bot.cli import kb_stats, kb_sync
from bot.kb import entries, live_index
from bot.kb.options import IndexOptions
from bot.kb.rows import EntryRow
from bot.store.db import open_engine, upgrade
from knowledge.documents import Document, load_markdown_folder
from knowledge.errors import KnowledgeFormatError


def register(sub) -> None:
    """Add the knowledge-base commands to the parser."""
    box = sub.add_parser("kb", help="the knowledge base: articles and solved threads")
    kbsub = box.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    imp = kbsub.add_parser("import", help="upsert a folder of Markdown articles by id")
    imp.add_argument("directory", help="folder of *.md files with front matter")
    imp.add_argument("--prune", action="store_true", help="remove imported entries not in DIR")
    imp.set_defaults(func=cmd_import)
    lst = kbsub.add_parser("list", help="every entry")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=cmd_list)
    show = kbsub.add_parser("show", help="one entry in full")
    show.add_argument("id")
    show.set_defaults(func=cmd_show)
    kbsub.add_parser("reindex", help="rebuild the search index").set_defaults(func=cmd_reindex)
    kb_sync.register(kbsub)
    kb_stats.register(kbsub)


def cmd_import(settings, args) -> int:
    """Validate the whole folder first: a bad file applies nothing."""
    try:
        documents = load_markdown_folder(args.directory)
    except (KnowledgeFormatError, OSError) as e:
        print(f"coopbot kb import: {e}; nothing was imported", file=sys.stderr)
        return 1
    upgrade(settings.database_url)
    with open_engine(settings.database_url) as engine:
        with engine.begin() as conn:
            if clashes := entries.look_alikes(conn, settings.forum_id, documents, prune=args.prune):
                _say_look_alikes(clashes)
                return 1
            report = entries.upsert(conn, settings.forum_id, documents, prune=args.prune)
        print(f"{args.directory}: {report.summary()}")
        _say_incomplete(documents)
        _index(engine, settings)
    return 0


def _say_look_alikes(clashes: list[tuple[str, str, str]]) -> None:
    """Name the new ids that read like stored ones, and what to do."""
    for new, stored, source in clashes:
        # --prune removes what earlier imports stored, never a synced thread.
        remedy = (
            "give the article the stored id, or import with --prune to replace the entries"
            " of earlier imports"
            if source == entries.IMPORTED
            else f"give the article another id ({stored} came from {source})"
        )
        print(
            f"coopbot kb import: id {new} reads like the stored entry {stored} (case or"
            f" accents aside): {remedy}; nothing was imported",
            file=sys.stderr,
        )


def _say_incomplete(documents: list[Document]) -> None:
    """Name the articles without a url or without text: suggested, they link or quote nothing."""
    for missing, lacking, effect in (
        ([d.id for d in documents if not d.url], "no url (front matter `url`)", "a link"),
        ([d.id for d in documents if not d.body.strip()], "no text", "a quote"),
    ):
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            many = len(missing) > 1
            count = f"{len(missing)} articles have" if many else "1 article has"
            them = "them" if many else "it"
            print(f"{count} {lacking}: suggestions will show {them} without {effect}: {shown}")


def _index(engine, settings) -> None:
    """Build the index now so that vectors are cached; say how long it took."""
    print("indexing ...", flush=True)
    started = time.perf_counter()
    index = live_index.build(
        engine,
        settings.forum_id,
        IndexOptions.of(settings),
        on_progress=_Progress(started),
        on_calibrating=lambda: print("calibrating on the base's own headings ...", flush=True),
    )
    mode = "lexical + semantic" if index.semantic else "lexical only (encoder unavailable)"
    print(f"indexed {len(index)} entries, {mode}, {time.perf_counter() - started:.1f} s")


class _Progress:
    """Print how many entries are encoded: every second on a terminal, every 10 s in a log."""

    def __init__(self, started: float):
        self.started = self.last = started
        self.every = 1.0 if sys.stdout.isatty() else 10.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.last < self.every and done < total:
            return
        self.last = now
        elapsed = now - self.started
        print(f"  encoded {done:,} / {total:,} new entries ({elapsed:.0f} s)", flush=True)


def cmd_list(settings, args) -> int:
    """List entries."""
    with open_engine(settings.database_url) as engine:
        rows = entries.entries(engine, settings.forum_id)
    if args.json:
        print(json.dumps([_listed(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("the knowledge base is empty: coopbot kb import DIR")
    for r in rows:
        print(f"{r.entry_id:<16} {r.kind:<8} {r.title}")
    return 0


def _listed(row: EntryRow) -> dict:
    """An entry as `kb list --json` shows it (services comma-separated, as stored)."""
    return {
        "entry_id": row.entry_id,
        "kind": row.kind,
        "title": row.title,
        "services": ",".join(row.services),
        "url": row.url,
        "lang": row.lang,
        "topic_id": row.topic_id,
    }


def cmd_show(settings, args) -> int:
    """Show an entry."""
    with open_engine(settings.database_url) as engine:
        rows = entries.entries(engine, settings.forum_id, args.id)
    if not rows:
        print(f"no entry with id {args.id}", file=sys.stderr)
        return 1
    r = rows[0]
    print(f"# {r.title}\nid: {r.entry_id}  kind: {r.kind}  lang: {r.lang}")
    print(f"services: {','.join(r.services) or '-'}  url: {r.url or '-'}\n\n{r.body}")
    return 0


def cmd_reindex(settings, _args) -> int:
    """Rebuild the index from the database."""
    with open_engine(settings.database_url) as engine:
        _index(engine, settings)
    return 0
