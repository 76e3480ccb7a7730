"""The help lists the keys the screens really bind, read from their bindings."""

from __future__ import annotations

from textual.binding import Binding

from quizgame.tui.screens.help import KeyRow, key_list, key_rows, places


def test_runs_of_keys_are_shortened_and_others_listed() -> None:
    assert key_list(["1", "2", "3", "4", "a", "b", "c", "d"]) == "1–4, a–d"
    assert key_list(["t", "1"]) == "t, 1"
    assert key_list(["a", "b"]) == "a, b"
    assert key_list(["ctrl+q", "ctrl+c"]) == "ctrl+q, ctrl+c"


def test_one_row_per_description_with_every_key_that_does_it() -> None:
    rows = key_rows(
        [
            Binding("1", "choose(0)", "Answer", key_display="1–4", tooltip="Choose an option."),
            Binding("2", "choose(1)", "Answer", show=False),
            Binding("3", "choose(2)", "Answer", show=False),
            Binding("4", "choose(3)", "Answer", show=False),
            Binding("shift+up,left_square_bracket", "move(-1)", "Up"),
            Binding("ctrl+c", "help_quit", "", system=True),
        ]
    )
    assert rows == [KeyRow("1–4", "Choose an option."), KeyRow("shift+↑, [", "Up")]


def test_the_question_keys_in_the_help_are_the_game_screens() -> None:
    (question,) = [p for p in places([], "ctrl+p") if p.title == "A question"]
    assert [row.keys for row in key_rows(question.bindings)] == [
        "1–4, a–d",
        "t, 1",
        "f, 2",
        "enter",
        "esc",
        "↑, k, ↓, j",
        "shift+↑, [, u",
        "shift+↓, ], d",
    ]
