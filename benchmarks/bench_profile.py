"""Profile store benchmark: stats and recording stay fast with a million answers.

    python benchmarks/bench_profile.py            # 1,000,000 answers; budgets enforced (exit 1)
    python benchmarks/bench_profile.py --smoke    # a few thousand answers, seconds, no budgets

Budgets (issue "profile store"): with 1,000,000 recorded answers, ``Store.open`` + ``stats()``
under 100 ms, and ``record_answer`` under 5 ms median, durably (each answer its own committed
transaction, ``synchronous=FULL`` in WAL mode).

The big profile is built once and cached in ``benchmarks/.cache/`` (ignored by git) as
``answers-<N>-schema-<V>/`` (bulk inserts, then the same aggregates ``record_answer`` maintains,
via ``schema.rebuild_aggregates``). Each run works on a fresh copy, so the cache stays exactly N
answers. Results: a table on stdout, JSON in ``benchmarks/results/profile.json``; a ``--smoke``
run writes ``benchmarks/.cache/profile-smoke.json`` instead, so it never replaces real numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quizgame.store import database, memory, schema  # noqa: E402
from quizgame.store.memory import to_text  # noqa: E402
from quizgame.store.profile import Store  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
OPEN_STATS_BUDGET_MS = 100.0
RECORD_BUDGET_MS = 5.0

PACKS = ("jimmy-page", "solar-system", "world-capitals")
MODES = ("classic", "blitz", "survival", "practice", "hotseat")
KINDS = ("choice", "truefalse", "typed", "cloze", "order")
TAGS = tuple(f"tag{i:02d}" for i in range(24))
FACTS_PER_PACK = 300
ANSWERS_PER_GAME = 10


def build(folder: Path, answers: int, seed: int = 1) -> None:
    """A profile of ``answers`` answers, bulk-loaded; aggregates rebuilt as the store keeps them."""
    folder.mkdir(parents=True, exist_ok=True)
    Store.open(folder).close()  # schema and default profile
    conn = sqlite3.connect(folder / "profile.sqlite3", isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    rng = random.Random(seed)
    pid = conn.execute("SELECT id FROM profiles").fetchone()[0]
    games = answers // ANSWERS_PER_GAME
    start = datetime.now(UTC) - timedelta(minutes=5 * games + 60)
    conn.execute("BEGIN")
    game_rows, answer_rows, tag_rows = [], [], []
    history: dict[tuple[str, str], list[tuple[int, datetime]]] = {}
    answer_id = 0
    for g in range(1, games + 1):
        pack, mode = PACKS[g % len(PACKS)], MODES[g % len(MODES)]
        began = start + timedelta(minutes=5 * g)
        right = score = 0
        for q in range(ANSWERS_PER_GAME):
            answer_id += 1
            kind = KINDS[rng.randrange(len(KINDS))]
            fact = f"f{rng.randrange(FACTS_PER_PACK):03d}"
            ok = rng.random() < 0.7
            points = 100 if ok else 0
            right += ok
            score += points
            when = began + timedelta(seconds=20 * q)
            answer_rows.append(
                (
                    answer_id,
                    g,
                    f"{pack}:{fact}:{kind}",
                    fact,
                    kind,
                    "x",
                    int(ok),
                    1,
                    points,
                    rng.randrange(1500, 15000),
                    to_text(when),
                )
            )
            for tag in rng.sample(TAGS, rng.randint(1, 2)):
                tag_rows.append((answer_id, tag))
            history.setdefault((pack, fact), []).append(
                (memory.rating_for(kind, correct=ok, response_ms=5000), when)
            )
        finished = None if g % 50 == 0 else to_text(began + timedelta(minutes=4))
        game_rows.append(
            (
                g,
                pid,
                pack,
                mode,
                str(g),
                '{"questions": 10}',
                to_text(began),
                finished,
                score,
                right,
                ANSWERS_PER_GAME,
            )
        )
    conn.executemany("INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", game_rows)
    conn.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", answer_rows)
    conn.executemany("INSERT INTO answer_tags VALUES (?, ?)", tag_rows)
    # Each fact's card from its last few reviews (enough for realistic card states).
    for (pack, fact), reviews in history.items():
        card = None
        for rating, when in reviews[-4:]:
            card = memory.review(card, rating, when)
        assert card is not None
        conn.execute(
            "INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pid,
                pack,
                fact,
                *card.columns(),
                to_text(reviews[0][1]),
                len(reviews),
                sum(r == memory.AGAIN for r, _ in reviews),
            ),
        )
    for i in range(5):
        conn.execute(
            "INSERT INTO reports (profile_id, pack, pack_file, fact, line, question_id, reason, "
            "reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pid,
                PACKS[0],
                "questions/jimmy-page.yaml",
                f"f{i:03d}",
                10 + i,
                f"q{i}",
                "typo",
                to_text(start),
            ),
        )
    schema.rebuild_aggregates(conn)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()


def cached_profile(answers: int) -> Path:
    folder = CACHE / f"answers-{answers}-schema-{schema.LATEST}"
    if not (folder / "complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        began = time.perf_counter()
        print(f"building a profile with {answers:,} answers in {folder} ...", flush=True)
        build(folder, answers)
        (folder / "complete").write_text("ok\n")
        print(f"  built in {time.perf_counter() - began:.1f} s", flush=True)
    return folder


def working_copy(source: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="quizgame-bench-"))
    shutil.copy2(source / "profile.sqlite3", target / "profile.sqlite3")
    return target


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def time_open_stats(folder: Path, runs: int, games: int | None = 10) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        store = Store.open(folder)
        stats = store.stats(games=games).as_json()
        store.close()
        samples.append(time.perf_counter() - began)
        assert store.saving and stats["answers"] > 0
    return samples


def time_record(folder: Path, answers: int, synchronous: str) -> list[float]:
    database.SYNCHRONOUS = synchronous
    try:
        store = Store.open(folder)
        assert store.saving, store.notice
        game = store.start_game(None, pack=PACKS[0], mode="classic", seed="bench", settings={})
        rng = random.Random(7)
        samples = []
        for i in range(answers):
            ok = rng.random() < 0.7
            began = time.perf_counter()
            store.record_answer(
                game,
                question_id=f"q{i}",
                fact=f"f{rng.randrange(FACTS_PER_PACK):03d}",
                kind=KINDS[i % len(KINDS)],
                given="x",
                correct=ok,
                points=100 * ok,
                response_ms=4000,
                tags=(TAGS[i % len(TAGS)],),
            )
            samples.append(time.perf_counter() - began)
        store.finish_game(game, score=0)
        store.close()
        return samples
    finally:
        database.SYNCHRONOUS = "FULL"


def time_quick_check(folder: Path) -> float:
    conn = sqlite3.connect(folder / "profile.sqlite3")
    began = time.perf_counter()
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed


def time_process(folder: Path, runs: int) -> list[float]:
    """A whole ``stats`` process: interpreter start, imports, open, stats, print."""
    code = (
        "import json,sys; from quizgame.store import Store; "
        "s=Store.open(sys.argv[1]); print(json.dumps(s.stats().as_json())[:10])"
    )
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, str(folder)], check=True, capture_output=True, cwd=ROOT
        )
        samples.append(time.perf_counter() - began)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "runs": len(samples),
        "median_ms": ms(statistics.median(ordered)),
        "p95_ms": ms(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]),
        "min_ms": ms(ordered[0]),
        "max_ms": ms(ordered[-1]),
    }


def measure(smoke: bool, answers: int | None = None) -> dict:
    """Every figure of this benchmark, as the JSON it writes."""
    answers = answers or (3_000 if smoke else 1_000_000)
    runs = 5 if smoke else 30
    records = 50 if smoke else 300

    if smoke:
        source = Path(tempfile.mkdtemp(prefix="quizgame-bench-smoke-"))
        build(source, answers)
    else:
        source = cached_profile(answers)
    size_mb = (source / "profile.sqlite3").stat().st_size / 1e6

    folder = working_copy(source)
    try:
        time_open_stats(folder, 3)  # warm the OS cache and the imports
        open_stats = summary(time_open_stats(folder, runs))
        full_json = summary(time_open_stats(folder, max(3, runs // 6), games=None))
        quick_check = ms(time_quick_check(folder))
        record_full = summary(time_record(folder, records, "FULL"))
        record_normal = summary(time_record(folder, records, "NORMAL"))
        process = summary(time_process(folder, 3 if smoke else 5))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if smoke:
            shutil.rmtree(source, ignore_errors=True)

    ok = (
        open_stats["median_ms"] < OPEN_STATS_BUDGET_MS
        and record_full["median_ms"] < RECORD_BUDGET_MS
    )
    return {
        "benchmark": "profile",
        "smoke": smoke,
        "answers": answers,
        "database_mb": round(size_mb, 1),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "budgets_ms": {
            "open_stats_median": OPEN_STATS_BUDGET_MS,
            "record_answer_median": RECORD_BUDGET_MS,
        },
        "open_stats": open_stats,
        "open_stats_all_games": full_json,
        "record_answer_synchronous_full": record_full,
        "record_answer_synchronous_normal": record_normal,
        "stats_process_total": process,
        "quick_check_ms": quick_check,
        "within_budget": ok,
    }


def collect(smoke: bool) -> list[dict]:
    """The rows `benchmarks/run.py` shows."""
    import common

    result = measure(smoke)
    n, size = result["answers"], result["database_mb"]
    o, f, r, p = (
        result["open_stats"],
        result["open_stats_all_games"],
        result["record_answer_synchronous_full"],
        result["stats_process_total"],
    )
    return [
        common.row(
            "profile.open_stats",
            f"Open the profile and compute stats, {n:,} answers recorded",
            quizgame=o["median_ms"],
            unit="ms",
            target=OPEN_STATS_BUDGET_MS,
            runs=o["runs"],
            note=f"{size:.0f} MB database; p95 {o['p95_ms']:.1f} ms; every game listed (--json): "
            f"{f['median_ms']:.1f} ms; whole `stats` process incl. Python start "
            f"{p['median_ms']:.0f} ms",
        ),
        common.row(
            "profile.record",
            f"Record one answer durably (own transaction, WAL + synchronous=FULL), {n:,} answers",
            quizgame=r["median_ms"],
            unit="ms",
            target=RECORD_BUDGET_MS,
            runs=r["runs"],
            note=f"p95 {r['p95_ms']:.2f} ms, max {r['max_ms']:.1f} ms",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no time budgets")
    parser.add_argument("--answers", type=int, default=None, help="answers in the profile")
    options = parser.parse_args(argv)
    result = measure(options.smoke, options.answers)
    answers, size_mb, ok = result["answers"], result["database_mb"], result["within_budget"]
    open_stats, full_json = result["open_stats"], result["open_stats_all_games"]
    record_full = result["record_answer_synchronous_full"]
    record_normal = result["record_answer_synchronous_normal"]
    process, quick_check = result["stats_process_total"], result["quick_check_ms"]
    rows = [
        ("open + stats (10 recent games)", open_stats, f"< {OPEN_STATS_BUDGET_MS:g}"),
        ("open + stats (every game: --json)", full_json, ""),
        ("record_answer, synchronous=FULL", record_full, f"< {RECORD_BUDGET_MS:g}"),
        ("record_answer, synchronous=NORMAL", record_normal, ""),
        ("`stats` process incl. Python start", process, ""),
    ]
    print(
        f"\nprofile store, {answers:,} answers, {size_mb:.0f} MB database"
        f"{' (smoke: budgets not enforced)' if options.smoke else ''}"
    )
    print(f"{'measure':<38} {'median ms':>10} {'p95 ms':>9} {'runs':>5}  budget")
    for label, stats, budget in rows:
        print(
            f"{label:<38} {stats['median_ms']:>10.2f} {stats['p95_ms']:>9.2f} "
            f"{stats['runs']:>5}  {budget}"
        )
    print(f"{'PRAGMA quick_check (whole file)':<38} {quick_check:>10.2f}")
    if options.smoke:
        target = CACHE / "profile-smoke.json"
    else:
        target = ROOT / "benchmarks" / "results" / "profile.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT)}")
    if options.smoke:
        return 0
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
