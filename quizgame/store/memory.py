"""Spaced repetition: one FSRS card per (profile, pack, fact).

The ``fsrs`` package (major version pinned in pyproject: ``fsrs>=6,<7``) is imported lazily, in
the functions that review a card, so that opening the store and computing stats never pay for it.
Cards are stored as the columns of ``fsrs.Card`` (minus its meaningless ``card_id``), which lets
SQL count due and learned facts without loading them into Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from quizgame.core.vocab import RECALL_KINDS

if TYPE_CHECKING:  # pragma: no cover
    import fsrs

# The values of fsrs.Rating (a test checks they still agree).
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# fsrs.State values.
LEARNING, REVIEW, RELEARNING = 1, 2, 3

#: A typed answer given faster than this (and spelled exactly) is rated Easy.
FAST_MS = 8000

# FSRS-6 default w[20], the forgetting-curve decay (a test checks the scheduler still uses it).
_DEFAULT_W20 = 0.1542


def rating_for(
    kind: str, *, correct: bool, exact: bool = True, response_ms: int | None = None
) -> int:
    """The FSRS rating (1 Again .. 4 Easy) an answer earns.

    Wrong is Again. A right answer chosen from options (choice, true/false, order) is at best Good,
    because it can be a guess. A right typed or cloze answer is Easy when spelled exactly and given
    in under ``FAST_MS``, Good when exact but slow, Hard when it was only accepted despite a typo.
    Unknown kinds are treated as guessable.
    """
    if not correct:
        return AGAIN
    if kind in RECALL_KINDS:
        if not exact:
            return HARD
        if response_ms is not None and response_ms < FAST_MS:
            return EASY
        return GOOD
    return GOOD


def to_text(moment: datetime) -> str:
    """A UTC timestamp in one fixed-width form, so that text order is time order in SQL."""
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive means local time
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CardState:
    """The stored part of an ``fsrs.Card``."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> CardState:
        """From ``(state, step, stability, difficulty, due, last_review)``."""
        state, step, stability, difficulty, due, last_review = row
        return cls(
            state,
            step,
            stability,
            difficulty,
            from_text(due),
            from_text(last_review) if last_review else None,
        )

    def columns(self) -> tuple[Any, ...]:
        return (
            self.state,
            self.step,
            self.stability,
            self.difficulty,
            to_text(self.due),
            to_text(self.last_review) if self.last_review else None,
        )


def is_sound(card: CardState) -> bool:
    """Can fsrs review this card? (A card damaged before imports were range-checked — an
    infinite stability, a learning card without its step — must not block saving answers.)"""
    if card.state not in (LEARNING, REVIEW, RELEARNING):
        return False
    if card.state in (LEARNING, RELEARNING) and (card.step is None or not 0 <= card.step <= 100):
        return False
    if (card.stability is None) != (card.difficulty is None):
        return False
    if card.stability is not None and card.difficulty is not None:
        if not (math.isfinite(card.stability) and 0.001 <= card.stability <= 1e6):
            return False
        if not (math.isfinite(card.difficulty) and 1.0 <= card.difficulty <= 10.0):
            return False
    return True


@cache
def scheduler() -> fsrs.Scheduler:
    """The one scheduler: default FSRS-6 parameters, fuzzing off so results are reproducible."""
    import fsrs

    return fsrs.Scheduler(enable_fuzzing=False)


def review(card: CardState | None, rating: int, when: datetime) -> CardState:
    """The card after one review (``None``: a fact seen for the first time)."""
    import fsrs

    when = when.astimezone(UTC)
    if card is None:
        current = fsrs.Card(card_id=1, due=when)  # an explicit id avoids Card()'s 1 ms sleep
    else:
        current = fsrs.Card(
            card_id=1,
            state=fsrs.State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )
    updated, _log = scheduler().review_card(current, fsrs.Rating(rating), review_datetime=when)
    return CardState(
        int(updated.state),
        updated.step,
        updated.stability,
        updated.difficulty,
        updated.due,
        updated.last_review,
    )


def retrievability(stability: float | None, last_review: datetime | None, now: datetime) -> float:
    """FSRS-6 probability of recall now, 0..1 (0 for a card never reviewed).

    The forgetting curve of ``fsrs.Scheduler.get_card_retrievability``, but with fractional days
    elapsed: fsrs rounds down to whole days, which would rate every fact reviewed today 1.0 and
    make "lowest retrievability first" meaningless for facts in their learning steps. At whole
    days the two agree (tested).
    """
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    decay = -_DEFAULT_W20
    factor = 0.9 ** (1 / decay) - 1
    elapsed_days = max(0.0, (now - last_review).total_seconds() / 86400)
    return float((1 + factor * elapsed_days / stability) ** decay)
