"""Start-up: from launching ``quizgame play --seed 1 --questions 5`` to the first question on
screen, against a bare Textual app (benchmarks/bare_app.py: a label and four buttons) started the
same way.

Both run as whole processes with the same Python, each on its own pseudo-terminal (120x40,
TERM=xterm-256color), interleaved (bare, quizgame, quizgame with a cold cache, bare, ...); a run
ends when its text is on screen: the bare app's label; for quizgame the first question's prompt
(computed from the pack, not typed in). When the score bar's "Question 1/5" follows is recorded
too, for information. Peak memory is the process's VmHWM read just before it is killed, after the
same short settling time (0.3 s) for both.

quizgame gets a fresh ``--data-dir`` every run (so its profile database is created each time) and
its XDG folders point into a temporary home, never the user's. "Warm" runs share a compiled-pack
cache filled by a first, discarded run; "cold cache" runs get an empty cache each time, so the
bundled pack is validated in full and compiled.

    python benchmarks/bench_startup.py            # 12 runs of each
    python benchmarks/bench_startup.py --smoke    # 2 runs of each
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, isolated_env, median, row, run_in_pty, spread

TARGET_RATIO = 1.2  # start-up time (the goal is 1.1)
MEMORY_TARGET_RATIO = 1.3
COMMAND = ["play", "--seed", "1", "--questions", "5"]


def first_prompt() -> str:
    """The start of the first prompt of `play --seed 1 --questions 5` (computed, not typed in)."""
    from quizgame.core.packs import load_pack
    from quizgame.core.round import GameSetup, build_questions

    pack = load_pack(ROOT / "questions" / "jimmy-page.yaml")
    setup = GameSetup(mode="classic", seed="1", questions=5)
    prompt = build_questions(pack, setup)[0].prompt
    return " ".join(prompt.split()[:6])  # a few words: never wrapped at 120 columns


def collect(smoke: bool, runs: int | None = None) -> list[dict[str, Any]]:
    from bare_app import LABEL

    runs = runs or (2 if smoke else 12)
    python = sys.executable
    prompt = first_prompt()
    home = Path(tempfile.mkdtemp(prefix="quizgame-bench-startup-"))
    try:
        warm_env = isolated_env(home / "warm")
        samples: dict[str, list[tuple[float, int]]] = {"bare": [], "warm": [], "cold": []}
        scorebar: list[float] = []  # warm runs: when "Question 1/5" was on screen too

        def once(which: str, keep: bool = True) -> None:
            n = len(samples[which])
            if which == "bare":
                argv = [python, str(Path(__file__).with_name("bare_app.py"))]
                env, markers, watch = isolated_env(home / "bare"), [LABEL], []
            else:
                data = home / f"data-{which}-{n}-{keep}"
                argv = [python, "-m", "quizgame", *COMMAND, "--data-dir", str(data)]
                env = warm_env if which == "warm" else isolated_env(home / f"cold-{n}-{keep}")
                markers, watch = [prompt], ["Question 1/5"]
            got = run_in_pty(argv, markers, watch=watch, env=env, cwd=ROOT)
            if got.seconds is None or got.peak_kb is None:
                raise RuntimeError(
                    f"{which}: {' '.join(argv)} never showed {markers}; its screen:\n"
                    + got.text[-2000:]
                )
            if keep:
                samples[which].append((got.seconds, got.peak_kb))
                if which == "warm" and "Question 1/5" in got.seen:
                    scorebar.append(got.seen["Question 1/5"])

        for which in ("bare", "warm", "cold"):  # fill the warm cache and the OS's file cache
            once(which, keep=False)
        for _ in range(runs):
            for which in ("bare", "warm", "cold"):
                once(which)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def times(which: str) -> list[float]:
        return [s for s, _ in samples[which]]

    def peaks(which: str) -> list[float]:
        return [kb / 1024 for _, kb in samples[which]]

    bare_t, warm_t, cold_t = median(times("bare")), median(times("warm")), median(times("cold"))
    bare_m, warm_m, cold_m = median(peaks("bare")), median(peaks("warm")), median(peaks("cold"))
    detail = {
        "prompt_marker": prompt,
        "scorebar_seconds_warm": spread(scorebar, digits=4) if scorebar else None,
        "samples": {
            k: {"seconds": spread(times(k), digits=4), "peak_mb": spread(peaks(k), digits=1)}
            for k in samples
        },
    }
    return [
        row(
            "startup.time",
            "Start-up to first question (play --seed 1 --questions 5, warm pack cache)"
            " vs bare Textual app",
            quizgame=round(warm_t, 4),
            reference=round(bare_t, 4),
            unit="s",
            target=TARGET_RATIO,
            runs=len(samples["warm"]),
            note="whole processes in a pty, interleaved; fresh --data-dir each run; "
            + (
                f"the score bar follows at {median(scorebar) * 1000:.0f} ms"
                if scorebar
                else "the score bar was not seen"
            ),
            extra=detail,
        ),
        row(
            "startup.memory",
            "Start-up peak memory (max RSS) vs bare Textual app",
            quizgame=round(warm_m, 1),
            reference=round(bare_m, 1),
            unit="MB",
            target=MEMORY_TARGET_RATIO,
            runs=len(samples["warm"]),
            note="VmHWM just before the process is killed",
        ),
        row(
            "startup.cold_cache",
            "Start-up to first question with an empty compiled-pack cache vs bare Textual app",
            quizgame=round(cold_t, 4),
            reference=round(bare_t, 4),
            unit="s",
            target=None,
            runs=len(samples["cold"]),
            note=f"peak memory {cold_m:.1f} MB; information only",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="2 runs of each")
    parser.add_argument("--runs", type=int, help="runs of each (default 12)")
    args = parser.parse_args(argv)
    from run import print_table

    print_table(collect(args.smoke, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
