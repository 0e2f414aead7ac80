"""Speed and memory of the knowledge engine on synthetic bases of 10,000 and 50,000 entries.

Usage: python bench/search.py [--sizes 10000,50000] [--shapes short,sectioned] [--no-write]
Entries are recombined from the articles of ../shared/eval/kb (titles crossed, paragraphs
mixed), in two shapes: short entries, and long articles of four to eight sections drawn
from the dev articles' sections (bench/sectioned.py), where an article's sections count
as entries, as the engine indexes them apart. Questions are the dev questions. Measures
build time (lexical, with embeddings, and rebuilt from the embedding cache), suggest
latency (p50/p95, with and without the encoder), the resident memory of a process
holding the base, and plain BM25 (bm25s) as the baseline. Each size is measured in a
fresh process. Results go to bench/RESULTS.md, section "Knowledge: speed".
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import publish  # noqa: E402
from bench.sectioned import sectioned  # noqa: E402
from knowledge import Document, KnowledgeBase, load_markdown_folder, semantic  # noqa: E402
from knowledge.anchors import GITHUB  # noqa: E402
from knowledge.evaluate import load_questions  # noqa: E402
from knowledge.passages import passages  # noqa: E402
from knowledge.section_index import section_text, split, vector_key  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SECTION = "## Knowledge: speed"
SEED = 20261122
PARAGRAPHS_PER_ENTRY = (4, 8)
WARMUP_QUESTIONS = 10
# Latency and memory are measured this many times, each on a fresh base, and the median
# kept: this machine's speed drifts by a third from one minute to the next.
ROUNDS = 3


def synthetic(documents: list[Document], size: int, seed: int = SEED) -> list[Document]:
    """Recombine real articles into `size` distinct entries."""
    rng = random.Random(seed)
    pieces = [passages(d.body) for d in documents]
    out = []
    for i in range(size):
        a, b = rng.sample(range(len(documents)), 2)
        title = f"{documents[a].title} ({documents[b].title.split(',')[0].lower()})"
        chosen = pieces[a] + rng.sample(pieces[b], min(3, len(pieces[b])))
        body = "\n\n".join(rng.sample(chosen, min(len(chosen), rng.randint(*PARAGRAPHS_PER_ENTRY))))
        out.append(
            Document(f"syn-{i}", title, body, documents[a].services, f"https://doc.test/{i}")
        )
    return out


SHAPES = ("short", "sectioned")


def entries_of(documents: list[Document], size: int, shape: str) -> list[Document]:
    """Return a synthetic base: `size` short entries, or long articles whose sections
    count as entries (bench/sectioned.py)."""
    return synthetic(documents, size) if shape == "short" else sectioned(documents, size, SEED)


def units(entries: list[Document]) -> list[str]:
    """Return the texts the engine indexes apart: each entry, and each section of a long one."""
    out = []
    for d in entries:
        out.append(f"{d.title} {d.body}")
        out += [section.text for section in split(d, GITHUB)]
    return out


def timed(function, *args, **kwargs):
    """Return (result, seconds)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def suggest(kb: KnowledgeBase, question: dict) -> float:
    """Search as the worker does: it reads the hits (snippets, words) of a suggestion only.
    Return the seconds the search took before any hit was read."""
    result, seconds = timed(kb.search, question["title"], question["body"])
    if result.suggested:
        _ = result.hits
    return seconds


def latencies(kb: KnowledgeBase, questions: list[dict]) -> tuple[float, float, float, float]:
    """Return p50 and p95 of suggest calls in milliseconds, p95 of their CPU time, and p95
    of the search alone (ranked entries and the decision, no hit read, as bm25s's ids)."""
    for q in questions[:WARMUP_QUESTIONS]:
        suggest(kb, q)
    wall, cpu, ranking = [], [], []
    for q in questions:
        started = time.process_time()
        searched, seconds = timed(suggest, kb, q)
        cpu.append((time.process_time() - started) * 1000)
        wall.append(seconds * 1000)
        ranking.append(searched * 1000)
    return (
        float(np.percentile(wall, 50)),
        float(np.percentile(wall, 95)),
        float(np.percentile(cpu, 95)),
        float(np.percentile(ranking, 95)),
    )


