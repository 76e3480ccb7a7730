"""A round's rules, without a screen: turns, time, lives, the end, the standings."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgame.core.packs import Pack, load_pack
from quizgame.core.round import RULES, GameSetup, Round, build_questions, given_text
from quizgame.core.scoring import BLITZ_SECONDS, SURVIVAL_LIVES

PACK = Path(__file__).parents[1] / "data" / "good" / "solar-system.yaml"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK)


def round_of(pack: Pack, mode: str, players: tuple[str, ...] = (), **kw: object) -> Round:
    setup = GameSetup(mode=mode, kinds=("truefalse",), seed="3", players=players, **kw)  # type: ignore[arg-type]
    return Round.start(build_questions(pack, setup), mode, players or ("You",))


def right(r: Round, elapsed: float = 1.0):
    q = r.current
    assert q is not None
    return r.answer(q.answer, elapsed)


def wrong(r: Round, elapsed: float = 1.0):
    q = r.current
    assert q is not None
    return r.answer(not q.answer, elapsed)


def test_classic_asks_its_questions_then_ends(pack: Pack) -> None:
    r = round_of(pack, "classic")
    assert r.total == RULES["classic"].questions
    for n in range(1, r.total + 1):
        assert not r.finished
        outcome = right(r)
        assert outcome.number == n and outcome.correct
        r.advance()
    assert r.finished and r.current is None
    with pytest.raises(RuntimeError):
        r.answer(True, 1.0)


def test_scores_streaks_and_counts_follow_the_answers(pack: Pack) -> None:
    r = round_of(pack, "classic")
    for step in (right, right, wrong, right):
        step(r)
        r.advance()
    p = r.player
    assert (p.correct, p.wrong, p.answered) == (3, 1, 4)
    assert p.best_streak == 2 and p.streak == 1
    assert p.score == sum(o.points.total for o in r.outcomes)
    assert p.accuracy == 0.75


def test_a_time_out_is_wrong_and_shows_no_answer(pack: Pack) -> None:
    r = round_of(pack, "classic")
    limit = r.time_limit()
    assert limit is not None and limit > 0
    outcome = r.time_out(limit)
    assert outcome.timed_out and not outcome.correct and outcome.given == ""
    assert outcome.points.total == 0


def test_survival_ends_at_the_last_life(pack: Pack) -> None:
    r = round_of(pack, "survival")
    assert r.total is None
    for lives in range(SURVIVAL_LIVES, 0, -1):
        assert r.lives_left() == lives and not r.finished
        wrong(r)
        r.advance()
    assert r.lives_left() == 0 and r.finished


def test_blitz_ends_when_its_clock_runs_out(pack: Pack) -> None:
    r = round_of(pack, "blitz")
    assert r.time_limit() is None and r.seconds_left() == BLITZ_SECONDS
    r.tick(BLITZ_SECONDS - 1)
    assert not r.finished and r.seconds_left() == 1
    r.tick(2)
    assert r.finished and r.seconds_left() == 0


def test_hot_seat_players_take_turns_and_are_ranked_by_right_answers(pack: Pack) -> None:
    r = round_of(pack, "hotseat", ("Ana", "Ben"))
    assert r.total == 2 * RULES["hotseat"].questions  # per player
    assert r.player.name == "Ana" and r.turn_changes()
    right(r, elapsed=19.0)  # slow but right
    r.advance()
    assert r.player.name == "Ben"
    wrong(r, elapsed=0.1)
    r.advance()
    assert [p.name for p in r.standings()] == ["Ana", "Ben"]


def test_ending_early_finishes_the_round(pack: Pack) -> None:
    r = round_of(pack, "classic")
    r.end()
    assert r.finished


def test_an_answer_is_shown_back_as_text(pack: Pack) -> None:
    r = round_of(pack, "classic")
    q = r.current
    assert q is not None
    assert given_text(q, True) == "True" and given_text(q, False) == "False"
