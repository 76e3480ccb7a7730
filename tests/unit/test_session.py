"""The session layer: a round from its seats to its winner, against a real profile store and
without Textual."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgame.core.packs import Pack, load_pack
from quizgame.core.round import GameSetup, build_questions
from quizgame.core.session import Session, due_for_practice, parse_players, winner_text
from quizgame.store.profile import ProfileError, Store

PACK = Path(__file__).parents[1] / "data" / "good" / "solar-system.yaml"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path)
    assert s.saving, s.notice
    return s


def session_for(pack: Pack, **setup: object) -> Session:
    game = GameSetup(kinds=("truefalse",), seed="7", **setup)  # type: ignore[arg-type]
    return Session(pack, game, build_questions(pack, game))


def answer(session: Session, right: bool, elapsed: float = 2.0):
    q = session.round.current
    assert q is not None and q.kind == "truefalse"
    outcome = session.round.answer(q.answer if right else not q.answer, elapsed)
    assert outcome.correct is right
    return outcome


def test_player_names_are_split_once_keeping_repeats_for_the_rules_to_refuse() -> None:
    assert parse_players(" Ana, Ben ,,Cy ") == ("Ana", "Ben", "Cy")
    assert parse_players("Ana,Ana,Ben") == ("Ana", "Ana", "Ben")
    assert parse_players(None) == ()
    assert parse_players(" , ") == ()


def test_a_solo_round_has_one_seat_even_if_players_were_given(pack: Pack) -> None:
    s = session_for(pack, mode="classic", players=("Ana", "Ben"))
    assert [p.name for p in s.round.players] == ["You"]
    assert not s.hotseat
    assert s.profile_for("You", "Kim") == "Kim"


def test_a_hot_seat_round_seats_each_player_in_their_own_profile(pack: Pack) -> None:
    s = session_for(pack, mode="hotseat", players=("Ana", "Ben"))
    assert [p.name for p in s.round.players] == ["Ana", "Ben"]
    assert s.profile_for("Ben", "Kim") == "Ben"


def test_an_answer_is_saved_in_the_current_profile_and_the_game_starts_with_it(
    pack: Pack, store: Store
) -> None:
    store.create_profile("Kim")
    s = session_for(pack, mode="classic")
    assert store.profile("Kim").games == 0
    saved = s.record(store, answer(s, right=True), "Kim")
    assert saved.saving and saved.profile == "Kim" and saved.next_review is None
    assert store.profile("Kim").games == 1
    s.round.advance()
    s.record(store, answer(s, right=False), "Kim")
    assert store.profile("Kim").games == 1  # the same game, not a second one


def test_finishing_compares_with_the_best_earlier_round(pack: Pack, store: Store) -> None:
    store.create_profile("Kim")
    first = session_for(pack, mode="classic")
    first.record(store, answer(first, right=True), "Kim")
    assert first.finish_player(store, "You", "Kim") is None  # nothing to compare with yet
    score = first.round.players[0].score
    second = session_for(pack, mode="classic")
    second.record(store, answer(second, right=False), "Kim")
    assert second.finish_player(store, "You", "Kim") == (1, score)


def test_hot_seat_creates_the_players_profiles_and_keeps_the_current_one(
    pack: Pack, store: Store
) -> None:
    store.create_profile("Kim")
    store.use_profile("Kim")
    s = session_for(pack, mode="hotseat", players=("Ana", "Ben"))
    assert s.record(store, answer(s, right=True), "Kim").profile == "Ana"
    s.round.advance()
    assert s.record(store, answer(s, right=False), "Kim").profile == "Ben"
    assert {"Ana", "Ben"} <= {p.name for p in store.profiles()}
    assert set(s.game_ids) == {"Ana", "Ben"} and len(set(s.game_ids.values())) == 2
    assert store.profile().name == "Kim"


def test_a_hot_seat_player_who_never_answered_has_no_earlier_result(
    pack: Pack, store: Store
) -> None:
    s = session_for(pack, mode="hotseat", players=("Ana", "Ben"))
    s.record(store, answer(s, right=True), None)
    assert s.finish_player(store, "Ben", None, ProfileError) is None
    with pytest.raises(ProfileError):  # without being told the store's error, it is not hidden
        s.finish_player(store, "Ben", None)


def test_practice_asks_the_due_facts_and_says_when_they_come_back(pack: Pack, store: Store) -> None:
    due = due_for_practice(store, None, pack)
    assert due and set(due) <= {f.id for f in pack.facts}
    setup = GameSetup(mode="practice", kinds=("truefalse",), seed="7")
    s = Session(pack, setup, build_questions(pack, setup, due))
    q = s.round.current
    assert q is not None and q.fact == due[0]
    saved = s.record(store, s.round.answer(q.answer, 2.0), None)
    assert saved.next_review is not None


def test_the_winner_has_most_right_answers_and_a_tie_is_said_to_be_one(pack: Pack) -> None:
    s = session_for(pack, mode="hotseat", players=("Ana", "Ben"))
    answer(s, right=True, elapsed=5.0)
    s.round.advance()
    answer(s, right=True, elapsed=5.0)
    assert winner_text(s.round) == "🤝 It's a tie between Ana and Ben!"
    s.round.advance()
    answer(s, right=False)
    s.round.advance()
    answer(s, right=True, elapsed=9.0)  # Ben: one more right answer, whatever the points
    assert s.winner() == "🏆 Ben wins!"
