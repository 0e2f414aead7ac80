"""`coopbot import-activity`: a week file becomes records; private data never does."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import MetaData, select

from bot.cli.main import main
from bot.digest import activity, publish, render
from bot.digest.week import week
from tests.bot.digest.conftest import PARIS, WEEK_FILE

W02 = week("2026-W02", PARIS)


def test_the_file_is_read_without_restricted_private_or_address_data():
    imported = activity.read(WEEK_FILE, PARIS, ())
    assert (
        imported.label == "2026-W02" and imported.as_of.isoformat() == "2026-01-12T07:00:00+00:00"
    )
    ids = {t.topic_id for t in imported.topics}
    assert 105 not in ids and 110 not in ids  # the restricted category, the private message
    assert "@" not in repr(imported.members) and "example.net" not in repr(imported)
    support = {t.topic_id for t in imported.topics if t.support}
    assert support == {101, 106, 107, 111, 112, 113}  # topics that can be solved
    named = activity.read(WEEK_FILE, PARIS, ("vie-de-la-coop",))
    assert {t.topic_id for t in named.topics if t.support} == {102, 103, 104, 108, 109}


def test_the_imported_week_gives_its_digest(context, engine):
    imported = activity.read(WEEK_FILE, PARIS, ())
    activity.load(engine, "default", imported)
    activity.load(engine, "default", imported)  # loading again changes nothing
    digest = publish.preview(context, W02)
    figures = {f.key: (f.value, f.previous) for f in digest.figures}
    assert figures["new_topics"] == (9, None)  # 102 and 104 fall outside in Paris time
    assert figures["replies"][0] == 2 + 1 + 11 + 11 + 3 + 1 + 4
    assert figures["solved"][0] == 3 and figures["new_members"][0] == 2
    assert figures["tickets_opened"][0] == 5 and figures["tickets_open"][0] == 7
    assert [t.topic_id for t in digest.active] == [108, 109, 113, 111, 101]
    assert [t.topic_id for t in digest.waiting] == [106]
    assert digest.welcome == ("nouvelle_a",)
    assert [e.title for e in digest.coming] == [
        "Mise à jour du webmail",
        "Consultation sur les tarifs",
        "Assemblée générale 2026",
    ]
    text = render.markdown(digest, "fr")
    assert "Réunion secrète" not in text and "Un message privé" not in text
    assert "jo@example.org" not in text and "écrivez-moi à \\[e-mail\\]" in text
    assert "https://forum.coop.test/t/108" in text


def test_the_database_keeps_no_address(context, engine):
    activity.load(engine, "default", activity.read(WEEK_FILE, PARIS, ()))
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        dump = [str(r) for t in meta.sorted_tables for r in conn.execute(select(t))]
    assert not any("@example" in row for row in dump)
    assert context


@pytest.mark.usefixtures("env")
def test_the_commands_import_then_preview(capsys):
    assert main(["import-activity", str(WEEK_FILE)]) == 0
    out = capsys.readouterr().out
    assert "2026-W02" in out and "coopbot digest preview --week 2026-W02" in out
    assert main(["digest", "preview", "--week", "2026-W02"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# La semaine de la coop, du 5 au 11 janvier 2026")
    assert "Lenteurs du Nextcloud" in text and "toujours en cours" in text
    assert main(["digest", "preview", "--week", "2026-W02", "--format", "html"]) == 0
    assert "<h2>La semaine en chiffres</h2>" in capsys.readouterr().out
    assert main(["digest", "preview", "--week", "2026-53"]) == 2


def test_a_malformed_file_imports_nothing(tmp_path, env, capsys):
    broken = tmp_path / "week.json"
    data = json.loads(WEEK_FILE.read_text(encoding="utf-8"))
    del data["topics"][3]["created_at"]
    broken.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import-activity", str(broken)]) == 1
    assert "created_at" in capsys.readouterr().err
    broken.write_text("{", encoding="utf-8")
    assert main(["import-activity", str(broken)]) == 1
    assert env
