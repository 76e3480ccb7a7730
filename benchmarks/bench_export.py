"""How long `quizgame export` takes for a big quiz, in every format.

A pack of 10,000 generated facts (YAML + source documents, written once to benchmarks/.cache/)
is loaded, a 10,000-question quiz is generated for each format (the kinds it holds), and each
format's writer is timed: the median of several runs is compared with the target, 3 s per format
(10 s for the PDF). Generating the questions is timed too, separately: it is the same work for
every format and belongs to the generator, not to the exporters.

    python benchmarks/bench_export.py            # full: 10,000 questions, 3 runs, writes
                                                 # benchmarks/results/export.json
    python benchmarks/bench_export.py --smoke    # 300 questions, 1 run, writes nothing

Exit status 1 when a format misses its target (full mode only).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from common import PACK_VERSION, build_pack, cached_pack, row  # noqa: E402, F401 - re-exported

from quizgame.core.packs import load_pack  # noqa: E402
from quizgame.export.command import ExportPlan, plan_export  # noqa: E402
from quizgame.export.job import ExportJob  # noqa: E402
from quizgame.export.registry import all_formats  # noqa: E402

RESULTS = HERE / "results" / "export.json"
TARGETS = {"pdf": 10.0}
DEFAULT_TARGET = 3.0


def median_time(fn: Callable[[], bytes], runs: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(
    count: int, runs: int, wanted: set[str] | None = None, echo: bool = True
) -> tuple[list[dict[str, Any]], float, int]:
    """Time every format's writer on a ``count``-question quiz; (results, load seconds, facts)."""
    start = time.perf_counter()
    pack = load_pack(cached_pack(count))
    load_seconds = time.perf_counter() - start
    formats = [f for f in all_formats() if wanted is None or f.name in wanted]

    rows = []
    plans: dict[tuple[str, ...], tuple[ExportPlan, float]] = {}
    for fmt in formats:
        accepted = tuple(
            k for k in ("choice", "truefalse", "typed", "cloze", "order") if fmt.accepts(k)
        )
        if accepted not in plans:  # formats holding the same kinds share one quiz
            gen_start = time.perf_counter()
            plan = plan_export(
                pack, fmt, count=count, kinds=None, difficulty="medium", seed="1", variants=1
            )
            plans[accepted] = plan, time.perf_counter() - gen_start
        plan, generate_seconds = plans[accepted]
        letter, questions = plan.forms[0]
        job = ExportJob(pack, questions, plan.settings, letter, 1)
        seconds, data = median_time(lambda fmt=fmt, job=job: fmt.write(job), runs)
        target = TARGETS.get(fmt.name, DEFAULT_TARGET)
        rows.append(
            {
                "format": fmt.name,
                "questions": len(questions),
                "seconds": round(seconds, 3),
                "target_seconds": target,
                "ok": seconds < target,
                "bytes": len(data),
                "generate_seconds": round(generate_seconds, 3),
            }
        )
        if echo:
            print(
                f"{fmt.name:<11} {len(questions):>6} questions  {seconds:7.3f} s "
                f"(target {target:>4.1f} s)  {'ok' if seconds < target else 'SLOW'}  "
                f"{len(data) / 1e6:8.2f} MB",
                flush=True,
            )
    return rows, load_seconds, len(pack.facts)


def collect(smoke: bool) -> list[dict[str, Any]]:
    """The rows `benchmarks/run.py` shows: one per format."""
    count, runs = (300, 1) if smoke else (10_000, 3)
    results, _load, _facts = measure(count, runs, echo=False)
    return [
        row(
            f"export.{r['format']}",
            f"Export {r['questions']:,} questions as {r['format']}",
            quizgame=r["seconds"],
            unit="s",
            target=r["target_seconds"],
            runs=runs,
            note=f"{r['bytes'] / 1e6:.1f} MB; writing only (the quiz is generated once, "
            f"{r['generate_seconds']:.2f} s, before the clock starts)",
        )
        for r in results
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="300 questions, one run, no file")
    parser.add_argument("--questions", type=int, help="questions per export (default 10000)")
    parser.add_argument("--runs", type=int, help="runs per format; the median counts (default 3)")
    parser.add_argument("--formats", help="comma-separated format names (default: all)")
    parser.add_argument("-o", "--output", type=Path, help=f"results JSON (default {RESULTS})")
    args = parser.parse_args(argv)
    count = args.questions or (300 if args.smoke else 10_000)
    runs = args.runs or (1 if args.smoke else 3)
    output = args.output or (None if args.smoke else RESULTS)
    wanted = set(args.formats.split(",")) if args.formats else None

    rows, load_seconds, facts = measure(count, runs, wanted)
    print(
        f"\npack: {facts} facts loaded in {load_seconds:.2f} s; questions generated "
        f"in {min(r['generate_seconds'] for r in rows):.2f}–"
        f"{max(r['generate_seconds'] for r in rows):.2f} s per quiz (not in the times above)"
    )
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "benchmark": "export",
                    "questions": count,
                    "runs": runs,
                    "statistic": "median",
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "pack_load_seconds": round(load_seconds, 3),
                    "results": rows,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {output}")
    return 0 if args.smoke or all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
