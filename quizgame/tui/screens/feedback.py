"""After each answer: right or wrong in words, the right answer, the points, and the source."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from quizgame.core.generate import answer_text
from quizgame.core.packs import Pack
from quizgame.core.round import Outcome, Round
from quizgame.tui.text import highlight, plain


class FeedbackScreen(ModalScreen[str]):
    """Dismisses with "next" (Enter/space) or "quit" (the player leaves from here)."""

    BINDINGS = [
        Binding("enter,space", "next", "Continue"),
        Binding("r", "report", "Report a problem"),
        Binding("escape", "quit_round", "Leave round"),
    ]

    def __init__(
        self,
        outcome: Outcome,
        saved: asyncio.Future[bool],
        pack: Pack,
        profile: str,
        round: Round | None = None,
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.saved = saved
        self.pack = pack
        self.profile = profile
        self.round = round
        self.reported = False

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
                verdict += "  (accepted despite a typo)"
            yield Static(verdict, id="verdict", markup=False)
            if not o.timed_out:
                yield Static(Text.assemble(("Your answer: ", "bold"), plain(o.given)), id="given")
            if not o.correct or not o.exact:
                yield Static(
                    Text.assemble(("Right answer: ", "bold"), plain(answer_text(q, numbered=True))),
                    id="right-answer",
                )
            if q.kind == "truefalse" and not q.answer:
                yield Static(Text.assemble(("In fact: ", "bold"), plain(q.explanation)), id="fact")
            yield Static(self._points(), id="points")
            needles = [str(q.answer)] if q.kind != "order" else []
            needles += list(q.accepted)
            yield Static(
                Text.assemble(("Source: ", "bold"), highlight(q.source.quote, needles)), id="quote"
            )
            yield Static(plain(f"— {q.source.citation}", style="italic"), id="citation")
            yield Static("Saving…", id="saved", markup=False)
        yield Footer()

    def _points(self) -> Text:
        p = self.outcome.points
        if not self.outcome.correct:
            return Text("Points: 0", style="bold")
        parts = [f"{p.base} for the answer"]
        if p.speed:
            parts[0] += f" (incl. {p.speed} for speed)"
        if p.streak:
            parts.append(f"+{p.streak} streak bonus")
        return Text.assemble(
            ("Points: ", "bold"), f"{p.total}  ", ("(" + ", ".join(parts) + ")", "dim")
        )

    def on_mount(self) -> None:
        self._await_save()

    @work(exclusive=True, group="save")
    async def _await_save(self) -> None:
        label = self.query_one("#saved", Static)
        try:
            saving = await self.saved
        except Exception as exc:
            label.update(plain(f"Not saved: {exc}", style="bold red"))
            return
        if saving:
            label.update(plain(f"✔ Saved to {self.profile}'s profile", style="dim"))
            return
        # Why, in the store's own sentence: the disk may have filled up in this very answer,
        # long after the notice at start (if there was one).
        app = self.app
        notice = await app.store.call(lambda s: s.notice)  # type: ignore[attr-defined]
        sentence = notice or "Scores are not being saved."
        label.update(plain(f"Not saved. {sentence}", style="bold yellow"))
        if notice and notice != getattr(app, "notice", None):
            app.notice = notice  # type: ignore[attr-defined]  # printed again on exit
            app.notify(notice, title="Your profile", severity="warning", timeout=12)

    def action_next(self) -> None:
        self.dismiss("next")

    def action_quit_round(self) -> None:
        self.dismiss("quit")

    def action_report(self) -> None:
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

        def report(store) -> None:
            store.report_question(
                self.profile,
                pack=self.pack.id,
                pack_file=pack_file,
                fact=q.fact,
                line=fact.line,
                question_id=q.id,
                reason=reason,
            )

        await self.app.store.call(report)  # type: ignore[attr-defined]
        self.reported = True
        self.notify(
            f"Reported {q.fact} (line {fact.line}) — it is listed by `quizgame stats`.",
            title="Thank you",
            timeout=5,
        )
