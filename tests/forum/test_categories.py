"""Which categories are public and which are support ones, subcategories included; the
category cache answers each forum client with its own forum's categories."""

from __future__ import annotations

import pytest

from bot.forum import categories
from bot.forum.memory import MemoryForum


@pytest.fixture
def forum():
    """Hébergement > Entraide > Courriel; Bureau (restricted) > Entraide; Annonces."""
    forum = MemoryForum()
    hosting = forum.add_category("Hébergement", slug="hebergement")
    help_ = forum.add_category("Entraide", slug="entraide", parent_category_id=hosting)
    forum.add_category("Courriel", slug="courriel", parent_category_id=help_)
    board = forum.add_category("Bureau", slug="bureau", read_restricted=True)
    forum.add_category("Entraide du bureau", slug="entraide", parent_category_id=board)
    forum.add_category("Annonces", slug="annonces")
    return forum


def ids(forum) -> dict[str, int]:
    by_id = {c.id: c for c in forum.categories()}
    return {categories.slug_path(by_id, c): c.id for c in by_id.values()}


def test_a_restricted_parent_makes_its_children_restricted(forum):
    found = ids(forum)
    assert categories.public_refusal(forum, found["hebergement/entraide/courriel"]) is None
    refusal = categories.public_refusal(forum, found["bureau/entraide"])
    assert "inside category" in refusal and "(bureau), which is read-restricted" in refusal


def test_unknown_categories_and_unknown_parents_are_private(forum):
    orphan = forum.add_category("Orpheline", parent_category_id=999)
    assert "unknown to the forum" in categories.public_refusal(forum, 4242)
    assert "parent unknown" in categories.public_refusal(forum, orphan)


HELP, MAIL = "hebergement/entraide", "hebergement/entraide/courriel"


@pytest.mark.parametrize(
    "support, expected",
    [
        (("entraide",), {HELP, MAIL}),
        (("hebergement/entraide",), {HELP, MAIL}),
        (("courriel",), {MAIL}),
        (("hebergement",), {"hebergement", HELP, MAIL}),
        ((), {"hebergement", HELP, MAIL, "annonces"}),
    ],
)
def test_support_categories_name_subcategories_by_slug_or_path(forum, support, expected):
    found = ids(forum)
    named = {p for p, i in found.items() if not categories.support_refusal(forum, i, support)}
    assert named - {"uncategorized"} == expected


def test_a_category_outside_the_support_list_says_so(forum):
    refusal = categories.support_refusal(forum, ids(forum)["annonces"], ("entraide",))
    assert refusal.endswith("(annonces) is not in COOPBOT_SUPPORT_CATEGORIES")


def test_find_names_every_category_a_bare_slug_may_mean(forum):
    by_id = {c.id: c for c in forum.categories()}
    assert len(categories.find(by_id, "entraide")) == 2
    [only] = categories.find(by_id, "bureau/entraide")
    assert only.name == "Entraide du bureau"


def test_the_restricted_ids_hold_the_children_of_a_restricted_parent(forum):
    found = ids(forum)
    assert categories.restricted_ids(forum) == {found["bureau"], found["bureau/entraide"]}


def test_a_new_forum_client_never_gets_the_categories_of_a_gone_one():
    for _ in range(3):  # CPython gives a new object the address of one just freed
        gone = MemoryForum()
        staff = gone.add_category("Bureau", read_restricted=True)
        assert categories.public_refusal(gone, staff) is not None
        del gone
        forum = MemoryForum()
        assert categories.public_refusal(forum, forum.add_category("Entraide")) is None
