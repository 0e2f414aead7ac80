"""MemoryForum beyond the contract: inspection, memo expiry, refused whispers, threads."""

from __future__ import annotations

import threading

import pytest

from bot.forum.client import ForumRejected
from bot.forum.memory import MemoryForum

BODY = "Bonjour, avez-vous vérifié la zone DNS de votre domaine ?"
TITLE = "Mon site ne répond plus depuis ce matin"


def test_posts_and_topics_are_inspectable():
    forum = MemoryForum()
    result = forum.create_topic(TITLE, BODY, category_id=1)
    assert [t.title for t in forum.topics] == [TITLE]
    assert [(p.id, p.raw) for p in forum.posts] == [(result.post_id, BODY)]


def test_memo_expires_after_its_window():
    now = [0.0]
    forum = MemoryForum(clock=lambda: now[0])
    topic_id = forum.add_topic(TITLE)
    first = forum.create_post(topic_id, BODY)
    now[0] = 119.0
    assert forum.create_post(topic_id, BODY) == first
    now[0] = 240.0
    assert forum.create_post(topic_id, BODY).post_number == 3


def test_refused_whisper_is_403():
    forum = MemoryForum(whispers_allowed=False)
    topic_id = forum.add_topic(TITLE)
    with pytest.raises(ForumRejected) as caught:
        forum.create_post(topic_id, BODY, whisper=True)
    assert (caught.value.status, caught.value.error_type) == (403, "invalid_access")


def test_enqueued_posts_are_kept_for_inspection():
    forum = MemoryForum(require_approval=True)
    forum.add_user("coopbot", admin=False)  # staff never wait for approval
    topic_id = forum.add_topic(TITLE)
    assert forum.create_post(topic_id, BODY).enqueued
    assert forum.enqueued == [{"topic_id": topic_id, "raw": BODY}]


def test_accepted_solution_is_recorded():
    forum = MemoryForum()
    topic_id = forum.add_topic(TITLE)
    answer = forum.add_post(topic_id, BODY, username="benevole")
    forum.accept_solution(answer)
    assert forum.accepted == {topic_id: answer}


def test_concurrent_posts_get_distinct_numbers():
    forum = MemoryForum()
    topic_id = forum.add_topic(TITLE)

    def post(n: int) -> None:
        forum.create_post(topic_id, f"{BODY} Message numéro {n}.")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = [p.post_number for p in forum.topic_posts(topic_id)]
    assert numbers == list(range(1, 22))
