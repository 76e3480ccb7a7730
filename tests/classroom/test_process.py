"""The real server process (uvicorn) on loopback: limits that only the server itself enforces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from .hostproc import Host


def test_oversized_frames_are_refused_then_cut_off(tmp_path: Path) -> None:
    host = Host(tmp_path / "data", tmp_path / "r.csv")
    try:
        assert host.url.startswith("http://127.0.0.1:")
        url = host.url.replace("http://", "ws://") + "ws"
        with connect(url) as ws:
            ws.send(json.dumps({"type": "join", "code": host.code, "name": "x" * 3000}))
            reply = json.loads(ws.recv(timeout=20))
            assert (reply["type"], reply["code"]) == ("refused", "too-big")
            ws.send("y" * 100_000)  # over the server's frame limit: the connection closes
            with pytest.raises(ConnectionClosed):
                for _ in range(5):
                    ws.recv(timeout=20)
        with connect(url) as ws:  # the server itself is fine
            ws.send(json.dumps({"type": "join", "code": host.code, "name": "Ana"}))
            assert json.loads(ws.recv(timeout=20))["type"] == "welcome"
        host.expect("joined Ana")
    finally:
        host.say("quit")
        host.stop()
