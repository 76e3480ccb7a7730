"""The end of a round: the score, the personal best, and a review of every question."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizgame.core.generate import answer_text
from quizgame.core.packs import Pack
from quizgame.core.round import GameSetup, Round
from quizgame.core.scoring import rank_key
from quizgame.tui.screens.turn import scoreboard
from quizgame.tui.text import highlight, plain


class ResultsScreen(Screen[None]):
    BINDINGS = [
        Binding("p,enter", "again", "Play again"),
        Binding("h,escape", "home", "Home"),
        Binding("t", "stats", "Stats"),
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
            if len(r.players) > 1:
                yield Static(scoreboard(r), id="standings")
                yield Static(plain(winner_text(r), "bold"), id="winner")
            for p in r.players:
                yield Static(self._summary(p), classes="summary")
            yield Static(
                plain(
                    f"Seed {self.setup.seed}: `quizgame play --seed {self.setup.seed}` "
                    "replays these questions.",
                    "dim",
                ),
                id="seed",
            )
            yield Static("Review", classes="section-title", markup=False)
            for o in r.outcomes:
                yield Static(
                    self._review(o), classes="review -right" if o.correct else "review -wrong"
                )
        yield Footer()

    def _summary(self, p) -> Text:
        answered = p.answered
        avg = p.time_spent / answered if answered else 0.0
        best = self.previous_best.get(p.name)
        personal_best = p.correct > 0 and (best is None or rank_key(p.correct, p.score) > best)
        who = f"{p.name}: " if len(self.round.players) > 1 else ""
        text = Text.assemble(
            (f"{who}{p.correct}/{answered} correct", "bold"),
            f"   Score {p.score:,}   Accuracy {round(100 * p.accuracy)}%   "
            f"Average time {avg:.1f} s   Best streak {p.best_streak}",
        )
        if personal_best:
            text.append("   ★ Personal best!", style="bold")
        return text

    def _review(self, o) -> Text:
        q = o.question
        mark = "✔" if o.correct else "✘"
        text = Text.assemble((f"{o.number}. {mark} ", "bold"), plain(q.prompt))
        if len(self.round.players) > 1:
            text.append(f"  ({o.player})", style="dim")
        text.append("\n   You: ", style="dim")
        text.append_text(plain(o.given or "(no answer — time ran out)"))
        text.append("   Right: ", style="dim")
        text.append_text(plain(answer_text(q, numbered=True)))
        text.append("\n   Source: ", style="dim")
        needles = [str(q.answer)] if q.kind != "order" else []
        text.append_text(highlight(q.source.quote, needles + list(q.accepted)))
        text.append_text(plain(f" — {q.source.citation}", "italic dim"))
        return text

    async def action_again(self) -> None:
        from quizgame.tui.screens.game import GameScreen

        setup = replace(self.setup, seed=self.app.new_seed())  # type: ignore[attr-defined]
        questions = await self.app.prepare_round(self.pack, setup)  # type: ignore[attr-defined]
        if not questions:
            return  # nothing due for practice: prepare_round said so
        self.app.switch_screen(GameScreen(self.pack, setup, questions))

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]

    def action_stats(self) -> None:
        from quizgame.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())


def winner_text(round: Round) -> str:
    """Who won a hot-seat round; equal right answers and points are a tie, not a coin toss."""
    standings = round.standings()
    best = rank_key(standings[0].correct, standings[0].score)
    top = [p.name for p in standings if rank_key(p.correct, p.score) == best]
    if len(top) == 1:
        return f"🏆 {top[0]} wins!"
    return f"🤝 It's a tie between {', '.join(top[:-1])} and {top[-1]}!"
