"""The coop's calendar: an iCalendar file or URL, public events only."""

from __future__ import annotations

import pytest

from bot.digest import activity, calendar, publish
from bot.digest.select import coming_events
from bot.digest.week import week
from tests.bot.digest.conftest import CALENDAR, PARIS, WEEK_FILE, utc


def test_public_confirmed_events_are_read_with_their_kind():
    events = calendar.parse_ics(calendar.fetch(str(CALENDAR)), PARIS)
    titles = {e.title: e for e in events}
    assert "Rendez-vous médical de Camille" not in titles  # CLASS:PRIVATE
    assert "Permanence annulée" not in titles  # STATUS:CANCELLED
    assert titles["Assemblée générale (calendrier)"].kind == "assembly"
    assert titles["Assemblée générale (calendrier)"].starts_at == utc(2026, 3, 14, 13)
    maintenance = titles["Maintenance des serveurs"]
    assert (maintenance.kind, maintenance.all_day) == ("maintenance", True)
    assert titles["Vote sur le budget"].kind == "vote"
    coming = coming_events(tuple(events), utc(2026, 1, 12, 7))
    assert [e.title for e in coming] == [
        "Maintenance des serveurs",
        "Vote sur le budget",
        "Assemblée générale (calendrier)",
    ]


def test_an_unreadable_calendar_never_shows_its_url():
    secret = "http://127.0.0.1:9/remote.php/dav/public-calendars/s3cr3tT0ken?export"
    with pytest.raises(calendar.CalendarUnavailable) as caught:
        calendar.fetch(secret)
    assert "s3cr3tT0ken" not in str(caught.value)
    with pytest.raises(calendar.CalendarUnavailable):
        calendar.parse_ics(b"not a calendar", PARIS)


def test_the_digest_reads_the_calendar_setting_and_survives_a_broken_one(context, caplog):
    activity.load(context.engine, "default", activity.read(WEEK_FILE, PARIS, ()))
    w02 = week("2026-W02", PARIS)  # its moment, 12 January 2026, comes before the calendar's
    context.settings = context.settings.with_(calendar_url=str(CALENDAR))
    titles = [e.title for e in publish.preview(context, w02).coming]
    assert titles[:3] == [
        "Mise à jour du webmail",
        "Maintenance des serveurs",
        "Consultation sur les tarifs",
    ]
    assert "Assemblée générale (calendrier)" in titles and "Apéro passé" not in titles
    context.settings = context.settings.with_(calendar_url="http://127.0.0.1:9/cal?token=s3cr3t")
    assert len(publish.preview(context, w02).coming) == 3  # the imported events only
    assert "s3cr3t" not in caplog.text and "calendar URL unreadable" in caplog.text
