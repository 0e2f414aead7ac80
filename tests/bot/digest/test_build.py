"""The pure build: values in, a Digest out."""

from __future__ import annotations

from datetime import timedelta

from bot.digest import render
from bot.digest.build import Options, build
from bot.digest.values import (
    CoopEvent,
    Incident,
    Member,
    PostActivity,
    TicketFigures,
    TopicActivity,
    WeekActivity,
)
from bot.digest.week import week
from tests.bot.digest.conftest import PARIS, topic, utc

W47 = week("2026-W47", PARIS)
AS_OF = utc(2026, 11, 23, 8)  # Monday 09:00 in Paris


def digest_of(as_of=AS_OF, the_week=W47, options=None, **activity):
    return build(the_week, as_of, WeekActivity(**activity), options or Options())


def posts(topic_id: int, *authors: str, start=None) -> list[PostActivity]:
    start = start or utc(2026, 11, 17, 10)
    return [
        PostActivity(
            post_id=topic_id * 100 + n,
            topic_id=topic_id,
            post_number=n,
            author=author,
            created_at=start + timedelta(minutes=n),
        )
        for n, author in enumerate(authors, start=1)
    ]


def figure(digest, key):
    return next(f for f in digest.figures if f.key == key)


def test_most_active_ranks_by_posts_then_distinct_participants():
    monday = utc(2026, 11, 16, 9)
    topics = (topic(1, monday), topic(2, monday), topic(3, monday), topic(4, monday))
    recorded = posts(1, "a", "b", "a", "b") + posts(2, "a", "b", "c", "d") + posts(3, "a", "b")
    d = digest_of(topics=topics, posts=tuple(recorded))
    assert [t.topic_id for t in d.active] == [2, 1, 3]  # 4 has no reply: not a discussion
    assert (d.active[0].posts, d.active[0].participants) == (4, 4)
    assert d.active[0].url == "/t/2"


def test_stated_post_counts_rank_when_no_post_was_recorded():
    topics = tuple(topic(n, utc(2026, 11, 17, n), posts_count=n * 3) for n in range(1, 8))
    d = digest_of(topics=topics)
    assert [t.topic_id for t in d.active] == [7, 6, 5, 4, 3]
    assert figure(d, "new_topics").value == 7
    assert figure(d, "replies").value == sum(n * 3 - 1 for n in range(1, 8))


def test_restricted_topics_are_neither_counted_nor_quoted():
    secret = topic(9, utc(2026, 11, 17, 9), public=False, posts_count=80, title="Budget secret")
    shown = topic(1, utc(2026, 11, 17, 9), posts_count=3)
    d = digest_of(topics=(secret, shown), posts=tuple(posts(9, "a", "b", "c")))
    assert figure(d, "new_topics").value == 1 and figure(d, "replies").value == 2
    assert "Budget secret" not in render.markdown(d, "fr")


def test_waiting_lists_support_questions_without_reply_for_48_hours():
    old, fresh = utc(2026, 11, 19, 9), AS_OF - timedelta(hours=47)
    topics = (
        topic(1, old, support=True),  # waiting
        topic(2, fresh, support=True),  # asked less than 48 hours ago
        topic(3, old, support=True, posts_count=2),  # answered
        topic(4, old),  # not a support question
        topic(5, old, support=True, solved=True),
        topic(6, utc(2026, 11, 10, 9), support=True),  # asked the week before: still waiting
        topic(7, utc(2026, 11, 2, 9), support=True),  # older than the digest looks
    )
    replied = posts(8, "a", "b")
    d = digest_of(topics=topics + (topic(8, old, support=True),), posts=tuple(replied))
    assert [t.topic_id for t in d.waiting] == [6, 1]


