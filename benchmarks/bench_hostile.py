"""Hostile inputs: how long `quizgame check` takes to refuse (or pass) each, and its peak memory.

The cases of the second adversarial pass (see docs/security.md, "Size and time bounds"): each is
built in a temporary folder and checked by the real command in a fresh process; the table gives
the wall time and the process's peak resident memory (``ru_maxrss``). These are measurements,
not pass/fail tests: the tests in ``tests/reliability/test_boundaries.py`` assert the work done
(one read of a shared document, one pass for all quotes, near-duplicate comparisons per fact).

    python benchmarks/bench_hostile.py            # every case
    python benchmarks/bench_hostile.py --smoke    # small sizes, a quick sanity run
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the checkout, for tests/hostile_packs.py

from tests import hostile_packs as hp  # noqa: E402

QUIZGAME = Path(sys.executable).with_name("quizgame")

Case = Callable[[Path, float], Path]  # (folder, scale) -> the pack to check


def _sized(build: Callable[[Path, int], Path], full: int) -> Case:
    return lambda folder, scale: build(folder, max(1, int(full * scale)))


def _fixed(build: Callable[[Path], Path]) -> Case:
    return lambda folder, scale: build(folder)


# The cases are the tests' own (tests/hostile_packs.py): the tests assert what check says of
# each, and the work it does; this measures the time and memory it takes.
CASES: dict[str, Case] = {
    "alias bomb (10**9 strings if expanded)": _fixed(hp.alias_bomb),
    "40 sources citing one 8 MB document": _sized(hp.sources_citing_one_document, 8_000_000),
    "2,000 facts whose answers are one letter apart": _sized(hp.answers_one_letter_apart, 2000),
    "400 missing quotes against a 15 MB document": _sized(
        hp.quotes_missing_from_a_big_document, 15_000_000
    ),
    "200,000 unknown keys": _sized(hp.unknown_keys, 200_000),
    "150,000 facts plus one typo": _sized(hp.facts_and_one_typo, 150_000),
    "a FIFO as the pack": _fixed(lambda folder: hp.fifo(folder / "fifo.yaml")),
    "a link to /dev/zero as the pack": _fixed(
        lambda folder: hp.link_to_dev_zero(folder / "zero.yaml")
    ),
}


def measure(path: Path, timeout: float = 120) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit code) of `quizgame check PATH` in a fresh
    process. CPU time is the one to compare on a shared machine: wall time includes waiting
    for the cores."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(QUIZGAME), "check", path.name],
        cwd=path.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes")
    args = parser.parse_args(argv)
    scale = 0.05 if args.smoke else 1.0
    print("| case | exit | wall time | CPU time | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for name, build in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = build(Path(tmp), scale)
            seconds, cpu, peak, code = measure(path)
        print(f"| {name} | {code} | {seconds:.2f} s | {cpu:.2f} s | {peak:.0f} MB |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
