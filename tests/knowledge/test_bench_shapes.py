"""The speed bench's sectioned bases hold as many entries as asked, sections counted."""

from pathlib import Path

import pytest

from bench.sectioned import sectioned
from knowledge import KnowledgeBase, load_markdown_folder

ROOT = Path(__file__).resolve().parents[2]
SHARED_KB = ROOT.parent / "shared" / "eval" / "kb"


@pytest.mark.skipif(not SHARED_KB.is_dir(), reason="../shared/eval/kb is absent")
@pytest.mark.parametrize("size", [50, 333])
def test_articles_and_their_sections_make_the_size_asked(size):
    articles = sectioned(load_markdown_folder(SHARED_KB), size, seed=1)
    base = KnowledgeBase.build(articles, semantic=False, calibrate=False)
    assert len(base) + base.stats().sections == size
    assert all(article.body.startswith("## ") for article in articles)
