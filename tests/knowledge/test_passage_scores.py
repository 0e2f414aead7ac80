"""Each long candidate's best section, in arrays: the same as scoring section by section."""

import random

import numpy as np
import pytest

from knowledge.passage_scores import PASSAGE_CANDIDATES, passage_scores
from knowledge.section_index import SectionIndex
from knowledge.sections import Section

TEXT = "sauvegarde restauration courriel domaine certificat base quota webmail alias dns"
WORDS = TEXT.split()
DIMENSIONS = 512  # the encoder's, which a section index expects


def build(seed: int, every_third_unencoded: bool = False) -> SectionIndex:
    """Return sections of 60 entries (two to six each) with random words and vectors,
    some entries removed and added again under a new slot (and, if asked, a third of the
    sections without a vector)."""
    rng, index = random.Random(seed), SectionIndex()
    rows = np.random.default_rng(seed)
    for slot in range(60):
        found = [
            Section(
                (f"Partie {j}",), f"partie-{j}", " ".join(rng.choices(WORDS, k=rng.randint(1, 8)))
            )
            for j in range(rng.randint(2, 6))
        ]
        index.add(slot, found, lambda text: text.split())
    index.commit()  # as the knowledge index does: a batch of pages, then a commit
    index.remove({3, 17, 40})
    for slot in (60, 61):  # pages changed: their new sections, under new slots
        index.add(
            slot,
            [Section(("Nouveau",), "nouveau", "quota alias"), Section((), "", "dns")],
            lambda text: text.split(),
        )
    index.commit()
    pids = [p for p in sorted(index.passages) if not (every_third_unencoded and p % 3 == 0)]
    vectors = rows.normal(size=(len(pids), DIMENSIONS)).astype(np.float32)
    index.add_vectors(pids, list(vectors / np.linalg.norm(vectors, axis=1, keepdims=True)))
    return index


def best_by_slot(index: SectionIndex, scores: dict[int, float]) -> dict[int, tuple[float, int]]:
    """Return, for each entry slot, its best passage score and that passage's id."""
    best: dict[int, tuple[float, int]] = {}
    for pid, score in scores.items():
        slot = index.passages[pid].slot
        if slot not in best or score > best[slot][0]:
            best[slot] = (score, pid)
    return best


def reference(index: SectionIndex, terms, vector, slots):
    """Score section by section, as the engine did before it worked in arrays."""
    raw = dict(index.lexical.search(terms, PASSAGE_CANDIDATES))
    top = max(raw.values(), default=0.0) or 1.0
    lexical = {pid: score / top for pid, score in raw.items()}
    semantic = {}
    owners = set(slots) | {index.passages[p].slot for p in lexical}
    semantic_top = index.vectors.top(vector, PASSAGE_CANDIDATES)
    owners |= {index.passages[p].slot for p in semantic_top}
    every = [p for s in sorted(owners) for p in index.of_slot.get(s, ())]
    semantic = index.vectors.scores(vector, every)
    found = [
        p for p in every if p in lexical or p in semantic
    ]  # a section with no score is not quoted
    combined = {p: lexical.get(p, 0.0) + semantic.get(p, 0.0) for p in found}
    return (
        {s: v for s, (v, _) in best_by_slot(index, lexical).items()},
        {s: v for s, (v, _) in best_by_slot(index, semantic).items()},
        {s: p for s, (_, p) in best_by_slot(index, combined).items()},
    )


def by_entry(pair) -> dict:
    """Return a PassageScores field (entries ascending, values) as a dict."""
    entries, values = pair
    assert entries.tolist() == sorted(set(entries.tolist()))
    return dict(zip(entries.tolist(), values.tolist(), strict=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("encoded", ["all", "some"])
def test_best_sections_in_arrays_are_those_scored_one_by_one(seed, encoded):
    index = build(seed, every_third_unencoded=encoded == "some")
    rng = np.random.default_rng(seed + 10)
    for words in (["quota"], ["dns", "alias", "courriel"], WORDS[:5], ["inconnu"]):
        vector = rng.normal(size=DIMENSIONS).astype(np.float32)
        vector /= np.linalg.norm(vector)
        slots = {int(s) for s in rng.choice(62, size=5, replace=False)}
        found = passage_scores(index, {w: 1.0 for w in words}, vector, slots)
        lexical, semantic, best = reference(index, {w: 1.0 for w in words}, vector, slots)
        assert by_entry(found.lexical) == lexical
        assert by_entry(found.semantic) == pytest.approx(semantic, rel=1e-6)
        assert by_entry(found.best) == best


def test_ids_of_entries_follow_removals_and_new_slots():
    index = build(1)
    assert index.ids_of([3, 17, 40]).tolist() == []
    assert index.ids_of([60, 2, 61]).tolist() == [
        *index.of_slot[60],
        *index.of_slot[2],
        *index.of_slot[61],
    ]
    assert all(index.owner[pid] == slot for slot, ids in index.of_slot.items() for pid in ids)
    assert index.ids_of([10_000, -1]).tolist() == []  # slots the index never saw


@pytest.mark.parametrize("seed", [1, 2])
def test_without_a_vector_the_best_sections_are_the_lexical_ones(seed):
    index = build(seed)
    for words in (["quota"], ["dns", "alias", "courriel"], WORDS[:5]):
        terms = {w: 1.0 for w in words}
        raw = dict(index.lexical.search(terms, PASSAGE_CANDIDATES))
        top = max(raw.values())
        expected = best_by_slot(index, {pid: score / top for pid, score in raw.items()})
        found = passage_scores(index, terms, None, set())
        assert by_entry(found.lexical) == {s: score for s, (score, _) in expected.items()}
        assert by_entry(found.best) == {slot: pid for slot, (_, pid) in expected.items()}


def test_sections_removed_after_the_last_commit_are_left_out():
    index = build(1)
    gone = 5
    pids = set(index.of_slot[gone])
    index.remove({gone})  # not committed: the lexical scorer still finds its sections
    assert pids & {pid for pid, _ in index.lexical.search({w: 1.0 for w in WORDS}, 1000)}
    found = passage_scores(index, {w: 1.0 for w in WORDS}, None, set())
    lexical, best = by_entry(found.lexical), by_entry(found.best)
    assert lexical and gone not in lexical and gone not in best
