"""Ctrl+C, SIGINT, SIGTERM and SIGHUP: the game exits at once and gives the terminal back.

"Given back" is read from the bytes the game wrote to its pty and from the pty's settings: the
alternate screen left (``ESC[?1049l``), the cursor shown again, mouse reporting and bracketed
paste switched off, and the line settings (echo, canonical mode, signals) exactly as before the
game started. Answers already saved are still in the profile.

Textual 8 binds ctrl+c to "copy" (in inputs) or to a hint saying "press ctrl+q to quit"; a
player in a terminal expects ctrl+c to quit, so quizgame binds it to quit everywhere, typing an
answer included. SIGINT/SIGTERM/SIGHUP exit through the same clean path, with exit code
128 + the signal's number.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from .play import Player, answers, games, integrity, planned, play_args
from .terminal import TerminalGame, restored

PROMPT_EXIT_S = 5.0


def _assert_given_back(game: TerminalGame, code: int, expected_code: int) -> None:
    assert code == expected_code, game.raw()[-400:]
    assert restored(game.raw()) == [], game.raw()[-400:]
    assert game.terminal_attrs() == game.attrs_before, "the pty's line settings were not restored"
    assert b"Traceback" not in game.raw()


def _exit_time(game: TerminalGame, started: float) -> float:
    code = game.wait_exit(timeout=PROMPT_EXIT_S + 5)
    elapsed = time.monotonic() - started
    assert elapsed < PROMPT_EXIT_S, f"took {elapsed:.1f}s to exit"
    return code


def _two_saved(spawn, data_dir: Path, seed: str) -> tuple[TerminalGame, Player]:
    """A round in the real game with two answers saved."""
    questions = planned(seed, 6)
    game = spawn(*play_args(data_dir, seed, 6))
    player = Player(game, questions, random.Random(seed))
    for number in (1, 2):
        player.answer(number)
        player.next()
    return game, player


def _assert_answers_kept(data_dir: Path, player: Player) -> None:
    """The game is unfinished and holds exactly the answers the screen showed as saved."""
    db = data_dir / "profile.sqlite3"
    assert integrity(db) == [("ok",)]
    ((game_id, _seed, finished, total, _),) = games(db)
    assert finished is None and total == len(player.saved) >= 2
    assert answers(db, game_id) == [(g.question_id, g.given) for g in player.saved]


def _threads(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


@pytest.mark.parametrize("where", ["question", "feedback", "leave-dialog", "help"])
def test_ctrl_c_in_a_round_quits_and_restores_the_terminal(spawn, data_dir: Path, where) -> None:
    game, player = _two_saved(spawn, data_dir, "31")
    player.wait_question(3)
    if where == "feedback":
        player.press_answer(3)
        player.wait_saved()
    elif where == "leave-dialog":
        game.send("\x1b")
        game.wait_for("Leave this round?")
    elif where == "help":
        game.send("\x1bOP")  # F1
        game.wait_for("quizgame — keys")
    started = time.monotonic()
    game.send("\x03")
    _assert_given_back(game, _exit_time(game, started), 0)
    _assert_answers_kept(data_dir, player)


def test_ctrl_c_on_the_home_screen_quits(spawn, data_dir: Path) -> None:
    game = spawn("--data-dir", str(data_dir))
    game.wait_for("Every question comes from a cited fact.")
    game.wait_for("Jimmy Page")  # the packs are listed: the app is fully up
    started = time.monotonic()
    game.send("\x03")
    _assert_given_back(game, _exit_time(game, started), 0)


def test_ctrl_c_while_typing_an_answer_quits(spawn, data_dir: Path) -> None:
    """In a text field Textual would take ctrl+c as "copy"; the player means "quit"."""
    game = spawn(*play_args(data_dir, "32", 3)[:-2], "--kinds", "typed")
    game.wait_for("Type your answer and press Enter.")
    game.send("Pag")
    game.wait_for("Pag")
    started = time.monotonic()
    game.send("\x03")
    _assert_given_back(game, _exit_time(game, started), 0)
    # No answer was given: the round is not history (no game row; and if the app quit before it
    # had opened the profile, which it does after drawing the first question, no database).
    db = data_dir / "profile.sqlite3"
    assert not db.exists() or games(db) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=str)
def test_signals_exit_cleanly_and_keep_the_answers(spawn, data_dir: Path, sig) -> None:
    game, player = _two_saved(spawn, data_dir, "33")
    player.wait_question(3)
    started = time.monotonic()
    game.signal(sig)
    _assert_given_back(game, _exit_time(game, started), 128 + sig)
    _assert_answers_kept(data_dir, player)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_sigint_while_starting_up_exits_cleanly(spawn, data_dir: Path) -> None:
    """Ctrl+C before the screen is taken over: a plain "interrupted", exit 130, no traceback.

    The moment: quizgame is running (it has started its profile and pack-loading threads, so the
    interpreter itself is up) but Textual may not be imported yet.
    """
    game = spawn(*play_args(data_dir, "34", 3))
    deadline = time.monotonic() + 20
    while _threads(game.proc.pid) < 2 and time.monotonic() < deadline:
        time.sleep(0.001)
    started = time.monotonic()
    game.signal(signal.SIGINT)
    code = _exit_time(game, started)
    out = game.raw()
    assert code == 130 and b"Traceback" not in out, out[-400:]
    if b"\x1b[?1049h" in out:  # it had just reached full screen: it must have left it
        assert restored(out) == []
    else:
        assert out.strip().endswith(b"quizgame: interrupted"), out[-400:]
    assert game.terminal_attrs() == game.attrs_before


def test_closed_terminal_hangup_ends_the_game_and_keeps_the_answers(spawn, data_dir: Path) -> None:
    """The terminal window is closed: the pty goes away, then SIGHUP. No hang, nothing lost."""
    game, player = _two_saved(spawn, data_dir, "35")
    player.wait_question(3)
    game.hang_up()
    started = time.monotonic()
    game.signal(signal.SIGHUP)
    code = game.proc.wait(timeout=PROMPT_EXIT_S + 5)
    assert time.monotonic() - started < PROMPT_EXIT_S
    assert code in (128 + signal.SIGHUP, 0, 1)  # it may also stop on the closed terminal itself
    _assert_answers_kept(data_dir, player)
