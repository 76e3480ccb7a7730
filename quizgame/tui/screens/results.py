"""The end of a round: the score, the personal best, and a review of every question."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from quizgame.core.packs import Pack
from quizgame.core.round import GameSetup, Outcome, PlayerState, Round
from quizgame.core.scoring import rank_key
from quizgame.core.session import winner_text
from quizgame.tui.base import QuizScreen
from quizgame.tui.screens.turn import scoreboard
from quizgame.tui.text import count, highlight, number, plain, replay_command


class ResultsScreen(QuizScreen[None]):
    CSS_PATH = "pages.tcss"
    BINDINGS = [
        Binding("p,enter", "again", "Play again", tooltip="Another round with the same settings."),
        Binding("h,escape", "home", "Home", tooltip="Back to the home screen."),
        Binding("t", "stats", "Stats", tooltip="Your stats."),
    ]

    def __init__(
        self,
        pack: Pack,
        setup: GameSetup,
        round: Round,
        previous_best: dict[str, tuple[int, int] | None],
    ) -> None:
        super().__init__()
        self.pack, self.setup, self.round = pack, setup, round
        self.previous_best = previous_best

    def compose(self) -> ComposeResult:
        r = self.round
        with VerticalScroll(id="results"):
            yield Static(
                plain(f"Round over — {r.rules.title} · {self.pack.title}", "bold"),
                id="results-title",
            )
            bests = [p for p in r.players if self._beats_previous(p)]
            if bests:
                yield Static(self._celebration(bests), id="celebration")
            if len(r.players) > 1:
                yield Static(scoreboard(r), id="standings")
                yield Static(plain(winner_text(r), "bold"), id="winner")
            for p in r.players:
                yield Static(self._summary(p), classes="summary")
            command = self._replay()
            if command:
                yield Static(
                    Text.assemble(("Play these questions again: ", "dim"), plain(command)),
                    id="seed",
                )
            yield Static("Review", classes="section-title", markup=False)
            for o in r.outcomes:
                yield Static(
                    self._review(o), classes="review -right" if o.correct else "review -wrong"
                )
        yield Footer()

    def on_mount(self) -> None:
        if self.query("#celebration"):
            banner = self.query_one("#celebration")
            # A short celebration: the banner blinks three times, then stays lit.
            for n in range(6):
                self.set_timer(0.15 * (n + 1), lambda: banner.toggle_class("-blink"))
            if self.qapp.config.bell:
                self.qapp.bell()

    def _replay(self) -> str | None:
        launch = self.qapp.launch
        ref = None
        if launch.pack is self.pack and launch.pack_ref:
            ref = launch.pack_ref
        return replay_command(self.setup, self.pack.id, ref)

    def _beats_previous(self, p: PlayerState) -> bool:
        """A real personal best: this mode and pack were played before, and this beats it."""
        best = self.previous_best.get(p.name)
        return best is not None and p.correct > 0 and rank_key(p.correct, p.score) > best

    def _celebration(self, players: list[PlayerState]) -> Text:
        text = Text("★ New personal best! ★", style="bold")
        for p in players:
            best = self.previous_best[p.name]
            assert best is not None  # only players who beat an earlier best are celebrated
            right, points = best
            who = f"{p.name}: " if len(self.round.players) > 1 else ""
            text.append("\n")
            text.append_text(
                plain(
                    f"{who}{count(p.correct, 'right answer')}, {count(p.score, 'point')} — "
                    f"the best before was {count(right, 'right answer')}, {count(points, 'point')}."
                )
            )
        return text

    def _summary(self, p: PlayerState) -> Text:
        answered = p.answered
        avg = p.time_spent / answered if answered else 0.0
        best = self.previous_best.get(p.name)
        who = f"{p.name}: " if len(self.round.players) > 1 else ""
        text = Text.assemble(
            (f"{who}{number(p.correct)}/{number(answered)} right", "bold"),
            f"   Score {number(p.score)}   Accuracy {round(100 * p.accuracy)}%",
        )
        text.append(f"\nAverage time {avg:.1f} s per answer", style="dim")
        # "Streak" in Stats runs across rounds; this is the longest run in this round only.
        text.append(f"\nLongest run of right answers in this round: {p.best_streak}", style="dim")
        if best is None and p.correct > 0:
            text.append(
                f"\nYour first {self.round.rules.title} round on this pack: the score to beat.",
                style="dim",
            )
        return text

    def _review(self, o: Outcome) -> Table:
        q = o.question
        mark = "✔" if o.correct else "✘"
        # Two columns: a wrapped line lines up under the text it continues (a hanging indent).
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        body = plain(q.prompt, "bold")
        if len(self.round.players) > 1:
            body.append(f"  ({o.player})", style="dim")
        grid.add_row(Text(f"{o.number}. {mark}", style="bold"), body)
        given = Text.assemble(("You: ", "dim"), plain(o.given or "no answer — time ran out"))
        given.append("   Right: ", style="dim")
        given.append_text(plain(q.answer_text(numbered=True)))
        grid.add_row("", given)
        source = Text("Source: ", style="dim")
        source.append_text(highlight(q.source.quote, list(q.answer_words())))
        source.append_text(plain(f" — {q.source.citation}", "italic dim"))
        grid.add_row("", source)
        return grid

    async def action_again(self) -> None:
        setup = replace(self.setup, seed=self.qapp.new_seed())
        questions = await self.qapp.prepare_round(self.pack, setup)
        if not questions:
            return  # nothing due for practice: prepare_round said so
        self.qapp.start_round(self.pack, setup, questions, replace_screen=True)

    def action_home(self) -> None:
        self.qapp.go_home()

    def action_stats(self) -> None:
        from quizgame.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
