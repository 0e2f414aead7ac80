"""The incident story, end to end: the fake Discourse through the real adapter, a real worker
process killed and restarted in the middle, a fake Zammad for the ticket."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from bot.cli.main import main
from bot.clock import utcnow
from bot.context import Context, make_forum
from bot.incidents import banner, queries
from bot.store import outbox_markers
from tests import builders as b
from tests.bot.incidents.conftest import forget_categories, stamp
from tests.conftest import ROOT
from tests.fakes.helpdesk_server import ZAMMAD_TOKEN, FakeHelpdesks
from tests.test_crash_safety import bot_posts, let_leases_expire, wait_until, worker_env

pytestmark = pytest.mark.slow

TIMEOUT = 60.0
MONITOR = "Mail server (IMAP)"
WHISPER = 4  # Discourse's post type
PROPOSED = ("Des soucis de messagerie ?", "Quelqu'un d'autre a des soucis avec la messagerie ?")
LINKED = (
    ("Je ne reçois plus mes courriels", "Depuis ce matin plus aucun courriel n'arrive."),
    ("Webmail en panne ?", "Impossible d'ouvrir ma boîte mail, le webmail est en panne."),
    ("Mes mails partent en erreur", "Tous mes messages envoyés me reviennent, refusés."),
)
UNRELATED = ("Atelier WordPress", "Je propose un atelier WordPress pour débutants en décembre.")


class Worker:
    """`python -m bot.cli worker` in its own process, killed with SIGKILL when asked."""

    def __init__(self, env: dict[str, str], log) -> None:
        self.env, self.log, self.process = env, log, None

    def start(self, *args: str) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "worker", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def until_idle(self) -> None:
        self.start("--until-idle")
        assert self.process.wait(TIMEOUT) == 0, self.tail()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(TIMEOUT)

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


@pytest.fixture
def helpdesk():
    server = FakeHelpdesks().start()
    server.data.add_ticket(81)
    yield server
    server.stop()


def kuma(client, moment, status: int) -> None:
    payload = b.kuma_payload(status=status)
    payload["heartbeat"]["time"] = moment.strftime("%Y-%m-%d %H:%M:%S")
    payload["monitor"]["name"] = MONITOR
    assert b.uptime_kuma(payload).send(client).status_code == 200


def post(client, fake, post_id: int) -> None:
    assert b.discourse(fake.post_webhook(post_id)).send(client).status_code == 200


def topic(client, fake, category: int, moment, title: str, raw: str) -> int:
    topic_id = fake.add_topic(
        title, raw, category_id=category, username="membre", created_at=stamp(moment)
    )
    post(client, fake, fake.posts_by_topic(topic_id)[0].id)
    return topic_id


def said(fake, topic_id: int) -> list[str]:
    """The bot's public posts in a topic."""
    posts = fake.posts_by_topic(topic_id)
    return [
        p.raw for p in posts if outbox_markers.MARKER_RE.search(p.raw) and p.post_type != WHISPER
    ]


def whispered(fake, topic_id: int) -> list[str]:
    """The bot's whispers in a topic."""
    return [p.raw for p in fake.posts_by_topic(topic_id) if p.post_type == WHISPER]


def the_incident(engine) -> dict | None:
    found = queries.overview(engine, "default", everything=True)
    return queries.detail(engine, "default", found[0]["id"]) if found else None


