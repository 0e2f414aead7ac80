"""Gaps in the records (the bot was down) are filled from the forum's topic list; the
volunteers who decided suggestions come from the triage's audit log."""

from __future__ import annotations

from bot.context import Context
from bot.digest import publish, render
from bot.digest.build import Options, build
from bot.digest.collect import collect, merge
from bot.digest.values import Thanks, WeekActivity
from bot.digest.week import week, week_of
from bot.store import audit
from bot.store.models.suggestions import AuditLine
from bot.suggestions.decisions import Actor, DecisionSource, RejectReason, approve, reject
from tests.bot.digest.conftest import PARIS, topic, utc
from tests.bot.suggesting import MAIL_QUESTION, ask

W47 = week("2026-W47", PARIS)
AUDIT = AuditLine.__table__


def test_topics_missed_while_down_come_from_the_forum(
    engine, discourse_settings, discourse_forum, fake_discourse
):
    support = fake_discourse.add_category("Entraide", slug="entraide")
    staff = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    missed = fake_discourse.add_topic(
        "Question posée pendant la panne du bot",
        category_id=support,
        username="ondine",
        created_at="2026-11-18T10:00:00Z",
    )
    for n in range(4):
        fake_discourse.add_post(
            missed, f"Réponse numéro {n}", username=f"membre{n}", created_at="2026-11-18T12:00:00Z"
        )
    fake_discourse.add_topic(
        "Budget du bureau",
        category_id=staff,
        username="presidente",
        created_at="2026-11-18T10:00:00Z",
    )
    fake_discourse.add_topic(
        "Sujet de la semaine d'avant", category_id=support, created_at="2026-11-02T10:00:00Z"
    )
    settings = discourse_settings.with_(support_categories=("entraide",))
    digest = publish.preview(Context(settings, engine, discourse_forum), W47)
    assert [(t.topic_id, t.posts) for t in digest.active] == [(missed, 5)]
    assert next(f.value for f in digest.figures if f.key == "new_topics") == 1


def test_the_forum_count_completes_a_recorded_topic():
    recorded = [topic(1, utc(2026, 11, 17), posts_count=0), topic(2, utc(2026, 11, 17))]
    found = [
        topic(1, utc(2026, 11, 17), posts_count=9, title="autre titre"),
        topic(3, utc(2026, 11, 18), posts_count=2),
    ]
    merged = {t.topic_id: t for t in merge(recorded, found)}
    assert (merged[1].posts_count, merged[1].title) == (9, "Sujet 1")
    assert sorted(merged) == [1, 2, 3]


def test_the_forum_s_subcategories_follow_their_parent(
    engine, discourse_settings, discourse_forum, fake_discourse
):
    support = fake_discourse.add_category("Entraide", slug="entraide")
    local = fake_discourse.add_category("Local", slug="local", parent_category_id=support)
    staff = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    money = fake_discourse.add_category("Trésorerie", slug="tresorerie", parent_category_id=staff)
    asked = fake_discourse.add_topic(
        "Question d'une sous-catégorie d'entraide",
        category_id=local,
        username="ondine",
        created_at="2026-11-17T10:00:00Z",
    )
    fake_discourse.add_topic(
        "Budget de la trésorerie",
        category_id=money,
        username="tresorier",
        created_at="2026-11-17T10:00:00Z",
    )
    settings = discourse_settings.with_(support_categories=("entraide",))
    digest = publish.preview(Context(settings, engine, discourse_forum), W47)
    # the restricted parent hides its subcategory; the support parent makes its child support
    assert next(f.value for f in digest.figures if f.key == "new_topics") == 1
    assert [t.topic_id for t in digest.waiting] == [asked]


def audit_line(conn, at, actor, source="forum", action="approve", suggestion_id=1, forum="default"):
    """An audit line written at a chosen moment (the triage writes them at `utcnow()`)."""
    values = {"forum": forum, "at": at, "actor": actor, "source": source, "action": action}
    conn.execute(AUDIT.insert().values(**values, suggestion_id=suggestion_id, detail="{}"))


