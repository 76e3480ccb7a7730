"""quizgame never opens a network connection: not to check, export, keep stats, or play.

Every Python process started here has ``netguard/`` on PYTHONPATH: its sitecustomize replaces
name resolution, ``connect``, ``sendto`` and ``create_connection`` with a refusal that is also
written to a log file, so even a caller that swallows the error is caught. The tests run every
command (each export format, with variants and answer keys — PDF fonts, Anki packages, QTI
zips), a round of the real game in a terminal (results, stats, help, home, export screen), and
a round through Pilot in this process with the same functions patched; the log must stay empty.
A control test proves the guard does catch a connection.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from quizgame.core.round import GameSetup
from quizgame.export.registry import all_formats
from quizgame.tui.screens.results import ResultsScreen
from quizgame.tui.screens.stats import StatsScreen

from .hostile import make_app, until, write_pack
from .play import Player, planned, play_args

GUARD = Path(__file__).resolve().parent / "netguard"


@pytest.fixture
def guarded(env: dict[str, str], tmp_path: Path) -> tuple[dict[str, str], Path]:
    log = tmp_path / "network.log"
    extra = os.pathsep.join(p for p in (str(GUARD), env.get("PYTHONPATH", "")) if p)
    return {**env, "PYTHONPATH": extra, "QUIZGAME_NET_LOG": str(log)}, log


def test_the_guard_catches_a_connection(guarded) -> None:
    env, log = guarded
    code = (
        "import socket, urllib.request\n"
        "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9)),\n"
        "                lambda: urllib.request.urlopen('http://example.invalid/'),\n"
        "                lambda: socket.getaddrinfo('example.invalid', 80),\n"
        "                lambda: socket.socket().connect(('127.0.0.1', 9))):\n"
        "    try: attempt()\n"
        "    except OSError: pass\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    text = log.read_text()
    for what in (
        "create_connection ('127.0.0.1'",
        "create_connection ('example.invalid'",
        "getaddrinfo 'example.invalid'",
        "connect ('127.0.0.1'",
    ):
        assert what in text, text


DRIVER = r"""
import json, sys
from quizgame.cli import main
calls = json.loads(sys.argv[1])
codes = [main(args) for args in calls]
print(json.dumps(codes))
"""


def test_every_command_works_offline(guarded, tmp_path: Path) -> None:
    env, log = guarded
    data = str(tmp_path / "data")
    pack = write_pack(tmp_path / "pack", title="Offline pack")
    out = tmp_path / "out"
    out.mkdir()
    calls = [
        ["--data-dir", data, "packs"],
        ["formats"],
        ["check"],
        ["check", str(pack)],
        ["--data-dir", data, "profiles", "create", "Ann"],
        ["--data-dir", data, "profiles", "list"],
        ["--data-dir", data, "stats"],
        ["--data-dir", data, "stats", "--json"],
        ["--data-dir", data, "profiles", "export", "Ann", str(out / "ann.json")],
        ["--data-dir", data, "profiles", "import", str(out / "ann.json"), "Bea"],
    ]
    for fmt in all_formats():
        calls.append(
            [
                "export",
                "--pack",
                "jimmy-page",
                "--format",
                fmt.name,
                "--seed",
                "3",
                "--count",
                "12",
                "-o",
                str(out / f"q-{fmt.name}{fmt.extension}"),
            ]
        )
        calls.append(
            [
                "export",
                "--pack",
                str(pack),
                "--format",
                fmt.name,
                "--seed",
                "3",
                "--variants",
                "2",
                "-o",
                str(out / f"v-{fmt.name}{fmt.extension}"),
            ]
        )
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(calls)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    codes = json.loads(result.stdout.strip().splitlines()[-1])
    failed = [(code, call) for code, call in zip(codes, calls, strict=True) if code != 0]
    assert not failed, (failed, result.stderr[-3000:])
    assert not log.exists(), log.read_text()
    assert len(list(out.iterdir())) >= 3 * len(all_formats())


def test_the_game_in_a_terminal_works_offline(spawn, guarded, data_dir: Path) -> None:
    env, log = guarded
    extra = {k: env[k] for k in ("PYTHONPATH", "QUIZGAME_NET_LOG")}
    game = spawn(*play_args(data_dir, "77", 3), env_extra=extra)
    Player(game, planned("77", 3), random.Random(77)).play_through()
    game.send("t")
    game.wait_for("Stats — Player")
    game.send("\x1b")
    game.wait_for("Round over")
    game.send("\x1bOP")  # F1
    game.wait_for("quizgame — keys")
    game.send("\x1b")  # (a lone escape: wait for it to count before the next key)
    game.wait_for(lambda screen: "Round over" in screen and "quizgame — keys" not in screen)
    game.send("h")
    game.wait_for("Every question comes from a cited fact.")
    game.wait_for(re.compile(r"Pack +Jimmy Page"))  # the pack list has arrived
    game.send("e")
    game.wait_for("Will write")
    game.send("\x11")  # ctrl+q
    assert game.wait_exit() == 0
    assert not log.exists(), log.read_text()


async def test_the_app_in_process_works_offline(tmp_path: Path, monkeypatch) -> None:
    attempts: list[str] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(f"{what} {args[-1:]!r}")
            raise OSError(f"network access refused: {what}")

        return refused

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(name))
    from .play import bundled

    app = make_app(
        tmp_path / "data",
        pack=bundled(),
        setup=GameSetup(seed="8", questions=3, kinds=("choice", "truefalse")),
    )
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        for _ in range(3):
            await until(pilot, lambda: pilot.app.screen.query(".option"), "a question")
            await pilot.press("1")
            await until(
                pilot,
                lambda: (
                    "Sav" in str(pilot.app.screen.query_one("#saved").render())
                    and "…" not in str(pilot.app.screen.query_one("#saved").render())
                ),
                "saved",
            )
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen), "results")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "stats")
        await pilot.press("ctrl+p")  # the command palette (themes) too
        await pilot.pause(0.2)
        await pilot.press("escape")
    assert attempts == []
