"""Monitors: only a state that lasts opens or resolves; a maintenance is announced at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.incidents.signals import DOWN, MAINTENANCE, UP, Stored, after_beat, confirmed, is_signal

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LATER = T0 + timedelta(minutes=1)


def test_a_down_beat_waits_for_confirmation_and_an_up_beat_before_it_cancels():
    step = after_beat(Stored(), DOWN, T0)
    assert (step.state, step.since, step.check) == (DOWN, T0, True)
    flap = after_beat(Stored(DOWN, T0), UP, LATER)
    assert (flap.state, flap.check) == (UP, False)
    assert not confirmed(Stored(UP, LATER), DOWN, T0)
    assert confirmed(Stored(DOWN, T0), DOWN, T0)


def test_repeated_down_beats_keep_the_first_time():
    assert after_beat(Stored(DOWN, T0), DOWN, LATER).state is None


def test_an_up_beat_on_an_open_incident_resolves_after_the_delay_unless_down_again():
    step = after_beat(Stored(DOWN, T0, incident_open=True), UP, LATER)
    assert (step.state, step.check) == (UP, True)
    again = after_beat(Stored(UP, LATER, incident_open=True), DOWN, LATER + timedelta(seconds=30))
    assert (again.state, again.check) == (DOWN, False)  # the incident is still open


def test_a_maintenance_is_announced_at_once_and_its_end_confirmed():
    step = after_beat(Stored(), MAINTENANCE, T0)
    assert step.maintenance and step.state == MAINTENANCE
    assert after_beat(Stored(MAINTENANCE, T0, True), DOWN, LATER).state is None
    end = after_beat(Stored(MAINTENANCE, T0, True), UP, LATER)
    assert (end.state, end.check) == (UP, True)
    assert not after_beat(Stored(MAINTENANCE, T0, True), MAINTENANCE, LATER).maintenance


def test_monitors_and_components_are_signals_status_page_incidents_are_not():
    assert is_signal("monitor:3") and is_signal("component:c1")
    assert not is_signal("incident:i1")
