"""Points, streaks, limits and rankings: the rules docs/scoring.md explains to players."""

from __future__ import annotations

from quizgame.core.scoring import (
    STREAK_CAP,
    TIME_LIMITS,
    UNTIMED_POINTS,
    answer_points,
    rank_key,
    time_limit,
)


def test_a_wrong_answer_scores_nothing() -> None:
    assert answer_points(False, 1.0, 20.0, streak_before=4).total == 0


def test_an_instant_answer_is_worth_1000_and_one_at_the_buzzer_500() -> None:
    assert answer_points(True, 0.0, 20.0, 0).total == 1000
    assert answer_points(True, 20.0, 20.0, 0).total == 500
    assert answer_points(True, 10.0, 20.0, 0).total == 750
    assert answer_points(True, 99.0, 20.0, 0).total == 500  # late counts as at the buzzer


def test_speed_is_the_part_above_the_buzzer_value() -> None:
    p = answer_points(True, 5.0, 20.0, 0)
    assert p.base == 875 and p.speed == 375 and p.streak == 0


def test_the_streak_bonus_grows_by_100_and_stops_at_the_cap() -> None:
    assert answer_points(True, 20.0, 20.0, 2).streak == 200
    assert answer_points(True, 20.0, 20.0, 50).streak == STREAK_CAP
    assert answer_points(True, 20.0, 20.0, 2).total == 700


def test_untimed_answers_have_no_speed_bonus() -> None:
    p = answer_points(True, 0.1, None, 0)
    assert p.total == UNTIMED_POINTS and p.speed == 0


def test_every_kind_has_its_own_limit_and_an_unknown_one_the_default() -> None:
    assert time_limit("order") > time_limit("truefalse")
    assert all(time_limit(k) == v for k, v in TIME_LIMITS.items())
    assert time_limit("something-new") == 20.0


def test_one_more_right_answer_beats_any_amount_of_points() -> None:
    assert rank_key(3, 0) > rank_key(2, 10_000)
    assert rank_key(2, 900) > rank_key(2, 800)
