"""The game's screen under Pilot: key press to feedback, and frames while the timer runs.

The app is built as the TUI tests build it (tests/tui/conftest.py): a ``Launch`` with the bundled
pack and a round prepared up front, a ``StoreClient`` over a temporary data folder (a real SQLite
profile), the timers on and the real clock.

* Key press to feedback: the right answer's key goes to the app the way a terminal's does (a Key
  event through the driver); the clock stops when the first frame showing the FeedbackScreen with
  its verdict is produced (App._display, including turning the update into terminal bytes, which
  the headless driver would otherwise skip). Median over 25 questions (smoke: 5), choice and
  true/false. Enter then moves on to the next question.
* Frames while the timer runs: one question stays on screen for 5 s (smoke: 1 s) with its
  countdown running. Recorded: the longest the event loop was unable to run (a probe that asks to
  wake every 5 ms: how late it wakes), the longest single screen update (compositor refresh plus
  terminal bytes), and the longest gap between two redraws of the timer bar (it redraws every
  100 ms by design). The target applies to the first: no frame can take longer than the loop is
  blocked.

    python benchmarks/bench_ui.py [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, median, row, spread

FEEDBACK_TARGET_MS = 50.0
FRAME_TARGET_MS = 100.0
SIZE = (120, 40)


def make_app(data_dir: Path, questions: int, seed: str = "7"):
    from quizgame.core.packs import load_pack
    from quizgame.core.round import GameSetup, build_questions
    from quizgame.tui.app import Launch, QuizApp
    from quizgame.tui.storeclient import StoreClient

    pack = load_pack(ROOT / "questions" / "jimmy-page.yaml")
    setup = GameSetup(mode="classic", kinds=("choice", "truefalse"), seed=seed, questions=questions)
    prepared = build_questions(pack, setup)
    launch = Launch(data_dir=str(data_dir), pack=pack, setup=setup, questions=prepared)
    return QuizApp(launch, StoreClient(data_dir), timers=True)


class Frames:
    """Wraps the app's display and the screens' refresh to see every frame as it is produced."""

    def __init__(self, app: Any) -> None:
        from textual.screen import Screen

        self.app = app
        self.frames: list[tuple[float, Any, float]] = []  # (when done, screen, seconds to make)
        self.watch: Any = None  # a callable(screen) -> bool; when true, `seen` gets the time
        self.seen: float | None = None
        display = app._display
        refresh = Screen._compositor_refresh
        self._restore = (Screen, refresh)

        def timed_refresh(screen: Any) -> None:
            started = time.perf_counter()
            refresh(screen)
            if screen is app.screen:
                self.frames.append((time.perf_counter(), screen, time.perf_counter() - started))

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # what a real terminal would be sent
            if self.watch is not None and self.seen is None and self.watch(screen):
                self.seen = time.perf_counter()

        app._display = timed_display
        Screen._compositor_refresh = timed_refresh

    def close(self) -> None:
        screen_class, refresh = self._restore
        screen_class._compositor_refresh = refresh


async def _until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the expected state")
        await asyncio.sleep(0.001)


def _key(app: Any, key: str) -> None:
    """Send a key the way the terminal driver does."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def feedback_latency(data_dir: Path, count: int) -> list[float]:
    from textual.widgets import Static

    from quizgame.tui.screens.feedback import FeedbackScreen
    from quizgame.tui.screens.game import GameScreen

    app = make_app(data_dir, questions=count + 1)
    samples: list[float] = []
    async with app.run_test(size=SIZE):
        frames = Frames(app)
        try:
            for _ in range(count):
                await _until(
                    lambda: (
                        isinstance(app.screen, GameScreen)
                        and app.screen.question is not None
                        and app.screen._answering
                    )
                )
                await asyncio.sleep(0.05)  # let the question settle, as a player would read it
                q = app.screen.question
                key = str(q.correct_index + 1) if q.kind == "choice" else ("t" if q.answer else "f")

                def verdict_on_screen(screen: Any) -> bool:
                    if not isinstance(screen, FeedbackScreen):
                        return False
                    try:
                        verdict = screen.query_one("#verdict", Static)
                    except Exception:
                        return False
                    return bool(verdict.region.area) and "Correct" in str(verdict.render())

                frames.watch, frames.seen = verdict_on_screen, None
                started = time.perf_counter()
                _key(app, key)
                await _until(lambda: frames.seen is not None)
                samples.append(frames.seen - started)
                frames.watch = None
                label = app.screen.query_one("#saved", Static)
                await _until(lambda label=label: "Saved" in str(label.render()))  # committed
                _key(app, "enter")
        finally:
            frames.close()
    return samples


