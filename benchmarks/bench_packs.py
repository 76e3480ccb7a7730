"""Big packs: loading a 10,000-fact pack (about 4.4 MB of YAML), cold and from the compiled cache.

* cold: ``quizgame.core.packs.load_pack`` (read, parse, validate everything: quotes found in their
  documents, enough wrong options for every fact ...) against PyYAML's raw parse of the same file,
  ``yaml.load(text, Loader=yaml.CSafeLoader)``, which only builds Python objects. Both in this
  process, interleaved, median of 3 (smoke: a 300-fact pack, 1 run).
* cached: ``quizgame.core.cache.load_pack_cached`` with a warm cache in the platformdirs cache
  folder (XDG_CACHE_HOME pointed at a temporary folder), median of 7. Also checked: the entry is
  named by the file's content hash and the program's version, and a corrupt entry is ignored and
  rebuilt (a wrong answer here fails the benchmark).
* through ``quizgame play --pack <big pack>`` in a pseudo-terminal, with an empty cache: how long
  the player looks at nothing, i.e. until the "Loading …" line that a load longer than a blink
  prints (the UI is not up yet; the pack loads on a worker thread while Textual is imported) or
  the first question, whichever comes first; and when the first question comes, with an empty
  and with a warm cache.

    python benchmarks/bench_packs.py [--smoke]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    cached_pack,
    isolated_cache_dir,
    isolated_env,
    median,
    row,
    run_in_pty,
    spread,
)

COLD_RATIO = 1.3  # load_pack within 1.3x PyYAML's raw parse
CACHED_SPEEDUP = 10.0  # the cache at least 10x faster than the raw parse
INDICATOR_SECONDS = 0.5  # something on screen within half a second, however slow the pack


def _same(a: Any, b: Any) -> bool:
    return a == b and a.facts == b.facts and a.sources == b.sources and a.pools == b.pools


def in_process(facts: int, runs: int, cached_runs: int) -> list[dict[str, Any]]:
    import yaml

    from quizgame.core import cache as cache_module
    from quizgame.core.packs import load_pack
    from quizgame.store.locations import cache_dir

    path = cached_pack(facts)
    text = path.read_text(encoding="utf-8")
    size_mb = path.stat().st_size / 1e6

    # Interleaved: raw parse, full load, raw parse, full load ...
    raw, cold = [], []
    pack = None
    for _ in range(runs):
        started = time.perf_counter()
        yaml.load(text, Loader=yaml.CSafeLoader)
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        pack = load_pack(path)
        cold.append(time.perf_counter() - started)
    assert pack is not None and len(pack.facts) == facts

    with isolated_cache_dir(Path(tempfile.mkdtemp(prefix="quizgame-bench-cache-"))) as home:
        try:
            folder = cache_dir()
            assert folder.is_relative_to(home), f"cache_dir() is {folder}, not under {home}"
            started = time.perf_counter()
            first = cache_module.load_pack_cached(path, folder)  # miss: validate and write
            miss = time.perf_counter() - started
            entry = folder / "packs" / f"{cache_module.cache_key(path.read_bytes(), path)}.json"
            assert entry.is_file(), f"no cache entry named by content hash + version: {entry}"
            cached = []
            for _ in range(cached_runs):
                started = time.perf_counter()
                again = cache_module.load_pack_cached(path, folder)
                cached.append(time.perf_counter() - started)
            assert _same(again, first) and _same(again, pack), "the cached pack differs"
            # A corrupt entry is ignored, and rebuilt.
            entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
            started = time.perf_counter()
            rebuilt = cache_module.load_pack_cached(path, folder)
            corrupt = time.perf_counter() - started
            assert _same(rebuilt, pack), "a corrupt cache entry gave a different pack"
            started = time.perf_counter()
            cache_module.load_pack_cached(path, folder)
            after = time.perf_counter() - started
            assert after < corrupt / 3, "the corrupt entry was not rebuilt"
            entry_mb = entry.stat().st_size / 1e6
        finally:
            shutil.rmtree(home, ignore_errors=True)

    raw_t, cold_t, cached_t = median(raw), median(cold), median(cached)
    what = f"{facts:,}-fact pack ({size_mb:.1f} MB YAML)"
    return [
        row(
            "packs.cold",
            f"Load + validate a {what}, no cache, vs PyYAML CSafeLoader raw parse",
            quizgame=round(cold_t, 4),
            reference=round(raw_t, 4),
            unit="s",
            target=COLD_RATIO,
            runs=len(cold),
            note="in process, interleaved",
            extra={"cold": spread(cold), "raw_parse": spread(raw)},
        ),
        row(
            "packs.cached",
            f"Load the {what} from the compiled cache vs the raw parse (speed-up)",
            quizgame=round(cached_t, 4),
            reference=round(raw_t, 4),
            unit="s",
            target=CACHED_SPEEDUP,
            higher_is_better=True,
            runs=len(cached),
            note=(
                f"entry {entry_mb:.1f} MB JSON named by content hash + version; first load "
                f"(validate + write) {miss:.2f} s; a corrupt entry is ignored and rebuilt "
                f"({corrupt:.2f} s), then served from the cache again ({after * 1000:.0f} ms)"
            ),
            extra={
                "cached": spread(cached),
                "miss_seconds": round(miss, 3),
                "corrupt_rebuild_seconds": round(corrupt, 3),
            },
        ),
    ]


def through_play(facts: int, runs: int) -> list[dict[str, Any]]:
    """`quizgame play --pack BIG`: what the player sees while it loads, and when the game starts."""
    path = cached_pack(facts)
    python = sys.executable
    home = Path(tempfile.mkdtemp(prefix="quizgame-bench-bigplay-"))
    indicator, cold, warm = [], [], []
    try:
        warm_env = isolated_env(home / "warm")
        for n in range(runs + 1):  # the first run fills the warm cache (and is not counted)
            for which in ("cold", "warm"):
                env = warm_env if which == "warm" else isolated_env(home / f"cold-{n}")
                argv = [
                    python,
                    "-m",
                    "quizgame",
                    "play",
                    "--pack",
                    str(path),
                    "--seed",
                    "1",
                    "--questions",
                    "5",
                    "--data-dir",
                    str(home / f"data-{which}-{n}"),
                ]
                got = run_in_pty(
                    argv, ["Question 1/5"], watch=["Loading"], env=env, cwd=ROOT, settle=0.0
                )
                if got.seconds is None:
                    raise RuntimeError(
                        f"play --pack {path} never showed its first question:\n" + got.text[-2000:]
                    )
                if n == 0:
                    continue
                if which == "cold":
                    cold.append(got.seconds)
                    indicator.append(got.seen.get("Loading", float("inf")))
                else:
                    warm.append(got.seconds)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    shown = [t for t in indicator if t != float("inf")]
    first_sign = [min(i, c) for i, c in zip(indicator, cold, strict=True)]
    return [
        row(
            "packs.indicator",
            f"play --pack (the {facts:,}-fact pack, empty cache): first sign of life on screen",
            quizgame=round(median(first_sign), 4),
            unit="s",
            target=INDICATOR_SECONDS,
            runs=len(first_sign),
            note=(
                f"'Loading …' shown in {len(shown)} of {len(indicator)} runs"
                + (f" (after {median(shown):.2f} s)" if shown else "")
                + f"; first question after {median(cold):.2f} s (empty cache), "
                f"{median(warm):.2f} s (warm cache); the pack loads on a worker thread while "
                "Textual is imported"
            ),
            extra={
                "cold_first_question": spread(cold),
                "warm_first_question": spread(warm),
                "indicator": spread(shown) if shown else None,
            },
        ),
    ]


def collect(smoke: bool) -> list[dict[str, Any]]:
    facts = 300 if smoke else 10_000
    rows = in_process(facts, runs=1 if smoke else 3, cached_runs=3 if smoke else 7)
    rows += through_play(facts, runs=1 if smoke else 3)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a 300-fact pack, one run")
    args = parser.parse_args(argv)
    from run import print_table

    print_table(collect(args.smoke))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
