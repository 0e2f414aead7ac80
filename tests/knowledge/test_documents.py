"""Loading articles from Markdown folders, and solved threads."""

import pytest

from knowledge import KnowledgeFormatError, load_markdown_folder, thread_document
from knowledge.documents import parse_markdown

GOOD = (
    "---\nid: x-1\ntitle: Un titre\nservices: [mail, dns]\nurl: https://doc.test/x\n---\n\nCorps.\n"
)


def write(folder, name, text):
    """Write one file of a test folder."""
    (folder / name).write_text(text, encoding="utf-8")


def test_loads_front_matter_and_body(documents):
    first = documents[0]
    assert (first.id, first.services, first.url) == (
        "t-01",
        ("mail",),
        "https://doc.test/mot-de-passe-boite",
    )
    assert first.body.startswith("# Changer le mot de passe")
    assert {d.kind for d in documents} == {"article"}
    assert len({d.content_hash for d in documents}) == len(documents)


def test_optional_language(tmp_path):
    write(tmp_path, "a.md", GOOD.replace("url:", "lang: en\nurl:"))
    assert load_markdown_folder(tmp_path)[0].lang == "en"


def test_missing_id_names_file_and_line(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", "---\ntitle: Sans id\n---\nCorps\n")
    with pytest.raises(KnowledgeFormatError, match=r"b\.md:1: missing id"):
        load_markdown_folder(tmp_path)


def test_duplicate_id_names_second_file_and_line(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD.replace("Un titre", "Autre"))
    with pytest.raises(KnowledgeFormatError, match=r"b\.md:2: duplicate id x-1"):
        load_markdown_folder(tmp_path)


def test_broken_front_matter_names_line(tmp_path):
    write(tmp_path, "a.md", "---\nid: x-2\ntitle: Bien\nservices: [mail, dns\n---\nCorps\n")
    with pytest.raises(KnowledgeFormatError, match=r"a\.md:\d+: broken front matter"):
        load_markdown_folder(tmp_path)


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ('id: x-2\ntitle: "Jamais fermé\nurl: https://doc.test/x\n', 3),
        ("id: x-2\ntitle: Bien\nservices: [mail, dns\nurl: https://doc.test/x\n", 4),
        ("id: x-2\ntitle: Bien: mal: placé\n", 3),
        ("id: x-2\ntitle: Bien\nservices:\n  - mail\n - dns\nurl: https://doc.test/x\n", 6),
    ],
)
def test_broken_front_matter_names_the_line_at_fault_in_file_lines(tmp_path, front, line):
    # YAML's own message counts lines from the front matter's first line, one less than the
    # file's, and points at the end of the text for an unclosed quote or bracket.
    write(tmp_path, "a.md", f"---\n{front}---\nCorps\n")
    with pytest.raises(KnowledgeFormatError) as raised:
        load_markdown_folder(tmp_path)
    assert raised.value.line == line
    assert "<unicode string>" not in str(raised.value)


def test_front_matter_values_stay_the_text_written(tmp_path):
    # YAML 1.1 reads 010 as octal 8, 1.10 as 1.1, 12:30 as 750 and Yes as true.
    write(tmp_path, "a.md", "---\nid: 010\ntitle: Yes\nservices: [on, 1.10, 12:30]\n---\nx\n")
    [document] = load_markdown_folder(tmp_path)
    assert (document.id, document.title) == ("010", "Yes")
    assert document.services == ("on", "1.10", "12:30")


def test_unclosed_front_matter(tmp_path):
    write(tmp_path, "a.md", "---\nid: x-3\ntitle: Jamais fermé\n")
    with pytest.raises(KnowledgeFormatError, match=r"a\.md:1: front matter is never closed"):
        load_markdown_folder(tmp_path)


def test_a_bad_file_loads_nothing(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "z.md", "pas de front matter\n")
    loaded = None
    with pytest.raises(KnowledgeFormatError, match=r"z\.md:1"):
        loaded = load_markdown_folder(tmp_path)
    assert loaded is None


def test_a_byte_order_mark_is_not_part_of_the_front_matter(tmp_path):
    # Editors on Windows save UTF-8 with a BOM; site generators read such files as usual.
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_markdown_folder(tmp_path)[0].id == "x-1"