async def frames_while_ticking(data_dir: Path, seconds: float) -> dict[str, float]:
    from quizgame.tui.screens.game import GameScreen
    from quizgame.tui.widgets.timer import TimerBar

    app = make_app(data_dir, questions=3)
    async with app.run_test(size=SIZE):
        await _until(
            lambda: (
                isinstance(app.screen, GameScreen)
                and app.screen.question is not None
                and app.screen._answering
            )
        )
        frames = Frames(app)
        timer = app.screen.query_one(TimerBar)
        redraws: list[float] = []
        render = timer.render

        def counted_render() -> Any:
            redraws.append(time.perf_counter())
            return render()

        timer.render = counted_render  # type: ignore[method-assign]
        stalls: list[float] = []
        stop = time.perf_counter() + seconds
        try:
            while time.perf_counter() < stop:
                asked = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - asked - 0.005)
        finally:
            frames.close()
        assert app.screen._answering, "the question timed out during the measurement"
        made = [t for when, _s, t in frames.frames]
        gaps = [b - a for a, b in zip(redraws, redraws[1:], strict=False)]
        return {
            "longest_stall_ms": max(stalls) * 1000,
            "longest_frame_ms": max(made) * 1000 if made else 0.0,
            "frames": len(made),
            "timer_redraws": len(redraws),
            "longest_timer_gap_ms": max(gaps) * 1000 if gaps else float("inf"),
            "median_timer_gap_ms": median(gaps) * 1000 if gaps else float("inf"),
        }


def collect(smoke: bool) -> list[dict[str, Any]]:
    count, seconds = (5, 1.0) if smoke else (25, 5.0)
    home = Path(tempfile.mkdtemp(prefix="quizgame-bench-ui-"))
    try:
        latency = asyncio.run(feedback_latency(home / "latency", count))
        ticking = asyncio.run(frames_while_ticking(home / "frames", seconds))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    ms = [s * 1000 for s in latency]
    ordered = sorted(ms)
    return [
        row(
            "ui.feedback",
            "Key press to feedback on screen (Pilot, right answer, median)",
            quizgame=round(median(ms), 2),
            unit="ms",
            target=FEEDBACK_TARGET_MS,
            runs=len(ms),
            note=f"p90 {ordered[int(len(ordered) * 0.9) - 1]:.1f} ms, max {ordered[-1]:.1f} ms",
            extra={"samples_ms": spread(ms, digits=2)},
        ),
        row(
            "ui.frames",
            f"Longest frame while the timer runs ({seconds:g} s of a question on screen)",
            quizgame=round(ticking["longest_stall_ms"], 2),
            unit="ms",
            target=FRAME_TARGET_MS,
            runs=1,
            note=(
                f"longest event-loop stall; longest screen update "
                f"{ticking['longest_frame_ms']:.1f} ms of {ticking['frames']}; timer bar redrawn "
                f"{ticking['timer_redraws']} times, every {ticking['median_timer_gap_ms']:.0f} ms "
                f"(longest gap {ticking['longest_timer_gap_ms']:.0f} ms)"
            ),
            extra={"ticking": {k: round(v, 2) for k, v in ticking.items()}},
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="5 questions, 1 s of frames")
    args = parser.parse_args(argv)
    from run import print_table

    print_table(collect(args.smoke))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
