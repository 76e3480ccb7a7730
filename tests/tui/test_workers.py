"""Blocking work awaited from a worker (base.off_thread): results and errors come back as if the
work had been called inline, and a waiter replaced by a newer one ends quietly."""

from __future__ import annotations

import threading

from textual import work
from textual.app import App
from textual.worker import WorkerState

from quizgame.tui.base import off_thread

from .helpers import until


class Waiter(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[object] = []
        self.release = threading.Event()

    @work(exclusive=True, group="flow")
    async def flow(self, job: str) -> None:
        def blocking() -> str:
            if job == "fail":
                raise ValueError("a sentence for the player")
            if job == "slow":
                self.release.wait(5)
            return f"{job} done on {threading.current_thread() is not threading.main_thread()}"

        try:
            self.seen.append(await off_thread(self, blocking, group="blocking"))
        except ValueError as exc:
            self.seen.append(exc)


async def test_the_result_and_the_error_come_back_from_the_thread() -> None:
    app = Waiter()
    async with app.run_test() as pilot:
        app.flow("read")
        await until(pilot, lambda: len(app.seen) == 1)
        assert app.seen == ["read done on True"]
        app.flow("fail")
        await until(pilot, lambda: len(app.seen) == 2)
        error = app.seen[1]
        assert isinstance(error, ValueError) and str(error) == "a sentence for the player"
        assert app.is_running


async def test_a_waiter_replaced_by_a_newer_one_is_cancelled_not_crashed() -> None:
    app = Waiter()
    async with app.run_test() as pilot:
        first = app.flow("slow")
        await pilot.pause(0.05)
        app.flow("read")  # exclusive: the first flow is cancelled while it waits
        await until(pilot, lambda: app.seen == ["read done on True"])
        app.release.set()
        await until(pilot, lambda: first.state == WorkerState.CANCELLED)
        await pilot.pause(0.1)
        assert app.is_running and app.seen == ["read done on True"]