def test_a_file_not_in_utf8_names_file_and_line(tmp_path):
    write(tmp_path, "a.md", GOOD)
    (tmp_path / "b.md").write_bytes("---\nid: x-2\ntitle: Problème\n---\nCorps\n".encode("latin-1"))
    with pytest.raises(KnowledgeFormatError, match=r"b\.md:3: not UTF-8 text"):
        load_markdown_folder(tmp_path)


def test_hidden_files_are_not_pages(tmp_path):
    # A folder copied from a Mac holds `._page.md` (binary AppleDouble data); editors leave
    # `.#page.md` locks. No site generator publishes a dot file.
    write(tmp_path, "page.md", GOOD)
    (tmp_path / "._page.md").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X\xff\xfe")
    assert [d.id for d in load_markdown_folder(tmp_path)] == ["x-1"]


def test_a_folder_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load_markdown_folder(tmp_path / "docs-typo")


def test_a_folder_without_markdown_files_is_an_error(tmp_path):
    # A documentation tree keeps its pages in subfolders, which are not read: saying so
    # beats an import of nothing (and, with --prune, the removal of every article).
    (tmp_path / "guides").mkdir()
    write(tmp_path / "guides", "a.md", GOOD)
    with pytest.raises(FileNotFoundError, match=r"no \*\.md file .*subfolders are not read"):
        load_markdown_folder(tmp_path)


def test_thread_document():
    doc = thread_document(
        42, "Relais refusé", "Je ne peux pas envoyer", "Activez SMTP auth", "u", ["mail"]
    )
    assert (doc.id, doc.kind, doc.services) == ("topic-42", "thread", ("mail",))
    assert "Activez SMTP auth" in doc.body


def test_mdx_import_lines_are_not_part_of_an_articles_text():
    page = (
        "---\nid: vps\ntitle: VPS\n---\n"
        "import InlineVoucher from '@site/src/components/InlineVoucher';\n"
        'import Tabs from "@theme/Tabs";\n\n'
        "Votre serveur se gère depuis le panneau.\n\n"
        "```python\nimport os\n```\n"
    )
    body = parse_markdown(page, "vps.md").body
    assert "InlineVoucher" not in body and "@theme" not in body
    assert "Votre serveur se gère depuis le panneau." in body and "import os" in body


@pytest.mark.parametrize(
    ("front", "line", "problem"),
    [
        ("id: [a, b]\ntitle: T", 2, "id is one text"),
        ('id: "a\\tb"\ntitle: T', 2, "id is at most 128 characters on one line"),
        (f"id: {'x' * 129}\ntitle: T", 2, "id is at most 128"),
        ("id: a\ntitle: T\nurl: javascript:alert(1)", 4, "url is an http:// or https://"),
        ("id: a\ntitle: T\nurl: https://doc.test/a page", 4, "url is an http:// or https://"),
        ("id: a\ntitle: T\nurl: doc.test/a", 4, "url is an http:// or https://"),
        ("id: a\ntitle: T\nlang: klingon-extended", 4, "lang is a language code"),
        (f"id: a\ntitle: T\nservices: [{'s' * 501}]", 4, "services hold at most 500"),
    ],
)
def test_a_field_no_store_or_link_could_take_names_its_line(front, line, problem):
    with pytest.raises(KnowledgeFormatError, match=f"a.md:{line}: {problem}"):
        parse_markdown(f"---\n{front}\n---\nCorps.\n", "a.md")


def test_a_nul_character_names_its_line():
    with pytest.raises(KnowledgeFormatError, match="a.md:6: holds a NUL character"):
        parse_markdown("---\nid: a\ntitle: T\n---\nUne ligne.\nDeux\x00.\n", "a.md")


def test_ids_that_read_alike_are_duplicates(tmp_path):
    write(tmp_path, "a.md", GOOD.replace("x-1", "café"))
    write(tmp_path, "b.md", GOOD.replace("x-1", "Cafe\u0301"))  # an e and a combining accent
    with pytest.raises(
        KnowledgeFormatError, match="b\\.md:2: duplicate id Cafe\u0301 \\(already in a"
    ):
        load_markdown_folder(tmp_path)


def test_good_urls_and_language_codes_are_kept():
    for url, lang in (("https://doc.test/a?b=1#c", "pt-BR"), ("HTTP://doc.test", "en")):
        page = parse_markdown(f"---\nid: a\ntitle: T\nurl: {url}\nlang: {lang}\n---\nX\n", "a")
        assert (page.url, page.lang) == (url, lang)
