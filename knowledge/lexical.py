"""The lexical engine: terms analyzed in Python (knowledge.text), scored as tantivy scores.

Tantivy keeps the index and its statistics; questions are scored over the same postings
in NumPy (knowledge.bm25), several times faster than a query through tantivy's bindings."""

import tantivy

from knowledge.bm25 import Scorer
from knowledge.postings import Postings

# Terms arrive already folded, stemmed and rewritten: tantivy only splits on spaces.
ANALYZER = "terms"
TEXT_FIELDS = ("title", "body", "services")
# Real documentation titles are short and generic ("Domaines"): a title boost above the
# body's lost on both dev sets' CV (bench/RESULTS.md, "Knowledge: quality"); ranking's
# title weight still counts the question's title words an entry's title holds. Services
# are not searched here: ranking compares them with the question separately.
FIELD_BOOSTS = {"title": 1.0, "body": 1.0}
WRITER_HEAP = 50_000_000
WRITER_THREADS = 1


def _schema() -> tantivy.Schema:
    """Return the schema: a numeric slot per entry and three pre-analyzed text fields."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("slot", stored=False, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name=ANALYZER, index_option="freq")
    return builder.build()


class LexicalIndex:
    """A tantivy index in memory; entries are known by an integer slot."""

    def __init__(self):
        self.schema = _schema()
        self.index = tantivy.Index(self.schema)
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        self.index.register_tokenizer(ANALYZER, analyzer)
        self.writer = self.index.writer(WRITER_HEAP, WRITER_THREADS)
        self.boosts = dict(FIELD_BOOSTS)
        self.postings = Postings(TEXT_FIELDS)
        self._slots = 0  # one more than the highest slot added
        self._scorer = Scorer(self.index.searcher(), self.schema, self.postings, 0)

    def add(self, slot: int, fields: dict[str, list[str]]) -> None:
        """Queue an entry given its analyzed terms per field (call commit to apply)."""
        document = tantivy.Document()
        document.add_unsigned("slot", slot)
        for name in TEXT_FIELDS:
            document.add_text(name, " ".join(fields.get(name, ())))
        self.writer.add_document(document)
        self.postings.add(slot, fields)
        self._slots = max(self._slots, slot + 1)

    def remove(self, slot: int) -> None:
        """Queue the removal of an entry (call commit to apply)."""
        # Deleting by term misses u64 fields in tantivy-py 0.27; a term query matches.
        self.writer.delete_documents_by_query(tantivy.Query.term_query(self.schema, "slot", slot))
        self.postings.remove(slot)

    def commit(self) -> None:
        """Apply queued changes and make them visible to searches."""
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.writer = self.index.writer(WRITER_HEAP, WRITER_THREADS)
        self.index.reload()
        self.postings.commit()
        self._scorer = Scorer(self.index.searcher(), self.schema, self.postings, self._slots)

    def search(self, terms: dict[str, float], limit: int) -> list[tuple[int, float]]:
        """Return (slot, BM25 score) of the best entries for an OR of weighted terms."""
        if not terms:
            return []
        return self._scorer.top(terms, self.boosts, limit)

