"""A snapshot of every screen at 80×24 (and the question screen at 120×40).

Each snapshot was looked at when it was recorded (see the PR notes); a change to any screen
shows up here as a diff to look at again, not to accept blindly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizgame.core.round import GameSetup, build_questions
from quizgame.store.profile import Store
from quizgame.tui.app import Launch, QuizApp
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.home import HomeScreen
from quizgame.tui.screens.turn import TurnScreen
from quizgame.tui.storeclient import StoreClient

from .conftest import FakeClock
from .helpers import answer, next_question, on_question, results_shown, saved, until

SMALL = (80, 24)
LARGE = (120, 40)


class FixedClock:
    """Wall-clock time for the store, stopped on one morning: dates and "due" never drift."""

    def __call__(self) -> datetime:
        return datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def snap_app(data_dir: Path, bundled, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)

    def make(setup: GameSetup | None = None, pack=None) -> QuizApp:
        pack = pack or bundled
        store = Store.open(data_dir, clock=FixedClock())
        questions = build_questions(pack, setup) if setup else []
        launch = Launch(
            data_dir=str(data_dir),
            pack=pack if setup else None,
            setup=setup,
            questions=questions,
        )
        seeds = iter(map(str, range(100, 200)))
        return QuizApp(
            launch,
            StoreClient(store=store),
            clock=FakeClock(),
            timers=False,
            new_seed=lambda: next(seeds),
        )

    return make


def first_kind(kind: str) -> GameSetup:
    return GameSetup(seed="5", questions=3, kinds=(kind,))


async def flash_over(pilot) -> None:
    """The brief flash after a right answer is over: snapshots show the panel at rest."""
    await until(
        pilot,
        lambda: not pilot.app.screen.query("#feedback-panel.-flash"),
    )
    await pilot.pause()


async def home_ready(pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.packs)
    await pilot.pause()


def test_home(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app(), terminal_size=SMALL, run_before=home_ready)


@pytest.mark.parametrize("kind", ["choice", "truefalse", "typed", "cloze", "order"])
def test_question(snap_compare, snap_app, timeline_pack, kind: str) -> None:
    async def ready(pilot) -> None:
        await on_question(pilot)
        await pilot.pause()

    pack = timeline_pack if kind == "order" else None  # the bundled pack asks no timelines
    assert snap_compare(snap_app(first_kind(kind), pack), terminal_size=SMALL, run_before=ready)


def test_question_large(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await on_question(pilot)
        await pilot.pause()

    assert snap_compare(snap_app(first_kind("choice")), terminal_size=LARGE, run_before=ready)


@pytest.mark.parametrize("right", [True, False])
def test_feedback(snap_compare, snap_app, right: bool) -> None:
    async def ready(pilot) -> None:
        await answer(pilot, right=right)
        await saved(pilot)
        await flash_over(pilot)
        assert isinstance(pilot.app.screen, FeedbackScreen)

    assert snap_compare(snap_app(first_kind("choice")), terminal_size=SMALL, run_before=ready)


def test_results(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        for n in range(3):
            await answer(pilot, right=n != 1)
            await next_question(pilot)
        await results_shown(pilot)
        await pilot.pause()

    assert snap_compare(
        snap_app(GameSetup(seed="5", questions=3, kinds=("choice", "typed"))),
        terminal_size=SMALL,
        run_before=ready,
    )


def test_stats(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        for _round in range(2):
            for n in range(3):
                await answer(pilot, right=n != _round)
                await next_question(pilot)
            await results_shown(pilot)
            if _round == 0:
                await pilot.press("p")
        await pilot.press("t")
        await until(
            pilot,
            lambda: (
                pilot.app.screen.query("#score-chart")
                and not pilot.app.screen.query("#stats-loading")
            ),
        )
        await pilot.pause(0.3)  # let the scroll area settle its scrollbar

    assert snap_compare(
        snap_app(GameSetup(seed="5", questions=3, kinds=("choice",))),
        terminal_size=SMALL,
        run_before=ready,
    )


def test_help(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await home_ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(snap_app(), terminal_size=SMALL, run_before=ready)


def test_export(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await home_ready(pilot)
        await pilot.press("e")
        await until(
            pilot, lambda: "Preview" in str(pilot.app.screen.query_one("#preview").render())
        )
        await pilot.pause()

    assert snap_compare(snap_app(), terminal_size=SMALL, run_before=ready)


def test_hot_seat_turn(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, TurnScreen))
        await pilot.press("enter")  # Ana's first turn
        await answer(pilot)
        await next_question(pilot)
        await until(pilot, lambda: isinstance(pilot.app.screen, TurnScreen))
        await pilot.pause()

    setup = GameSetup(
        mode="hotseat", seed="5", questions=2, kinds=("choice",), players=("Ana", "Ben")
    )
    assert snap_compare(snap_app(setup), terminal_size=SMALL, run_before=ready)


def test_too_small(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await until(pilot, lambda: pilot.app.screen.query("#too-small"))

    assert snap_compare(snap_app(first_kind("choice")), terminal_size=(50, 15), run_before=ready)


# -- issue 15: the advertised minimum (60×20), dialogs with their own keys, celebrations ------

TINY = (60, 20)


def test_home_small(snap_compare, snap_app) -> None:
    """At 60×20 every row, the Kinds row included, and the buttons are on screen."""
    assert snap_compare(snap_app(), terminal_size=TINY, run_before=home_ready)


def test_question_order_small(snap_compare, snap_app, timeline_pack) -> None:
    async def ready(pilot) -> None:
        await on_question(pilot)
        await pilot.pause()

    app = snap_app(first_kind("order"), timeline_pack)
    assert snap_compare(app, terminal_size=TINY, run_before=ready)


def test_feedback_small(snap_compare, snap_app) -> None:
    """A long source quote scrolls, but "Saved to ..." stays in view."""

    async def ready(pilot) -> None:
        await answer(pilot, right=False)
        await saved(pilot)

    assert snap_compare(snap_app(first_kind("typed")), terminal_size=TINY, run_before=ready)


def test_results_small(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        for n in range(3):
            await answer(pilot, right=n != 1)
            await next_question(pilot)
        await results_shown(pilot)
        await pilot.pause()

    assert snap_compare(
        snap_app(GameSetup(seed="5", questions=3, kinds=("choice", "typed"))),
        terminal_size=TINY,
        run_before=ready,
    )


def test_leave_dialog(snap_compare, snap_app) -> None:
    """The dialog shows its own keys, not the question's."""

    async def ready(pilot) -> None:
        await answer(pilot)
        await next_question(pilot)
        await on_question(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen.query("#yes"))
        await pilot.pause()

    assert snap_compare(snap_app(first_kind("truefalse")), terminal_size=SMALL, run_before=ready)


def test_hot_seat_first_turn(snap_compare, snap_app) -> None:
    async def ready(pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, TurnScreen))
        await pilot.pause()

    setup = GameSetup(
        mode="hotseat", seed="5", questions=2, kinds=("choice",), players=("Ana", "Ben")
    )
    assert snap_compare(snap_app(setup), terminal_size=SMALL, run_before=ready)


def test_results_personal_best(snap_compare, snap_app) -> None:
    """Only a round that beats an earlier one is celebrated."""

    async def ready(pilot) -> None:
        for _round in range(2):
            for n in range(3):
                await answer(pilot, right=_round == 1 or n == 0)
                await next_question(pilot)
            await results_shown(pilot)
            if _round == 0:
                await pilot.press("p")
        await until(pilot, lambda: pilot.app.screen.query("#celebration"))
        await pilot.pause(1.2)  # the banner's blinking is over

    assert snap_compare(
        snap_app(GameSetup(seed="5", questions=3, kinds=("choice",))),
        terminal_size=SMALL,
        run_before=ready,
    )
