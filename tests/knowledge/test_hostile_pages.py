"""Pages built to make the section splitter, the anchors and the pseudo-questions retry.

bench/adversarial.py times them up to 1 MB; here each 100 kB case must finish with a sane
result (no timing assertion: the machine may be busy)."""

import pytest

from knowledge import Document
from knowledge.anchors import AnchorMaker, split_explicit_id
from knowledge.passages import passages
from knowledge.pseudo import PER_PAGE, from_document, without_heading
from knowledge.section_index import split
from knowledge.sections import atx_heading, sections
from tests.adversarial_inputs import BROKEN, section_cases

CASES = section_cases(100_000)


@pytest.mark.parametrize("style", ["github", "python-markdown", "kramdown"])
@pytest.mark.parametrize("name", CASES)
def test_a_hostile_page_splits_into_few_sane_sections(name, style):
    page = CASES[name]
    found = sections(page, "Titre", style)
    assert 1 <= len(found) <= page.count("\n") + 1
    assert sum(len(s.text) + len(s.heading) for s in found) <= 2 * len(page)
    assert all(len(s.path) <= 6 for s in found)
    if style != "kramdown":  # kramdown itself numbers repeats without checking for clashes
        anchors = [s.anchor for s in found if s.anchor]
        assert len(set(anchors)) == len(anchors), name


@pytest.mark.parametrize("name", CASES)
def test_every_line_of_a_hostile_page_gets_a_unique_anchor(name):
    lines = CASES[name].split("\n")
    for style in ("github", "python-markdown"):
        maker = AnchorMaker(style)
        anchors = [maker.anchor(line) for line in lines if not split_explicit_id(line)[1]]
        kept = [a for a in anchors if a]
        assert len(set(kept)) == len(kept), (name, style)


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_page_gives_at_most_two_pseudo_questions(name):
    document = Document("page", "Titre", CASES[name])
    pseudos = from_document(document)
    assert len(pseudos) <= PER_PAGE
    for pseudo in pseudos:
        assert len(pseudo.held_out.body) < len(document.body)
    assert len(split(document, "github")) != 1


def test_a_closing_sequence_is_cut_as_before():
    assert atx_heading("## Restaurer ##  ") == (2, "Restaurer")
    assert atx_heading("## C# #") == (2, "C#")
    assert atx_heading("# ##") == (1, "##")
    assert atx_heading("#Titre") is None
    assert atx_heading("# a" + " " * 1000 + "x") == (1, "a" + " " * 1000 + "x")


def test_only_a_final_attribute_gives_an_explicit_id():
    assert split_explicit_id("Titre {#a} suite") == ("Titre {#a} suite", "")
    assert split_explicit_id("Titre {x} {#base .note}  ") == ("Titre {x}", "base")
    assert split_explicit_id("Titre {#a {b}") == ("Titre", "a")
    assert split_explicit_id("Titre " + "{#a" * 1000) == ("Titre " + "{#a" * 1000, "")


def test_repeats_skip_a_number_another_heading_took():
    for style, taker, sep in (
        ("github", "Exemple 1", "-"),
        ("python-markdown", "x {#exemple_1}", "_"),
    ):
        maker = AnchorMaker(style)
        got = [maker.anchor(h) for h in ("Exemple", taker, "Exemple", "Exemple")]
        assert got == ["exemple", f"exemple{sep}1", f"exemple{sep}2", f"exemple{sep}3"]
    kramdown = AnchorMaker("kramdown")  # as kramdown, which does not check
    assert [kramdown.anchor(h) for h in ("Exemple", "Exemple 1", "Exemple")] == [
        "exemple",
        "exemple-1",
        "exemple-1",
    ]


def test_a_thematic_break_is_not_a_heading():
    page = "Titre un\n---\n" + "a" * 100 + "\n\n* * *\n---\n" + "b" * 100
    assert [s.heading for s in sections(page)] == ["Titre un"]


def test_undecodable_bytes_in_headings_are_kept():
    page = f"# Titre\n\n## Régler {BROKEN} le serveur\n\n" + "texte " * 30
    (pseudo,) = from_document(Document("page", "Titre", page))
    assert BROKEN in pseudo.question
    assert without_heading(page, f"Régler {BROKEN} le serveur") != page


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_page_gives_sane_passages(name):
    # Passages are cut at import for every page: a run of `[` took two minutes at 100 kB.
    page = CASES[name]
    assert sum(len(p) for p in passages(page)) <= len(page)
