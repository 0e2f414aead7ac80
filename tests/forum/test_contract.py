"""One contract, two forums: MemoryForum, and DiscourseForum over HTTP to the fake Discourse."""

from __future__ import annotations

import pytest

from bot.forum.client import ForumRejected, PostType

BODY = "Bonjour, avez-vous vérifié la zone DNS de votre domaine ?"
TITLE = "Mon site ne répond plus depuis ce matin"


@pytest.fixture
def forum(forum_pair):
    return forum_pair[0]


@pytest.fixture
def seed(forum_pair):
    return forum_pair[1]


class TestForumContract:
    def test_create_topic_then_read_it_back(self, forum):
        result = forum.create_topic(TITLE, BODY, category_id=1)
        assert (result.post_number, result.enqueued) == (1, False)
        [post] = forum.topic_posts(result.topic_id)
        assert (post.id, post.raw, post.username) == (result.post_id, BODY, "coopbot")
        [summary] = forum.latest_topics()
        assert (summary.id, summary.title, summary.category_id) == (result.topic_id, TITLE, 1)
        assert summary.slug == "mon-site-ne-repond-plus-depuis-ce-matin"

    def test_reply_records_number_and_reply_target(self, forum, seed):
        topic_id = seed.add_topic(TITLE, "Mon site ne répond plus, que faire ?")
        result = forum.create_post(topic_id, BODY, reply_to_post_number=1)
        assert (result.topic_id, result.post_number) == (topic_id, 2)
        post = forum.get_post(result.post_id)
        assert (post.raw, post.post_type, post.reply_to_post_number) == (BODY, PostType.REGULAR, 1)
        assert post.version == 1 and post.created_at.endswith("Z")

    def test_whisper_is_a_whisper(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        result = forum.create_post(topic_id, BODY, whisper=True)
        assert forum.get_post(result.post_id).post_type == PostType.WHISPER
        [summary] = forum.latest_topics()
        assert (summary.posts_count, summary.highest_post_number) == (1, 2)

    def test_topic_posts_returns_every_post_in_order(self, forum, seed):
        topic_id = seed.add_topic(TITLE, "Premier message du sujet.")
        for n in range(2, 48):
            seed.add_post(topic_id, f"Réponse numéro {n}", username=f"user{n % 3}")
        posts = forum.topic_posts(topic_id)
        assert [p.post_number for p in posts] == list(range(1, 48))
        assert posts[-1].raw == "Réponse numéro 47" and posts[-1].username == "user2"

    def test_identical_create_within_the_window_returns_the_same_post(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        first = forum.create_post(topic_id, BODY)
        assert forum.create_post(topic_id, BODY) == first
        assert forum.create_post(topic_id, BODY + " Merci.") != first
        assert len(forum.topic_posts(topic_id)) == 3

    def test_enqueued_post_has_no_id(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        seed.require_approval = True
        seed.add_user("coopbot", admin=False)  # staff never wait for approval
        result = forum.create_post(topic_id, BODY)
        assert result.enqueued and result.post_id is None and result.post_number is None
        assert len(forum.topic_posts(topic_id)) == 1

    def test_staff_posts_never_wait_for_approval(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        seed.require_approval = True
        assert forum.create_post(topic_id, BODY).post_number == 2
        assert forum.create_topic(TITLE, BODY, category_id=1).post_number == 1

    @pytest.mark.parametrize(
        "call",
        [
            lambda f, t: f.create_post(t + 99, BODY),
            lambda f, t: f.create_post(t, "Trop court"),
            lambda f, _t: f.create_topic("Court", BODY, category_id=1),
            lambda f, _t: f.create_topic(TITLE, BODY, category_id=999),
        ],
        ids=["unknown topic", "short body", "short title", "unknown category"],
    )
    def test_invalid_creates_are_rejected_with_422(self, forum, seed, call):
        topic_id = seed.add_topic(TITLE)
        with pytest.raises(ForumRejected) as caught:
            call(forum, topic_id)
        assert caught.value.status == 422

    @pytest.mark.parametrize(
        "call",
        [
            lambda f: f.get_post(999),
            lambda f: f.topic_posts(999),
            lambda f: f.category_topics("nope"),
            lambda f: f.accept_solution(999),
        ],
        ids=["post", "topic", "category", "accept"],
    )
    def test_missing_things_are_404(self, forum, call):
        with pytest.raises(ForumRejected) as caught:
            call(forum)
        assert (caught.value.status, caught.value.error_type) == (404, "not_found")

    def test_latest_is_newest_created_first_and_paged_by_30(self, forum, seed):
        for n in range(35):
            seed.add_topic(
                f"Sujet numéro {n:02d} du forum", created_at=f"2024-05-01T10:{n:02d}:00Z"
            )
        seed.add_topic("Message privé entre membres", archetype="private_message")
        first, second = forum.latest_topics(), forum.latest_topics(page=1)
        titles = [t.title for t in first + second]
        assert titles == [f"Sujet numéro {n:02d} du forum" for n in range(34, -1, -1)]
        assert len(first) == 30 and forum.latest_topics(page=2) == []
        assert second[-1].created_at == "2024-05-01T10:00:00.000Z"

    def test_topic_lists_name_the_creator_and_the_tags(self, forum, seed):
        category = seed.add_category("Entraide", slug="entraide")
        topic_id = seed.add_topic(
            TITLE, category_id=category, username="camille", tags=("dns", "mail")
        )
        seed.add_post(topic_id, BODY, username="sacha")
        first, reply = forum.topic_posts(topic_id)
        assert first.user_id is not None and reply.user_id not in (None, first.user_id)
        for [summary] in (forum.latest_topics(), forum.category_topics("entraide")):
            assert (summary.user_id, summary.username) == (first.user_id, "camille")
            assert summary.tags == ("dns", "mail")

    def test_category_topics_and_categories(self, forum, seed):
        private = seed.add_category("Équipe bénévole", read_restricted=True)
        seed.add_topic("Sujet dans la catégorie privée", category_id=private)
        seed.add_topic("Sujet dans la catégorie par défaut")
        [topic] = forum.category_topics("equipe-benevole")
        assert (topic.title, topic.category_id) == ("Sujet dans la catégorie privée", private)
        by_slug = {c.slug: c for c in forum.categories()}
        assert by_slug["equipe-benevole"].read_restricted
        assert not by_slug["uncategorized"].read_restricted

    def test_subcategories_are_listed_and_found_by_their_slug_path(self, forum, seed):
        parent = seed.add_category("Entraide", slug="entraide")
        mail = seed.add_category("Courriel", slug="courriel", parent_category_id=parent)
        seed.add_topic("Sujet dans la sous-catégorie courriel", category_id=mail)
        seed.add_topic("Sujet dans la catégorie parente", category_id=parent)
        parents = {c.slug: c.parent_category_id for c in forum.categories()}
        assert (parents["entraide"], parents["courriel"]) == (None, parent)
        [topic] = forum.category_topics("entraide/courriel")
        assert topic.category_id == mail
        assert len(forum.category_topics("entraide")) == 2  # a parent lists its children's
        with pytest.raises(ForumRejected):  # as in Discourse's /c/ URLs
            forum.category_topics("courriel")

    def test_accept_solution(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        answer = seed.add_post(topic_id, BODY, username="benevole")
        forum.accept_solution(answer)
        with pytest.raises(ForumRejected) as caught:
            forum.accept_solution(forum.topic_posts(topic_id)[0].id)
        assert caught.value.status == 403

    def test_about_names_the_site(self, forum):
        assert forum.about()["title"]

    def test_one_topic_at_a_time_is_the_banner(self, forum, seed):
        first, second = seed.add_topic(TITLE), seed.add_topic("Un autre sujet du forum")
        forum.make_banner(first)
        forum.make_banner(second)
        assert seed.banner_topic_id == second
        forum.remove_banner(first)  # not the banner: nothing changes
        assert seed.banner_topic_id == second
        forum.remove_banner(second)
        assert seed.banner_topic_id is None
        with pytest.raises(ForumRejected) as caught:
            forum.make_banner(999)
        assert caught.value.status == 404


class TestEditsUsersAndTopicStates:
    def test_the_bot_edits_its_whisper(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        whisper = forum.create_post(topic_id, BODY, whisper=True).post_id
        forum.edit_post(whisper, BODY + " Décidé par camille.")
        post = forum.get_post(whisper)
        assert (post.raw, post.version, post.post_type) == (
            BODY + " Décidé par camille.",
            2,
            PostType.WHISPER,
        )
        forum.edit_post(whisper, BODY + " Décidé par camille.")
        assert forum.get_post(whisper).version == 2  # the same text makes no revision

    @pytest.mark.parametrize(
        "raw, post, status",
        [(BODY, 999, 404), ("Trop court", None, 422)],
        ids=["unknown post", "short body"],
    )
    def test_refused_edits(self, forum, seed, raw, post, status):
        topic_id = seed.add_topic(TITLE)
        own = forum.create_post(topic_id, BODY).post_id
        with pytest.raises(ForumRejected) as caught:
            forum.edit_post(post or own, raw)
        assert caught.value.status == status

    def test_a_bot_without_staff_rights_edits_only_its_own_posts(self, forum, seed):
        seed.add_user("coopbot", admin=False)
        topic_id = seed.add_topic(TITLE)
        own = forum.create_post(topic_id, BODY).post_id
        forum.edit_post(own, BODY + " Modifié.")
        with pytest.raises(ForumRejected) as theirs:
            forum.edit_post(forum.topic_posts(topic_id)[0].id, BODY)
        seed.archive_topic(topic_id)
        with pytest.raises(ForumRejected) as archived:
            forum.edit_post(own, BODY)
        for caught in (theirs, archived):
            assert (caught.value.status, caught.value.error_type) == (403, "invalid_access")

    def test_user_roles_and_groups(self, forum, seed):
        seed.add_user("camille", groups=("benevoles",))
        seed.add_user("sacha", moderator=True)
        seed.add_topic(TITLE, username="alice")
        camille, sacha, alice = (forum.user(n) for n in ("Camille", "sacha", "alice"))
        assert (camille.username, camille.admin, camille.moderator) == ("camille", False, False)
        assert "benevoles" in camille.groups and "staff" not in camille.groups
        assert sacha.moderator and not sacha.admin and "staff" in sacha.groups
        assert alice.groups == tuple(g for g in alice.groups if g.startswith("trust_level"))
        with pytest.raises(ForumRejected) as caught:
            forum.user("personne")
        assert (caught.value.status, caught.value.error_type) == (404, "not_found")

    def test_topic_states(self, forum, seed):
        category = seed.add_category("Entraide")
        topics = [seed.add_topic(TITLE, category_id=category) for _ in range(4)]
        seed.close_topic(topics[1])
        seed.archive_topic(topics[2])
        seed.delete_topic(topics[3])
        states = [forum.topic(t) for t in topics]
        assert [(s.closed, s.archived, s.deleted) for s in states] == [
            (False, False, False),
            (True, False, False),
            (False, True, False),
            (False, False, True),
        ]
        assert [s.open for s in states] == [True, False, False, False]
        assert {s.category_id for s in states} == {category}
        assert [t.id for t in forum.latest_topics()] == topics[2::-1]
        with pytest.raises(ForumRejected) as caught:
            forum.topic(999)
        assert caught.value.status == 404

    def test_closed_topics_take_replies_from_staff_alone(self, forum, seed):
        closed, deleted = seed.add_topic(TITLE), seed.add_topic(TITLE)
        seed.close_topic(closed)
        seed.delete_topic(deleted)
        assert forum.create_post(closed, BODY).post_number == 2  # the bot is an admin
        seed.add_user("coopbot", admin=False)
        for topic_id in (closed, deleted):
            with pytest.raises(ForumRejected) as caught:
                forum.create_post(topic_id, BODY + " Bis.")
            assert caught.value.status == 422 and "closed or deleted" in str(caught.value)

    def test_a_deleted_topic_is_hidden_from_a_bot_without_staff_rights(self, forum, seed):
        topic_id = seed.add_topic(TITLE)
        seed.delete_topic(topic_id)
        assert forum.topic(topic_id).deleted
        seed.add_user("coopbot", admin=False)
        for call in (forum.topic, forum.topic_posts):
            with pytest.raises(ForumRejected) as caught:
                call(topic_id)
            assert caught.value.status == 404
