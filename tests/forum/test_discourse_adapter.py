"""DiscourseForum against the fake Discourse: error mapping, rate limits, timeouts, requests."""

from __future__ import annotations

import socket
import time

import pytest

from bot.forum.client import ForumRateLimited, ForumRejected, ForumUnavailable, PostType
from bot.forum.discourse import DiscourseForum

BODY = "Bonjour, avez-vous vérifié la zone DNS de votre domaine ?"
TITLE = "Mon site ne répond plus depuis ce matin"


def _elapsed(call) -> tuple[float, BaseException | None]:
    start = time.monotonic()
    try:
        call()
    except Exception as e:
        return time.monotonic() - start, e
    return time.monotonic() - start, None


def test_429_raises_at_once_with_wait_seconds(fake_discourse, discourse_forum):
    fake_discourse.fail_next(status=429, wait_seconds=37)
    elapsed, error = _elapsed(discourse_forum.about)
    assert isinstance(error, ForumRateLimited) and error.retry_after == 37
    assert elapsed < 0.5 and len(fake_discourse.requests) == 1


def test_429_without_json_uses_retry_after(fake_discourse, discourse_forum):
    fake_discourse.fail_next(status=429, wait_seconds=12, plain=True)
    with pytest.raises(ForumRateLimited) as caught:
        discourse_forum.latest_topics()
    assert caught.value.retry_after == 12


def test_rate_limit_per_minute(fake_discourse, discourse_forum):
    fake_discourse.rate_limit(per_minute=2)
    discourse_forum.about()
    discourse_forum.categories()
    elapsed, error = _elapsed(discourse_forum.latest_topics)
    assert isinstance(error, ForumRateLimited) and 0 < error.retry_after <= 60
    assert elapsed < 0.5


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_unavailable(fake_discourse, discourse_forum, status):
    fake_discourse.fail_next(status=status, path="/posts.json")
    topic_id = fake_discourse.add_topic(TITLE)
    with pytest.raises(ForumUnavailable):
        discourse_forum.create_post(topic_id, BODY)
    assert fake_discourse.posts_by_topic(topic_id)[-1].post_number == 1


def test_timeout_is_unavailable_within_the_timeout(fake_discourse):
    forum = DiscourseForum(fake_discourse.url, "coopbot", fake_discourse.api_key, timeout=0.2)
    fake_discourse.delay_next(seconds=1.0)
    elapsed, error = _elapsed(forum.about)
    assert isinstance(error, ForumUnavailable) and elapsed < 0.6


def test_refused_connection_is_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    forum = DiscourseForum(f"http://127.0.0.1:{port}", "coopbot", "key", timeout=0.5)
    with pytest.raises(ForumUnavailable):
        forum.categories()


@pytest.mark.parametrize("key, username", [("wrong-key", "coopbot"), (None, "nobody")])
def test_bad_credentials_are_rejected_403(fake_discourse, key, username):
    forum = DiscourseForum(fake_discourse.url, username, key or fake_discourse.api_key, timeout=0.5)
    with pytest.raises(ForumRejected) as caught:
        forum.about()
    assert (caught.value.status, caught.value.error_type) == (403, "invalid_access")


def test_nul_characters_in_the_forums_answers_become_replacement_characters(
    fake_discourse, discourse_forum
):
    topic_id = fake_discourse.add_topic("Mot de passe\x00 perdu", raw="Bonjour\x00 !")
    [post] = discourse_forum.topic_posts(topic_id)
    assert post.raw == "Bonjour\ufffd !"