def test_solved_questions_and_thanks_count_acceptances_of_the_week():
    monday = utc(2026, 11, 16, 9)
    topics = (
        topic(1, monday, support=True, solved=True, accepted_author="Jeanne_B"),
        topic(2, monday, support=True, solved=True, accepted_author="kevlar"),
        topic(3, monday, support=True, solved=True, accepted_author="Jeanne_B"),
        # opened earlier, solved this week: counted by its acceptance
        topic(
            4, utc(2026, 11, 1), support=True, solved=True, solved_at=monday, accepted_author="z"
        ),
        # opened this week, solved after it
        topic(5, monday, support=True, solved=True, solved_at=AS_OF, accepted_author="late"),
        topic(6, monday, solved=True, accepted_author="not-support"),
        topic(7, monday, support=True, solved=True, accepted_author="coopbot"),
    )
    d = digest_of(topics=topics)
    assert [t.topic_id for t in d.solved] == [4, 1, 2, 3, 7]
    assert [(h.username, h.count) for h in d.helpers] == [("Jeanne_B", 2), ("kevlar", 1), ("z", 1)]
    assert figure(d, "solved").value == 5


def test_incidents_give_durations_and_say_when_still_open():
    resolved = Incident(
        title="Mail refusé",
        started_at=utc(2026, 11, 17, 8, 20),
        resolved_at=utc(2026, 11, 18, 14, 20),
    )
    still = Incident(title="DNS", started_at=utc(2026, 11, 21, 5, 50), services=("dns",))
    before = Incident(title="Old", started_at=utc(2026, 11, 2), resolved_at=utc(2026, 11, 3))
    # began the week before and lasted into this one: shown, not counted as this week's
    spanning = Incident(
        title="Long", started_at=utc(2026, 11, 14), resolved_at=utc(2026, 11, 16, 1)
    )
    d = digest_of(incidents=(resolved, still, before, spanning))
    assert [i.title for i in d.incidents] == ["Long", "Mail refusé", "DNS"]
    assert (figure(d, "incidents").value, figure(d, "incidents").previous) == (2, 1)
    text = render.markdown(d, "fr")
    assert "**Mail refusé** : 30 h, du mardi 17 novembre à 9 h 20 au mercredi 18 novembre" in text
    assert "**DNS** (dns) : toujours en cours, depuis le samedi 21 novembre à 6 h 50" in text


def test_a_quiet_week_gets_a_short_version():
    d = digest_of(
        topics=(topic(1, utc(2026, 11, 17, 9), support=True, posts_count=2),),
        members=(Member(username="ondine", joined_at=utc(2026, 11, 18)),),
    )
    assert d.quiet and d.active == () and d.coop_topics == ()
    text = render.markdown(d, "fr")
    assert "Une semaine calme" in text and "- Nouveaux sujets : 1 (semaine précédente : 0)" in text
    assert "Bienvenue à ondine" in text and "## Les discussions" not in text
    assert len(text.splitlines()) < 20
    empty = render.markdown(digest_of(), "en")
    assert "A quiet week" in empty and "Coop week" in render.title(digest_of(), "en")


def test_an_incident_makes_a_week_not_quiet():
    incident = Incident(title="Panne", started_at=utc(2026, 11, 18))
    assert not digest_of(incidents=(incident,)).quiet


def test_members_who_opted_out_are_counted_but_never_named():
    members = (
        Member(username="ondine", joined_at=utc(2026, 11, 16, 10)),
        Member(username="discret", joined_at=utc(2026, 11, 17), opted_out=True),
        Member(username="before", joined_at=utc(2026, 11, 10)),
    )
    d = digest_of(members=members)
    assert d.welcome == ("ondine",)
    assert (figure(d, "new_members").value, figure(d, "new_members").previous) == (2, 1)


def test_governance_categories_choose_the_coop_life_topics():
    monday = utc(2026, 11, 16, 9)
    topics = (
        topic(1, monday, category="Vie de la coopérative", posts_count=5),
        topic(2, monday, category="Annonces"),
        topic(3, monday, category="Groupe projets"),
        topic(4, monday, category="Entraide", support=True),
    )
    chosen = Options(governance=("vie-de-la-cooperative", "Annonces"))
    assert [t.topic_id for t in digest_of(topics=topics, options=chosen).coop_topics] == [1, 2]
    assert [t.topic_id for t in digest_of(topics=topics).coop_topics] == [1, 2, 3]