def test_the_volunteers_who_decided_suggestions_come_from_the_audit_log(
    engine, discourse_settings, discourse_forum
):
    tuesday = utc(2026, 11, 17, 10)
    with engine.begin() as conn:
        audit_line(conn, tuesday, "alice", "forum", "approve", 1)
        audit_line(conn, tuesday, "alice", "page", "reject", 2)
        audit_line(conn, tuesday, "bob", "cli", "approve", 3)
        audit_line(conn, tuesday, "Zoé", "page", "reject", 4)
        audit_line(conn, tuesday, "bob", "cli", "skip", 5)  # left to someone else
        audit_line(conn, tuesday, "coopbot", "auto", "approve", 6)  # an automatic reply
        audit_line(conn, tuesday, "coopbot", "auto", "supersede", 7)  # someone answered first
        # Sunday 23:30 in Paris is still W47; Monday 00:30 is W48; the Sunday before is W46
        audit_line(conn, utc(2026, 11, 22, 22, 30), "carole", "forum", "approve", 8)
        audit_line(conn, utc(2026, 11, 22, 23, 30), "late", "forum", "approve", 9)
        audit_line(conn, utc(2026, 11, 15, 22, 30), "early", "forum", "approve", 10)
        audit_line(conn, tuesday, "elsewhere", "forum", "approve", 11, forum="other")
    context = Context(discourse_settings, engine, discourse_forum)
    deciders = collect(context, W47).activity.deciders
    counts = {d.username: d.count for d in deciders}
    assert counts == {"alice": 2, "bob": 1, "Zoé": 1, "carole": 1}
    # a week busy enough for the long version thanks them, most decisions first
    topics = tuple(topic(n, tuesday, posts_count=3) for n in range(1, 6))
    activity = WeekActivity(topics=topics, deciders=deciders)
    digest = build(W47, utc(2026, 11, 23, 8), activity, Options())
    assert [(d.username, d.count) for d in digest.deciders] == [
        ("alice", 2),
        ("bob", 1),
        ("carole", 1),
        ("Zoé", 1),
    ]
    text = render.markdown(digest, "en")
    assert "sorted the bot's suggestions: alice (2), bob (1), carole (1), Zoé (1)." in text


def test_a_quiet_week_leaves_the_deciders_out_as_it_does_the_helpers():
    thanked = (Thanks(username="alice", count=3),)
    quiet = build(W47, utc(2026, 11, 23, 8), WeekActivity(deciders=thanked), Options())
    assert quiet.quiet and quiet.deciders == ()
    assert "suggestions" not in render.markdown(quiet, "en")


def test_decisions_taken_through_the_triage_are_thanked(context, forum, support):
    first = ask(context, forum, support["entraide"])
    approve(context, first.id, Actor("alice", DecisionSource.FORUM))
    second = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    reject(context, second.id, Actor("bob", DecisionSource.CLI), RejectReason.NOT_A_QUESTION)
    [decided, *_] = audit.lines(context.engine, "default")
    deciders = collect(context, week_of(decided.at, context.settings.timezone)).activity.deciders
    assert sorted((d.username, d.count) for d in deciders) == [("alice", 1), ("bob", 1)]


def test_an_incident_shows_its_linked_reports_not_the_proposed_or_unlinked(context):
    from bot.store.models.digest import ActivityIncident
    from bot.store.models.incident_reports import IncidentLink, IncidentReport
    from bot.store.models.incidents import Incident, IncidentSource

    forum, started = context.settings.forum_id, utc(2026, 11, 17, 8, 20)
    with context.engine.begin() as conn:
        conn.execute(
            ActivityIncident.__table__.insert().values(
                forum=forum,
                source_key="statuspage:inc1",
                title="Messagerie en panne",
                services="Messagerie",
                started_at=started,
                resolved_at=utc(2026, 11, 17, 10, 50),
                updated_at=started,
            )
        )
        incident_id = conn.execute(
            Incident.__table__.insert()
            .values(forum=forum, title="Messagerie en panne", services="mail", started_at=started)
            .returning(Incident.__table__.c.id)
        ).scalar_one()
        conn.execute(
            IncidentSource.__table__.insert().values(
                forum=forum,
                system="statuspage",
                external_id="inc1",
                incident_id=incident_id,
                state="resolved",
                since=started,
            )
        )
        for n, state in enumerate(("auto", "accepted", "proposed", "unlinked")):
            report = conn.execute(
                IncidentReport.__table__.insert()
                .values(forum=forum, kind="topic", system="discourse", report_id=n, terms="")
                .returning(IncidentReport.__table__.c.id)
            ).scalar_one()
            conn.execute(
                IncidentLink.__table__.insert().values(
                    forum=forum, incident_id=incident_id, report=report, state=state, scores="{}"
                )
            )
    digest = publish.preview(context, W47)
    (incident,) = digest.incidents  # one incident, not one per record
    assert (incident.services, incident.reports) == (("Messagerie",), 2)
    assert ", 2 signalements liés" in render.markdown(digest, "fr")
    assert ", 2 linked reports" in render.markdown(digest, "en")
    assert "2 h 30 min" in render.markdown(digest, "fr")
