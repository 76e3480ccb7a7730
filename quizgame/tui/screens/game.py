"""The question screen: the prompt, the answers, the clock; every answer saved as it is given."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from quizgame.core.packs import Pack
from quizgame.core.questions import (
    ChoiceQuestion,
    Given,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.core.round import GameSetup, Outcome
from quizgame.core.session import Session
from quizgame.tui.base import QuizScreen, Saved
from quizgame.tui.text import KIND_TITLES, count, literal, number, plain
from quizgame.tui.widgets.order import OrderList
from quizgame.tui.widgets.scorebar import ScoreBar
from quizgame.tui.widgets.timer import TimerBar

HINTS = {
    "choice": "Press 1–4 to answer.",
    "truefalse": "Press t for true or f for false.",
    "typed": "Type your answer and press Enter.",
    "cloze": "Type the missing words and press Enter.",
    "order": "↑↓ pick an item, shift+↑↓ or [ ] move it, Enter when the order is right.",
}


class GameScreen(QuizScreen[None]):
    """One round: shows each question, takes the answer, hands over to feedback and results."""

    # The footer says each thing once, as the prompt does: 1–4 for options, t/f for true or
    # false (a–d and 1/2 work too, unlisted, for players used to other quiz apps).
    BINDINGS = [
        Binding("1", "choose(0)", "Answer", key_display="1–4", tooltip="Choose an option."),
        Binding("2", "choose(1)", "Answer", show=False),
        Binding("3", "choose(2)", "Answer", show=False),
        Binding("4", "choose(3)", "Answer", show=False),
        Binding("a", "choose(0)", "Answer", show=False),
        Binding("b", "choose(1)", "Answer", show=False),
        Binding("c", "choose(2)", "Answer", show=False),
        Binding("d", "choose(3)", "Answer", show=False),
        Binding("t", "truth(True)", "True", tooltip="Answer true."),
        Binding("f", "truth(False)", "False", tooltip="Answer false."),
        Binding("1", "truth(True)", "True", show=False),
        Binding("2", "truth(False)", "False", show=False),
        Binding("enter", "submit_order", "Submit", tooltip="Timeline: submit the order."),
        Binding(
            "escape", "leave", "Leave", tooltip="Leave the round (your answers so far are kept)."
        ),
    ]

    AUTO_FOCUS = "#typed, #order"

    question: reactive[Question | None] = reactive(None, init=False)
    """The question on screen (None between questions)."""

    def __init__(self, pack: Pack, setup: GameSetup, questions: Sequence[Question]) -> None:
        super().__init__()
        self.pack = pack
        self.setup = setup
        self.session = Session(pack, setup, questions)
        self.round = self.session.round
        self._started = 0.0  # when the current question appeared (app clock)
        self._paused_at: float | None = None
        self._answering = False
        self._ticker: Timer | None = None  # the clock's tick, made on mount
        self._composed_first: Question | None = None

    def compose(self) -> ComposeResult:
        yield ScoreBar(self.pack.title, id="scorebar")
        yield TimerBar(id="timer")
        # The first question is composed with the screen (solo rounds): it is in the very first
        # frame, with no mounting after the screen is up.
        first = self.round.current if len(self.round.players) == 1 else None
        with VerticalScroll(id="question-area"):
            yield Static(KIND_TITLES[first.kind] if first else "", id="kind", markup=False)
            yield Static(plain(first.prompt) if first else "", id="prompt", markup=False)
            with Vertical(id="answers"):
                if first is not None:
                    yield from self._answer_widgets(first)
            yield Static(HINTS[first.kind] if first else "", id="hint", markup=False)
        self._composed_first = first
        # The Footer is mounted just after the first question is drawn (see on_mount).

    @staticmethod
    def _answer_widgets(q: Question) -> list[Widget]:
        if isinstance(q, ChoiceQuestion):
            return [
                Button(
                    Content(f"{n}  {literal(opt)}"),
                    id=f"option-{n}",
                    classes="option",
                    compact=True,
                )
                for n, opt in enumerate(q.options, 1)
            ]
        if isinstance(q, TrueFalseQuestion):
            return [
                Button(Content("t  True"), id="option-1", classes="option", compact=True),
                Button(Content("f  False"), id="option-2", classes="option", compact=True),
            ]
        if isinstance(q, TypedQuestion):
            return [Input(placeholder="Your answer", id="typed")]
        assert isinstance(q, OrderQuestion)
        return [OrderList(q.items, id="order")]

    async def on_mount(self) -> None:
        self._ticker = self.set_interval(0.1, self._tick, pause=True)
        if len(self.round.players) > 1:
            # Hot-seat: the first player is named, and gets ready, before any clock runs.
            self.call_after_refresh(self._mount_footer)
            self._first_turn()
            return
        # One frame with the first question in it, not an empty screen first.
        with self.app.batch_update():
            await self._show_next()
        # The key bar follows a frame later: building it (its styles, a key each) would hold the
        # first question back by tens of milliseconds, and the keys work without it.
        self.call_after_refresh(self._mount_footer)

    @work(exclusive=True, group="feedback")
    async def _first_turn(self) -> None:
        from quizgame.tui.screens.turn import TurnScreen

        self._update_bar()
        await self.app.push_screen_wait(TurnScreen(self.round, first=True))
        await self._show_next()

    async def _mount_footer(self) -> None:
        if not self.is_attached:
            return  # the app is closing (ctrl+c or a signal during start-up)
        if not self.is_mounted:
            # The app can draw before this screen has finished mounting: come back once it has
            # (call_later runs in this screen's own queue, after its mount).
            self.call_later(self._mount_footer)
            return
        await self.mount(Footer(compact=True))
        self.refresh_bindings()  # a Footer lists the keys when the bindings are next refreshed

    # -- the profile -------------------------------------------------------------------------

    def _record(self, outcome: Outcome) -> asyncio.Future[Saved]:
        """Write the answer in its own transaction, on the store thread (see Session.record);
        resolves once it is committed, so the answer is saved before "Saved" is shown."""
        return asyncio.wrap_future(
            self.qapp.store.record(self.session, outcome, self.qapp.profile_name)
        )

    # -- showing a question ------------------------------------------------------------------

    async def _show_next(self) -> None:
        r = self.round
        if r.finished:
            await self._finish()
            return
        q = r.current
        assert q is not None
        if q is not self._composed_first:
            answers = self.query_one("#answers", Vertical)
            await answers.remove_children()
            self.query_one("#kind", Static).update(KIND_TITLES[q.kind])
            self.query_one("#prompt", Static).update(plain(q.prompt))
            self.query_one("#hint", Static).update(HINTS[q.kind])
            widgets = self._answer_widgets(q)
            await answers.mount_all(widgets)
            if isinstance(q, (TypedQuestion, OrderQuestion)):
                widgets[0].focus()
        # (The composed first question's field may not be mounted yet here; AUTO_FOCUS gives it
        # the focus as the screen comes up.)
        self._composed_first = None
        self._answering = True
        self.question = q
        self._update_bar()
        self.refresh_bindings()
        self._started = self.qapp.clock()
        self._paused_at = None
        limit = r.time_limit()
        timer = self.query_one(TimerBar)
        timer.total = limit or (r.rules.total_seconds or 0.0)
        timer.left = limit if limit is not None else (r.seconds_left() or 0.0)
        if self.qapp.timers and (limit is not None or r.rules.total_seconds is not None):
            self._clock(running=True)

    def _clock(self, *, running: bool) -> None:
        """Start or stop the clock's tick (there is none before the screen is mounted)."""
        if self._ticker is None:
            return
        if running:
            self._ticker.resume()
        else:
            self._ticker.pause()

    def _update_bar(self) -> None:
        r = self.round
        p = r.player
        total = r.total
        shown = r.index + 1 if not r.finished else r.index
        if total is not None:
            per = len(r.players)
            progress = f"{(shown - 1) // per + 1}/{total // per}" if per > 1 else f"{shown}/{total}"
        else:
            progress = f"#{shown}"
        streak = f"Streak {p.streak}" + (" 🔥" if p.streak >= 3 else "")
        lives, most = r.lives_left(), r.rules.lives
        if lives is not None and most is not None:
            streak += "  " + "♥" * lives + "♡" * (most - lives)
        self.query_one(ScoreBar).show(
            player=f"{p.name}'s turn" if len(r.players) > 1 else "",
            progress=f"Question {progress}",
            score=f"Score {number(p.score)}",
            streak=streak,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        q = self.question if self._answering else None
        if action == "choose":
            return isinstance(q, ChoiceQuestion)
        if action == "truth":
            return isinstance(q, TrueFalseQuestion)
        if action == "submit_order":
            return isinstance(q, OrderQuestion)
        return True

    # -- the clock ---------------------------------------------------------------------------

    def _elapsed(self) -> float:
        return self.qapp.clock() - self._started

    def _tick(self) -> None:
        if not self._answering:
            return
        r = self.round
        elapsed = self._elapsed()
        timer = self.query_one(TimerBar)
        limit = r.time_limit()
        if limit is not None:
            timer.left = max(0.0, limit - elapsed)
            if elapsed >= limit:
                self._submit(None)
        elif r.rules.total_seconds is not None:
            left = (r.seconds_left() or 0.0) - elapsed
            timer.left = max(0.0, left)
            if left <= 0:
                self._blitz_over()

    def on_screen_suspend(self) -> None:
        """Help, a dialog or a too-small terminal covers the question: stop the clock."""
        if self._answering and self._paused_at is None:
            self._paused_at = self.qapp.clock()

    def on_screen_resume(self) -> None:
        if self._paused_at is not None:
            self._started += self.qapp.clock() - self._paused_at
            self._paused_at = None

    # -- answering ---------------------------------------------------------------------------

    def action_choose(self, index: int) -> None:
        if isinstance(self.question, ChoiceQuestion) and self._answering:
            self._submit(index)

    def action_truth(self, value: bool) -> None:
        if isinstance(self.question, TrueFalseQuestion) and self._answering:
            self._submit(value)

    @on(Button.Pressed, ".option")
    def _clicked(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        index = int(event.button.id.split("-")[1]) - 1
        if isinstance(self.question, TrueFalseQuestion):
            self.action_truth(index == 0)
        else:
            self.action_choose(index)

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._submit(event.value)
        else:
            self.notify("Type an answer first (or wait for the clock).", timeout=3)

    def action_submit_order(self) -> None:
        """Enter while the list is not focused (the player tabbed away): as if it were."""
        if isinstance(self.question, OrderQuestion) and self._answering:
            self.query_one(OrderList).action_submit()

    @on(OrderList.Submitted)
    def _ordered(self, event: OrderList.Submitted) -> None:
        if isinstance(self.question, OrderQuestion) and self._answering:
            self._submit(event.order)

    def _submit(self, given: Given | None) -> None:
        """Score the player's answer, or None: the time ran out."""
        if not self._answering:
            return
        self._answering = False
        self._clock(running=False)
        elapsed = self._elapsed()
        r = self.round
        if r.rules.total_seconds is not None:
            r.tick(elapsed)
        outcome = r.time_out(elapsed) if given is None else r.answer(given, elapsed)
        self.refresh_bindings()
        saved = self._record(outcome)
        self._update_bar()
        self._show_feedback(outcome, saved)

    @work(exclusive=True, group="feedback")
    async def _show_feedback(self, outcome: Outcome, saved: asyncio.Future[Saved]) -> None:
        from quizgame.tui.screens.feedback import FeedbackScreen

        profile = self.session.profile_for(outcome.player, self.qapp.profile_name)
        choice = await self.app.push_screen_wait(
            FeedbackScreen(outcome, saved, self.pack, profile, self.round)
        )
        if choice == "quit":
            await self._leave()
            return
        self.round.advance()
        if self.round.finished:
            await self._finish()
            return
        if self.round.turn_changes():
            from quizgame.tui.screens.turn import TurnScreen

            self._update_bar()  # the bar behind the scoreboard shows whose turn it is
            await self.app.push_screen_wait(TurnScreen(self.round))
        await self._show_next()

    def _blitz_over(self) -> None:
        """The blitz clock ran out with a question on screen: it is not counted."""
        self._answering = False
        self._clock(running=False)
        self.round.tick(self._elapsed())
        self.round.end()
        self._finish_in_background()

    # -- leaving -----------------------------------------------------------------------------

    def action_leave(self) -> None:
        self._confirm_leave()

    @work(exclusive=True, group="leave")
    async def _confirm_leave(self) -> None:
        from quizgame.tui.screens.dialogs import ConfirmDialog

        answered = len(self.round.outcomes)
        saved = (
            f"The {count(answered, 'answer')} you gave {'is' if answered == 1 else 'are'} saved."
            if answered
            else "You have not answered yet: nothing is recorded."
        )
        if await self.app.push_screen_wait(
            ConfirmDialog("Leave this round?", saved, "Leave", "Keep playing")
        ):
            await self._leave()

    async def _leave(self) -> None:
        self._answering = False
        self._clock(running=False)
        # The game stays in the history as unfinished, with the answers it had (no answer: no
        # game at all).
        self.qapp.go_home()

    @work(exclusive=True, group="finish")
    async def _finish_in_background(self) -> None:
        await self._finish()

    async def _finish(self) -> None:
        from quizgame.tui.screens.results import ResultsScreen

        self._answering = False
        self._clock(running=False)
        r = self.round
        previous: dict[str, tuple[int, int] | None] = {}
        current = self.qapp.profile_name
        for p in r.players:
            previous[p.name] = await self.qapp.store.finish_player(self.session, p.name, current)
        # Not awaited: this worker belongs to the screen being replaced.
        self.app.switch_screen(ResultsScreen(self.pack, self.setup, r, previous))
