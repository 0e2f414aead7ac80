"""Linking decides from values alone: scores, thresholds, overlapping incidents, time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.incidents.linking import (
    AUTO_THRESHOLD,
    GRACE,
    PROPOSE_THRESHOLD,
    Decision,
    OpenIncident,
    Reading,
    decide,
    in_window,
    score,
)

START = datetime(2026, 11, 12, 14, 0, tzinfo=UTC)


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def reading(vector, terms=(), services=(), symptoms=()) -> Reading:
    return Reading(frozenset(terms), vector, frozenset(services), frozenset(symptoms))


WEB = OpenIncident(
    1,
    reading(unit(1, 0), {"sit", "503"}, {"web"}, {"web.server_error"}),
    START,
)
SSL = OpenIncident(
    2,
    reading(unit(0, 1), {"certificat", "expir"}, {"ssl", "web"}, {"ssl.expired"}),
    START - timedelta(hours=6),
)


def test_a_close_report_is_linked_a_distant_one_is_left_alone():
    close = reading(unit(1, 0.3), {"sit", "503"}, {"web"}, {"web.server_error"})
    verdict = decide(close, START + timedelta(minutes=5), [WEB])
    assert (verdict.decision, verdict.incident_id) == (Decision.AUTO, 1)
    distant = reading(unit(0.1, 0, 1), {"php", "version"}, {"php"})
    assert decide(distant, START + timedelta(minutes=5), [WEB]).decision is Decision.NONE


def test_between_the_thresholds_volunteers_are_asked():
    middle = (PROPOSE_THRESHOLD + AUTO_THRESHOLD) / 2
    middling = reading(unit(middle, (1 - middle**2) ** 0.5), services={"web"})
    verdict = decide(middling, START + timedelta(minutes=5), [WEB])
    assert verdict.decision is Decision.PROPOSED
    assert verdict.best.total == pytest.approx(middle, abs=1e-6)


def test_with_two_overlapping_incidents_the_symptoms_decide():
    # a report as close to both texts: its symptom says which
    expired = reading(unit(1, 1), services={"web", "ssl"}, symptoms={"ssl.expired", "web.down"})
    verdict = decide(expired, START + timedelta(minutes=5), [WEB, SSL])
    assert (verdict.decision, verdict.incident_id) == (Decision.AUTO, 2)
    assert verdict.scores[1].symptom < 0 < verdict.scores[0].symptom


def test_too_close_a_runner_up_or_a_contradiction_only_proposes():
    both = reading(unit(1, 1), services={"web"})
    verdict = decide(both, START + timedelta(minutes=5), [WEB, SSL])
    assert verdict.decision is Decision.PROPOSED and verdict.best.total > 0.5
    receiving = reading(unit(1, 0), {"sit", "503"}, {"web"}, {"web.slow", "mail.receiving"})
    other = OpenIncident(3, reading(unit(1, 0), set(), {"web"}, {"web.down"}), START)
    assert score(receiving, START, other).contradicted
    assert decide(receiving, START, [other]).decision is Decision.PROPOSED


def test_reports_after_the_resolution_or_long_before_the_start_are_not_scored():
    resolved = OpenIncident(1, WEB.reading, START, resolved_at=START + timedelta(hours=2))
    close = reading(unit(1, 0), {"sit", "503"}, {"web"}, {"web.server_error"})
    assert not in_window(START + timedelta(hours=3), resolved)
    assert not in_window(START - GRACE - timedelta(minutes=1), resolved)
    assert decide(close, START + timedelta(hours=3), [resolved]).decision is Decision.NONE


def test_a_first_reporter_in_the_grace_period_weighs_a_little_less():
    close = reading(unit(1, 0.3), {"sit", "503"}, {"web"}, {"web.server_error"})
    early = score(close, START - GRACE / 2, WEB)
    on_time = score(close, START + timedelta(minutes=1), WEB)
    assert early.grace < 0 and on_time.grace == 0
    assert early.total < on_time.total


def test_the_reports_already_linked_count_less_an_offset():
    alone = OpenIncident(1, reading(unit(0, 0, 1)), START)
    peers = OpenIncident(1, reading(unit(0, 0, 1)), START, peers=[unit(1, 0.1), unit(1, -0.1)])
    report = reading(unit(1, 0))
    assert score(report, START, alone).similarity == 0
    assert 0.8 < score(report, START, peers).similarity < 0.9


def test_without_the_encoder_nothing_is_linked_automatically():
    words = reading(None, {"sit", "503"}, {"web"}, {"web.server_error"})
    assert (
        decide(words, START, [OpenIncident(1, reading(None, {"sit", "503"}), START)]).decision
        is not Decision.AUTO
    )
