"""Answer quality on ../shared/eval: our engine against two baselines measured in the same run.

Usage: python bench/quality.py [--no-write] [--pg URL]
Baselines: Discourse's similar-topics method reproduced on PostgreSQL, and plain BM25
(bm25s, no stemming). Results go to bench/RESULTS.md, section "Knowledge: quality".
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from knowledge import KnowledgeBase, load_markdown_folder  # noqa: E402
from knowledge.confidence import SUGGEST_THRESHOLD, SUGGEST_THRESHOLD_LEXICAL  # noqa: E402
from knowledge.evaluate import (  # noqa: E402
    METRICS,
    Outcome,
    at_threshold,
    load_questions,
    outcomes_of,
    score,
)

EVAL = ROOT.parent / "shared" / "eval"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Knowledge: quality"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)
# Discourse's similar topics: title + first 200 characters of the body, 3 x 5 candidates
# by ts_rank, kept when the title's trigram similarity is above 0.2, 5 shown.
DISCOURSE_BODY_CHARS = 200
DISCOURSE_CANDIDATES = 15
DISCOURSE_SIMILARITY = 0.2
DISCOURSE_SHOWN = 5


def discourse_outcomes(documents, questions, url: str, min_similarity: float) -> list[Outcome]:
    """Run Discourse's similar-topics query for every question on PostgreSQL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("CREATE TEMP TABLE kb (id text, title text, search_data tsvector)")
        for d in documents:
            conn.execute(
                "INSERT INTO kb VALUES (%s, %s, setweight(to_tsvector('french', unaccent(%s)), 'A')"
                " || setweight(to_tsvector('french', unaccent(%s)), 'B'))",
                (d.id, d.title, d.title, d.body[:DISCOURSE_BODY_CHARS]),
            )
        return [_discourse_one(conn, q, min_similarity) for q in questions]


def _discourse_one(conn, question, min_similarity: float) -> Outcome:
    """Return Discourse's similar topics for one question."""
    text = f"{question['title']} {question['body'][:DISCOURSE_BODY_CHARS]}"
    (query,) = conn.execute(
        "SELECT string_agg(quote_literal(lexeme) || ':*', ' | ')"
        " FROM unnest(to_tsvector('french', unaccent(%s)))",
        (text,),
    ).fetchone()
    if not query:
        return Outcome((), False)
    rows = conn.execute(
        "SELECT id, similarity(unaccent(lower(title)), unaccent(lower(%s))) AS s FROM"
        " (SELECT id, title, ts_rank(search_data, to_tsquery('french', %s)) AS rank FROM kb"
        "  WHERE search_data @@ to_tsquery('french', %s) ORDER BY rank DESC LIMIT %s) c"
        " WHERE similarity(unaccent(lower(title)), unaccent(lower(%s))) > %s"
        " ORDER BY (%s < 0) DESC, CASE WHEN %s < 0 THEN c.rank ELSE 0 END DESC, s DESC"
        " LIMIT %s",
        (
            question["title"],
            query,
            query,
            DISCOURSE_CANDIDATES,
            question["title"],
            min_similarity,
            min_similarity,
            min_similarity,
            DISCOURSE_SHOWN,
        ),
    ).fetchall()
    return Outcome(tuple(r[0] for r in rows), bool(rows), rows[0][1] if rows else 0.0)


def bm25_outcomes(documents, questions) -> list[Outcome]:
    """Rank with plain BM25 (bm25s), lower-cased words, no stemming, no threshold."""
    import bm25s

    options = {"stopwords": None, "show_progress": False}
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([f"{d.title} {d.body}" for d in documents], **options), show_progress=False
    )
    texts = [f"{q['title']} {q['body']}" for q in questions]
    ids, scores = retriever.retrieve(bm25s.tokenize(texts, **options), k=3, show_progress=False)
    return [
        Outcome(tuple(documents[i].id for i in row), True, float(best[0]))
        for row, best in zip(ids, scores, strict=True)
    ]


def top_features(kb: KnowledgeBase, questions) -> tuple[np.ndarray, np.ndarray]:
    """Return the calibration signals of each question's best hit, and whether it helps."""
    from knowledge.candidates import gather
    from knowledge.duplicates import collapse
    from knowledge.ranking import rank
    from knowledge.search import read_question

    rows, labels = [], []
    for q in questions:
        question = read_question(kb.index, q["title"], q["body"])
        ranked = collapse(kb.index, rank(gather(kb.index, question, {}), kb.semantic), 4)
        ids = {kb.index.entries[c.slot].document.id for c in ranked[:3]}
        second = ranked[1].score if len(ranked) > 1 else 0.0
        rows.append([ranked[0].score, ranked[0].score - second, ranked[0].coverage])
        labels.append(float(bool(ids & set(q["expected"]))))
    return np.array(rows), np.array(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2=0.1, steps=3000, rate=0.5):
    """Fit a logistic regression by gradient descent; return weights and bias (raw scale)."""
    mean, spread = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / spread
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * w)
        b -= rate * (p - y).mean()
    return w / spread, b - (w / spread) @ mean


