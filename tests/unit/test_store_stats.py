"""Stats against hand-computed numbers, the --json shape, and the running aggregates."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgame.cli.stats import format_stats, run_stats
from quizgame.store import schema
from quizgame.store.stats import Streak, Tally, percent_rows

try:
    from . import helpers_store as h
except ImportError:  # tests/unit is not a package
    import helpers_store as h  # type: ignore[no-redef]


@pytest.fixture
def history(tmp_path: Path):
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    games = h.scripted_history(store, clock)
    yield store, games
    store.close()


def test_stats_match_the_hand_computed_history(history) -> None:
    store, games = history
    stats = store.stats("Ann", now=h.T0 + timedelta(days=1)).as_json()

    assert stats["profile"] == "Ann"
    assert (stats["games_played"], stats["games_finished"], stats["games_unfinished"]) == (4, 3, 1)
    assert (stats["answers"], stats["correct"], stats["accuracy"]) == (9, 7, 0.7778)

    def table(tallies):
        return {key: (t["answers"], t["correct"], t["accuracy"]) for key, t in tallies.items()}

    assert table(stats["accuracy_by_kind"]) == {
        "choice": (4, 4, 1.0),
        "typed": (2, 1, 0.5),
        "truefalse": (1, 0, 0.0),
        "cloze": (1, 1, 1.0),
        "order": (1, 1, 1.0),
    }
    assert table(stats["accuracy_by_tag"]) == {
        "guitar": (3, 3, 1.0),
        "early-life": (3, 1, 0.3333),
        "zeppelin": (1, 1, 1.0),
        "planets": (1, 1, 1.0),
    }
    assert table(stats["accuracy_by_mode"]) == {"classic": (6, 5, 0.8333), "blitz": (3, 2, 0.6667)}
    # right, right, wrong, right, right, right, wrong, right, right
    assert stats["streak"] == {"current": 2, "best": 3}

    # The unfinished game's running 100 is not a best score.
    assert stats["best_scores"] == [
        {"pack": "jimmy-page", "mode": "blitz", "games": 1, "finished": 1, "best": 200},
        {"pack": "jimmy-page", "mode": "classic", "games": 2, "finished": 1, "best": 400},
        {"pack": "solar-system", "mode": "classic", "games": 1, "finished": 1, "best": 90},
    ]
    assert store.best_score("Ann", "jimmy-page", "classic") == 400
    assert store.best_score("Ann", "jimmy-page", "survival") is None

    recent = [
        (g["id"], g["finished"], g["correct"], g["total"], g["score"]) for g in stats["games"]
    ]
    assert recent == [
        (games["g4"], True, 1, 1, 90),
        (games["g3"], False, 1, 1, 100),
        (games["g2"], True, 2, 3, 200),
        (games["g1"], True, 3, 4, 400),
    ]
    assert stats["games"][-1]["seed"] == "s1" and stats["games"][-1]["settings"] == {"n": 4}

    # A day later: f1 and f2 were answered Easy (typed fast / cloze) and graduated to review;
    # f3 (wrong twice), f4, f5 and p1 are still in their learning steps, so due.
    facts = stats["facts"]
    assert (facts["seen"], facts["learned"], facts["learning"], facts["due"]) == (6, 2, 4, 4)
    assert facts["by_pack"]["jimmy-page"]["seen"] == 5
    assert facts["by_pack"]["jimmy-page"]["due"] == 3
    assert facts["by_pack"]["solar-system"] == {
        "seen": 1,
        "learned": 0,
        "learning": 1,
        "due": 1,
        "new_today": 0,
    }

    assert [(r["fact"], r["line"], r["reason"]) for r in stats["reported"]] == [
        ("f4", 42, "two answers are right")
    ]


def test_accuracy_tables_list_by_key_or_most_answered_first(history) -> None:
    # ``quizgame stats`` lists keys alphabetically; the stats screen puts what was played most
    # first, keys answered equally often (cloze, order, truefalse: once each) alphabetically.
    store, _ = history
    by_kind = store.stats("Ann").accuracy_by_kind
    assert [(r.key, r.correct, r.answers, r.percent) for r in percent_rows(by_kind)] == [
        ("choice", 4, 4, "100%"),
        ("cloze", 1, 1, "100%"),
        ("order", 1, 1, "100%"),
        ("truefalse", 0, 1, "0%"),
        ("typed", 1, 2, "50%"),
    ]
    assert [r.key for r in percent_rows(by_kind, most_answered_first=True)] == [
        "choice",
        "typed",
        "cloze",
        "order",
        "truefalse",
    ]
    assert percent_rows({}) == []


def test_other_profiles_are_untouched(history) -> None:
    store, _ = history
    stats = store.stats("Player").as_json()
    assert (stats["games_played"], stats["answers"], stats["games"]) == (0, 0, [])
    assert stats["accuracy"] is None and stats["streak"] == {"current": 0, "best": 0}


def test_recent_games_are_limited_but_json_lists_all(history) -> None:
    store, _ = history
    assert len(store.stats("Ann", games=2).as_json()["games"]) == 2
    assert len(store.stats("Ann", games=None).as_json()["games"]) == 4


def test_stats_json_shape(history, tmp_path: Path) -> None:
    store, _ = history
    store.close()
    out, err = io.StringIO(), io.StringIO()
    args = SimpleNamespace(data_dir=str(tmp_path), profile="ann", json=True)
    assert run_stats(args, out, err) == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["profile"] == "Ann"
    assert isinstance(data["facts"], dict)
    assert len(data["games"]) == 4
    for game in data["games"]:
        assert {
            "id",
            "pack",
            "mode",
            "seed",
            "started",
            "finished",
            "correct",
            "total",
            "score",
        } <= set(game)
        assert isinstance(game["finished"], bool)
        assert isinstance(game["id"], int) and isinstance(game["seed"], str)
    unfinished = [g for g in data["games"] if not g["finished"]]
    assert [(g["seed"], g["correct"], g["total"]) for g in unfinished] == [("s3", 1, 1)]


def test_stats_text_report(history, tmp_path: Path) -> None:
    store, _ = history
    store.close()
    out, err = io.StringIO(), io.StringIO()
    assert (
        run_stats(SimpleNamespace(data_dir=str(tmp_path), profile="Ann", json=False), out, err) == 0
    )
    text = out.getvalue()
    for expected in (
        "Profile: Ann",
        "Games played: 4 (1 unfinished)",
        "Answers: 9, 7 right (78%)",
        "Streak: 2 right in a row now, best 3",
        "Best scores",
        "early-life",
        "Recent games",
        "two answers are right",
    ):
        assert expected in text, expected


def test_stats_text_report_writes_big_numbers_with_thousands_separators(history) -> None:
    store, _ = history
    stats = store.stats("Ann")
    game = replace(stats.games[0], id=12345, score=1234567, correct=1000, total=1200)
    big = replace(
        stats,
        games_played=1234,
        games_unfinished=0,
        answers=12345,
        correct=9876,
        accuracy=0.8,
        streak=Streak(current=1500, best=2500),
        best_scores=[replace(stats.best_scores[0], best=1234567, games=1234)],
        accuracy_by_kind={"choice": Tally(answers=12345, correct=9876, accuracy=0.8)},
        games=[game],
    )
    lines = format_stats(big).splitlines()
    for expected in (
        "Games played: 1,234",
        "Answers: 12,345, 9,876 right (80%)",
        "Streak: 1,500 right in a row now, best 2,500",
    ):
        assert expected in lines, expected
    assert ["jimmy-page", "blitz", "1,234,567", "1,234"] in [line.split() for line in lines]
    assert ["choice", "9,876", "12,345", "80%"] in [line.split() for line in lines]
    [recent] = [line.split() for line in lines if "s1" in line.split() or "s4" in line.split()]
    # The game's number is a name, not an amount: no separator in it.
    assert recent[0] == "12345" and "1,234,567" in recent and "1,000/1,200" in recent


def test_stats_of_unknown_profile_is_a_one_line_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_stats(SimpleNamespace(data_dir=str(tmp_path), profile="nobody", json=True), out, err)
    assert code == 2
    assert out.getvalue() == ""
    assert err.getvalue().count("\n") == 1 and "nobody" in err.getvalue()
    assert "Traceback" not in err.getvalue()


# -- the aggregates kept by record_answer equal a rebuild from the raw record ----------------

operation = st.one_of(
    st.tuples(
        st.just("start"), st.sampled_from(["p1", "p2"]), st.sampled_from(["classic", "blitz"])
    ),
    st.tuples(
        st.just("answer"),
        st.sampled_from(["choice", "truefalse", "typed", "cloze", "order"]),
        st.booleans(),
        st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
        st.integers(0, 200),
    ),
    st.tuples(st.just("finish"), st.integers(0, 1000)),
    st.tuples(st.just("switch"), st.sampled_from(["Player", "Bo"])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=25))
def test_running_aggregates_equal_a_rebuild(operations) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = h.open_store(Path(folder))
        store.create_profile("Bo")
        profile, game, open_games = "Player", None, []
        for op in operations:
            if op[0] == "start":
                game = store.start_game(profile, pack=op[1], mode=op[2], seed="x", settings={})
                open_games.append(game)
            elif op[0] == "answer" and game is not None:
                _, kind, ok, tags, points = op
                h.answer(store, game, f"f{points % 7}", kind, ok, points, tags=tuple(tags))
            elif op[0] == "finish" and open_games:
                store.finish_game(open_games.pop(0), score=op[1])
            elif op[0] == "switch":
                profile, game = op[1], None
        store.close()
        conn = sqlite3.connect(Path(folder) / "profile.sqlite3", isolation_level=None)
        kept = h.aggregates(conn)
        conn.execute("BEGIN")
        schema.rebuild_aggregates(conn)
        rebuilt = h.aggregates(conn)
        conn.execute("ROLLBACK")
        conn.close()

        # Rows with all-zero counters may exist on one side only (profile rows made up front).
        def nonzero(rows):
            return [row for row in rows if any(v not in (0, None) for v in row[1:])]

        assert nonzero(kept["profile_totals"]) == nonzero(rebuilt["profile_totals"])
        assert kept["tallies"] == rebuilt["tallies"]
        assert kept["best_scores"] == rebuilt["best_scores"]


def test_best_result_ranks_right_answers_before_points(tmp_path) -> None:
    from quizgame.store.profile import Store

    store = Store.open(tmp_path)
    name = store.profile().name

    def play(right: int, points_each: int) -> int:
        game = store.start_game(name, pack="p", mode="classic", seed="1", settings={})
        for i in range(10):
            ok = i < right
            store.record_answer(
                game,
                question_id=f"q{i}",
                fact=f"f{i}",
                kind="choice",
                given="x",
                correct=ok,
                points=points_each if ok else 0,
                response_ms=1000,
            )
        store.finish_game(game, score=right * points_each)
        return game

    assert store.best_result(name, "p", "classic") is None
    play(9, 1500)  # nine fast answers: 13,500 points
    slow = play(10, 600)  # ten slow ones: 6,000 points
    assert store.best_result(name, "p", "classic") == (10, 6000)
    assert store.best_result(name, "p", "classic", exclude_game=slow) == (9, 13500)
    assert store.best_result(name, "p", "blitz") is None
