"""The queue and its decisions, through the page as a volunteer uses it without JavaScript."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from bot import worker
from bot.store import state
from bot.store.models.queues import OutboxPost
from tests.webhooks.triage.conftest import ask_questions, csrf_token, local_login

pytestmark = pytest.mark.usefixtures("queue")


@pytest.fixture
def queue(context, client, volunteer):
    """Five pending suggestions and a logged-in local volunteer reading English."""
    questions = ask_questions(context, client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    local_login(client, volunteer)
    return questions


def suggestion_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="suggestion" id="s(\d+)"', html)]


def decide(client, suggestion_id: int, action: str, **form):
    token = csrf_token(client, "/triage/")
    data = {"csrf_token": token, **form}
    return client.post(f"/triage/s/{suggestion_id}/{action}", data=data, follow_redirects=True)


def get_row(context, suggestion_id):
    from bot.suggestions import queries

    return queries.get(context.engine, context.settings.forum_id, suggestion_id)


def test_the_queue_shows_the_oldest_first_with_the_count(client, queue):
    html = client.get("/triage/").get_data(as_text=True)
    assert "5 suggestions waiting" in html
    ids = suggestion_ids(html)
    assert ids == sorted(ids) and len(ids) == 5
    assert "<strong>mot de passe</strong>" in html  # the question's Markdown, rendered
    assert queue[0].title in html
    assert "confidence" in html and "matched:" in html
    assert "Not in the draft: confidence under the" in html  # as the whisper says
    assert "matched: </p>" not in html  # an entry no word matched says nothing of it


def test_the_question_is_sanitized(client, context):
    from bot.suggestions import queries

    html = client.get("/triage/").get_data(as_text=True)
    assert "<pre><code>Internal Server Error" in html
    [pending] = [r for r in queries.pending_queue(context.engine, "default") if r.topic_id == 5]
    preview = client.post(
        "/triage/preview",
        data={"text": "<script>alert(1)</script><img src=x onerror=alert(1)>**ok**"},
        headers={"X-CSRFToken": csrf_token(client, "/triage/")},
    ).get_data(as_text=True)
    assert preview.strip() == "<p><strong>ok</strong></p>"
    assert pending.status == "pending"


def test_approve_then_a_second_decision_is_refused_clearly(client, context):
    first = suggestion_ids(client.get("/triage/").get_data(as_text=True))[0]
    page = decide(client, first, "approve").get_data(as_text=True)
    assert "Approved" in page
    assert get_row(context, first).status == "approved"
    again = decide(client, first, "reject", reason="wrong_article").get_data(as_text=True)
    refusal = re.search(r'class="flash error" role="alert">([^<]*)<', again).group(1)
    assert refusal.startswith(f"Suggestion #{first} was already approved by lea on ")
    assert refusal.endswith("nothing was done.")
    assert get_row(context, first).status == "approved"


def test_the_already_decided_message_speaks_the_volunteers_language(client):
    first = suggestion_ids(client.get("/triage/").get_data(as_text=True))[0]
    decide(client, first, "approve")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    again = decide(client, first, "skip").get_data(as_text=True)
    assert f"La suggestion n° {first} est déjà approuvée par lea le " in again


def test_a_decided_suggestion_shows_who_when_and_where_its_reply_stands(client, context):
    first = suggestion_ids(client.get("/triage/").get_data(as_text=True))[0]
    decide(client, first, "approve")
    page = client.get(f"/triage/s/{first}").text
    assert "Decided: approved · lea · " in page and "from the triage page" in page
    assert "the reply waits to be posted" in page and "<textarea" not in page
    worker.run(context, until_idle=True)
    assert "the reply is posted" in client.get(f"/triage/s/{first}").text


def test_a_reply_the_forum_refused_shows_its_error(client, context):
    first = suggestion_ids(client.get("/triage/").get_data(as_text=True))[0]
    decide(client, first, "approve")
    refused = "422 invalid_parameters: the topic is closed"
    with context.engine.begin() as conn:
        conn.execute(
            update(OutboxPost)
            .where(OutboxPost.id == get_row(context, first).reply_outbox_id)
            .values(status="dead", last_error=refused)
        )
    page = client.get(f"/triage/s/{first}").text
    assert "the forum refused the reply" in page
    assert f'role="alert">The forum answered: {refused}</p>' in page


def test_edit_then_approve_publishes_the_edited_text(client, context):
    second = suggestion_ids(client.get("/triage/").get_data(as_text=True))[1]
    editor = client.get(f"/triage/s/{second}").get_data(as_text=True)
    assert "<textarea" in editor
    text = "Bonjour,\\n\\nvoici **la page** qui répond : https://doc.demo.coop/web/certificat-https"
    token = csrf_token(client, f"/triage/s/{second}")
    preview = client.post(f"/triage/s/{second}/preview", data={"text": text, "csrf_token": token})
    assert "<strong>la page</strong>" in preview.get_data(as_text=True)
    decide(client, second, "approve", text=text)
    row = get_row(context, second)
    assert row.status == "approved"
    worker.run(context, until_idle=True)
    [reply] = [p for p in context.forum.posts if p.id == get_row(context, second).reply_post_id]
    assert "voici **la page** qui répond" in reply.raw


def test_reject_with_a_reason_and_skip(client, context):
    ids = suggestion_ids(client.get("/triage/").get_data(as_text=True))
    assert "Rejected" in decide(client, ids[2], "reject", reason="other", note="hors sujet").text
    assert get_row(context, ids[2]).status == "rejected"
    decide(client, ids[3], "skip")
    shown = suggestion_ids(client.get("/triage/").get_data(as_text=True))
    assert ids[3] not in shown and ids[4] in shown
    assert get_row(context, ids[3]).status == "pending"


def test_a_reject_without_a_known_reason_is_a_400_page(client):
    first = suggestion_ids(client.get("/triage/").get_data(as_text=True))[0]
    response = decide(client, first, "reject", reason="because")
    assert response.status_code == 400 and "Choose a reason" in response.text


def test_the_queue_filters_by_category_and_service(client, queue):
    category = queue[0].category_id
    assert len(suggestion_ids(client.get(f"/triage/?category={category}").text)) == 5
    assert suggestion_ids(client.get(f"/triage/?category={category + 100}").text) == []
    only_mail = suggestion_ids(client.get("/triage/?service=mail").text)
    assert 0 < len(only_mail) < 5


def test_the_whisper_refusal_is_shown_once(client, context):
    with context.engine.begin() as conn:
        state.put(
            conn, "default", state.WHISPERS_REFUSED, "403 invalid_access: not allowed to whisper"
        )
    html = client.get("/triage/").text
    assert html.count("not allowed to whisper") == 1
    assert "refuses the bot's whispers" in html


def test_an_unknown_suggestion_is_a_404_page(client):
    assert client.get("/triage/s/999999").status_code == 404
    assert decide(client, 999999, "approve").status_code == 404


def test_the_page_and_what_it_loads_weigh_under_100_kb(client):
    html = client.get("/triage/").data
    loaded = [
        static(client, p)
        for p in re.findall(r'(?:href|src)="(/triage/static/[^"]+)"', html.decode())
    ]
    assert len(loaded) == 2  # one stylesheet, one script, nothing from elsewhere
    assert len(html) + sum(map(len, loaded)) < 100_000
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html.decode().split("<main")[0])


def static(client, path: str) -> bytes:
    with client.get(path) as response:
        return response.data
