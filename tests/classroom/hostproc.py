"""Run ``quizgame classroom --headless`` as a real process on loopback and read its console;
the questions it asks, and the right answer to each as a student's page sends it.

benchmarks/bench_classroom.py uses these too (with the checkout on ``sys.path``)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from quizgame.catalogue import open_pack
from quizgame.classroom.host import KINDS, _questions

# With 5 questions from the bundled facts with timelines (tests/timelines.py): one of each kind
# (the browser test checks that it still is).
SEED = "3"
COUNT = 5


def expected_questions(pack: Path | None = None, seed: str = SEED, count: int = COUNT):
    """The questions ``--pack PACK --seed SEED --questions COUNT`` asks (the bundled pack when
    ``pack`` is None)."""
    settings = {"kinds": list(KINDS), "difficulty": "medium", "seed": seed, "count": count}
    return _questions(open_pack(None if pack is None else str(pack)), settings)


def right_answer(q) -> Any:
    """The right answer to ``q`` as the student page sends it in an ``answer`` message."""
    if q.kind in ("typed", "cloze"):
        return str(q.answer)
    if q.kind == "order":
        return list(q.answer)
    if q.kind == "truefalse":
        return bool(q.answer)
    return q.correct_index


class Host:
    def __init__(self, data_dir: Path, results: Path, *extra: str) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quizgame",
                "--data-dir",
                str(data_dir),
                "classroom",
                "--headless",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "-o",
                str(results),
                *extra,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.expect("url ").split()[1]
        self.code = self.expect("code ").split()[1]

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, prefix: str, timeout: float = 30.0) -> str:
        """The next console line starting with ``prefix`` (earlier lines are kept in seen)."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                err = self.proc.stderr.read() if self.proc.poll() is not None else ""
                raise AssertionError(
                    f"no line {prefix!r} from the host; saw {self.seen[-8:]} {err}"
                ) from None
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def say(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
