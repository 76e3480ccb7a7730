"""A class of simulated students against ``quizgame classroom --headless`` on loopback.

    python benchmarks/bench_classroom.py                 # 30, 100 and 300 students
    python benchmarks/bench_classroom.py --students 100  # one size
    python benchmarks/bench_classroom.py --smoke         # 10 students, 2 questions

Each student is a websocket client speaking the page's protocol (join, then one answer to every
question, each after a random pause of up to ANSWER_SPREAD seconds). The teacher is the host's
console: the benchmark types "next" on its stdin and reads its "answered k/N" lines. Everything
is bounded: a fixed number of students and questions, and a deadline for every wait.

Measured, for each class size:
- the host process's peak RSS (sampled every 50 ms) and its CPU while the class answers (CPU
  seconds / wall seconds of the answering phase, as a % of one core);
- answer → teacher's count: for the k-th answer sent, the time until the host printed
  "answered k/N" (answers are processed in order, one transaction each, so the k-th count line
  is the k-th answer's);
- teacher's key → every student: from writing "next" to the last student receiving the new
  question.
The students run in this process, on the same two cores as the host: the figures include that
competition.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from tests.classroom.hostproc import expected_questions, right_answer  # noqa: E402

QUESTIONS = 5
SEED = "4"  # five questions of five kinds
ANSWER_SPREAD = 3.0  # seconds over which a class's answers arrive
WAIT = 60.0  # the longest any single wait may take


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


class Host:
    """The host process, its console lines with arrival times, and its resource samples."""

    def __init__(self, data: Path, questions: int) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        for name in ("DATA", "CACHE", "CONFIG", "STATE"):
            env[f"XDG_{name}_HOME"] = str(data / name.lower())
        self.proc = psutil.Popen(
            [sys.executable, "-m", "quizgame", "--data-dir", str(data), "classroom",
             "--headless", "--host", "127.0.0.1", "--port", "0", "--seed", SEED,
             "--questions", str(questions), "--time", "120", "-o", str(data / "results.csv")],
            stdin=-1, stdout=-1, stderr=-1, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self.changed = threading.Condition()
        self.peak_rss = 0
        self.sampling = True
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()
        self.url = self.wait_for("url ").split()[1].replace("http://", "ws://") + "ws"
        self.code = self.wait_for("code ").split()[1]

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.changed.notify_all()

    def _sample(self) -> None:
        while self.sampling:
            try:
                self.peak_rss = max(self.peak_rss, self.proc.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.05)

    def wait_for(self, prefix: str, start: int = 0) -> str:
        deadline = time.monotonic() + WAIT
        with self.changed:
            while True:
                for _t, line in self.lines[start:]:
                    if line.startswith(prefix):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError(f"the host never printed {prefix!r}: {self.lines[-5:]}")
                self.changed.wait(left)

    def say(self, command: str) -> float:
        stamp = time.perf_counter()
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return stamp

    def cpu(self) -> float:
        t = self.proc.cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        self.sampling = False
        if self.proc.poll() is None:
            try:
                self.say("quit")
                self.proc.wait(timeout=20)
            except Exception:
                self.proc.kill()
                self.proc.wait(timeout=10)


class Student:
    def __init__(self, n: int) -> None:
        self.name = f"Student {n}"
        self.ws = None
        self.seen: dict[int, float] = {}  # question number -> when it arrived
        self.received = asyncio.Event()
        self.new_question = asyncio.Event()

    async def run(self, url: str, code: str) -> None:
        self.ws = await connect(url, max_size=2**20)
        await self.ws.send(json.dumps({"type": "join", "code": code, "name": self.name}))
        asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            if message["type"] == "state" and message.get("phase") == "question":
                number = message["question"]["number"]
                if number not in self.seen:
                    self.seen[number] = time.perf_counter()
                    self.new_question.set()
            elif message["type"] == "received":
                self.received.set()


async def one_class(size: int, questions_count: int) -> dict[str, Any]:
    questions = expected_questions(None, SEED, questions_count)
    rng = random.Random(size)
    with tempfile.TemporaryDirectory(prefix="quizgame-bench-class-") as folder:
        host = Host(Path(folder), questions_count)
        students = [Student(n) for n in range(1, size + 1)]
        try:
            for batch in range(0, size, 25):  # a class arriving, not one burst
                await asyncio.gather(*(s.run(host.url, host.code) for s in students[batch:][:25]))
            host.wait_for(f"joined Student {size} ")
            key_latency: list[float] = []
            count_latency: list[float] = []
            cpu_shares: list[float] = []
            for i, q in enumerate(questions):
                for s in students:
                    s.new_question.clear()
                    s.received.clear()
                start_line = len(host.lines)
                pressed = host.say("next")
                await asyncio.wait_for(
                    asyncio.gather(*(s.new_question.wait() for s in students)), WAIT
                )
                key_latency.append(max(s.seen[i + 1] for s in students) - pressed)
                sent: list[float] = []

                async def answer(s: Student, q=q, i=i, sent=sent) -> None:
                    await asyncio.sleep(rng.uniform(0, ANSWER_SPREAD))
                    sent.append(time.perf_counter())
                    message = {"type": "answer", "question": i, "answer": right_answer(q)}
                    await s.ws.send(json.dumps(message))
                    await asyncio.wait_for(s.received.wait(), WAIT)

                cpu0, wall0 = host.cpu(), time.perf_counter()
                await asyncio.gather(*(answer(s) for s in students))
                host.wait_for(f"answered {size}/{size}", start_line)
                cpu_shares.append((host.cpu() - cpu0) / (time.perf_counter() - wall0))
                counts: dict[int, float] = {}
                for stamp, line in host.lines[start_line:]:
                    if line.startswith("answered "):
                        k = int(line.split()[1].split("/")[0])
                        counts.setdefault(k, stamp)
                for k, stamp in enumerate(sorted(sent), start=1):
                    count_latency.append(counts[k] - stamp)
                host.wait_for("reveal", start_line)
                host.say("next")  # leaderboard
                host.wait_for("leaderboard", start_line)
            host.say("end")
            host.wait_for("Results written to ")
        finally:
            for s in students:
                if s.ws is not None:
                    await s.ws.close()
            host.stop()
    return {
        "students": size,
        "questions": questions_count,
        "rss_mb": round(host.peak_rss / 2**20, 1),
        "cpu_percent": round(100 * max(cpu_shares), 1),
        "answer_to_count_p95_ms": round(1000 * p95(count_latency), 1),
        "key_to_all_p95_ms": round(1000 * p95(key_latency), 1),
        "key_to_all_max_ms": round(1000 * max(key_latency), 1),
        "answers": len(count_latency),
    }


#: The issue's targets, for 100 students; other sizes are reported for information.
TARGETS = {"rss_mb": 80.0, "cpu_percent": 25.0, "answer_to_count_p95_ms": 100.0,
           "key_to_all_p95_ms": 200.0}  # fmt: skip
MEASURES = {
    "rss_mb": ("host peak memory (RSS)", "MB"),
    "cpu_percent": ("host CPU while the class answers, % of one core", "%"),
    "answer_to_count_p95_ms": ("answer → teacher's count, p95", "ms"),
    "key_to_all_p95_ms": ("teacher's key → every student has the next question", "ms"),
}


def collect(smoke: bool) -> list[dict[str, Any]]:
    """Rows for benchmarks/run.py: 30, 100 and 300 students (smoke: 10 students, 2 questions)."""
    from common import row

    sizes = [10] if smoke else [30, 100, 300]
    rows = []
    for size in sizes:
        r = asyncio.run(one_class(size, 2 if smoke else QUESTIONS))
        for key, (what, unit) in MEASURES.items():
            rows.append(
                row(
                    f"classroom.{size}.{key}",
                    f"Classroom, {size} simulated students: {what}",
                    quizgame=r[key],
                    unit=unit,
                    target=TARGETS[key] if size == 100 else None,
                    runs=r["questions"],
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, action="append", help="class size(s)")
    parser.add_argument("--smoke", action="store_true", help="10 students, 2 questions")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    sizes = [10] if args.smoke else (args.students or [30, 100, 300])
    questions = 2 if args.smoke else QUESTIONS
    rows = []
    print("students  peak RSS  CPU (max/question)  answer→count p95  key→all p95 (max)")
    for size in sizes:
        r = asyncio.run(one_class(size, questions))
        rows.append(r)
        print(
            f"{r['students']:>8}  {r['rss_mb']:>6} MB  {r['cpu_percent']:>17} %  "
            f"{r['answer_to_count_p95_ms']:>13} ms  {r['key_to_all_p95_ms']:>8} ms "
            f"({r['key_to_all_max_ms']} ms)",
            flush=True,
        )
    out = args.json or (HERE / ".cache" / "classroom.json" if args.smoke else None)
    if out is None:
        out = HERE / "results" / "classroom.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
