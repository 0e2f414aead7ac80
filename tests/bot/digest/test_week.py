"""ISO weeks in Paris time, across daylight-saving changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.digest.week import BadWeek, last_complete_week, week, week_of
from tests.bot.digest.conftest import PARIS, utc


def test_a_winter_week_runs_from_monday_midnight_paris_time():
    w = week("2026-W47", PARIS)
    assert (w.start, w.end) == (utc(2026, 11, 15, 23), utc(2026, 11, 22, 23))
    assert str(w.monday) == "2026-11-16" and str(w.sunday) == "2026-11-22"
    assert w.contains(utc(2026, 11, 15, 23, 20))  # Monday 00:20 in Paris
    assert not w.contains(utc(2026, 11, 15, 22, 40))  # Sunday 23:40 in Paris
    assert w.contains(utc(2026, 11, 22, 22, 59, 59))  # Sunday 23:59:59 in Paris
    assert not w.contains(utc(2026, 11, 22, 23, 10))  # next Monday 00:10 in Paris


def test_the_week_of_the_last_sunday_of_march_has_167_hours():
    w = week("2026-W13", PARIS)  # Sunday 29 March 2026: clocks go forward at 02:00
    assert w.start == utc(2026, 3, 22, 23)  # Monday 23 March 00:00 CET
    assert w.end == utc(2026, 3, 29, 22)  # Monday 30 March 00:00 CEST
    assert w.end - w.start == timedelta(hours=167)
    assert w.contains(utc(2026, 3, 29, 21, 59))  # Sunday 23:59 CEST
    assert week_of(utc(2026, 3, 29, 22, 0), PARIS).label == "2026-W14"


def test_the_week_of_the_last_sunday_of_october_has_169_hours():
    w = week("2026-W43", PARIS)  # Sunday 25 October 2026: clocks go back at 03:00
    assert w.start == utc(2026, 10, 18, 22)  # Monday 19 October 00:00 CEST
    assert w.end == utc(2026, 10, 25, 23)  # Monday 26 October 00:00 CET
    assert w.end - w.start == timedelta(hours=169)
    assert w.contains(utc(2026, 10, 25, 22, 59))  # Sunday 23:59 CET
    assert not w.contains(utc(2026, 10, 25, 23, 0))
    assert w.previous().end == w.start and w.previous().label == "2026-W42"


def test_week_of_and_last_complete_week():
    assert week_of(utc(2026, 11, 23, 8), PARIS).label == "2026-W48"
    assert last_complete_week(utc(2026, 11, 23, 8), PARIS).label == "2026-W47"
    assert week_of(utc(2026, 12, 31, 23, 30), PARIS).label == "2026-W53"  # Fri 1 Jan 00:30


@pytest.mark.parametrize("label", ["2026-47", "2026-W54", "2025-W53", "W47", "2026-W7"])
def test_bad_labels_are_refused(label):
    with pytest.raises(BadWeek):
        week(label, PARIS)
