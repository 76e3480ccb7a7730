"""The host killed with SIGKILL mid-question, then ``--resume``: every answer a student was told
was received is still there, the students come back to their seats, and the results file and
``quizgame classroom results`` agree."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from websockets.sync.client import connect

from .hostproc import COUNT, SEED, Host, expected_questions
from .hostproc import right_answer as right


def ws_url(host: Host) -> str:
    return host.url.replace("http://", "ws://") + "ws"


def receive_until(ws, kind: str) -> dict:
    for _ in range(30):
        message = json.loads(ws.recv(timeout=20))
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} message")


def test_sigkill_mid_question_then_resume_keeps_every_acknowledged_answer(
    tmp_path: Path,
) -> None:
    questions = expected_questions()
    data = tmp_path / "data"
    results = tmp_path / "results.csv"
    host = Host(data, results, "--seed", SEED, "--questions", str(COUNT), "--time", "60")
    try:
        tokens = {}
        with connect(ws_url(host)) as ana, connect(ws_url(host)) as ben:
            for ws, name in ((ana, "Ana"), (ben, "Ben")):
                ws.send(json.dumps({"type": "join", "code": host.code, "name": name}))
                tokens[name] = receive_until(ws, "welcome")["token"]
            host.say("next")
            host.expect("question 1/")
            for ws in (ana, ben):
                ws.send(
                    json.dumps({"type": "answer", "question": 0, "answer": right(questions[0])})
                )
                receive_until(ws, "received")
            host.expect("reveal")
            host.say("next")
            host.say("next")
            host.expect("question 2/")
            ana.send(json.dumps({"type": "answer", "question": 1, "answer": right(questions[1])}))
            receive_until(ana, "received")  # acknowledged: must survive the kill
            host.proc.kill()  # SIGKILL, mid-question: Ben has not answered yet
            host.proc.wait(timeout=10)
    finally:
        host.stop()

    again = Host(data, results, "--resume")
    try:
        assert again.code == host.code
        with connect(ws_url(again)) as ana, connect(ws_url(again)) as ben:
            ana.send(json.dumps({"type": "hello", "token": tokens["Ana"]}))
            state = receive_until(ana, "state")
            assert state["phase"] == "question" and state["question"]["number"] == 2
            assert state["answered"] and state["correct"] == 2
            ana.send(json.dumps({"type": "answer", "question": 1, "answer": right(questions[1])}))
            assert receive_until(ana, "refused")["code"] == "twice"
            ben.send(json.dumps({"type": "hello", "token": tokens["Ben"]}))
            assert receive_until(ben, "state")["correct"] == 1
            ben.send(json.dumps({"type": "answer", "question": 1, "answer": right(questions[1])}))
            receive_until(ben, "received")
            again.expect("reveal")
            again.say("end")
            again.expect("Results written to ")
    finally:
        again.say("quit")
        again.stop()

    def rows(path: Path) -> dict[str, dict[str, str]]:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return {r["name"]: r for r in csv.DictReader(handle)}

    table = rows(results)
    assert table["Ana"]["Q1 right"] == table["Ana"]["Q2 right"] == "yes"
    assert table["Ben"]["Q1 right"] == "yes" and table["Ben"]["Q2 answer"]
    assert table["Ana"]["Q3 right"] == "no answer"
    again_file = tmp_path / "again.csv"
    run = subprocess.run(
        [sys.executable, "-m", "quizgame", "--data-dir", str(data), "classroom", "results",
         "-o", str(again_file)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert rows(again_file) == table
