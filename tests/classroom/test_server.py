"""The classroom server through Starlette's test client: the page, the websocket protocol and
every kind of bad input. The clock is the test's, so nothing here waits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from quizgame.classroom import server
from quizgame.classroom.record import ClassroomRecord
from quizgame.classroom.results import results_rows
from quizgame.classroom.server import Classroom, build_app
from quizgame.core.live import LiveGame

from .helpers import KINDS, RIGHT, every_kind

CODE = "123456"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(tmp_path: Path):
    record = ClassroomRecord.open(tmp_path)
    game_id = record.new_game(CODE, "test", {"questions": 5, "speed_points": True})
    clock = Clock()
    classroom = Classroom(LiveGame(every_kind()), record, game_id, CODE, clock=clock)
    classroom.clock_ = clock  # type: ignore[attr-defined]
    with TestClient(build_app(classroom)) as client:
        client.room = classroom  # type: ignore[attr-defined]
        yield client
    classroom.close()
    record.close()


def teacher(client, move, *args):
    return client.portal.call(move, *args)


def receive_until(ws, kind: str) -> dict:
    for _ in range(20):
        message = ws.receive_json()
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} message")


def join(ws, name: str = "Ana", code: str = CODE) -> dict:
    ws.send_json({"type": "join", "code": code, "name": name})
    welcome = receive_until(ws, "welcome")
    receive_until(ws, "state")
    return welcome


def test_the_page_is_served_with_a_strict_policy_and_no_outside_resources(room) -> None:
    page = room.get("/")
    assert page.status_code == 200
    assert '<meta name="viewport"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.js", "style.css"):
        asset = room.get(f"/static/{name}")
        assert asset.status_code == 200
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert "http://" not in asset.text and "https://" not in asset.text
    script = room.get("/static/app.js").text
    assert "innerHTML" not in script and "eval(" not in script
    assert room.get("/static/../record.py").status_code == 404


def test_a_whole_question_over_the_websocket(room) -> None:
    with room.websocket_connect("/ws") as ws:
        welcome = join(ws, "Ana")
        assert welcome["name"] == "Ana" and len(welcome["token"]) >= 20
        teacher(room, room.room.next)
        state = receive_until(ws, "state")
        assert state["phase"] == "question" and state["question"]["kind"] == "choice"
        assert "result" not in state
        ws.send_json({"type": "answer", "question": 0, "answer": RIGHT["choice"]})
        assert receive_until(ws, "received") == {"type": "received", "question": 0}
        # Acknowledged means written: the record has it now.
        assert [a.correct for a in room.room.record.answers(room.room.game_id)] == [True]
        receive_until(ws, "state")
        teacher(room, room.room.tick)  # everyone has answered: the question closes
        state = receive_until(ws, "state")
        assert state["phase"] == "reveal" and state["result"]["correct"]
        assert state["result"]["quote"] and state["rank"] == 1


def test_reload_with_the_token_keeps_the_seat_and_the_score(room) -> None:
    with room.websocket_connect("/ws") as ws:
        token = join(ws, "Ana")["token"]
        teacher(room, room.room.next)
        receive_until(ws, "state")
        ws.send_json({"type": "answer", "question": 0, "answer": 1})
        receive_until(ws, "received")
        score = receive_until(ws, "state")["score"]
    with room.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        state = receive_until(ws, "state")
        assert (state["name"], state["score"], state["answered"]) == ("Ana", score, True)
        ws.send_json({"type": "answer", "question": 0, "answer": 1})
        assert receive_until(ws, "refused")["code"] == "twice"
    assert len(room.room.game.active) == 1


def test_unknown_token_is_told_to_join_again(room) -> None:
    with room.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": "x" * 24})
        assert receive_until(ws, "refused")["code"] == "unknown-player"


@pytest.mark.parametrize(
    "message, code",
    [
        ("not json", "bad-message"),
        ("[1, 2]", "bad-message"),
        ('{"type": "dance"}', "bad-message"),
        ('{"type": "join", "code": "123456"}', "bad-message"),
        ('{"type": "join", "code": "123456", "name": "A", "admin": true}', "bad-message"),
        ('{"type": "join", "code": 123456, "name": "A"}', "bad-message"),
        ('{"type": "answer", "question": "0", "answer": 1}', "bad-message"),
        ('{"type": "answer", "question": true, "answer": 1}', "bad-message"),
        ('{"type": "answer", "question": 0, "answer": {"a": 1}}', "bad-message"),
        ('{"type": "hello", "token": "short"}', "bad-message"),
        ('{"type": "answer", "question": 0, "answer": 1}', "unknown-player"),
        ("[" * 5000 + "]" * 5000, "too-big"),
        (json.dumps({"type": "join", "code": CODE, "name": "x" * 3000}), "too-big"),
    ],
)
def test_bad_messages_are_refused_and_the_connection_goes_on(room, message, code) -> None:
    with room.websocket_connect("/ws") as ws:
        ws.send_text(message)
        assert receive_until(ws, "refused")["code"] == code
        join(ws, "Ana")  # still usable


def test_binary_frames_are_refused(room) -> None:
    with room.websocket_connect("/ws") as ws:
        ws.send_bytes(b"\x00\x01")
        assert receive_until(ws, "refused")["code"] == "bad-message"


@pytest.mark.parametrize(
    "name, shown",
    [("<script>alert(1)</script>", None), ("  Ana  ", "Ana"), ("<b>Bo</b>", "<b>Bo</b>")],
)
def test_names_are_checked_when_joining(room, name, shown) -> None:
    with room.websocket_connect("/ws") as ws:
        ws.send_json({"type": "join", "code": CODE, "name": name})
        reply = ws.receive_json()
        if shown is None:  # 25 characters: too long
            assert reply["type"] == "refused" and reply["code"] == "bad-name"
        else:
            assert reply["type"] == "welcome" and reply["name"] == shown


@pytest.mark.parametrize("name", ["", "a\u202eb", "a\x07b", "zw\u200bj"])
def test_empty_and_invisible_character_names_are_refused(room, name) -> None:
    with room.websocket_connect("/ws") as ws:
        ws.send_json({"type": "join", "code": CODE, "name": name})
        assert receive_until(ws, "refused")["code"] == "bad-name"


def test_duplicate_names_get_a_suffix(room) -> None:
    with room.websocket_connect("/ws") as a, room.websocket_connect("/ws") as b:
        assert join(a, "Ana")["name"] == "Ana"
        assert join(b, "ana")["name"] == "ana 2"


def test_joining_twice_on_one_connection_is_refused(room) -> None:
    with room.websocket_connect("/ws") as ws:
        join(ws, "Ana")
        ws.send_json({"type": "join", "code": CODE, "name": "Ben"})
        assert receive_until(ws, "refused")["code"] == "joined"


def test_wrong_codes_are_limited_per_connection_and_per_address(room, monkeypatch) -> None:
    with room.websocket_connect("/ws") as ws:
        for _ in range(server.MAX_WRONG_CODES - 1):
            ws.send_json({"type": "join", "code": "000000", "name": "Ana"})
            assert receive_until(ws, "refused")["code"] == "wrong-code"
        ws.send_json({"type": "join", "code": "000000", "name": "Ana"})
        assert receive_until(ws, "refused")["code"] == "too-many-codes"
        with pytest.raises(WebSocketDisconnect):
            ws.receive_json()
    monkeypatch.setattr(server, "MAX_WRONG_CODES_PER_ADDRESS", server.MAX_WRONG_CODES + 2)
    with room.websocket_connect("/ws") as ws:
        for _ in range(2):
            ws.send_json({"type": "join", "code": "999999", "name": "Ana"})
            receive_until(ws, "refused")
        ws.send_json({"type": "join", "code": CODE, "name": "Ana"})  # even the right code
        assert receive_until(ws, "refused")["code"] == "too-many-codes"


def test_a_flood_of_messages_is_rate_limited_then_cut_off(room) -> None:
    with room.websocket_connect("/ws") as ws:
        for _ in range(server.BURST):
            ws.send_text("{}")
        codes = [receive_until(ws, "refused")["code"] for _ in range(server.BURST)]
        assert set(codes) == {"bad-message"}
        ws.send_text("{}")
        assert receive_until(ws, "refused")["code"] == "slow-down"
        room.room.clock_.now += 10  # the bucket refills with time
        ws.send_text("{}")
        assert receive_until(ws, "refused")["code"] == "bad-message"
        with pytest.raises(WebSocketDisconnect):
            for _ in range(5 * server.BURST):
                ws.send_text("{}")
            for _ in range(10 * server.BURST):
                ws.receive_json()


def test_late_and_not_open_answers_get_a_reason(room) -> None:
    with room.websocket_connect("/ws") as ws:
        join(ws, "Ana")
        ws.send_json({"type": "answer", "question": 0, "answer": 1})
        refusal = receive_until(ws, "refused")
        assert refusal["code"] == "not-open" and refusal["reason"]
        teacher(room, room.room.next)
        receive_until(ws, "state")
        room.room.clock_.now += 60
        ws.send_json({"type": "answer", "question": 0, "answer": 1})
        assert receive_until(ws, "refused")["code"] == "late"
    assert room.room.record.answers(room.room.game_id) == []


def test_another_sites_page_cannot_open_the_websocket(room) -> None:
    with (
        pytest.raises(WebSocketDisconnect),
        room.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as ws,
    ):
        ws.receive_json()
    with room.websocket_connect("/ws", headers={"origin": "http://testserver"}) as ws:
        join(ws, "Ana")


def test_kick_closes_the_students_page_and_keeps_it_out(room) -> None:
    with room.websocket_connect("/ws") as ws:
        token = join(ws, "Rude")["token"]
        teacher(room, room.room.kick, "rude")
        assert receive_until(ws, "kicked")["reason"]
    with room.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert receive_until(ws, "refused")["code"] == "kicked"


def test_every_kind_answered_and_the_results_rows(room) -> None:
    with room.websocket_connect("/ws") as a, room.websocket_connect("/ws") as b:
        join(a, "Ana")
        join(b, "=cmd|' /C calc'!A0")
        for i, kind in enumerate(KINDS):
            teacher(room, room.room.next)
            receive_until(a, "state")
            receive_until(b, "state")
            a.send_json({"type": "answer", "question": i, "answer": RIGHT[kind]})
            receive_until(a, "received")
            room.room.clock_.now += 100  # b never answers: its time runs out
            teacher(room, room.room.tick)
            teacher(room, room.room.next)  # leaderboard
    room.room.game.end()
    record = room.room.record
    rows = results_rows(record, record.game(room.room.game_id))
    assert rows[0][:5] == ["name", "Q1 answer", "Q1 right", "Q1 seconds", "Q1 points"]
    assert rows[0][-3:] == ["right answers", "total points", "rank"]
    assert rows[1][0] == "Ana" and rows[1][-3] == "5" and rows[1][-1] == "1"
    assert rows[2][0].startswith("'=")  # not a formula in a spreadsheet
    assert rows[2][2] == "no answer" and rows[2][-1] == "2"


def test_a_student_may_join_after_the_game_has_started(room) -> None:
    with room.websocket_connect("/ws") as early:
        join(early, "Ana")
        teacher(room, room.room.next)
        with room.websocket_connect("/ws") as late:
            late.send_json({"type": "join", "code": CODE, "name": "Late"})
            receive_until(late, "welcome")
            state = receive_until(late, "state")
            assert state["phase"] == "question" and state["question"]["number"] == 1
            late.send_json({"type": "answer", "question": 0, "answer": RIGHT["choice"]})
            receive_until(late, "received")
    assert [a.seat for a in room.room.record.answers(room.room.game_id)] == [2]


def test_the_page_may_connect_only_to_its_own_address(room) -> None:
    policy = room.get("/", headers={"host": "192.168.1.23:8765"}).headers
    assert "connect-src 'self' ws://192.168.1.23:8765 " in policy["content-security-policy"]
    odd = room.get("/", headers={"host": "x; script-src *"}).headers
    assert "script-src *" not in odd["content-security-policy"]
