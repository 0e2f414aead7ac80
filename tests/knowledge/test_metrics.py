"""The reliability table says how often a confidence was right."""

import pytest

from knowledge.metrics import Outcome, reliability


def _pair(expected, ids, confidence):
    return {"expected": expected}, Outcome(tuple(ids), confidence >= 0.5, confidence)


def test_each_confidence_falls_in_one_bin_and_counts_right_when_the_hits_hold_it():
    pairs = [
        _pair(["a"], ["a", "b"], 0.9),
        _pair(["a"], ["b", "c", "a"], 0.85),  # right: the hits shown hold it
        _pair(["a"], ["b", "c", "d", "a"], 0.81),  # wrong: beyond the three shown
        _pair([], ["b"], 0.1),  # unanswerable: any hit is wrong
        _pair(["a"], [], 0.0),  # no hit: nothing shown, not counted
        _pair(["a"], ["a"], 1.0),  # the top edge belongs to the last bin
    ]
    bins, error = reliability(pairs)
    assert [b.n for b in bins] == [1, 0, 0, 0, 4]
    assert bins[0].right == 0.0 and bins[1].right is None
    assert bins[4].right == pytest.approx(3 / 4)
    assert bins[4].confidence == pytest.approx((0.9 + 0.85 + 0.81 + 1.0) / 4)
    expected = (1 * 0.1 + 4 * abs((0.9 + 0.85 + 0.81 + 1.0) / 4 - 0.75)) / 5
    assert error == pytest.approx(expected)


def test_no_question_shown_gives_empty_bins_and_no_error():
    bins, error = reliability([_pair(["a"], [], 0.0)])
    assert all(b.n == 0 for b in bins) and error is None
