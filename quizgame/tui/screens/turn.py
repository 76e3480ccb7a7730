"""Hot-seat: the scoreboard between turns, and whose turn it is now."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from quizgame.core.round import Round
from quizgame.tui.text import number, plain


def scoreboard(round: Round) -> Table:
    table = Table(box=None, pad_edge=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("Player")
    table.add_column("Right", justify="right")
    table.add_column("Points", justify="right")
    for n, p in enumerate(round.standings(), 1):
        # plain(), not a str: Rich would read a str cell (a typed player name) as markup
        table.add_row(str(n), plain(p.name), f"{p.correct}/{p.answered}", number(p.score))
    return table


class TurnScreen(ModalScreen[None]):
    """Whose turn it is, before their clock starts; between turns, the scoreboard too."""

    BINDINGS = [
        Binding("enter,space", "go", "Start my turn", tooltip="Start your turn: the clock runs.")
    ]

    def __init__(self, round: Round, *, first: bool = False) -> None:
        super().__init__()
        self.round = round
        self.first = first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="turn"):
            if self.first:
                names = [p.name for p in self.round.players]
                yield Static(
                    plain(f"Hot-seat: {', '.join(names[:-1])} and {names[-1]}"),
                    classes="dialog-title",
                )
                yield Static(
                    "Take turns on this keyboard; the clock starts when each player is ready.",
                    markup=False,
                )
            else:
                yield Static("Scoreboard", classes="dialog-title")
                yield Static(scoreboard(self.round), id="scoreboard")
            yield Static(plain(f"{self.round.player.name}, your turn!", "bold"), id="next-player")
            yield Static("Press Enter when you are ready.", classes="dialog-hint")
        yield Footer(compact=True)

    def action_go(self) -> None:
        self.dismiss(None)
