"""The live class game's rules, with the clock driven by hand: no network, no Textual."""

from __future__ import annotations

import json

import pytest

from quizgame.core.live import FLAT_POINTS, MAX_NAME, LiveError, LiveGame, clean_name
from quizgame.core.scoring import time_limit

from .helpers import KINDS, RIGHT, WRONG, every_kind, question


def game(**kw) -> LiveGame:
    return LiveGame(every_kind(), **kw)


def refused(code: str, fn, *args) -> str:
    with pytest.raises(LiveError) as info:
        fn(*args)
    assert info.value.code == code, info.value.reason
    return info.value.reason


# -- phases ------------------------------------------------------------------------------------


def test_every_transition_from_lobby_to_finished() -> None:
    g = game()
    assert g.phase == "lobby" and g.index == -1
    g.join("Ana", "tok-ana-0001")
    for i in range(len(g.questions)):
        assert g.open_next(now=100.0 * i) == "question"
        assert g.index == i
        g.close()
        assert g.phase == "reveal"
        g.show_leaderboard()
        assert g.phase == "leaderboard"
    assert g.open_next(now=999.0) == "finished"


def test_moves_out_of_turn_are_refused() -> None:
    g = game()
    refused("wrong-phase", g.close)
    refused("wrong-phase", g.show_leaderboard)
    refused("not-open", g.pause, 0.0)
    g.open_next(0.0)
    refused("wrong-phase", g.open_next, 1.0)
    refused("wrong-phase", g.show_leaderboard)
    g.close()
    refused("wrong-phase", g.close)


def test_end_closes_the_open_question_so_its_answers_count() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    g.submit("tok-ana-0001", 0, RIGHT["choice"], 2.0)
    g.end()
    assert g.phase == "finished"
    assert g.seats[1].correct == 1
    refused("finished", g.join, "Late", "tok-late-0001")


def test_the_question_closes_when_time_is_up_or_everyone_answered() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.join("Ben", "tok-ben-0001")
    g.open_next(10.0)
    limit = time_limit("choice")
    assert not g.is_due(10.0 + limit - 0.01)
    assert g.is_due(10.0 + limit)
    g.submit("tok-ana-0001", 0, 1, 11.0)
    assert not g.is_due(12.0)
    g.submit("tok-ben-0001", 0, 0, 12.0)
    assert g.is_due(12.0)


def test_a_time_out_scores_nothing_and_ends_the_streak() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    g.submit("tok-ana-0001", 0, RIGHT["choice"], 1.0)
    assert g.seats[1].streak == 1
    g.close()
    g.open_next(100.0)
    g.close()  # Ana said nothing
    assert g.seats[1].streak == 0 and g.seats[1].score > 0 and g.seats[1].correct == 1


def test_the_time_limit_is_by_kind_unless_the_teacher_sets_one() -> None:
    g = game()
    g.open_next(0.0)
    assert g.seconds_left(0.0) == time_limit("choice")
    g2 = game(time_limit=12.0)
    g2.open_next(0.0)
    assert g2.seconds_left(3.0) == 9.0


def test_pause_stops_the_clock_and_refuses_answers() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    g.pause(5.0)
    assert g.seconds_left(500.0) == time_limit("choice") - 5.0
    assert not g.is_due(500.0)
    refused("paused", g.submit, "tok-ana-0001", 0, 1, 500.0)
    g.resume(500.0)
    assert g.seconds_left(500.0) == time_limit("choice") - 5.0
    answer = g.submit("tok-ana-0001", 0, 1, 501.0)
    assert answer.elapsed == pytest.approx(6.0)
    refused("not-paused", g.resume, 502.0)


# -- answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_takes_a_right_and_a_wrong_answer(kind: str) -> None:
    g = LiveGame([question(kind)])
    g.join("Ana", "tok-ana-0001")
    g.join("Ben", "tok-ben-0001")
    g.open_next(0.0)
    right = g.submit("tok-ana-0001", 0, RIGHT[kind], 0.0)
    wrong = g.submit("tok-ben-0001", 0, WRONG[kind], 1.0)
    assert right.correct and right.points == 1000
    assert not wrong.correct and wrong.points == 0


@pytest.mark.parametrize(
    "kind, bad",
    [
        ("choice", 4),
        ("choice", -1),
        ("choice", True),
        ("choice", "1"),
        ("truefalse", 1),
        ("truefalse", "true"),
        ("typed", 3),
        ("typed", "   "),
        ("typed", "x" * 201),
        ("order", ["Yardbirds", "Led Zeppelin"]),
        ("order", ["Yardbirds", "Yardbirds", "The Firm"]),
        ("order", "Yardbirds"),
    ],
)
def test_an_answer_that_does_not_fit_the_question_is_refused_and_can_be_given_again(
    kind: str, bad: object
) -> None:
    g = LiveGame([question(kind)])
    g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    refused("bad-answer", g.submit, "tok-ana-0001", 0, bad, 1.0)
    assert g.submit("tok-ana-0001", 0, RIGHT[kind], 2.0).correct


