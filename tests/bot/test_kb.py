"""The knowledge base in the database and the kb commands."""

from __future__ import annotations

import json
import os
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.main import main
from bot.kb import calibration_store, embeddings, entries, live_index
from bot.kb.options import IndexOptions
from knowledge.documents import Document, load_markdown_folder, thread_document

KB = Path(__file__).parent / "kb"
LEXICAL = IndexOptions(semantic=False)
ERROR_500 = "Mon site affiche une erreur 500"


def test_upsert_reports_and_prunes(engine):
    documents = load_markdown_folder(KB)
    with engine.begin() as conn:
        assert len(entries.upsert(conn, "default", documents).added) == 4
    before = entries.version(engine, "default")
    changed = [Document("art-1", "Nouveau titre du mot de passe", "Texte."), *documents[1:3]]
    with engine.begin() as conn:
        report = entries.upsert(conn, "default", changed, prune=True)
    assert (report.changed, report.removed) == (["art-1"], ["art-4"])
    assert len(report.unchanged) == 2
    assert entries.version(engine, "default") != before


def test_an_import_that_cannot_bump_the_version_stores_nothing(engine, lose_table):
    lose_table("key_value")
    with pytest.raises(SQLAlchemyError), engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    assert entries.entries(engine, "default") == []


def test_index_follows_the_database(engine):
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    base = live_index.current(engine, "default")
    assert len(base) == 4
    changed = Document("art-1", "Configurer un répondeur d'absence", "Vacances : répondeur.")
    with engine.begin() as conn:
        entries.remove(conn, "default", ["art-4"])
        entries.upsert(conn, "default", [changed])
    assert live_index.current(engine, "default") is base  # updated in place, not rebuilt
    assert len(base) == 3 and "art-4" not in base
    hit = base.search("répondeur absence vacances", "").hits[0]
    assert (hit.entry_id, hit.title) == ("art-1", "Configurer un répondeur d'absence")


def test_a_new_url_or_services_alone_is_a_change_the_live_index_follows(engine):
    # A documentation site that moves keeps its pages' text: only the front matter changes.
    documents = load_markdown_folder(KB)
    with engine.begin() as conn:
        entries.upsert(conn, "default", documents)
    base = live_index.current(engine, "default")
    moved = replace(documents[1], url="https://docs.example.coop/web/erreur-500", services=("web",))
    with engine.begin() as conn:
        report = entries.upsert(conn, "default", [moved, *documents[2:]])
    assert (report.changed, len(report.unchanged)) == (["art-2"], 2)
    [row] = entries.entries(engine, "default", "art-2")
    assert (row.url, row.services) == ("https://docs.example.coop/web/erreur-500", ("web",))
    assert live_index.current(engine, "default") is base
    hit = base.search(ERROR_500, "").hits[0]
    assert (hit.entry_id, hit.url) == ("art-2", "https://docs.example.coop/web/erreur-500")


def test_vectors_are_cached_per_forum(engine):
    with engine.begin() as conn:
        entries.upsert(conn, "coop2", load_markdown_folder(KB))
    first = live_index.build(engine, "coop2")
    if not first.semantic:
        pytest.skip("sentence encoder unavailable")
    assert first.last_encoded == 4
    assert live_index.build(engine, "coop2").last_encoded == 0
    assert embeddings.load_embeddings(engine, "default") == {}


