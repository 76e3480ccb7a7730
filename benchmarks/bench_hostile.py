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

QUIZGAME = Path(sys.executable).with_name("quizgame")

DOC = "In 1966 Jimmy Page joined The Yardbirds. In 1968 he formed Led Zeppelin.\n"
HEAD = """\
id: hostile
title: Hostile
description: A benchmark case.
language: en
licence: CC0-1.0
authors: [Bench]
version: '1'
sources:
SOURCES
pools:
  band: [The Who, The Kinks, Cream, The Animals]
facts:
  - id: first-band
    statement: Jimmy Page joined The Yardbirds in 1966.
    questions: [Which band did Jimmy Page join in 1966?]
    answer: The Yardbirds
    kind: band
    source: {doc: notes, quote: In 1966 Jimmy Page joined The Yardbirds}
"""
ONE_SOURCE = "  - {id: notes, file: doc.txt, title: Notes}"


def _pack(folder: Path, body: str = "", sources: str = ONE_SOURCE) -> Path:
    (folder / "doc.txt").write_text(DOC)
    path = folder / "p.yaml"
    path.write_text(HEAD.replace("SOURCES", sources) + body)
    return path


def alias_bomb(folder: Path, scale: float) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = folder / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def forty_sources_one_document(folder: Path, scale: float) -> Path:
    size = int(8_000_000 * scale)
    (folder / "big.txt").write_text(("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size] + DOC)
    sources = "\n".join(f"  - {{id: s{i}, file: big.txt, title: Big {i}}}" for i in range(40))
    sources += "\n" + ONE_SOURCE
    return _pack(folder, sources=sources)


def answers_one_letter_apart(folder: Path, scale: float) -> Path:
    n = int(2000 * scale)
    facts = "".join(
        f"  - {{id: f{i}, statement: S{i}., questions: [Q{i}?], answer: 'Thing{chr(0x4E00 + i)}', "
        "kind: thing, source: {doc: notes, quote: In 1966 Jimmy Page joined The Yardbirds}}\n"
        for i in range(n)
    )
    return _pack(folder, facts)


def missing_quotes_big_document(folder: Path, scale: float) -> Path:
    size = int(15_000_000 * scale)
    (folder / "big.txt").write_text(("sentence of a long document. " * (size // 29 + 1))[:size])
    facts = "".join(
        f"  - {{id: f{i}, statement: S{i}., questions: [Q{i}?], answer: The Yardbirds, "
        f"kind: band, source: {{doc: big, quote: a quote that is not there {i}}}}}\n"
        for i in range(400)
    )
    return _pack(folder, facts, sources=ONE_SOURCE + "\n  - {id: big, file: big.txt, title: Big}")


def unknown_keys(folder: Path, scale: float) -> Path:
    n = int(200_000 * scale)
    path = _pack(folder)
    path.write_text(
        path.read_text().replace("version:", "".join(f"k{i}: 1\n" for i in range(n)) + "version:")
    )
    return path


def facts_and_one_typo(folder: Path, scale: float) -> Path:
    n = int(150_000 * scale)
    fact = (
        "  - {id: f, statement: S., questions: [Q?], answer: B, kind: band, "
        "source: {doc: notes, quote: Jimmy}}\n"
    )
    return _pack(folder, fact * n + "  - {id: typo, statemnt: x}\n")


def fifo_pack(folder: Path, scale: float) -> Path:
    os.mkfifo(folder / "fifo.yaml")
    return folder / "fifo.yaml"


def dev_zero_pack(folder: Path, scale: float) -> Path:
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return folder / "zero.yaml"


CASES: dict[str, Callable[[Path, float], Path]] = {
    "alias bomb (10**9 strings if expanded)": alias_bomb,
    "40 sources citing one 8 MB document": forty_sources_one_document,
    "2,000 facts whose answers are one letter apart": answers_one_letter_apart,
    "400 missing quotes against a 15 MB document": missing_quotes_big_document,
    "200,000 unknown keys": unknown_keys,
    "150,000 facts plus one typo": facts_and_one_typo,
    "a FIFO as the pack": fifo_pack,
    "a link to /dev/zero as the pack": dev_zero_pack,
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
