"""kill -9 the real game at random moments: every answer the screen called saved is on disk.

Each run plays the real ``quizgame play`` in a pty, answering by key, and remembers every answer
the feedback panel showed as "Saved to …". At a random moment — on a question, right after an
answer key, while the feedback is on screen, or while it closes — the process gets SIGKILL: no
clean-up of any kind runs. The database is then opened directly: it passes
``PRAGMA integrity_check``, each game is in the history as unfinished, and it holds exactly the
answers the screen showed as saved (same questions, same given text, same order), plus at most
the one answer whose key was pressed but whose "Saved to" had not yet been seen.

All runs share one data folder, so each run also starts on a database the previous run left
behind after a kill: it must open without being treated as damaged.

CI: 4 runs of 5–15 answers. ``QUIZGAME_STRESS=1``: 30 runs (``QUIZGAME_CRASH_RUNS`` sets the
number, ``QUIZGAME_CRASH_SEED`` the seed: the kill points are reproducible).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
from pathlib import Path

from .play import Player, answers, games, integrity, planned, play_args
from .terminal import game_env, quizgame_argv

MOMENTS = ("question", "after-key", "feedback", "closing-feedback")


def _runs(stress: bool) -> int:
    return int(os.environ.get("QUIZGAME_CRASH_RUNS", "30" if stress else "4"))


def test_sigkill_at_random_moments_loses_no_saved_answer(spawn, data_dir: Path, stress) -> None:
    rng = random.Random(os.environ.get("QUIZGAME_CRASH_SEED", "quizgame-crash-1"))
    db = data_dir / "profile.sqlite3"
    runs = _runs(stress)
    history: list[tuple[list, object]] = []  # per run: (saved answers, the unconfirmed one)
    moments_seen = set()
    for run in range(runs):
        answered = rng.randint(5, 15)  # answers saved before the kill moment
        moment = MOMENTS[run % len(MOMENTS)] if run < len(MOMENTS) else rng.choice(MOMENTS)
        moments_seen.add(moment)
        seed = str(rng.randrange(1_000_000))
        questions = planned(seed, answered + 3)
        game = spawn(*play_args(data_dir, seed, len(questions)))
        player = Player(game, questions, rng)
        for number in range(1, answered + 1):
            player.answer(number)
            player.next()
        number = answered + 1
        player.wait_question(number)
        if moment == "question":
            time.sleep(rng.uniform(0, 0.3))
        elif moment == "after-key":
            player.press_answer(number)
            time.sleep(rng.choice((0, 0, rng.uniform(0, 0.05))))
        elif moment == "feedback":
            player.press_answer(number)
            player.wait_saved()
            time.sleep(rng.uniform(0, 0.2))
        else:  # closing-feedback: Enter, and the kill while the next question is coming up
            player.press_answer(number)
            player.wait_saved()
            player.next()
            time.sleep(rng.uniform(0, 0.03))
        game.kill()
        assert game.wait_exit() == -9
        game.hang_up()
        history.append((list(player.saved), player.pressed))

        # The database, exactly as the kill left it.
        assert integrity(db) == [("ok",)], f"run {run} ({moment})"
        rows = games(db)
        assert len(rows) == run + 1, f"run {run}: every run's game is in the history"
        game_id, game_seed, finished, total, _correct = rows[run]
        assert (game_seed, finished) == (seed, None), f"run {run}: the game is unfinished"
        stored = answers(db, game_id)
        shown = [(g.question_id, g.given) for g in player.saved]
        assert stored[: len(shown)] == shown, f"run {run} ({moment}): a saved answer was lost"
        extra = stored[len(shown) :]
        pressed = player.pressed
        maybe = [] if pressed is None else [(pressed.question_id, pressed.given)]
        assert extra in ([], maybe), f"run {run} ({moment}): unexpected answers {extra}"
        assert total == len(stored), f"run {run}: the game's running total matches its answers"
        # Earlier runs' games are untouched by later runs and kills.
        for earlier, (saved, _pressed) in enumerate(history[:-1]):
            got = answers(db, rows[earlier][0])
            assert got[: len(saved)] == [(g.question_id, g.given) for g in saved]

    assert moments_seen == set(MOMENTS)
    # Nothing was ever taken for damage and moved aside, and the profile's totals agree.
    assert not list(data_dir.glob("*.corrupt-*"))
    env = game_env(data_dir.parent)
    result = subprocess.run(
        quizgame_argv("--data-dir", str(data_dir), "stats", "--json"),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    stats = json.loads(result.stdout)
    total_answers = sum(len(answers(db, g[0])) for g in games(db))
    assert stats["games_played"] == runs and stats["games_unfinished"] == runs
    assert stats["answers"] == total_answers