def bm25_baseline(entries: list[Document], questions: list[dict]) -> dict:
    """Index and query time of plain BM25 (bm25s) on the same entries, each section of a
    long article a document of its own (as many documents as the engine's entries)."""
    import bm25s

    options = {"stopwords": None, "show_progress": False}
    retriever = bm25s.BM25()
    corpus = units(entries)
    _, build = timed(
        lambda: retriever.index(bm25s.tokenize(corpus, **options), show_progress=False)
    )
    samples = []
    for q in questions:
        started = time.perf_counter()
        tokens = bm25s.tokenize([f"{q['title']} {q['body']}"], **options)
        retriever.retrieve(tokens, k=3, show_progress=False)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "build_s": build,
        "p50_ms": float(np.percentile(samples, 50)),
        "p95_ms": float(np.percentile(samples, 95)),
    }


def measure_in_child(size: int, shape: str, embed: bool, random_vectors: bool) -> dict:
    """Measure one size in a fresh process, so that no size inherits another's heap."""
    flags = [] if embed else ["--lexical-only"]
    flags += ["--random-vectors", str(size)] if random_vectors else []
    return run_self(["--measure", str(size), "--shapes", shape, *flags], stderr=None)


def rss_of_child(size: int, shape: str, cache_file: str) -> dict:
    """Build the base from the cache in a fresh process; return its latency and memory."""
    return run_self(["--child", str(size), shape, cache_file], stderr=subprocess.PIPE)


def run_self(args: list[str], stderr) -> dict:
    """Run this script with args in a fresh process; return the JSON of its last line."""
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(size: int, shape: str, cache_file: str) -> None:
    """Build a base of `size` entries from a saved cache, answer the dev questions (timed,
    as a worker meets them), and print the latencies, then RSS and peak in MB."""
    documents = entries_of(load_markdown_folder(EVAL / "kb"), size, shape)
    with np.load(cache_file) as saved:
        cache = dict(zip(saved["keys"], saved["vectors"], strict=True))
    kb = KnowledgeBase.build(documents, embedding_cache=cache)
    del cache, documents  # the bot keeps its documents in the database
    kb.embedding_cache.clear()  # the bot keeps the cache in its database, not in memory
    # A worker that has answered questions: its caches (passages, the encoder's pieces) fill.
    questions = load_questions(EVAL / "questions_dev.jsonl")
    keys = ("p50_ms", "p95_ms", "cpu_p95_ms", "ranking_p95_ms")
    row = dict(zip(keys, latencies(kb, questions), strict=True))
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    mb = {k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}
    print(json.dumps({**row, "rss_mb": mb["VmRSS"], "peak_mb": mb["VmHWM"], "entries": len(kb)}))


def medians(rounds: list[dict], keys: tuple[str, ...]) -> dict:
    """Return the median of each key over rounds, and each key's range as key_range."""
    out: dict = {}
    for key in keys:
        values = sorted(r[key] for r in rounds)
        out[key] = float(np.median(values))
        out[f"{key}_range"] = [values[0], values[-1]]
    return out


