"""The best section of each long candidate entry: by the lexical engine, by the semantic
engine, and by both (the section quoted)."""

from dataclasses import dataclass

import numpy as np

# Sections taken from each engine: a page's several sections may all rank high.
PASSAGE_CANDIDATES = 60


# Entries (slots, ascending and distinct) and a value for each.
ByEntry = tuple[np.ndarray, np.ndarray]
EMPTY: ByEntry = (np.zeros(0, dtype=np.int64), np.zeros(0))


@dataclass(frozen=True)
class PassageScores:
    """Each candidate entry's best section signals, and which section is best: arrays, as
    a search places them among its candidates at once."""

    lexical: ByEntry
    semantic: ByEntry
    best: ByEntry  # the best section's passage id


NONE = PassageScores(EMPTY, EMPTY, (EMPTY[0], EMPTY[0]))


def passage_scores(sections, terms: dict[str, float], vector, slots) -> PassageScores:
    """Score the sections of long entries: found by either engine, or of a candidate entry
    (`slots`); `terms` are the question's weighted terms, `vector` its encoding or None."""
    if not len(sections):
        return NONE
    ids, raw = sections.lexical.ranked(terms, PASSAGE_CANDIDATES)
    # Each score over the best, in float64 as Python divides the float32 scores.
    lexical = (ids, raw.astype(np.float64) / (float(raw[0]) if len(raw) else 1.0))
    entries, best, first = _best_found(sections.owner, *lexical)
    if vector is None or not len(sections.vectors):
        # Without vectors both engines' scores are the lexical ones.
        return PassageScores((entries, best), EMPTY, (entries, first))
    return _with_vectors(sections, vector, lexical, (entries, best), slots)


def _best_found(owner: np.ndarray, ids: np.ndarray, scores: np.ndarray):
    """Return the entries of sections found (ascending), each entry's best score and its
    section: the first of the entry's sections, as the best come first."""
    owners = owner[ids]
    kept = owners >= 0  # -1: removed since the search's scorer was made
    # unique's index is the first occurrence: it sorts stably when asked for indices.
    entries, first = np.unique(owners[kept], return_index=True)
    return entries, scores[kept][first], ids[kept][first]


def _with_vectors(sections, vector, lexical, best_lexical, slots):
    """Add the semantic engine: every section of every entry found is scored, so that each
    candidate's best section is known; done in arrays, as a thousand sections may be."""
    top = sections.vectors.top(vector, PASSAGE_CANDIDATES)
    found = np.concatenate([lexical[0], np.fromiter(top, dtype=np.int64, count=len(top))])
    owned = sections.owner[found]
    owners = sorted(set(slots).union(owned[owned >= 0].tolist()))  # -1: removed meanwhile
    every = sections.ids_of(owners)  # entry after entry: each entry's ids are together
    ids, cosines = sections.vectors.scored(vector, every)
    semantic = cosines.astype(np.float64)
    groups = sections.owner[ids]
    best_semantic = _best_in_groups(groups, semantic)
    # The section quoted is the one both engines like best, whatever the ranking weights.
    combined = _lexical_of(lexical, ids) + semantic
    if len(ids) < len(every):  # a section without a vector: its words still count
        ids, combined = _with_unencoded(sections, lexical, ids, combined)
        groups = sections.owner[ids]
    best_both = _best_in_groups(groups, combined)
    return PassageScores(best_lexical, best_semantic[:2], (best_both[0], ids[best_both[2]]))


def _with_unencoded(sections, lexical, ids: np.ndarray, combined):
    """Return ids and combined scores with the lexical engine's sections that have no
    vector, still grouped entry by entry."""
    alone = lexical[0][~np.isin(lexical[0], ids)]
    ids = np.concatenate([ids, alone])
    combined = np.concatenate([combined, _lexical_of(lexical, alone)])
    order = np.argsort(sections.owner[ids], kind="stable")
    return ids[order], combined[order]


def _lexical_of(lexical: tuple[np.ndarray, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """Return the lexical score of each id (0 for those the lexical engine did not find)."""
    found, scores = lexical
    if not len(found):
        return np.zeros(len(ids))
    order = np.argsort(found)
    found, scores = found[order], scores[order]
    where = np.minimum(np.searchsorted(found, ids), len(found) - 1)
    return np.where(found[where] == ids, scores[where], 0.0)


def _best_in_groups(groups: np.ndarray, values: np.ndarray):
    """Return, for each run of equal groups, the group, its best value and the index of its
    first best value (three arrays)."""
    n = len(values)
    if not n:
        return EMPTY[0], EMPTY[1], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], groups[1:] != groups[:-1]]))
    best = np.maximum.reduceat(values, starts)
    is_best = values == np.repeat(best, np.diff(np.append(starts, n)))
    first = np.minimum.reduceat(np.where(is_best, np.arange(n), n), starts)
    return groups[starts], best, first
