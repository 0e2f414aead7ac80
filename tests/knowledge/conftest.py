"""Fixtures of the knowledge tests: a small hand-written base, built once per session."""

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, load_markdown_folder

HERE = Path(__file__).parent
KB_DIR = HERE / "kb"


@pytest.fixture(scope="session")
def documents():
    """Return the hand-written articles of tests/knowledge/kb."""
    return load_markdown_folder(KB_DIR)


@pytest.fixture(scope="session")
def lexical_kb(documents):
    """Return the small base without the sentence encoder (read-only in tests)."""
    return KnowledgeBase.build(documents, semantic=False)


@pytest.fixture(scope="session")
def semantic_kb(documents):
    """Return the small base with the sentence encoder, loaded once (read-only in tests)."""
    kb = KnowledgeBase.build(documents)
    if not kb.semantic:
        pytest.skip("sentence encoder unavailable")
    return kb
