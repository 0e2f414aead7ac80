"""Baselines of bench/quality.py, measured in the same run as the engine.

Discourse's similar-topics method on PostgreSQL, plain BM25 (bm25s) with and without a
French stemmer, tantivy's French stemming analyzer, and a hybrid of tantivy's BM25 with the
sentence encoder's cosine on the whole article. Each returns one Outcome per question;
only Discourse has a threshold (its title similarity), the others always suggest."""

import re

import numpy as np

from knowledge import semantic
from knowledge.folding import fold
from knowledge.metrics import Outcome

TOP = 3
# Discourse's similar topics: title + first 200 characters of the body, 3 x 5 candidates
# by ts_rank, kept when the title's trigram similarity is above 0.2, 5 shown.
DISCOURSE_BODY_CHARS = 200
DISCOURSE_CANDIDATES = 15
DISCOURSE_SIMILARITY = 0.2
DISCOURSE_SHOWN = 5
# The hybrid of issue 13: BM25 divided by the question's best score, plus the cosine.
HYBRID_LEXICAL = 0.2
HYBRID_SEMANTIC = 0.8
WORDS = re.compile(r"\w\w+")


def question_text(question: dict) -> str:
    """Return a question's title and body as one text."""
    return f"{question['title']}\n{question.get('body', '')}".strip()


def discourse_outcomes(documents, questions, url: str, min_similarity: float) -> list[Outcome]:
    """Run Discourse's similar-topics query for every question on PostgreSQL."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
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
    text = f"{question['title']} {question.get('body', '')[:DISCOURSE_BODY_CHARS]}"
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


def _french_tokens(text: str, stemmer) -> list[str]:
    """Lower-case words, stemmed in French, then stripped of accents."""
    return [fold(stem) for stem in stemmer.stemWords(WORDS.findall(text.lower()))]


def bm25_outcomes(documents, questions, stemmed: bool = False) -> list[Outcome]:
    """Rank with plain BM25 (bm25s): lower-cased words, or French stems with accents folded."""
    import bm25s

    corpus = [f"{d.title} {d.body}" for d in documents]
    texts = [question_text(q) for q in questions]
    retriever = bm25s.BM25()
    if stemmed:
        import Stemmer

        stemmer = Stemmer.Stemmer("french")
        retriever.index([_french_tokens(t, stemmer) for t in corpus], show_progress=False)
        query = [_french_tokens(t, stemmer) or ["_"] for t in texts]
    else:
        options = {"stopwords": None, "show_progress": False}
        retriever.index(bm25s.tokenize(corpus, **options), show_progress=False)
        query = bm25s.tokenize(texts, **options)
    ids, scores = retriever.retrieve(query, k=TOP, show_progress=False)
    return [
        Outcome(tuple(documents[i].id for i in row), True, float(best[0]))
        for row, best in zip(ids, scores, strict=True)
    ]


class TantivyFrench:
    """A tantivy index of title + body with tantivy's French stemming analyzer."""

    def __init__(self, documents):
        import tantivy

        self.tantivy = tantivy
        self.analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("french"))
            .build()
        )
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("slot", stored=False, indexed=True, fast=True)
        builder.add_text_field("text", stored=False, tokenizer_name="french")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        self.index.register_tokenizer("french", self.analyzer)
        writer = self.index.writer(50_000_000, 1)
        for slot, d in enumerate(documents):
            document = tantivy.Document()
            document.add_unsigned("slot", slot)
            document.add_text("text", f"{d.title}\n{d.body}")
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.size = len(documents)

    def scores(self, text: str) -> np.ndarray:
        """Return every document's BM25 score for an OR of the text's analyzed terms."""
        t = self.tantivy
        terms = set(self.analyzer.analyze(text))
        out = np.zeros(self.size)
        if not terms:
            return out
        clauses = [(t.Occur.Should, t.Query.term_query(self.schema, "text", w)) for w in terms]
        searcher = self.index.searcher()
        hits = searcher.search(t.Query.boolean_query(clauses), self.size, count=False).hits
        slots = searcher.fast_field_values("slot", [address for _, address in hits])
        for (score, _), slot in zip(hits, slots, strict=True):
            out[slot] = score
        return out


def _outcome(documents, scores: np.ndarray) -> Outcome:
    """Return the top documents of a score array, always suggested."""
    order = np.argsort(-scores, kind="stable")[:TOP]
    return Outcome(tuple(documents[i].id for i in order), True, float(scores[order[0]]))


def tantivy_outcomes(documents, questions) -> list[Outcome]:
    """Rank with tantivy's BM25 and French stemmer over title + body."""
    engine = TantivyFrench(documents)
    return [_outcome(documents, engine.scores(question_text(q))) for q in questions]


def hybrid_outcomes(documents, questions, question_vectors) -> list[Outcome] | None:
    """Rank by 0.2 x tantivy French BM25 / the question's best + 0.8 x cosine of the article."""
    vectors = semantic.encode([f"{d.title}. {d.body}" for d in documents])
    if vectors is None or any(v is None for v in question_vectors):
        return None
    engine = TantivyFrench(documents)
    out = []
    for q, vector in zip(questions, question_vectors, strict=True):
        bm25 = engine.scores(question_text(q))
        lexical = bm25 / bm25.max() if bm25.max() > 0 else bm25
        out.append(
            _outcome(documents, HYBRID_LEXICAL * lexical + HYBRID_SEMANTIC * vectors @ vector)
        )
    return out