def test_late_second_and_not_open_answers_are_refused_with_a_reason() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.join("Ben", "tok-ben-0001")
    refused("not-open", g.submit, "tok-ana-0001", 0, 1, 0.0)  # lobby
    g.open_next(0.0)
    refused("not-open", g.submit, "tok-ana-0001", 1, True, 1.0)  # a later question
    refused("not-open", g.submit, "tok-ana-0001", "0", 1, 1.0)
    g.submit("tok-ana-0001", 0, 1, 1.0)
    assert "already" in refused("twice", g.submit, "tok-ana-0001", 0, 2, 2.0)
    assert "late" in refused("late", g.submit, "tok-ben-0001", 0, 1, 20.0).lower()
    g.close()
    refused("late", g.submit, "tok-ben-0001", 0, 1, 21.0)
    refused("unknown-player", g.submit, "nobody-token", 0, 1, 21.0)


def test_speed_and_streak_points_follow_the_scoring_rules() -> None:
    g = LiveGame([question("choice", n) for n in range(3)])
    g.join("Ana", "tok-ana-0001")
    for i in range(3):
        g.open_next(100.0 * i)
        g.submit("tok-ana-0001", i, 1, 100.0 * i + 5.0)  # 5 s of 20 s
        g.close()
    # round(1000 × (1 − 5/20/2)) = 875, plus a streak bonus of 0, 100, 200
    assert [g.answers[i][1].points for i in range(3)] == [875, 975, 1075]
    assert g.seats[1].score == 875 + 975 + 1075


def test_without_speed_points_every_right_answer_is_worth_the_same() -> None:
    g = LiveGame([question("choice", n) for n in range(2)], speed_points=False)
    g.join("Fast", "tok-fast-001")
    g.join("Slow", "tok-slow-001")
    for i in range(2):
        g.open_next(100.0 * i)
        g.submit("tok-fast-001", i, 1, 100.0 * i + 0.5)
        g.submit("tok-slow-001", i, 1, 100.0 * i + 19.0)
        g.close()
    assert g.seats[1].score == g.seats[2].score == 2 * FLAT_POINTS
    assert [s.rank for s in g.standings()] == [1, 1]


# -- seats ---------------------------------------------------------------------------------------


def test_names_are_cleaned_and_bad_ones_refused() -> None:
    assert clean_name("  Ana   María ") == "Ana María"
    assert clean_name("<b>Ana</b>") == "<b>Ana</b>"  # shown as text, never as HTML
    for bad in ("", "   ", "x" * (MAX_NAME + 1), "a\x00b", "evil\u202egnp", "zero\u200bwidth", 7):
        refused("bad-name", clean_name, bad)


def test_duplicate_names_get_a_number_ignoring_case() -> None:
    g = game()
    names = [g.join(n, f"tok-{i:08d}").name for i, n in enumerate(["Ana", "ana", "ANA", "Ben"])]
    assert names == ["Ana", "ana 2", "ANA 3", "Ben"]
    long = "x" * MAX_NAME
    g.join(long, "tok-long-0001")
    assert g.join(long, "tok-long-0002").name == "x" * (MAX_NAME - 2) + " 2"


def test_rejoin_with_the_token_gives_the_same_seat_and_score() -> None:
    g = game()
    ana = g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    g.submit("tok-ana-0001", 0, 1, 1.0)
    again = g.seat_for("tok-ana-0001")
    assert again is ana and again.score > 0
    refused("unknown-player", g.seat_for, "tok-nobody-01")
    refused("unknown-player", g.seat_for, None)


def test_late_join_plays_from_the_current_question() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    g.close()
    g.open_next(100.0)
    late = g.join("Late", "tok-late-0001")
    assert g.student_view(late, 101.0)["question"]["number"] == 2
    assert g.submit("tok-late-0001", 1, True, 102.0).correct
    assert g.standings()[0].seat is late


def test_a_kicked_student_is_off_the_board_and_cannot_come_back_with_the_token() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    rude = g.join("Rude", "tok-rude-001")
    g.open_next(0.0)
    g.submit("tok-rude-001", 0, 1, 1.0)
    g.kick(rude.seat)
    refused("kicked", g.seat_for, "tok-rude-001")
    refused("kicked", g.submit, "tok-rude-001", 0, 1, 2.0)
    assert [s.seat.name for s in g.standings()] == ["Ana"]
    assert sum(r["count"] for r in g.distribution()) == 0
    assert g.find("rude") is None and g.find("ANA") is not None
    refused("unknown-player", g.kick, rude.seat)
    assert g.join("Rude", "tok-rude-002").name == "Rude"  # the name is free again


