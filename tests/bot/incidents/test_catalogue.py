"""The service catalogue: the shipped default, its checks, and what its phrases find."""

from __future__ import annotations

import pytest

from bot.incidents.catalogue import check_catalogue, load_catalogue
from bot.incidents.vocabulary import Vocabulary
from bot.settings import Settings, SettingsError
from knowledge import KnowledgeBase

BROKEN = """\
services:
  Web:
    names: {de: [x]}
    color: red
  mail:
    names: {fr: [messagerie, {b: c}]}
    tags: mail
extra: 1
"""


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.build(load_catalogue(), KnowledgeBase.build([], semantic=False).analyze)


def test_the_shipped_catalogue_maps_components_monitors_tags_and_categories():
    catalogue = load_catalogue()
    assert check_catalogue(catalogue.source) == []
    assert catalogue.for_component("Mail server (IMAP)") == {"mail"}
    assert catalogue.for_component("web3") == {"web"}
    assert catalogue.for_component("Nextcloud") == {"nextcloud"}
    assert catalogue.for_component("dns") == {"dns"}  # a service id stands for itself
    assert catalogue.for_tags(["DNS", "urgent"]) == {"dns"}
    assert catalogue.for_category("messagerie") == {"mail"}
    assert catalogue.names({"mail", "web"}, "en") == "email, website"


def test_every_problem_of_a_catalogue_is_one_line_with_its_file_and_line(tmp_path):
    path = tmp_path / "services.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    problems = check_catalogue(path)
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4", "2", "6", "7", "8"]
    assert all(p.startswith(str(path)) and "\n" not in p for p in problems)
    assert "unknown language 'de'" in problems[1] and "unknown field 'color'" in problems[2]
    path.write_text("services:\n  web: [\n", encoding="utf-8")
    [problem] = check_catalogue(path)
    assert problem.startswith(f"{path}:3: not valid YAML")
    assert check_catalogue(tmp_path / "missing.yaml")[0].startswith("cannot read")


def test_settings_stop_on_a_broken_catalogue_naming_each_error(tmp_path):
    path = tmp_path / "services.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"COOPBOT_SERVICES_FILE": str(path)})
    lines = str(caught.value).splitlines()
    assert len(lines) == 7 and all(line.startswith("COOPBOT_SERVICES_FILE: ") for line in lines)
    assert Settings.from_env({"COOPBOT_SERVICES_FILE": load_catalogue().source}).services_file


def test_phrases_find_services_and_symptoms_through_the_knowledge_analysis(vocabulary):
    def terms(text):
        return KnowledgeBase.build([], semantic=False).analyze(text, "fr")

    found = terms("Mes courriels vers Hotmail me reviennent, refusés avec une erreur 550")
    assert "mail" in vocabulary.services_in(found)
    assert vocabulary.symptoms_in(found) >= {"mail.sending"}
    chrome = terms("Le navigateur affiche DNS_PROBE_FINISHED_NXDOMAIN")
    assert "dns.resolution" in vocabulary.symptoms_in(chrome)
    assert vocabulary.symptoms_in(chrome, services={"web"}) == frozenset()


@pytest.mark.parametrize(
    ("reply", "failing"),
    [
        ("Chez moi ça ne marche toujours pas, même erreur.", True),
        ("It still fails for me this morning.", True),
        ("Merci, tout fonctionne de nouveau !", False),
        ("> ça ne marche pas\n\nC'est réglé, merci.", False),  # a quote is not the member
    ],
)
def test_still_failing_phrases_match_words_in_order(vocabulary, reply, failing):
    assert vocabulary.says_still_failing(reply) is failing