def test_an_incident_from_a_monitor_to_the_last_follow_up(
    engine, client, fake_discourse, discourse_settings, discourse_env, helpdesk, tmp_path, capsys
):
    fake, now = fake_discourse, utcnow()
    support = fake.add_category("Entraide", slug="entraide")
    fake.add_category("État des services", slug="etat")
    extra = {
        # the story's own thresholds: the calibrated ones are eval-incidents' business
        "COOPBOT_INCIDENT_AUTO_THRESHOLD": "0.45",
        "COOPBOT_INCIDENT_PROPOSE_THRESHOLD": "0.3",
        "COOPBOT_INCIDENT_CONFIRM_SECONDS": "60",
        "COOPBOT_STATUS_CATEGORY": "etat",
        "COOPBOT_ZAMMAD_URL": helpdesk.url,
        "COOPBOT_ZAMMAD_API_TOKEN": ZAMMAD_TOKEN,
    }
    for name, value in extra.items():
        discourse_env.setenv(name, value)
    worker = Worker(worker_env(discourse_settings) | extra, tmp_path / "worker.log")
    try:
        # The monitor flaps: down, then up half a minute later. Nothing is announced.
        kuma(client, now - timedelta(minutes=10), 0)
        kuma(client, now - timedelta(minutes=9.5), 1)
        worker.until_idle()
        assert the_incident(engine) is None
        # It goes down for good: the incident opens once the minute has passed.
        kuma(client, now - timedelta(minutes=5), 0)
        worker.until_idle()
        opened = the_incident(engine)
        assert (opened["status"], opened["services"]) == ("investigating", ["mail"])

        # Members write; a ticket arrives. The worker runs meanwhile.
        worker.start()
        moment = now - timedelta(minutes=4)
        proposed = topic(client, fake, support, moment, *PROPOSED)
        linked = [topic(client, fake, support, moment, *t) for t in LINKED]
        unrelated = topic(client, fake, support, moment, *UNRELATED)
        ticket = b.zammad_payload(
            article={"id": 7, "body": "Plus aucun courriel n'arrive.", "internal": False}
        )
        ticket["ticket"]["created_at"] = stamp(moment)
        assert b.zammad(ticket, delivery_id="story").send(client).status_code == 200
        assert wait_until(lambda: all(said(fake, t) for t in linked), TIMEOUT), worker.tail()
        assert wait_until(lambda: len(helpdesk.data.articles[81]) == 1, TIMEOUT), worker.tail()
        states = {link["id"]: link["state"] for link in the_incident(engine)["links"]}
        assert states[proposed] == "proposed" and unrelated not in states
        assert wait_until(lambda: whispered(fake, proposed), TIMEOUT), worker.tail()
        assert "incident accepter" in whispered(fake, proposed)[0]

        # A volunteer accepts the proposal: that thread is told too.
        assert main(["incident", "link", str(opened["id"]), "--topic", str(proposed)]) == 0
        assert wait_until(lambda: said(fake, proposed), TIMEOUT), worker.tail()
        # The clock's job learns the incident's topic and pins it as the banner.
        context = Context(
            discourse_settings.with_(status_category="etat"), engine, make_forum(discourse_settings)
        )
        forget_categories(context.forum)
        assert wait_until(lambda: banner.sync(context) or fake.banner_topic_id, TIMEOUT)
        status_topic = the_incident(engine)["topic_id"]
        assert fake.banner_topic_id == status_topic

        # The monitor is up for good: resolved. The worker is killed while it tells the threads.
        fake.write_latency(0.3)
        kuma(client, now - timedelta(minutes=1), 1)
        followed = linked + [proposed]
        assert wait_until(lambda: any(len(said(fake, t)) == 2 for t in followed), TIMEOUT)
        worker.kill()
        assert not all(len(said(fake, t)) == 2 for t in followed), "killed too late"
        fake.write_latency(0)
        let_leases_expire(engine)
        worker.until_idle()
        banner.sync(context)
    finally:
        worker.kill()

    for topic_id in followed:
        notice, fixed = said(fake, topic_id)
        assert "messagerie" in notice and "résolu" in fixed
    assert said(fake, unrelated) == []
    doubled = {i: len(p) for i, p in bot_posts(fake).items() if len(p) > 1}
    assert doubled == {}
    assert fake.banner_topic_id is None
    notes = [a["body"] for a in helpdesk.data.articles[81]]
    assert len(notes) == 2 and "résolu" in notes[1]
    found = the_incident(engine)
    assert (found["status"], found["reports"]) == ("resolved", 5)

    # A member says it still fails: volunteers see it in the incident.
    reply = fake.add_post(linked[0], "Chez moi ça ne marche toujours pas.", username="membre")
    post(client, fake, reply)
    worker = Worker(worker.env, worker.log)
    worker.until_idle()
    found = the_incident(engine)
    assert found["still_failing"] == 1
    assert [link["still_failing_post"] for link in found["links"] if link["id"] == linked[0]] == [
        reply
    ]
    [surfaced] = whispered(fake, linked[0])
    assert f"incident rouvrir {found['id']}" in surfaced
    assert capsys.readouterr().out.startswith("linked")
