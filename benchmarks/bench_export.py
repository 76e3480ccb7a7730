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
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from quizgame.core.packs import load_pack  # noqa: E402
from quizgame.export.command import ExportPlan, plan_export  # noqa: E402
from quizgame.export.job import ExportJob  # noqa: E402
from quizgame.export.registry import all_formats  # noqa: E402

CACHE = HERE / ".cache"
RESULTS = HERE / "results" / "export.json"
PACK_VERSION = "bench-1"  # change when the generated pack changes, to rebuild the cache
TARGETS = {"pdf": 10.0}
DEFAULT_TARGET = 3.0

FIRST = ["Ada", "Bram", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustav", "Hana", "Ivo", "Jalen",
         "Kofi", "Lena", "Mateo", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tamar"]
LAST = ["Abbott", "Brandt", "Castellanos", "Delacroix", "Eriksen", "Fujimoto", "García", "Horvat",
        "Ibrahim", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Neill",
        "Petrović", "Quinlan", "Rossi", "Szabó", "Tanaka"]
PLACES = ["Lyon", "Kraków", "Osaka", "Recife", "Tromsø", "Galway", "Accra", "Tbilisi", "Quito",
          "Hobart", "Tallinn", "Izmir", "Mombasa", "Porto", "Leeds", "Gdańsk", "Cusco", "Split",
          "Bergen", "Malmö", "Aarhus", "Trieste", "Ghent", "Bilbao", "Brno"]
INSTRUMENTS = ["cello", "oboe", "theremin", "sitar", "banjo", "harp", "tuba", "bassoon", "kora",
               "dulcimer", "marimba", "accordion", "zither", "bagpipes", "koto"]
TOPICS = [f"topic-{i:02d}" for i in range(20)]
SOURCES = 20


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def build_pack(folder: Path, facts: int) -> Path:
    """Write a valid pack of ``facts`` facts (people, places, years, instruments) and its docs."""
    rng = random.Random(20240901)
    folder.mkdir(parents=True, exist_ok=True)
    people = [f"{f} {m} {last}" for f in FIRST for m in "ABCDEFGHJKLMNPRSTVWZ"
              for last in LAST]
    rng.shuffle(people)
    lines = [
        "format: 1", "id: bench-10k", f"title: {_yaml_str('Benchmark: 10,000 musicians')}",
        "description: Generated facts for the export benchmark.", "language: en",
        "licence: CC0-1.0", "authors: [quizgame benchmarks]", f"version: {PACK_VERSION}",
        "sources:",
    ]
    for s in range(SOURCES):
        lines += [f"  - id: doc-{s:02d}", f"    file: doc-{s:02d}.txt",
                  f"    title: {_yaml_str(f'Benchmark register, volume {s + 1}')}",
                  "    publisher: quizgame", "    date: 2024-09-01"]
    lines += ["pools:", "  instrument: [" + ", ".join(INSTRUMENTS) + "]",
              "  place: [" + ", ".join(PLACES) + "]", "facts:"]
    docs: list[list[str]] = [[] for _ in range(SOURCES)]
    for i in range(facts):
        person = people[i % len(people)] + ("" if i < len(people) else f" {i // len(people) + 1}")
        year = 1900 + rng.randrange(120)
        month = rng.randrange(1, 13)
        kind = i % 3
        if kind == 0:
            answer, akind = rng.choice(PLACES), "place"
            statement = f"In {year}, {person} gave a first concert in {answer}."
            question = f"Where did {person} give a first concert in {year}?"
        elif kind == 1:
            answer, akind = rng.choice(INSTRUMENTS), "instrument"
            statement = f"{person} recorded a {answer} solo in {year} that critics still discuss."
            question = f"Which instrument did {person} play on the solo recorded in {year}?"
        else:
            answer, akind = person, "person"
            statement = (f"The {rng.choice(INSTRUMENTS)} part on the {year} recording of "
                         f"“Song {i}” was played by {person}.")
            question = f"Who played on the {year} recording of “Song {i}”?"
        doc = i % SOURCES
        quote = statement if kind != 2 else statement.replace("The ", "Notes say the ", 1)
        docs[doc].append(quote)
        tags = [TOPICS[i % len(TOPICS)], TOPICS[(i * 7) % len(TOPICS)]]
        lines += [
            f"  - id: f{i:05d}",
            f"    statement: {_yaml_str(statement)}",
            f"    questions: [{_yaml_str(question)}]",
            f"    answer: {_yaml_str(answer)}",
            f"    kind: {akind}",
            f"    date: {year}-{month:02d}",
            f"    event: {_yaml_str(f'{person} on record ({year})')}",
            f"    tags: [{', '.join(dict.fromkeys(tags))}]",
            "    source:",
            f"      doc: doc-{doc:02d}",
            f"      quote: {_yaml_str(quote)}",
        ]
    for s, quotes in enumerate(docs):
        (folder / f"doc-{s:02d}.txt").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    path = folder / "bench.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cached_pack(facts: int) -> Path:
    folder = CACHE / f"pack-{facts}-{PACK_VERSION}"
    path = folder / "bench.yaml"
    return path if path.is_file() else build_pack(folder, facts)


def median_time(fn: Callable[[], bytes], runs: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


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

    start = time.perf_counter()
    pack = load_pack(cached_pack(count))
    load_seconds = time.perf_counter() - start
    wanted = set(args.formats.split(",")) if args.formats else None
    formats = [f for f in all_formats() if wanted is None or f.name in wanted]

    rows = []
    plans: dict[tuple[str, ...], tuple[ExportPlan, float]] = {}
    for fmt in formats:
        accepted = tuple(k for k in ("choice", "truefalse", "typed", "cloze", "order")
                         if fmt.accepts(k))
        if accepted not in plans:  # formats holding the same kinds share one quiz
            gen_start = time.perf_counter()
            plan = plan_export(pack, fmt, count=count, kinds=None, difficulty="medium",
                               seed="1", variants=1)
            plans[accepted] = plan, time.perf_counter() - gen_start
        plan, generate_seconds = plans[accepted]
        letter, questions = plan.forms[0]
        job = ExportJob(pack, questions, plan.settings, letter, 1)
        seconds, data = median_time(lambda fmt=fmt, job=job: fmt.write(job), runs)
        target = TARGETS.get(fmt.name, DEFAULT_TARGET)
        rows.append({
            "format": fmt.name, "questions": len(questions), "seconds": round(seconds, 3),
            "target_seconds": target, "ok": seconds < target, "bytes": len(data),
            "generate_seconds": round(generate_seconds, 3),
        })
        print(f"{fmt.name:<11} {len(questions):>6} questions  {seconds:7.3f} s "
              f"(target {target:>4.1f} s)  {'ok' if seconds < target else 'SLOW'}  "
              f"{len(data) / 1e6:8.2f} MB", flush=True)

    print(f"\npack: {len(pack.facts)} facts loaded in {load_seconds:.2f} s; questions generated "
          f"in {min(r['generate_seconds'] for r in rows):.2f}–"
          f"{max(r['generate_seconds'] for r in rows):.2f} s per quiz (not in the times above)")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps({
            "benchmark": "export", "questions": count, "runs": runs, "statistic": "median",
            "python": platform.python_version(), "machine": platform.machine(),
            "pack_load_seconds": round(load_seconds, 3), "results": rows,
        }, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {output}")
    return 0 if args.smoke or all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
