"""Read tantivy's BM25 statistics of a field, deleted documents included.

Tantivy counts deleted documents in its statistics until it merges their segment, and it
merges when it chooses; tantivy-py shows the number of documents and a field's average
length only in the explanation of a score, so one term of the field is searched and its
score explained."""

import json

import numpy as np
import tantivy

from knowledge.postings import Postings


def field_statistics(searcher, schema, name: str, postings: Postings):
    """Return tantivy's (documents, average length) of a field, None when no entry has it."""
    indptr = postings.indptr
    rows = postings.rows[name].items()
    filled = (t for t, row in rows if row + 1 < len(indptr) and indptr[row + 1] > indptr[row])
    term = next(filled, None)
    if term is None:
        return None
    query = tantivy.Query.term_query(schema, name, term)
    (_, address), *_ = searcher.search(query, 1).hits
    found: dict[str, float] = {}
    _walk(json.loads(query.explain(searcher, address).to_json()), found)
    return int(found["N,"]), np.float32(found["avgdl,"])


def _walk(node: dict, found: dict[str, float]) -> None:
    """Collect the values of an explanation by the first word of their description."""
    found[node["description"].split(" ", 1)[0]] = node["value"]
    for child in node.get("details", ()):
        _walk(child, found)