def _write(path: Path, text: str, generation: int) -> None:
    """Write a file and give it a distinct change time, as an edit a second later would."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(generation * 10**9, generation * 10**9))


def test_the_coops_synonym_file_applies_and_is_read_again_when_edited(engine, tmp_path, caplog):
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    path = tmp_path / "synonymes.txt"
    _write(path, "mot de passe = sésame\n", 1)

    def top(question: str) -> str | None:
        base = live_index.current(engine, "default", IndexOptions(False, str(path)))
        hits = base.search(question, "").hits
        return hits[0].entry_id if hits else None

    assert top("sésame oublié") == "art-1"
    assert top("zorglub") is None
    _write(path, "mot de passe = sésame\nquota = zorglub\n", 2)
    assert top("zorglub") == "art-4"  # picked up at the next question
    _write(path, "une ligne sans signe égal\n", 3)
    assert top("zorglub") == "art-4"  # a broken edit keeps the previous synonyms
    assert "synonymes.txt:1" in caplog.text and "keeping the previous synonyms" in caplog.text


@pytest.mark.usefixtures("env", "engine")
def test_kb_import_list_show(capsys):
    assert main(["kb", "import", str(KB)]) == 0
    assert "4 added" in capsys.readouterr().out
    assert main(["kb", "import", str(KB)]) == 0
    assert "4 unchanged" in capsys.readouterr().out
    assert main(["kb", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"{'art-2':<16} {'article':<8} {ERROR_500}"
    assert main(["kb", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["entry_id"] for e in listed][:2] == ["art-1", "art-2"]
    assert listed[1] == {
        "entry_id": "art-2",
        "kind": "article",
        "title": ERROR_500,
        "services": "web,php",
        "url": "https://doc.example.coop/erreur-500",
        "lang": "fr",
        "topic_id": None,
    }
    assert main(["kb", "show", "art-2"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(
        f"# {ERROR_500}\nid: art-2  kind: article  lang: fr\n"
        "services: web,php  url: https://doc.example.coop/erreur-500\n\nUne erreur 500"
    )
    assert main(["kb", "show", "nope"]) == 1


@pytest.mark.usefixtures("env", "engine")
def test_suggest_names_the_section_it_quotes(tmp_path, capsys):
    # An administrator trying questions on a long page sees which part of it answers.
    (tmp_path / "ssl.md").write_text(
        "---\nid: ssl\ntitle: Certificats SSL\nurl: https://doc.example.coop/ssl\n---\n"
        "## Sécuriser le domaine principal\n\nDans le panneau, ouvrez SSL/TLS et demandez un "
        "certificat Let's Encrypt pour le domaine principal.\n\n"
        "## Sécuriser les sous-domaines\n\nUn certificat wildcard couvre tous les sous-domaines; "
        "il demande un enregistrement TXT dans la zone DNS.\n"
    )
    assert main(["kb", "import", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["suggest", "Un certificat wildcard pour tous mes sous-domaines ?"]) == 0
    first = capsys.readouterr().out.splitlines()[:2]
    assert first[0].startswith("1. Certificats SSL › Sécuriser les sous-domaines [ssl]")
    assert first[1].strip() == "https://doc.example.coop/ssl#sécuriser-les-sous-domaines"


@pytest.mark.usefixtures("env", "engine")
def test_import_says_which_articles_have_no_url_or_no_text(tmp_path, capsys):
    # Pages exported from a site generator often lack the `url` key: drafts then cannot link.
    (tmp_path / "a.md").write_text("---\nid: a\ntitle: Un\nurl: https://doc.test/a\n---\nUn.\n")
    for name in "bcdefg":
        (tmp_path / f"{name}.md").write_text(f"---\nid: {name}\ntitle: {name}\n---\nTexte.\n")
    (tmp_path / "h.md").write_text("---\nid: h\ntitle: Bientôt\nurl: https://doc.test/h\n---\n")
    assert main(["kb", "import", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "6 articles have no url" in out and "b, c, d, e, f, ..." in out
    assert "1 article has no text: suggestions will show it without a quote: h" in out


def test_entries_are_typed_rows(engine):
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    [entry] = entries.entries(engine, "default", "art-2")
    assert (entry.services, entry.topic_id, entry.kind) == (("web", "php"), None, "article")
    assert entry.body == entries.documents(engine, "default")[1].body
    with pytest.raises(FrozenInstanceError):
        entry.title = "changed"


@pytest.mark.usefixtures("env")
def test_bad_file_names_file_and_line_and_applies_nothing(engine, tmp_path, capsys):
    for file in KB.glob("*.md"):
        (tmp_path / file.name).write_text(file.read_text())
    (tmp_path / "99-bad.md").write_text("---\ntitle: Sans identifiant\nservices: [web]\n---\nx\n")
    assert main(["kb", "import", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "99-bad.md" in err and "missing id" in err and "nothing was imported" in err
    assert entries.entries(engine, "default") == []


@pytest.mark.usefixtures("env", "engine")
def test_duplicate_id_is_an_error(tmp_path, capsys):
    (tmp_path / "a.md").write_text("---\nid: x-1\ntitle: Premier article\n---\nUn.\n")
    (tmp_path / "b.md").write_text("---\nid: x-1\ntitle: Second article\n---\nDeux.\n")
    assert main(["kb", "import", str(tmp_path)]) == 1
    assert "duplicate id x-1" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_an_id_reading_like_a_stored_one_is_refused_unless_pruned(engine, tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "a.md").write_text("---\nid: Faq-été\ntitle: Un\n---\nUn.\n")
    (second / "a.md").write_text("---\nid: faq-e\u0301te\u0301\ntitle: Un\n---\nUn.\n")
    (second / "b.md").write_text("---\nid: b\ntitle: Deux\n---\nDeux.\n")
    assert main(["kb", "import", str(first)]) == 0
    capsys.readouterr()
    assert main(["kb", "import", str(second)]) == 1
    err = capsys.readouterr().err
    assert "id faq-e\u0301te\u0301 reads like the stored entry Faq-été" in err
    assert "--prune" in err and "nothing was imported" in err
    assert [e.entry_id for e in entries.entries(engine, "default")] == ["Faq-été"]
    assert main(["kb", "import", str(second), "--prune"]) == 0  # a rename: the old id goes
    ids = sorted(e.entry_id for e in entries.entries(engine, "default"))
    assert ids == ["b", "faq-e\u0301te\u0301"]
    with engine.begin() as conn:  # a solved thread: --prune never removes it
        thread = thread_document(7, "Relais", "q", "r", "")
        entries.upsert(conn, "default", [thread], source="thread")
    (second / "c.md").write_text("---\nid: Topic-7\ntitle: Trois\n---\nTrois.\n")
    assert main(["kb", "import", str(second), "--prune"]) == 1
    assert "give the article another id (topic-7 came from thread)" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_import_of_a_mistyped_folder_with_prune_removes_nothing(engine, tmp_path, capsys):
    assert main(["kb", "import", str(KB)]) == 0
    before = entries.entries(engine, "default")
    assert main(["kb", "import", str(tmp_path / "articels"), "--prune"]) == 1
    err = capsys.readouterr().err
    assert "no such folder" in err and "nothing was imported" in err
    assert entries.entries(engine, "default") == before


@pytest.mark.usefixtures("env", "engine")
def test_eval_with_a_bad_folder_says_why_without_a_traceback(tmp_path, capsys):
    (tmp_path / "a.md").write_bytes("---\nid: a\ntitle: Problème\n---\nx\n".encode("latin-1"))
    questions = str(Path(__file__).parent / "questions.jsonl")
    assert main(["eval", questions, "--kb", str(tmp_path)]) == 1
    assert "a.md:3: not UTF-8 text" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_eval_with_a_folder_uses_a_temporary_database(engine, capsys):
    questions = str(Path(__file__).parent / "questions.jsonl")
    assert main(["eval", questions, "--kb", str(KB), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"overall", "by_kind", "misses"}
    assert result["overall"]["n"] == 3 and result["overall"]["hit@3"] == 1.0
    assert result["by_kind"]["none"]["silence_rate"] == 1.0
    assert entries.entries(engine, "default") == []
    assert main(["eval", questions, "--kb", str(KB)]) == 0
    assert "hit@3" in capsys.readouterr().out


@pytest.mark.usefixtures("env", "engine")
def test_eval_names_a_broken_question_file_line(tmp_path, capsys):
    lines = (Path(__file__).parent / "questions.jsonl").read_text().splitlines()
    for number, broken in ((2, "not json"), (3, '{"id": "t-9", "title": "Sans attendu"}')):
        questions = tmp_path / f"q{number}.jsonl"
        questions.write_text("\n".join([*lines[: number - 1], broken]) + "\n")
        assert main(["eval", str(questions), "--kb", str(KB)]) == 1
        err = capsys.readouterr().err
        assert f"q{number}.jsonl:{number}:" in err and "Traceback" not in err


@pytest.mark.usefixtures("env", "engine")
def test_eval_of_a_file_without_questions_is_an_error(tmp_path, capsys):
    (tmp_path / "q.jsonl").write_text("\n  \n")
    assert main(["eval", str(tmp_path / "q.jsonl"), "--kb", str(KB), "--json"]) == 1
    captured = capsys.readouterr()
    assert "q.jsonl holds no question" in captured.err and captured.out == ""


@pytest.mark.usefixtures("env", "engine")
def test_eval_warns_of_expected_entries_the_base_does_not_hold(tmp_path, capsys):
    # A typo in a question file would read as a miss of the engine.
    text = (Path(__file__).parent / "questions.jsonl").read_text().replace('"art-2"', '"art-02"')
    (tmp_path / "q.jsonl").write_text(text)
    assert main(["eval", str(tmp_path / "q.jsonl"), "--kb", str(KB), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["overall"]["n"] == 3
    assert "t-1 expects art-02, which the knowledge base does not hold" in captured.err


@pytest.mark.usefixtures("discourse_env")
def test_sync_category_imports_first_posts_through_the_forum(engine, capsys, fake_discourse):
    docs = fake_discourse.add_category("Documentation", slug="documentation")
    first = fake_discourse.add_topic(
        "Configurer Thunderbird pour la coop",
        "Serveur IMAP mail.example.coop, port 993.",
        category_id=docs,
    )
    fake_discourse.add_topic(
        "Sauvegarder son site chaque semaine",
        "Utilisez l'outil de sauvegarde du panneau.",
        category_id=docs,
    )
    assert main(["kb", "sync-category", "documentation"]) == 0
    assert "2 added" in capsys.readouterr().out
    [entry] = entries.entries(engine, "default", f"doc-{first}")
    assert "993" in entry.body and entry.url.endswith(f"/t/{first}")
    assert main(["kb", "sync-category", "documentation"]) == 0
    assert "2 unchanged" in capsys.readouterr().out


@pytest.mark.usefixtures("discourse_env")
def test_sync_category_refuses_restricted_and_unknown_categories(engine, capsys, fake_discourse):
    staff = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    fake_discourse.add_topic("Compte rendu du bureau", "Points confidentiels.", category_id=staff)
    notes = fake_discourse.add_category("Notes", slug="notes", parent_category_id=staff)
    fake_discourse.add_topic("Notes du bureau", "Points confidentiels.", category_id=notes)
    assert main(["kb", "sync-category", "bureau"]) == 1
    assert "read-restricted" in capsys.readouterr().err
    assert main(["kb", "sync-category", "notes"]) == 1
    assert "inside category" in capsys.readouterr().err
    assert main(["kb", "sync-category", "inconnue"]) == 1
    assert "no category 'inconnue'" in capsys.readouterr().err
    assert entries.entries(engine, "default") == []


@pytest.mark.usefixtures("discourse_env", "engine")
def test_sync_category_takes_a_subcategory_by_slug_or_path(capsys, fake_discourse):
    hosting = fake_discourse.add_category("Hébergement", slug="hebergement")
    docs = fake_discourse.add_category("Documentation", parent_category_id=hosting)
    fake_discourse.add_topic("Configurer Thunderbird", "Port IMAP 993.", category_id=docs)
    assert main(["kb", "sync-category", "documentation"]) == 0
    assert "category hebergement/documentation: 1 added" in capsys.readouterr().out
    assert main(["kb", "sync-category", "hebergement/documentation"]) == 0
    assert "1 unchanged" in capsys.readouterr().out


@pytest.mark.usefixtures("env", "engine")
def test_kb_stats_shows_sections_and_calibration(capsys):
    assert main(["kb", "import", str(KB)]) == 0
    capsys.readouterr()
    assert main(["kb", "stats"]) == 0
    out = capsys.readouterr().out
    assert "entries: 4" in out and "calibration: default" in out
    assert main(["kb", "stats", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["entries"] == 4 and facts["calibrated"] is False


def test_kb_stats_prints_the_calibrated_threshold():
    from bot.cli.kb_stats import as_dict, lines
    from knowledge.base import BaseStats
    from knowledge.confidence import Calibration, Fitted
    from knowledge.tradeoff import Point

    curve = (Point(0.1, 0.8, 0.6, 0.4, 0.95), Point(0.42, 0.5, 0.871, 0.93, 1.0))
    fitted = Fitted(Calibration(1, 1, 1, -3), 0.42, 0.871, 0.93, 120, 80, True, curve)
    facts = as_dict(BaseStats(70, 410, fitted), True, None)
    assert facts["threshold"] == 0.42 and facts["expected_precision"] == 0.871
    assert facts["tradeoff"][0] == {
        "threshold": 0.1,
        "useful": 0.8,
        "precision": 0.6,
        "silent_in_domain": 0.4,
        "silent_off_topic": 0.95,
    }
    text = "\n".join(lines(facts, 1.0))
    assert "calibrated threshold: 0.42" in text and "expected silence at it: 0.930" in text
    assert facts["expected_silence_in_domain"] == 0.93
    assert facts["expected_silence_off_topic"] == 1.0
    assert "whose page is gone: 0.930" in text and "documentation answers: 1.000" in text
    assert "*   0.42    0.50       0.87" in text and "    0.10    0.80" in text
    overridden = "\n".join(lines(as_dict(BaseStats(70, 410, fitted), True, 0.7), 1.0))
    assert "COOPBOT_SUGGEST_THRESHOLD overrides it: 0.70" in overridden


def test_a_rebuilt_base_reuses_its_calibration_until_an_entry_changes(engine):
    from tests.knowledge.test_calibration import PAGES

    asked = []

    def build(documents, mark):
        return live_index.build(
            engine, "default", LEXICAL, documents, on_calibrating=lambda: asked.append(mark)
        )

    first, second = build(PAGES, 1), build(PAGES, 2)
    assert asked == [1] and first.stats().calibration is not None
    assert second.stats().calibration == first.stats().calibration  # stored, read back whole
    build([replace(PAGES[0], body=PAGES[0].body + "\n\nEncore.")] + PAGES[1:], 3)
    build(PAGES, 4)  # the base as it was: its stored calibration is now the other one
    assert asked == [1, 3, 4]


def _stored(engine, documents):
    """Return the calibration the store holds for these documents, or None."""
    key = calibration_store.fingerprint(documents, LEXICAL)
    return calibration_store.load(engine, "default", key)


def test_a_live_index_takes_the_calibration_of_an_import_and_keeps_it_for_threads(engine):
    from tests.knowledge.test_calibration import PAGES

    with engine.begin() as conn:
        entries.upsert(conn, "default", PAGES)
    live = live_index.current(engine, "default", LEXICAL)
    first = live.stats().calibration
    # The command line imports fewer pages: it builds the new base, storing its calibration.
    imported = PAGES[:12]
    with engine.begin() as conn:
        entries.upsert(conn, "default", imported, prune=True)
    stored = live_index.build(engine, "default", LEXICAL, imported).stats().calibration
    assert stored is not None and stored != first
    assert live_index.current(engine, "default", LEXICAL) is live  # refreshed in place
    assert live.stats().calibration == stored == _stored(engine, imported)
    thread = thread_document(7, "Webmail lent", "Le webmail rame.", "Videz le cache.", "u")
    with engine.begin() as conn:
        entries.upsert(conn, "default", [thread], source="thread", topic_id=7)
    assert live_index.current(engine, "default", LEXICAL) is live
    assert live.stats().calibration is stored or live.stats().calibration == stored
    assert "topic-7" in live


def test_a_live_index_fits_again_when_its_articles_change_without_a_stored_calibration(engine):
    from tests.knowledge.test_calibration import PAGES

    with engine.begin() as conn:
        entries.upsert(conn, "default", PAGES)
    live = live_index.current(engine, "default", LEXICAL)
    first = live.stats().calibration
    edited = [replace(PAGES[0], body=PAGES[0].body + "\n\nEncore une ligne."), *PAGES[1:]]
    assert _stored(engine, edited) is None
    with engine.begin() as conn:
        entries.upsert(conn, "default", edited[:1])
    live_index.current(engine, "default", LEXICAL)
    assert live.stats().calibration is not None and live.stats().calibration != first
    assert _stored(engine, edited) == live.stats().calibration
