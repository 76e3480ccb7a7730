"""Spaced repetition: the rating mapping, FSRS scheduling through the store, practice order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from quizgame.store import memory

try:
    from . import helpers_store as h
except ImportError:  # tests/unit is not a package
    import helpers_store as h  # type: ignore[no-redef]


@pytest.mark.parametrize(
    ("kind", "correct", "exact", "response_ms", "expected"),
    [
        ("choice", False, True, 1000, fsrs.Rating.Again),
        ("typed", False, True, 1000, fsrs.Rating.Again),
        ("order", False, True, 1000, fsrs.Rating.Again),
        # picked from what was shown: could be a guess, never better than Good
        ("choice", True, True, 500, fsrs.Rating.Good),
        ("truefalse", True, True, 500, fsrs.Rating.Good),
        ("order", True, True, 500, fsrs.Rating.Good),
        # produced by the player
        ("typed", True, True, 7999, fsrs.Rating.Easy),
        ("cloze", True, True, 2000, fsrs.Rating.Easy),
        ("typed", True, True, 8000, fsrs.Rating.Good),
        ("cloze", True, True, 30000, fsrs.Rating.Good),
        ("typed", True, False, 1000, fsrs.Rating.Hard),
        ("cloze", True, False, 20000, fsrs.Rating.Hard),
        # a kind added later is treated as guessable
        ("matching", True, True, 100, fsrs.Rating.Good),
    ],
)
def test_rating_for(kind, correct, exact, response_ms, expected) -> None:
    rating = memory.rating_for(kind, correct=correct, exact=exact, response_ms=response_ms)
    assert fsrs.Rating(rating) is expected


def test_constants_agree_with_the_installed_fsrs() -> None:
    assert tuple(
        int(r) for r in (fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy)
    ) == (memory.AGAIN, memory.HARD, memory.GOOD, memory.EASY)
    assert tuple(
        int(s) for s in (fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning)
    ) == (memory.LEARNING, memory.REVIEW, memory.RELEARNING)
    scheduler = memory.scheduler()
    assert scheduler.enable_fuzzing is False
    assert scheduler.parameters[20] == memory._DEFAULT_W20


def test_retrievability_matches_fsrs_at_whole_days() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    card = memory.review(None, memory.GOOD, start)
    card = memory.review(card, memory.GOOD, start + timedelta(minutes=10))
    fsrs_card = fsrs.Card(
        card_id=1,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
    for days in (0, 1, 3, 10, 100):
        moment = card.last_review + timedelta(days=days)
        ours = memory.retrievability(card.stability, card.last_review, moment)
        theirs = memory.scheduler().get_card_retrievability(fsrs_card, moment)
        assert ours == pytest.approx(theirs, rel=1e-12)
    # Between whole days ours keeps falling: what orders facts reviewed today.
    assert memory.retrievability(card.stability, card.last_review, card.last_review) == 1.0
    half_day = memory.retrievability(
        card.stability, card.last_review, card.last_review + timedelta(hours=12)
    )
    assert 0 < half_day < 1.0


def test_scheduling_is_reproducible(tmp_path: Path) -> None:
    """Fuzzing is off: the same answers give the same schedule, every time."""
    results = []
    for run in ("a", "b"):
        clock = h.Clock()
        store = h.open_store(tmp_path / run, clock)
        h.scripted_history(store, clock)
        later = h.T0 + timedelta(days=9)
        results.append(
            (
                store.mastery("Ann", h.PACK, now=later),
                store.due_facts("Ann", h.PACK, ["f1", "f2", "f3", "f4", "f5"], now=later),
            )
        )
        store.close()
    assert results[0] == results[1]


def test_a_wrong_answer_makes_a_fact_due_sooner_than_a_right_one(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack=h.PACK, mode="practice", seed="1", settings={})
    for fact in ("wrong", "right"):
        h.answer(store, game, fact, "typed", True, response_ms=2000)  # Easy: straight to review
    clock.advance(days=10)
    h.answer(store, game, "wrong", "typed", False)
    h.answer(store, game, "right", "typed", True, response_ms=2000)

    tomorrow = clock.now + timedelta(days=1)
    assert store.due_facts(None, h.PACK, ["wrong", "right"], now=tomorrow) == ["wrong"]
    later = clock.now + timedelta(days=3)
    mastery = store.mastery(None, h.PACK, now=later)
    assert mastery["wrong"] < mastery["right"]


def test_practice_asks_due_facts_lowest_retrievability_first(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack=h.PACK, mode="practice", seed="1", settings={})
    # Different first answers give different stabilities, all reviewed at the same moment.
    h.answer(store, game, "easy", "typed", True, response_ms=1000)  # Easy
    h.answer(store, game, "good", "choice", True)  # Good
    h.answer(store, game, "hard", "typed", True, exact=False)  # Hard
    h.answer(store, game, "again", "choice", False)  # Again
    later = clock.now + timedelta(days=30)  # everything is due by then
    facts = ["good", "again", "easy", "hard", "new1", "new2"]
    order = store.due_facts(None, h.PACK, facts, now=later, new_per_day=20)
    mastery = store.mastery(None, h.PACK, now=later)
    assert order[:4] == sorted(["easy", "good", "hard", "again"], key=mastery.__getitem__)
    assert [mastery[f] for f in order[:4]] == sorted(mastery.values())
    assert order[0] == "again" and order[3] == "easy"
    assert order[4:] == ["new1", "new2"]  # then new facts, in the pack's order


def test_facts_not_yet_due_are_not_asked(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack=h.PACK, mode="practice", seed="1", settings={})
    h.answer(store, game, "known", "typed", True, response_ms=1000)  # Easy: due in days
    assert store.due_facts(None, h.PACK, ["known"], now=clock.now + timedelta(hours=1)) == []
    # facts seen but no longer in the pack are not asked either
    assert store.due_facts(None, h.PACK, [], now=clock.now + timedelta(days=365)) == []


def test_new_facts_are_capped_per_day(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    facts = [f"n{i}" for i in range(10)]
    assert store.due_facts(None, h.PACK, facts, new_per_day=3) == ["n0", "n1", "n2"]

    game = store.start_game(None, pack=h.PACK, mode="practice", seed="1", settings={})
    h.answer(store, game, "n0", "typed", True, response_ms=1000)  # Easy: not due today
    h.answer(store, game, "n1", "typed", True, response_ms=1000)
    # two new facts met today: one more allowed
    assert store.due_facts(None, h.PACK, facts, new_per_day=3) == ["n2"]
    h.answer(store, game, "n2", "typed", True, response_ms=1000)
    assert store.due_facts(None, h.PACK, facts, new_per_day=3) == []
    # the cap is per pack
    assert store.due_facts(None, "other-pack", facts, new_per_day=3) == ["n0", "n1", "n2"]
    # and per day
    clock.advance(days=1)
    assert store.due_facts(None, h.PACK, facts, new_per_day=3) == ["n3", "n4", "n5"]


def test_mastery_lists_only_facts_seen_and_falls_with_time(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack=h.PACK, mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "typed", True, response_ms=1000)
    soon = store.mastery(None, h.PACK, now=clock.now + timedelta(days=1))
    late = store.mastery(None, h.PACK, now=clock.now + timedelta(days=60))
    assert set(soon) == {"f1"}
    assert 0 < late["f1"] < soon["f1"] <= 1
    assert store.mastery(None, "other-pack") == {}


def test_answers_from_a_clock_behind_never_review_backwards(tmp_path: Path) -> None:
    """Two processes' clocks may disagree by a little: the card must not break."""
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack=h.PACK, mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    clock.advance(days=-2)
    h.answer(store, game, "f1", "choice", True)
    assert 0 < store.mastery(None, h.PACK, now=h.T0 + timedelta(days=1))["f1"] <= 1