def cross_validation(kb: KnowledgeBase, questions, threshold: float) -> list[str]:
    """Leave-one-out check of the calibration: refit without each question, then decide it."""
    x, y = top_features(kb, questions)
    w, b = fit_logistic(x, y)
    held_out = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        wi, bi = fit_logistic(x[keep], y[keep])
        held_out.append(1 / (1 + np.exp(-(x[i] @ wi + bi))))
    decided = np.array(held_out) >= threshold
    none = np.array([not q["expected"] for q in questions])
    silence = (~decided[none]).mean()
    useful = (decided[~none] & (y[~none] == 1)).mean()
    return [
        f"Fitted on all dev questions: score {w[0]:.2f}, gap {w[1]:.2f}, coverage {w[2]:.2f},"
        f" bias {b:.2f} (the constants in knowledge/confidence.py are these, rounded).",
        f"Leave-one-out at threshold {threshold}: silence on none {silence:.3f},"
        f" useful rate {useful:.3f}.",
    ]


def table(rows: dict[str, dict]) -> list[str]:
    """Return a Markdown table of metrics, one row per engine or group."""
    head = ["engine", *METRICS, "n"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, metrics in rows.items():
        cells = ["-" if metrics[m] is None else f"{metrics[m]:.3f}" for m in METRICS]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {metrics['n']} |")
    return lines


def tradeoff(questions, outcomes) -> list[str]:
    """Return the table of silence rate against useful rate at several thresholds."""
    lines = ["| threshold | silence on none | useful rate | suggest rate |", "|---|---|---|---|"]
    for threshold in THRESHOLDS:
        o = score(questions, at_threshold(outcomes, threshold))["overall"]
        lines.append(
            f"| {threshold:.2f} | {o['silence_rate']:.3f} | {o['useful_rate']:.3f}"
            f" | {o['suggest_rate']:.3f} |"
        )
    return lines


def publish(lines: list[str], write: bool) -> None:
    """Print a section and, unless told not to, write it to bench/RESULTS.md."""
    print("\n".join(lines))
    if write:
        write_section(lines)


def write_section(lines: list[str]) -> None:
    """Replace every copy of this section of bench/RESULTS.md (or append it)."""
    section = lines[0]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    while (start := text.find(section + "\n")) >= 0:
        end = text.find("\n## ", start + len(section))
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    RESULTS.write_text(text.rstrip() + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL for the Discourse baseline")
    args = parser.parse_args(argv)
    if not (EVAL / "kb").is_dir():
        print(f"skipped: {EVAL} is absent (evaluation data lives beside the project)")
        return 0
    documents = load_markdown_folder(EVAL / "kb")
    questions = load_questions(EVAL / "questions_dev.jsonl")
    started = time.perf_counter()
    engine = KnowledgeBase.build(documents)
    ours = outcomes_of(engine, questions)
    lexical = outcomes_of(KnowledgeBase.build(documents, semantic=False), questions)
    engines = {
        f"coopbot (encoder, threshold {SUGGEST_THRESHOLD})": ours,
        f"coopbot lexical only (threshold {SUGGEST_THRESHOLD_LEXICAL})": lexical,
        "plain BM25, no stemming (bm25s)": bm25_outcomes(documents, questions),
    }
    try:
        engines["Discourse similar topics (PostgreSQL)"] = discourse_outcomes(
            documents, questions, args.pg, DISCOURSE_SIMILARITY
        )
        engines["Discourse, ts_rank order without the trigram filter"] = discourse_outcomes(
            documents, questions, args.pg, -1.0
        )
    except Exception as error:  # the baseline is optional; say why it is missing
        print(f"Discourse baseline skipped: {error}")
    results = {name: score(questions, o) for name, o in engines.items()}
    lines = report(results, questions, ours, engine.semantic, time.perf_counter() - started)
    if engine.semantic:
        lines += ["", "### Calibration check", ""]
        lines += cross_validation(engine, questions, SUGGEST_THRESHOLD)
    publish(lines, write=not args.no_write)
    return 0


def report(results, questions, ours, semantic_on, seconds) -> list[str]:
    """Return the Markdown section of the results."""
    first = next(iter(results.values()))
    today = datetime.date.today().isoformat()
    lines = [
        SECTION,
        "",
        f"`python bench/quality.py` on {today}, dev set (60 articles, "
        f"{first['overall']['n']} questions), {seconds:.1f} s; encoder loaded: {semantic_on}.",
        "Dev figures: acceptance uses a held-out set of the same kinds.",
        "",
        "### Overall (answerable questions; silence on `none`)",
        "",
    ]
    lines += table({name: r["overall"] for name, r in results.items()})
    for name, result in results.items():
        lines += ["", f"### By kind: {name}", ""] + table(result["by_kind"])
    lines += ["", "### Abstention trade-off of coopbot (encoder)", ""] + tradeoff(questions, ours)
    misses = next(iter(results.values()))["misses"]
    lines += ["", "### Worst misses of coopbot (encoder)", ""]
    lines += [
        f"- {m['id']} ({m['kind']}): expected {m['expected']}, got {m['got']}, "
        f"{'suggested' if m['suggested'] else 'silent'} at {m['best_score']}"
        for m in misses
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