def test_whisper_is_sent_as_the_string_true(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    discourse_forum.create_post(topic_id, BODY, whisper=True)
    [request] = fake_discourse.requests_to("/posts.json", "POST")
    assert request.params["whisper"] == "true"


def test_whisper_needs_a_whispers_allowed_group(fake_discourse, discourse_forum):
    fake_discourse.set_whispers_allowed_groups("support")
    topic_id = fake_discourse.add_topic(TITLE)
    with pytest.raises(ForumRejected) as caught:
        discourse_forum.create_post(topic_id, BODY, whisper=True)
    assert (caught.value.status, caught.value.error_type) == (403, "invalid_access")
    fake_discourse.add_group("support", ["coopbot"])
    result = discourse_forum.create_post(topic_id, BODY, whisper=True)
    assert discourse_forum.get_post(result.post_id).post_type == PostType.WHISPER


def test_lost_answer_then_identical_retry_gives_the_same_post(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    fake_discourse.lose_next_response()
    with pytest.raises(ForumUnavailable):
        discourse_forum.create_post(topic_id, BODY)
    assert [p.raw for p in fake_discourse.posts_by_topic(topic_id)][-1] == BODY
    retried = discourse_forum.create_post(topic_id, BODY)
    assert retried.post_number == 2 and len(fake_discourse.posts_by_topic(topic_id)) == 2


def test_lost_answer_as_500_after_the_memo_window_posts_twice(fake_discourse, discourse_forum):
    fake_discourse.memo_seconds = 0
    topic_id = fake_discourse.add_topic(TITLE)
    fake_discourse.lose_next_response(drop=False)
    with pytest.raises(ForumUnavailable):
        discourse_forum.create_post(topic_id, BODY)
    discourse_forum.create_post(topic_id, BODY)
    assert [p.post_number for p in fake_discourse.posts_by_topic(topic_id)] == [1, 2, 3]


def test_enqueued_answer_is_not_a_post_id(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    fake_discourse.require_approval = True
    fake_discourse.add_user("coopbot", admin=False)  # staff never wait for approval
    result = discourse_forum.create_post(topic_id, BODY)
    assert result.enqueued and result.post_id is None
    [pending] = fake_discourse.pending_posts
    assert (pending["topic_id"], pending["raw"]) == (topic_id, BODY)


def test_accept_solution_posts_the_id(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    answer = fake_discourse.add_post(topic_id, BODY, username="benevole")
    discourse_forum.accept_solution(answer)
    assert fake_discourse.accepted == {topic_id: answer}
    [request] = fake_discourse.requests_to("/solution/accept.json", "POST")
    assert request.params == {"id": str(answer)}


def test_topic_posts_asks_for_raw_without_slug(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    discourse_forum.topic_posts(topic_id)
    [request] = fake_discourse.requests
    assert (request.path, request.params) == (f"/t/{topic_id}.json", {"include_raw": "1"})


def test_category_topics_follows_the_canonical_redirect(fake_discourse, discourse_forum):
    category_id = fake_discourse.add_category("Hébergement web")
    fake_discourse.add_topic("Sujet sur l'hébergement web", category_id=category_id)
    [topic] = discourse_forum.category_topics("hebergement-web", page=0)
    assert topic.category_id == category_id
    paths = [r.path for r in fake_discourse.requests]
    assert paths == ["/c/hebergement-web.json", f"/c/hebergement-web/{category_id}.json"]


def test_edit_is_a_put_of_post_raw(fake_discourse, discourse_forum):
    topic_id = fake_discourse.add_topic(TITLE)
    post_id = discourse_forum.create_post(topic_id, BODY, whisper=True).post_id
    discourse_forum.edit_post(post_id, BODY + " Publié par camille.")
    [request] = fake_discourse.requests_to(f"/posts/{post_id}", "PUT")
    assert request.params["post[raw]"] == BODY + " Publié par camille."


def test_user_and_topic_ask_for_their_json_without_slug(fake_discourse, discourse_forum):
    fake_discourse.add_user("élise.b", groups=("bénévoles",))
    topic_id = fake_discourse.add_topic(TITLE)
    assert "bénévoles" in discourse_forum.user("élise.b").groups
    assert discourse_forum.topic(topic_id).open
    paths = [r.path for r in fake_discourse.requests]
    assert paths == ["/users/%C3%A9lise.b.json", f"/t/{topic_id}.json"]


def test_categories_include_subcategories_at_any_depth(fake_discourse, discourse_forum):
    top = fake_discourse.add_category("Hébergement")
    child = fake_discourse.add_category("Courriel", parent_category_id=top)
    grandchild = fake_discourse.add_category("Listes de diffusion", parent_category_id=child)
    parents = {c.id: c.parent_category_id for c in discourse_forum.categories()}
    assert (parents[top], parents[child], parents[grandchild]) == (None, top, child)
    [request] = fake_discourse.requests
    assert (request.path, request.params) == ("/categories.json", {"include_subcategories": "true"})
