"""Generation + JSON: 10,000 questions from a 10,000-fact pack, generated and written as JSON.

Each run is a fresh interpreter (nothing warmed by an earlier run: the normalisation cache, the
generator's indexes). The child loads the pack from a warm compiled cache (not timed, as
``quizgame export`` would with a pack it has seen), then times
``generate_quiz(pack, QuizSettings(count=10000, seed="1"))`` followed by
``quizgame.export.native.write_json`` and writing the bytes to a file. Median of 5 processes
(smoke: a 300-fact pack, 1 process).

    python benchmarks/bench_generate.py [--smoke]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import cached_pack, median, row, run_child, spread

TARGET_SECONDS = 1.0

CHILD = """
import json, sys, time
from pathlib import Path
from quizgame.core.cache import load_pack_cached
from quizgame.core.generate import QuizSettings, generate_quiz
from quizgame.export.job import ExportJob
from quizgame.export.native import write_json

pack = load_pack_cached(sys.argv[1], Path(sys.argv[2]))
count, out = int(sys.argv[3]), Path(sys.argv[4])
began = time.perf_counter()
settings = QuizSettings(count=count, seed="1")
questions = generate_quiz(pack, settings)
generated = time.perf_counter()
data = write_json(ExportJob(pack, questions, settings))
out.write_bytes(data)
done = time.perf_counter()
print(json.dumps({"generate": generated - began, "write": done - generated,
                  "total": done - began, "questions": len(questions), "bytes": len(data)}))
"""


def collect(smoke: bool) -> list[dict[str, Any]]:
    facts = 300 if smoke else 10_000
    runs = 1 if smoke else 5
    path = cached_pack(facts)
    work = Path(tempfile.mkdtemp(prefix="quizgame-bench-generate-"))
    try:
        from quizgame.core.cache import load_pack_cached

        load_pack_cached(path, work / "cache")  # fill the compiled cache, not timed
        results = [
            run_child(CHILD, str(path), str(work / "cache"), str(facts), str(work / "quiz.json"))
            for _ in range(runs)
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = [r["total"] for r in results]
    gen = [r["generate"] for r in results]
    write = [r["write"] for r in results]
    assert all(r["questions"] == facts for r in results), results
    return [
        row(
            "generate.json",
            f"Generate {facts:,} questions from a {facts:,}-fact pack and write them as JSON",
            quizgame=round(median(total), 4),
            unit="s",
            target=TARGET_SECONDS,
            runs=len(total),
            note=(
                f"fresh process each run; generate {median(gen):.2f} s + JSON "
                f"{median(write):.2f} s ({results[0]['bytes'] / 1e6:.1f} MB)"
            ),
            extra={"total": spread(total), "generate": spread(gen), "write": spread(write)},
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a 300-fact pack, one process")
    args = parser.parse_args(argv)
    from run import print_table

    print_table(collect(args.smoke))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