def random_cache(entries: list[Document]) -> dict:
    """Return unit vectors for the entries and their sections, standing in for an encoding
    too slow to wait for."""
    keys = []
    for d in entries:
        keys.append(semantic.vector_key(d))
        keys += [vector_key(section_text(d, section)) for section in split(d, GITHUB)]
    rows = np.random.default_rng(SEED).normal(size=(len(keys), 512)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return dict(zip(keys, rows, strict=True))


def measure(size, shape, documents, questions, embed: bool, random_vectors=False) -> dict:
    """Measure one base size of one shape."""
    entries = entries_of(documents, size, shape)
    row: dict = {"size": size, "shape": shape, "articles": len(entries)}
    lexical_rounds = []
    for _ in range(ROUNDS):  # a fresh base each round: every round meets cold caches
        lexical, seconds = timed(KnowledgeBase.build, entries, semantic=False)
        row["sections"] = lexical.stats().sections
        keys = ("lexical_p50_ms", "lexical_p95_ms", "lexical_cpu_p95_ms", "lexical_ranking_p95_ms")
        lexical_rounds.append(
            {
                "build_lexical_s": seconds,
                **dict(zip(keys, latencies(lexical, questions), strict=True)),
            }
        )
        del lexical
    row.update(medians(lexical_rounds, ("build_lexical_s", *keys)))
    baseline = [bm25_baseline(entries, questions) for _ in range(ROUNDS)]
    row["bm25s"] = medians(baseline, ("build_s", "p50_ms", "p95_ms"))
    if not embed:
        return row
    cache: dict = random_cache(entries) if random_vectors else {}
    kb, seconds = timed(KnowledgeBase.build, entries, embedding_cache=cache)
    row["encoded"] = kb.last_encoded
    if not random_vectors:
        row["build_embeddings_s"] = seconds
    del kb
    kb, row["build_cached_s"] = timed(KnowledgeBase.build, entries, embedding_cache=cache)
    row["encoded_cached"] = kb.last_encoded
    del kb
    with tempfile.NamedTemporaryFile(suffix=".npz", delete=False) as handle:
        np.savez(handle, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    try:
        rounds = [rss_of_child(size, shape, handle.name) for _ in range(ROUNDS)]
    finally:
        os.unlink(handle.name)
    keys = ("p50_ms", "p95_ms", "cpu_p95_ms", "ranking_p95_ms", "rss_mb", "peak_mb")
    row.update(medians(rounds, keys))
    return row


def report(rows: list[dict], seconds: float) -> list[str]:
    """Return the Markdown section of the results."""
    today = datetime.date.today().isoformat()
    command = " ".join(["python bench/search.py", *sys.argv[1:]])
    lines = [
        SECTION,
        "",
        f"`{command}` on {today}"
        + (
            " (--rows: rows printed by an earlier run of this script), "
            if "--rows" in command
            else ", "
        )
        + f"{os.cpu_count()} CPUs, 5-minute load average {os.getloadavg()[1]:.1f} at the end"
        " (the benchmark's own encoder processes included), "
        f"{seconds:.0f} s."
        " Latency is one `KnowledgeBase.search` (cleaning, analysis, encoding of the"
        " question, both engines, ranking, the decision) and, for a suggested question,"
        " reading its hits (snippets, the member's words), as the worker does, over the 80"
        " dev questions: p50 / p95 of wall time, then p95 of the process's CPU time, then"
        " p95 of the search alone (no hit read, as bm25s returns ids); each is the median"
        f" of {ROUNDS} rounds on a fresh base (a fresh process for the encoder's), whose"
        " caches start cold. Sectioned rows are long articles whose sections count as"
        " entries (bench/sectioned.py); their bm25s indexes each section as a document of"
        " its own. Each size runs in a fresh process; building encodes the"
        " entries in one process per CPU. RSS is that of the fresh process holding the base"
        " built from the embedding cache, after answering the dev questions (median of the"
        " rounds). Random vectors, where a row says so, stand in for encoded ones: they"
        " measure memory and latency, not the encoding time.",
        "",
        "| entries | build lexical (s) | build + embeddings (s) | entries encoded | rebuild "
        "from cache (s) | encoded on rebuild | suggest p50 / p95 / CPU p95 / search alone p95 (ms) "
        "| lexical p50 / p95 / CPU p95 / search alone p95 (ms)"
        " | RSS / peak (MB) | bm25s build (s) | bm25s p50 / p95 (ms) |",
        "|" + "---|" * 11,
    ]
    for r in rows:
        b = r["bm25s"]

        def get(key, fmt="{:.1f}", row=r):
            return fmt.format(row[key]) if key in row else "-"

        lines.append(
            f"| {described(r)}{' (random vectors)' if r.get('encoded') == 0 else ''} | "
            f"{r['build_lexical_s']:.1f} | {get('build_embeddings_s')} | "
            f"{get('encoded', '{}')} | {get('build_cached_s')} | {get('encoded_cached', '{}')} | "
            f"{get('p50_ms', '{:.2f}')} / {get('p95_ms', '{:.2f}')} / {get('cpu_p95_ms', '{:.2f}')}"
            f" / {get('ranking_p95_ms', '{:.2f}')}"
            f" | {r['lexical_p50_ms']:.2f} / {r['lexical_p95_ms']:.2f} / "
            f"{r['lexical_cpu_p95_ms']:.2f} / {r['lexical_ranking_p95_ms']:.2f} | "
            f"{get('rss_mb', '{:.0f}')} / {get('peak_mb', '{:.0f}')} | {b['build_s']:.1f} | "
            f"{b['p50_ms']:.2f} / {b['p95_ms']:.2f} |"
        )
    return lines + ["", *verdicts(rows)]


# The targets: (row key, limit, what it measures).
TARGETS = (
    ("p95_ms", 10.0, "suggest p95 (ms)"),
    ("lexical_p95_ms", 2.0, "lexical p95 (ms)"),
    ("build_lexical_s", 30.0, "lexical build (s)"),
    ("build_embeddings_s", 180.0, "build with embeddings (s)"),
    ("rss_mb", 400.0, "resident memory (MB)"),
)


def verdicts(rows: list[dict]) -> list[str]:
    """Return one line per size: each measured figure against its target."""
    lines = []
    for r in rows:
        checks = [
            f"{label} {r[key]:.2f}{_spread(r, key)} ≤ {limit:g}: "
            + ("met" if r[key] <= limit else "MISSED")
            for key, limit, label in TARGETS
            if key in r
        ]
        lines.append(f"- {described(r)}: " + "; ".join(checks + [_against_bm25s(r)]))
    return lines


def described(row: dict) -> str:
    """Return a row's size and shape: '10,000 entries', or its articles and sections."""
    if row.get("shape", "short") == "short":
        return f"{row['size']:,} entries"
    return f"{row['size']:,} entries: {row['articles']:,} articles + {row['sections']:,} sections"


def _against_bm25s(row: dict) -> str:
    """Compare the lexical path with plain BM25 in the same run (the issue: no slower)."""
    ours, peer = row["lexical_p95_ms"], row["bm25s"]["p95_ms"]
    verdict = "met" if ours <= peer else f"MISSED, {ours / peer:.2f} times as long"
    ranking = row["lexical_ranking_p95_ms"]
    return (
        f"lexical p95 {ours:.2f} against bm25s p95 {peer:.2f} in the same run: {verdict}"
        f" (the search alone, no hit read: {ranking:.2f}, {ranking / peer:.2f} times bm25s)"
    )


def _spread(row: dict, key: str) -> str:
    """Return ' (rounds LOW to HIGH)' when the figure is a median of rounds."""
    low_high = row.get(f"{key}_range")
    return f" (rounds {low_high[0]:.2f} to {low_high[1]:.2f})" if low_high else ""


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument(
        "--shapes",
        default=",".join(SHAPES),
        help="short entries, and/or long articles whose sections count as entries",
    )
    parser.add_argument("--lexical-only", action="store_true", help="skip the encoder")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--random-vectors",
        default="",
        help="sizes given random vectors instead of encoded ones (memory and latency only)",
    )
    parser.add_argument("--rows", help="JSON lines of rows already measured, to report")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2])
        return 0
    if not (EVAL / "kb").is_dir():
        print(f"skipped: {EVAL} is absent (evaluation data lives beside the project)")
        return 0
    randoms = {int(s) for s in args.random_vectors.split(",") if s}
    if args.measure:
        documents = load_markdown_folder(EVAL / "kb")
        questions = load_questions(EVAL / "questions_dev.jsonl")
        embed, size, shape = not args.lexical_only, args.measure, args.shapes
        print(json.dumps(measure(size, shape, documents, questions, embed, size in randoms)))
        return 0
    started = time.perf_counter()
    rows = (
        [
            json.loads(line)
            for line in Path(args.rows).read_text().splitlines()
            if line.startswith("{")
        ]
        if args.rows
        else []
    )
    shapes = [shape for shape in args.shapes.split(",") if shape]
    if unknown := set(shapes) - set(SHAPES):
        parser.error(f"unknown shape(s): {', '.join(sorted(unknown))} (known: {', '.join(SHAPES)})")
    for shape in shapes:
        for size in (int(s) for s in args.sizes.split(",") if s):
            rows.append(measure_in_child(size, shape, not args.lexical_only, size in randoms))
            print(json.dumps(rows[-1]), flush=True)
    lines = report(rows, time.perf_counter() - started)
    publish(lines, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
