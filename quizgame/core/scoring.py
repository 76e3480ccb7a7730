"""Points, streaks and time limits: pure functions, explained for players in docs/scoring.md.

Points reward speed in the spirit of Kahoot: a right answer is worth
``round(1000 × (1 − t/T/2))`` (1000 for an instant answer, 500 at the buzzer), plus a streak
bonus of 100 for each right answer in a row before this one, capped at 500. A wrong answer or a
time-out scores nothing and ends the streak. Bonuses never decide a ranking on their own:
results are ranked by the number of right answers first, points only break ties.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_POINTS = 1000
STREAK_STEP = 100
STREAK_CAP = 500
UNTIMED_POINTS = 500  # practice has no clock, so no speed bonus: every right answer is worth this

#: Seconds allowed per question, by kind: reading a timeline takes longer than a true/false.
TIME_LIMITS = {"choice": 20.0, "truefalse": 15.0, "typed": 30.0, "cloze": 30.0, "order": 40.0}
BLITZ_SECONDS = 60.0
SURVIVAL_LIVES = 3


@dataclass(frozen=True, slots=True)
class Points:
    base: int = 0  # the answer itself (speed included)
    speed: int = 0  # the part of ``base`` that came from answering quickly
    streak: int = 0  # the streak bonus

    @property
    def total(self) -> int:
        return self.base + self.streak


def time_limit(kind: str) -> float:
    return TIME_LIMITS.get(kind, 20.0)


def answer_points(correct: bool, elapsed: float, limit: float | None, streak_before: int) -> Points:
    """Points for one answer. ``streak_before`` counts the right answers in a row before it."""
    if not correct:
        return Points()
    if limit is None or limit <= 0:
        base = UNTIMED_POINTS
        speed = 0
    else:
        fraction = min(max(elapsed, 0.0), limit) / limit
        base = round(BASE_POINTS * (1 - fraction / 2))
        speed = base - BASE_POINTS // 2
    return Points(base=base, speed=speed, streak=min(STREAK_STEP * streak_before, STREAK_CAP))


def rank_key(correct: int, points: int) -> tuple[int, int]:
    """Sort key for rankings: one more right answer always beats any amount of bonus."""
    return (correct, points)


def accuracy(correct: int, answers: int) -> float | None:
    """The share of answers that were right, 0..1; None when nothing was answered."""
    return correct / answers if answers else None