def test_ties_share_a_rank() -> None:
    g = LiveGame([question("choice")])
    for name in ("Ana", "Ben", "Cy"):
        g.join(name, f"tok-{name}-0001")
    g.open_next(0.0)
    g.submit("tok-Ana-0001", 0, 1, 4.0)
    g.submit("tok-Ben-0001", 0, 1, 4.0)
    g.submit("tok-Cy-0001", 0, 0, 4.0)
    assert [(s.rank, s.seat.name) for s in g.standings()] == [(1, "Ana"), (1, "Ben"), (3, "Cy")]


def test_one_more_right_answer_beats_any_speed() -> None:
    g = LiveGame([question("choice", n) for n in range(3)])
    g.join("Quick", "tok-quick-01")
    g.join("Steady", "tok-steady-1")
    for i in range(3):
        g.open_next(100.0 * i)
        g.submit("tok-quick-01", i, 1 if i < 2 else 0, 100.0 * i)
        g.submit("tok-steady-1", i, 1, 100.0 * i + 19.9)
        g.close()
    assert g.standings()[0].seat.name == "Steady"


# -- what people see -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_student_never_sees_the_answer_while_the_question_is_open(kind: str) -> None:
    q = question(kind)
    g = LiveGame([q])
    ana = g.join("Ana", "tok-ana-0001")
    g.open_next(0.0)
    student, teacher = g.student_view(ana, 1.0), g.host_view(1.0)
    view, host = json.dumps(student), json.dumps(teacher)
    for secret in (q.explanation, q.source.quote):
        assert secret not in view and secret not in host
    assert "result" not in student and "answer" not in teacher
    assert set(student["question"]) <= {"number", "total", "kind", "prompt", "options", "items"}
    if kind == "order":
        assert json.dumps(list(q.answer)) not in view
    g.close()
    revealed = g.student_view(ana, 2.0)
    assert revealed["result"]["quote"] == q.source.quote
    assert revealed["result"]["answer"]


def test_the_host_sees_the_count_then_the_distribution() -> None:
    g = game()
    for name in ("Ana", "Ben", "Cy"):
        g.join(name, f"tok-{name}-0001")
    g.open_next(0.0)
    g.submit("tok-Ana-0001", 0, 1, 1.0)
    g.submit("tok-Ben-0001", 0, 3, 1.0)
    assert g.host_view(2.0)["answered"] == 2
    g.close()
    dist = g.host_view(3.0)["distribution"]
    assert [(d["label"], d["count"], d["right"]) for d in dist] == [
        ("The Who", 0, False),
        ("The Yardbirds", 1, True),
        ("Cream", 0, False),
        ("The Kinks", 1, False),
    ]


# -- restarting ----------------------------------------------------------------------------------


def test_restore_rebuilds_scores_and_reopens_the_interrupted_question() -> None:
    g = game()
    g.join("Ana", "tok-ana-0001")
    g.join("Ben", "tok-ben-0001")
    g.open_next(0.0)
    g.submit("tok-ana-0001", 0, 1, 2.0)
    g.close()
    g.open_next(100.0)
    g.submit("tok-ben-0001", 1, True, 101.0)
    answers = {
        i: [(a.seat, a.given, a.elapsed) for a in by_seat.values()]
        for i, by_seat in g.answers.items()
    }
    seats = [(s.seat, s.name, s.token, s.kicked) for s in g.seats.values()]
    back = LiveGame.restore(
        every_kind(),
        time_limit=None,
        speed_points=True,
        seats=seats,
        answers=answers,
        index=1,
        phase="question",
        now=5000.0,
    )
    assert back.phase == "question" and back.index == 1
    assert back.seconds_left(5000.0) == time_limit("truefalse")
    assert [(s.score, s.correct) for s in back.seats.values()] == [
        (s.score, s.correct) for s in g.seats.values()
    ]
    refused("twice", back.submit, "tok-ben-0001", 1, True, 5001.0)
    assert back.submit("tok-ana-0001", 1, False, 5001.0).correct is False


def test_restore_of_a_lobby_and_of_a_finished_game() -> None:
    seats = [(1, "Ana", "tok-ana-0001", False), (2, "Bad", "tok-bad-0001", True)]
    lobby = LiveGame.restore(
        every_kind(),
        time_limit=None,
        speed_points=True,
        seats=seats,
        answers={},
        index=-1,
        phase="lobby",
        now=0.0,
    )
    assert lobby.phase == "lobby" and [s.name for s in lobby.active] == ["Ana"]
    done = LiveGame.restore(
        every_kind(),
        time_limit=None,
        speed_points=True,
        seats=seats,
        answers={0: [(1, 1, 3.0)]},
        index=0,
        phase="finished",
        now=0.0,
    )
    assert done.phase == "finished" and done.seats[1].correct == 1


def test_the_rules_import_no_web_and_no_terminal_ui() -> None:
    import subprocess
    import sys

    code = (
        "import sys, quizgame.core.live\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'starlette', 'uvicorn', 'websockets', 'quizgame')"
        " and not m.startswith('quizgame.core') and m != 'quizgame'))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
