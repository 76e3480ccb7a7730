"""After each answer: right or wrong in words, the right answer, the points, and the source."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Static

from quizgame.core.packs import Pack
from quizgame.core.questions import TrueFalseQuestion
from quizgame.core.round import Outcome, Round
from quizgame.tui.base import AUTO_ADVANCE_SECONDS, QuizModal, Saved
from quizgame.tui.text import count, highlight, number, plain

#: Right answers in a row that get a word of their own (and a flash).
STREAK_MILESTONES = frozenset((3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100))
#: How long a right answer lights the panel up (seconds): brief, and longer for a milestone.
FLASH_SECONDS, MILESTONE_FLASH_SECONDS = 0.3, 0.6


def points_text(outcome: Outcome) -> Text:
    """ "Points: 912 = 500 for the answer + 312 for speed + 100 streak bonus" (no nesting)."""
    p = outcome.points
    if not outcome.correct:
        return Text("Points: 0", style="bold")
    parts = [f"{number(p.base - p.speed)} for the answer"]
    if p.speed:
        parts.append(f"{number(p.speed)} for speed")
    if p.streak:
        parts.append(f"{number(p.streak)} streak bonus")
    text = Text.assemble(("Points: ", "bold"), number(p.total))
    if len(parts) > 1:
        text.append(" = " + " + ".join(parts), style="dim")
    return text


def review_in(due: datetime, now: datetime) -> str:
    """When a fact comes back, as a person says it: "in 10 minutes", "tomorrow", "in 3 days"."""
    seconds = max(0.0, (due - now).total_seconds())
    if seconds < 90:
        return "in a minute"
    if seconds < 3600:
        return f"in {count(round(seconds / 60), 'minute')}"
    if seconds < 86400 * 0.9:
        return f"in {count(round(seconds / 3600), 'hour')}"
    days = round(seconds / 86400)
    if days <= 1:
        return "tomorrow"
    if days < 60:
        return f"in {count(days, 'day')}"
    return f"in {count(round(days / 30), 'month')}"


class FeedbackScreen(QuizModal[str]):
    """Dismisses with "next" (Enter/space) or "quit" (the player leaves from here)."""

    BINDINGS = [
        Binding("enter,space", "next", "Continue", tooltip="Next question."),
        Binding(
            "r",
            "report",
            "Report a problem",
            tooltip="Report a problem with the question (listed by `quizgame stats`).",
        ),
        Binding(
            "escape",
            "quit_round",
            "Leave round",
            tooltip="Leave the round (your answers so far are kept).",
        ),
    ]

    def __init__(
        self,
        outcome: Outcome,
        saved: asyncio.Future[Saved],
        pack: Pack,
        profile: str | None,
        round: Round,
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.saved = saved
        self.pack = pack
        self.profile = profile
        self.round = round
        self.reported = False
        self._advance_timer: Timer | None = None

    def _streak(self) -> int:
        if not self.outcome.correct:
            return 0
        player = next((p for p in self.round.players if p.name == self.outcome.player), None)
        return player.streak if player is not None else 0

    def compose(self) -> ComposeResult:
        o = self.outcome
        q = o.question
        with VerticalScroll(id="feedback-panel", classes="-right" if o.correct else "-wrong"):
            verdict = (
                "✔ Correct"
                if o.correct
                else ("⏱ Time's up — Incorrect" if o.timed_out else "✘ Incorrect")
            )
            if o.correct and not o.exact:
                verdict += " — accepted despite a typo"
            # The verdict and whether the answer is saved share the first line: a long quote
            # below can scroll, but never hides "Saved to ...".
            with Horizontal(id="feedback-head"):
                yield Static(verdict, id="verdict", markup=False)
                yield Static("Saving…", id="saved", markup=False)
            streak = self._streak()
            if streak in STREAK_MILESTONES:
                yield Static(f"🔥 {streak} right in a row!", id="milestone", markup=False)
            lives = self._lives_line()
            if lives:
                yield Static(plain(lives, "bold"), id="lives")
            if not o.timed_out:
                yield Static(Text.assemble(("Your answer: ", "bold"), plain(o.given)), id="given")
            if not o.correct or not o.exact:
                yield Static(
                    Text.assemble(("Right answer: ", "bold"), plain(q.answer_text(numbered=True))),
                    id="right-answer",
                )
            if isinstance(q, TrueFalseQuestion) and not q.answer:
                yield Static(Text.assemble(("In fact: ", "bold"), plain(q.explanation)), id="fact")
            yield Static(points_text(o), id="points")
            needles = list(q.answer_words())
            yield Static(
                Text.assemble(("Source: ", "bold"), highlight(q.source.quote, needles)), id="quote"
            )
            yield Static(plain(f"— {q.source.citation}", style="italic"), id="citation")
            # Shown only when they have something to say (see _say).
            yield Static("", id="review", markup=False, classes="-empty")
            yield Static("", id="auto", markup=False, classes="-empty")
        yield Footer(compact=True)

    def _lives_line(self) -> str:
        """Survival: after a wrong answer, how many lives are left."""
        r = self.round
        if r.rules.lives is None or self.outcome.correct:
            return ""
        player = next((p for p in r.players if p.name == self.outcome.player), None)
        if player is None:
            return ""
        left = max(0, r.rules.lives - player.wrong)
        if left == 0:
            return "No lives left — the round is over."
        return f"{count(left, 'life', 'lives')} left."

    def on_mount(self) -> None:
        app = self.qapp
        config = app.config
        if self.outcome.correct:
            # A brief flash: the panel lights up and fades back (longer for a streak milestone).
            panel = self.query_one("#feedback-panel")
            panel.add_class("-flash")
            milestone = self._streak() in STREAK_MILESTONES
            self.set_timer(
                MILESTONE_FLASH_SECONDS if milestone else FLASH_SECONDS,
                lambda: panel.remove_class("-flash"),
            )
            if config.bell:
                app.bell()
        if config.auto_advance:
            self._advance_timer = self.set_timer(AUTO_ADVANCE_SECONDS, self._auto_advance)
            self._say(
                "#auto",
                plain(
                    f"Next in {AUTO_ADVANCE_SECONDS} s (Enter now, r to stay and report).", "dim"
                ),
            )
        self._await_save()

    def _say(self, where: str, text: Text | None) -> None:
        label = self.query_one(where, Static)
        label.update(text or "")
        label.set_class(text is None, "-empty")

    def _auto_advance(self) -> None:
        if self.app.screen is self:  # not while a report dialog is open over it
            self.dismiss("next")

    def _stop_auto_advance(self) -> None:
        if self._advance_timer is not None:
            self._advance_timer.stop()
            self._advance_timer = None
            self._say("#auto", None)

    @work(exclusive=True, group="save")
    async def _await_save(self) -> None:
        label = self.query_one("#saved", Static)
        try:
            result = await self.saved
        except Exception as exc:
            label.update(plain(f"Not saved: {exc}", style="bold red"))
            return
        if result.saving:
            label.update(plain(f"✔ Saved to {result.profile}'s profile", style="dim"))
            self.profile = result.profile
            if result.next_review is not None:
                when = review_in(result.next_review, datetime.now(UTC))
                self._say("#review", plain(f"This fact comes back for review {when}.", "dim"))
            return
        # Why, in the store's own sentence: the disk may have filled up in this very answer,
        # long after the notice at start (if there was one).
        app = self.qapp
        notice = await app.store.notice()
        sentence = notice or "Scores are not being saved."
        label.update(plain(f"Not saved. {sentence}", style="bold yellow"))
        if notice and notice != app.notice:
            app.notice = notice  # printed again on exit
            self.app.notify(notice, title="Your profile", severity="warning", timeout=12)

    def action_next(self) -> None:
        self.dismiss("next")

    def action_quit_round(self) -> None:
        self.dismiss("quit")

    def action_report(self) -> None:
        self._stop_auto_advance()
        if self.reported:
            self.notify("Already reported — thank you.", timeout=3)
            return
        self._report()

    @work(exclusive=True, group="report")
    async def _report(self) -> None:
        from quizgame.tui.screens.dialogs import ReportDialog

        reason = await self.app.push_screen_wait(ReportDialog(self.outcome.question.prompt))
        if reason is None:
            return
        q = self.outcome.question
        fact = self.pack.fact(q.fact)
        pack_file = str(self.pack.path) if self.pack.path else self.pack.id
        profile = self.profile

        await self.qapp.store.report_question(
            profile,
            pack=self.pack.id,
            pack_file=pack_file,
            fact=q.fact,
            line=fact.line,
            question_id=q.id,
            reason=reason,
        )
        self.reported = True
        self.notify(
            f"Reported {q.fact} (line {fact.line}) — it is listed by `quizgame stats`.",
            title="Thank you",
            timeout=5,
        )