def test_coming_events_are_ordered_by_the_date_to_act_by():
    vote = CoopEvent(
        kind="vote", title="Vote", starts_at=utc(2026, 11, 16), ends_at=utc(2026, 11, 29)
    )
    ag = CoopEvent(kind="assembly", title="AG", starts_at=utc(2026, 12, 12, 13))
    closed = CoopEvent(
        kind="vote", title="Clos", starts_at=utc(2026, 11, 1), ends_at=utc(2026, 11, 8)
    )
    far = CoopEvent(kind="event", title="Loin", starts_at=utc(2027, 6, 1))
    d = digest_of(events=(ag, closed, far, vote))
    assert [e.title for e in d.coming] == ["Vote", "AG"]


def test_figures_stand_beside_the_previous_week():
    topics = (topic(1, utc(2026, 11, 17)), topic(2, utc(2026, 11, 10)), topic(3, utc(2026, 11, 11)))
    tickets = TicketFigures(opened=4, closed=2)
    d = digest_of(topics=topics, tickets=tickets, previous_tickets=TicketFigures(opened=1))
    assert (figure(d, "new_topics").value, figure(d, "new_topics").previous) == (1, 2)
    assert (figure(d, "tickets_opened").value, figure(d, "tickets_opened").previous) == (4, 1)
    assert "tickets_open" not in {f.key for f in d.figures}  # not known: not shown
    unknown = digest_of(topics=topics, previous_known=False)
    assert figure(unknown, "new_topics").previous is None
    assert "- Nouveaux sujets : 1 (semaine précédente : —)" in render.markdown(unknown, "fr")


def test_recorded_replies_count_in_the_week_they_were_written():
    older = topic(1, utc(2026, 11, 10))
    recorded = posts(1, "a", "b", "c", start=utc(2026, 11, 16, 9)) + posts(
        2, "a", "b", start=utc(2026, 11, 12)
    )
    d = digest_of(topics=(older, topic(2, utc(2026, 11, 12))), posts=tuple(recorded))
    assert (figure(d, "replies").value, figure(d, "replies").previous) == (2, 1)


def test_a_dst_week_counts_its_whole_last_sunday():
    w43 = week("2026-W43", PARIS)
    inside = topic(1, utc(2026, 10, 25, 22, 30), posts_count=3)  # Sunday 23:30 CET
    after = topic(2, utc(2026, 10, 25, 23, 30), posts_count=3)  # Monday 00:30 CET
    first = topic(3, utc(2026, 10, 18, 22, 30), posts_count=3)  # Monday 00:30 CEST
    before = topic(4, utc(2026, 10, 18, 21, 30), posts_count=3)  # Sunday 23:30 CEST
    d = digest_of(the_week=w43, as_of=utc(2026, 10, 26, 8), topics=(inside, after, first, before))
    assert [t.topic_id for t in d.active] == [3, 1]
    spring = week("2026-W13", PARIS)
    late = topic(5, utc(2026, 3, 29, 21, 30), posts_count=9)  # Sunday 23:30 CEST
    next_monday = topic(6, utc(2026, 3, 29, 22, 10), posts_count=9)  # Monday 00:10 CEST
    d = digest_of(the_week=spring, as_of=utc(2026, 3, 30, 7), topics=(late, next_monday))
    assert [t.topic_id for t in d.active] == [5]
    assert "du lundi 23 mars au dimanche 29 mars 2026" in render.markdown(d, "fr")


def test_topics_of_unknown_creation_are_counted_only_by_their_solution():
    lone = TopicActivity(
        topic_id=1,
        title="Ancien",
        support=True,
        solved=True,
        solved_at=utc(2026, 11, 18),
        accepted_author="mimosa",
    )
    d = digest_of(topics=(lone,))
    assert (figure(d, "new_topics").value, figure(d, "solved").value) == (0, 1)
