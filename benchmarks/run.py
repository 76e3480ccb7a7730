"""Run every quizgame benchmark, print one table, and save the results as JSON.

    python benchmarks/run.py                 # full sizes; results in benchmarks/results/latest.json
    python benchmarks/run.py --smoke         # small sizes, a few tens of seconds (CI): exits 0
                                             # whatever the timings, non-zero if a benchmark
                                             # crashes; results in benchmarks/.cache/smoke.json
    python benchmarks/run.py --only startup,ui
    python benchmarks/run.py --show benchmarks/results/latest.json --markdown

Each benchmark runs in its own fresh interpreter (so one cannot warm another's caches), and
reports rows: what was measured, quizgame's figure, the reference measured side by side in the
same run (if any), the ratio or value the target applies to, the target, and whether it is met.
Every figure is a median of repeated runs; the table says how many.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import CACHE, RESULTS, fmt_amount, fmt_value, machine, write_json  # noqa: E402

#: name -> module; the order they run in (and appear in the table).
BENCHMARKS = {
    "startup": "bench_startup",
    "packs": "bench_packs",
    "generate": "bench_generate",
    "export": "bench_export",
    "profile": "bench_profile",
    "ui": "bench_ui",
    "classroom": "bench_classroom",
}


# --------------------------------------------------------------------------------------------
# The table


def _ok(r: dict[str, Any]) -> str:
    return {True: "yes", False: "NO", None: "—"}[r["ok"]]


def table_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    out = []
    for r in rows:
        out.append(
            [
                r["measure"],
                fmt_amount(r["quizgame"], r["unit"]),
                fmt_amount(r["reference"], r["unit"]) if r["reference"] is not None else "—",
                fmt_value(r),
                r["target"] or "(info)",
                _ok(r),
                str(r["runs"]),
            ]
        )
    return out


HEADER = ["measure", "quizgame", "reference", "ratio or value", "target", "ok?", "runs"]


def print_table(rows: list[dict[str, Any]], file: Any = None) -> None:
    file = file or sys.stdout
    body = table_rows(rows)
    widths = [
        max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(HEADER)
    ]
    widths[0] = min(widths[0], 72)

    def line(cells: list[str]) -> str:
        first = cells[0] if len(cells[0]) <= widths[0] else cells[0][: widths[0] - 1] + "…"
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first.ljust(widths[0]), *rest])

    print(line(HEADER), file=file)
    print("  ".join("-" * w for w in widths), file=file)
    for b in body:
        print(line(b), file=file)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for b in table_rows(rows):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in b) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Running


def run_child(name: str, smoke: bool, out: Path) -> None:
    """Inside the child interpreter: run one benchmark and write its rows."""
    import importlib

    module = importlib.import_module(BENCHMARKS[name])
    rows = module.collect(smoke)
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, never fails on time")
    parser.add_argument("--only", help="comma-separated: " + ",".join(BENCHMARKS))
    parser.add_argument("-o", "--output", type=Path, help="where to write the JSON results")
    parser.add_argument("--show", type=Path, metavar="JSON", help="print a results file's table")
    parser.add_argument("--markdown", action="store_true", help="with --show: a Markdown table")
    parser.add_argument("--child", choices=list(BENCHMARKS), help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        run_child(args.child, args.smoke, args.child_out)
        return 0
    if args.show:
        data = json.loads(args.show.read_text(encoding="utf-8"))
        if args.markdown:
            print(markdown_table(data["rows"]))
        else:
            print_table(data["rows"])
        return 0

    names = list(BENCHMARKS) if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    # Only a complete, full-size run replaces the committed results table.
    partial = args.smoke or bool(args.only)
    output = args.output or (
        CACHE / ("smoke.json" if args.smoke else "partial.json")
        if partial
        else RESULTS / "latest.json"
    )

    began = time.perf_counter()
    results: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    crashed: list[str] = []
    for name in names:
        print(f"== {name} ({BENCHMARKS[name]}.py){' --smoke' if args.smoke else ''}", flush=True)
        fd, tmp = tempfile.mkstemp(prefix=f"quizgame-bench-{name}-", suffix=".json")
        os.close(fd)
        started = time.perf_counter()
        try:
            command = [sys.executable, str(HERE / "run.py"), "--child", name, "--child-out", tmp]
            done = subprocess.run(command + (["--smoke"] if args.smoke else []), cwd=HERE.parent)
            elapsed = time.perf_counter() - started
            got = json.loads(Path(tmp).read_text(encoding="utf-8") or "null")
        finally:
            Path(tmp).unlink(missing_ok=True)
        if done.returncode != 0 or not got:
            crashed.append(name)
            print(f"!! {name} crashed (exit {done.returncode})", file=sys.stderr, flush=True)
            results[name] = {"seconds": round(elapsed, 1), "crashed": True, "rows": []}
            continue
        results[name] = {"seconds": round(elapsed, 1), "crashed": False, "rows": got}
        rows += got
        print_table(got)
        print(f"   ({elapsed:.1f} s)\n", flush=True)

    total = time.perf_counter() - began
    smoke_note = " (smoke: sizes are small, timings are not judged)" if args.smoke else ""
    print(f"== all benchmarks{smoke_note}")
    print_table(rows)
    missed = [r for r in rows if r["ok"] is False]
    if not args.smoke:
        print(
            f"\n{len(rows) - len(missed)} of {len(rows)} rows meet their target"
            + (f"; missed: {', '.join(r['id'] for r in missed)}" if missed else "")
        )
    write_json(
        output,
        {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "smoke": args.smoke,
            "command": "python benchmarks/run.py"
            + (" --smoke" if args.smoke else "")
            + (f" --only {args.only}" if args.only else ""),
            "seconds": round(total, 1),
            "machine": machine(),
            "crashed": crashed,
            "benchmarks": {
                k: {"seconds": v["seconds"], "crashed": v["crashed"]} for k, v in results.items()
            },
            "rows": rows,
        },
    )
    print(f"wrote {output} in {total:.0f} s")
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
