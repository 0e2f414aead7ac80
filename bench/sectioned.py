"""Synthetic long articles for the speed bench: sections count as entries.

Each article is a title crossed from two dev articles and four to eight sections drawn
from the sections of all dev articles, each under its own heading, so that the engine
indexes the article and each of its sections. Articles are made until articles and
sections together reach the size asked."""

import random

from knowledge import Document
from knowledge.sections import sections

SECTIONS_PER_ARTICLE = (4, 8)


def section_pool(documents: list[Document]) -> list[tuple[str, str]]:
    """Return (heading, text) of every named section of the dev articles."""
    pool = []
    for d in documents:
        pool += [(s.heading, s.text) for s in sections(d.body, d.title) if s.path and s.text]
    return pool


def sectioned(documents: list[Document], size: int, seed: int) -> list[Document]:
    """Return long articles whose count plus their sections' count reaches `size`."""
    rng = random.Random(seed)
    pool = section_pool(documents)
    out, units = [], 0
    while units < size:
        a, b = rng.sample(range(len(documents)), 2)
        title = f"{documents[a].title} ({documents[b].title.split(',')[0].lower()})"
        count = min(rng.randint(*SECTIONS_PER_ARTICLE), size - units - 1) or 1
        parts = rng.sample(pool, count)
        body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in parts)
        i = len(out)
        url = f"https://doc.test/long/{i}"
        out.append(Document(f"long-{i}", title, body, documents[a].services, url))
        units += 1 + (count if count > 1 else 0)  # one section alone is not indexed apart
    return out
