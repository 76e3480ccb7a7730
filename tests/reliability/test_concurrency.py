"""Two real games and an export on one profile at the same time: no lock error, no lost answer.

Two ``quizgame play`` processes on the same data folder (so the same profile, "Player") answer
as fast as their screens allow, each from its own thread, while a third thread runs
``quizgame stats --json``, ``quizgame profiles list`` and ``quizgame export`` in a loop. No
process may fail or print "database is locked" (or any traceback), every feedback must say
"Saved to", and afterwards each game holds exactly its own answers, finished.

CI: 12 answers per game. ``QUIZGAME_STRESS=1``: 40 per game.
"""

from __future__ import annotations

import json
import random
import subprocess
import threading
from pathlib import Path

from .play import Player, answers, games, integrity, planned, play_args
from .terminal import quizgame_argv


def test_two_games_and_an_export_share_a_profile(
    spawn, data_dir: Path, env: dict[str, str], tmp_path: Path, stress
) -> None:
    count = 40 if stress else 12
    seeds = ("101", "202")
    players: dict[str, Player] = {}
    for seed in seeds:
        game = spawn(*play_args(data_dir, seed, count))
        players[seed] = Player(game, planned(seed, count), random.Random(seed))
    finished = threading.Event()
    failures: list[str] = []
    runs: list[tuple[list[str], int]] = []

    def play(player: Player) -> None:
        try:
            player.play_through()
        except BaseException as exc:
            failures.append(f"{player.game.proc.args[-6:]}: {exc}")

    def side_commands() -> None:
        out = tmp_path / "quiz.json"
        commands = [
            ["--data-dir", str(data_dir), "stats", "--json"],
            ["--data-dir", str(data_dir), "profiles", "list"],
            [
                "--data-dir",
                str(data_dir),
                "export",
                "--pack",
                "jimmy-page",
                "--format",
                "json",
                "--seed",
                "7",
                "--count",
                "10",
                "-o",
                str(out),
                "--force",
            ],
        ]
        n = 0
        while not finished.is_set() or n < len(commands):
            args = commands[n % len(commands)]
            result = subprocess.run(
                quizgame_argv(*args), capture_output=True, text=True, env=env, timeout=120
            )
            runs.append((args, result.returncode))
            text = result.stdout + result.stderr
            if result.returncode != 0 or "locked" in text or "Traceback" in text:
                failures.append(f"{args[2:4]} exit {result.returncode}: {text[-500:]}")
            if args[2] == "stats":
                json.loads(result.stdout)
            n += 1

    threads = [threading.Thread(target=play, args=(p,)) for p in players.values()]
    side = threading.Thread(target=side_commands)
    for t in (*threads, side):
        t.start()
    for t in threads:
        t.join(timeout=300)
    finished.set()
    side.join(timeout=120)
    assert not failures, "\n".join(failures)
    assert len(runs) >= 3

    for p in players.values():
        screen = p.game.screen_text()
        assert "locked" not in screen and "Not saved" not in screen
        p.game.send("\x11")  # ctrl+q
        assert p.game.wait_exit() == 0
        assert b"locked" not in p.game.raw() and b"Traceback" not in p.game.raw()

    db = data_dir / "profile.sqlite3"
    assert integrity(db) == [("ok",)]
    rows = games(db)
    assert sorted(r[1] for r in rows) == sorted(seeds)
    for seed, p in players.items():
        (row,) = [r for r in rows if r[1] == seed]
        game_id, _, finished_at, total, _ = row
        assert finished_at is not None and total == count
        assert answers(db, game_id) == [(g.question_id, g.given) for g in p.saved]
    result = subprocess.run(
        quizgame_argv("--data-dir", str(data_dir), "stats", "--json"),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    stats = json.loads(result.stdout)
    assert (stats["profile"], stats["answers"], stats["games_finished"]) == ("Player", 2 * count, 2)
