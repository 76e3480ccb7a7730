"""The host side: the command line's one-line errors, the QR code, the address, and the host
screen driven with Textual's Pilot."""

from __future__ import annotations

import argparse
import csv
import socket
from pathlib import Path

import pytest
import segno

from quizgame.classroom import host
from quizgame.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["classroom", "--time", "1", "--host", "127.0.0.1"], "--time"),
        (["classroom", "--resume", "--host", "127.0.0.1"], "no unfinished class game"),
        (["classroom", "--pack", "no-such-pack", "--host", "127.0.0.1"], "no-such-pack"),
        (["classroom", "--host", "203.0.113.9", "--port", "0"], "--host 203.0.113.9"),
        (["classroom", "results"], "no record of any class game"),
        (["classroom", "results", "--game", "7"], "no record of game 7"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path: Path, argv, words) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), *argv)
    assert code == 2
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_a_busy_port_says_so(capsys, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = str(busy.getsockname()[1])
        code, _out, err = run(
            capsys, "--data-dir", str(tmp_path), "classroom", "--host", "127.0.0.1", "--port", port
        )
    assert code == 2 and f"--port {port}" in err and "--port" in err.split("—")[-1]
    from quizgame.classroom.record import ClassroomRecord

    record = ClassroomRecord.open(tmp_path)
    assert record.latest() is None  # nothing left behind for --resume to find
    record.close()


def test_the_host_screen_needs_a_terminal_or_headless(capsys, tmp_path: Path) -> None:
    code, _out, err = run(
        capsys, "--data-dir", str(tmp_path), "classroom", "--host", "127.0.0.1", "--port", "0"
    )
    assert code == 2 and "--headless" in err


def test_the_qr_code_is_the_address_module_for_module() -> None:
    from quizgame.classroom.screen import QUIET_ZONE, qr_text

    url = "http://192.168.1.23:8765/"
    lines = qr_text(url).plain.split("\n")
    bits = []
    for line in lines:
        bits.append([ch in "█▀" for ch in line])
        bits.append([ch in "█▄" for ch in line])
    matrix = [[bool(c & 1) for c in row] for row in segno.make(url, error="m").matrix]
    size = len(matrix)
    inner = [row[QUIET_ZONE : QUIET_ZONE + size] for row in bits[QUIET_ZONE : QUIET_ZONE + size]]
    assert inner == matrix
    assert not any(any(row) for row in bits[:QUIET_ZONE] + bits[QUIET_ZONE + size :])


def test_the_default_address_is_a_lan_one_never_loopback() -> None:
    address = host.lan_address()
    if address is not None:
        assert not address.startswith("127.")
        socket.inet_aton(address)


def _args(tmp_path: Path, **kw) -> argparse.Namespace:
    base = dict(
        data_dir=str(tmp_path),
        resume=False,
        pack=None,
        kinds=None,
        difficulty="medium",
        seed="4",
        questions=3,
        time=None,
        no_speed_points=False,
        host="127.0.0.1",
        port=0,
        results=str(tmp_path / "results.csv"),
    )
    base.update(kw)
    return argparse.Namespace(**base)


async def test_the_teacher_runs_a_game_from_the_host_screen(tmp_path: Path) -> None:
    from textual.widgets import Digits, Static

    from quizgame.classroom.screen import HostApp

    hosting = host.prepare(_args(tmp_path, kinds=("choice",)))
    app = HostApp(hosting)
    game = hosting.classroom.game
    async with app.run_test(size=(110, 36)) as pilot:
        assert app.query_one("#code", Digits).value == hosting.classroom.code
        assert hosting.url in str(app.query_one("#url", Static).render())
        record, game_id = hosting.classroom.record, hosting.classroom.game_id
        for name in ("Ana", "Ben"):  # as the server does for a page (test_server.py)
            record.add_player(game_id, game.join(name, f"tok-{name}-000001"))
        await pilot.pause(0.3)
        assert "2 joined: Ana, Ben" in str(app.query_one("#lobby", Static).render())
        await pilot.press("space")
        assert game.phase == "question"
        now = hosting.classroom.clock()
        answer = game.submit("tok-Ana-000001", 0, game.current.correct_index, now)
        record.record_answer(game_id, game.current, answer)
        await pilot.pause(0.3)
        assert "answered 1/2" in str(app.query_one("#status", Static).render())
        await pilot.press("p")
        assert game.paused
        await pilot.pause(0.3)
        assert "PAUSED" in str(app.query_one("#status", Static).render())
        await pilot.press("p")
        await pilot.press("s")
        assert game.phase == "reveal"
        await pilot.pause(0.3)
        assert "Answer:" in str(app.query_one("#detail", Static).render())
        await pilot.press("k")
        await pilot.pause(0.2)
        await pilot.press(*"ben", "enter")
        await pilot.pause(0.3)
        assert [s.name for s in game.active] == ["Ana"]
        await pilot.press("space")
        assert game.phase == "leaderboard"
        await pilot.press("e")
        await pilot.pause(0.3)
        assert game.phase == "finished"
        assert "Results written to" in str(app.query_one("#detail", Static).render())
        await pilot.press("q")
    with open(tmp_path / "results.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["right answers"], r["rank"]) for r in rows] == [("Ana", "1", "1")]


def _screen(tmp_path: Path, monkeypatch):
    """A host screen with a fixed code, address and clock, so its snapshot is stable."""
    from quizgame.classroom.screen import HostApp

    monkeypatch.setattr(host, "new_code", lambda: "482913")
    now = [100.0]
    hosting = host.prepare(_args(tmp_path, kinds=("choice",)), clock=lambda: now[0])
    hosting.url = "http://192.168.1.23:8765/"
    game = hosting.classroom.game
    for n, name in enumerate(["Ana", "Ben", "Chloé", "<b>Dev</b>"]):
        game.join(name, f"tok-{n}-0000000000")
    return HostApp(hosting), game, now


SIZE = (110, 36)


def test_snapshot_lobby(snap_compare, tmp_path: Path, monkeypatch) -> None:
    app, _game, _now = _screen(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=SIZE)


def test_snapshot_reveal(snap_compare, tmp_path, monkeypatch) -> None:
    app, game, now = _screen(tmp_path, monkeypatch)

    async def reveal(pilot) -> None:
        await pilot.press("space")
        right = game.current.correct_index
        for n, choice in enumerate([right, right, (right + 1) % 4]):
            game.submit(f"tok-{n}-0000000000", 0, choice, now[0] + 3 + n)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=reveal)


def test_no_speed_points_and_the_time_reach_the_rules_and_the_record(tmp_path: Path) -> None:
    hosting = host.prepare(_args(tmp_path, no_speed_points=True, time=12.0))
    game = hosting.classroom.game
    try:
        assert game.speed_points is False and game.time_limit == 12.0
        saved = hosting.classroom.record.game(hosting.classroom.game_id)
        assert saved.settings["speed_points"] is False and saved.settings["time"] == 12.0
        assert saved.settings["questions"] == len(game.questions) == 3
    finally:
        hosting.sock.close()
        hosting.classroom.close()
        hosting.classroom.record.close()


def test_snapshot_question(snap_compare, tmp_path, monkeypatch) -> None:
    app, game, now = _screen(tmp_path, monkeypatch)

    async def question(pilot) -> None:
        await pilot.press("space")
        now[0] += 7  # 13 of the 20 seconds left
        for n in range(2):
            game.submit(f"tok-{n}-0000000000", 0, 0, now[0])
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=question)


def test_a_results_path_that_cannot_be_written_is_refused_before_the_game(
    capsys, tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys, "--data-dir", str(tmp_path), "classroom", "--host", "127.0.0.1", "--port", "0",
        "-o", str(tmp_path / "no" / "such" / "folder" / "r.csv"), "--headless",
    )  # fmt: skip
    assert code == 2 and "cannot write in" in err and err.count("\n") == 1


def test_resume_refuses_a_game_whose_questions_have_changed(capsys, tmp_path: Path) -> None:
    import json
    import sqlite3

    hosting = host.prepare(_args(tmp_path))
    hosting.sock.close()
    hosting.classroom.close()
    hosting.classroom.record.close()
    db = sqlite3.connect(tmp_path / "profile.sqlite3")
    (settings,) = db.execute("SELECT settings FROM classroom_games").fetchone()
    changed = dict(json.loads(settings), ids=["another-question"])
    db.execute("UPDATE classroom_games SET settings = ?", (json.dumps(changed),))
    db.commit()
    db.close()
    code, _out, err = run(
        capsys, "--data-dir", str(tmp_path), "classroom", "--resume", "--host", "127.0.0.1"
    )
    assert code == 2 and "has changed" in err and "classroom results" in err
