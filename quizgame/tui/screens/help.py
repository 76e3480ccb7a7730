"""Every key, screen by screen, read from the bindings themselves (so the help cannot drift from
the keys that work): a row per description, its keys, and the binding's tooltip if it has one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizgame.tui.base import QuizScreen

MODES_TEXT = (
    "Classic: 10 mixed questions, a timer on each.  Blitz: 60 seconds, as many as you can.  "
    "Survival: until three wrong.  Practice: the facts you are due to review (spaced repetition), "
    "no timer.  Hot-seat: 2–4 players take turns on one keyboard.\n\n"
    "Points: a right answer earns 500–1000 (faster is more) plus a streak bonus of 100 per right "
    "answer in a row, up to 500. Rankings count right answers first; points only break ties."
)

#: What the command palette (ctrl+p) offers, for its row in the help.
PALETTE = (
    "Command palette: theme (remembered for your profile and as the default for new ones), "
    "terminal bell on right answers (off at first), auto-advance after feedback (off at first), "
    "screenshot."
)


@dataclass(frozen=True)
class Place:
    """A screen (or the whole app) and the keys that work there."""

    title: str
    bindings: Sequence[BindingType]
    #: (keys, what they do) for keys that are not bindings of ours: typing into a field.
    notes: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class KeyRow:
    keys: str
    does: str


def key_name(key: str) -> str:
    """One key as the help writes it: "ctrl+s", "shift+↑", "?", "enter"."""
    modifiers, name = Binding(key, "").parse_key()
    shown = "enter" if name == "enter" else format_key(name)
    return "+".join([*modifiers, shown])


def key_list(keys: Sequence[str]) -> str:
    """Keys joined by commas, with runs of three or more in a row shortened: 1–4, a–d."""
    parts: list[str] = []
    i = 0
    while i < len(keys):
        j = i
        while (
            j + 1 < len(keys)
            and len(keys[j]) == len(keys[j + 1]) == 1
            and ord(keys[j + 1]) == ord(keys[j]) + 1
        ):
            j += 1
        parts.append(f"{keys[i]}–{keys[j]}" if j - i >= 2 else ", ".join(keys[i : j + 1]))
        i = j + 1
    return ", ".join(parts)


def key_rows(bindings: Iterable[BindingType]) -> list[KeyRow]:
    """A row per description (shown in the key bar or not), in the order first bound; the
    binding's tooltip, where it has one, says more than the key bar's word."""
    keys: dict[str, list[str]] = {}
    says: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description or binding.system:
            continue
        names = keys.setdefault(binding.description, [])
        if key_name(binding.key) not in names:
            names.append(key_name(binding.key))
        if binding.tooltip and binding.description not in says:
            says[binding.description] = binding.tooltip
    return [KeyRow(key_list(names), says.get(d, d)) for d, names in keys.items()]


def places(app_bindings: Sequence[BindingType], palette_key: str) -> list[Place]:
    """Where the player can be, in the order they meet them, with each place's bindings."""
    from quizgame.tui.screens.export import ExportScreen
    from quizgame.tui.screens.feedback import FeedbackScreen
    from quizgame.tui.screens.game import GameScreen
    from quizgame.tui.screens.home import HomeScreen
    from quizgame.tui.screens.results import ResultsScreen
    from quizgame.tui.screens.stats import StatsScreen
    from quizgame.tui.screens.turn import TurnScreen
    from quizgame.tui.widgets.order import OrderList

    # Textual's own keys for moving the focus, in one row of our words.
    focus = [
        Binding(b.key, b.action, "Move between controls.")
        for b in Screen.BINDINGS
        if isinstance(b, Binding) and b.action.startswith("app.focus_")
    ]
    return [
        Place(
            "Everywhere",
            [
                *app_bindings,
                Binding(palette_key, "command_palette", "Palette", tooltip=PALETTE),
                *focus,
            ],
            [("mouse", "Click anything you could pick with a key, too.")],
        ),
        Place("Home", HomeScreen.BINDINGS),
        Place("Export", ExportScreen.BINDINGS),
        Place(
            "A question",
            [*GameScreen.BINDINGS, *OrderList.BINDINGS],
            [("type, then enter", "Typed and fill-in-the-blank answers.")],
        ),
        Place("After an answer", FeedbackScreen.BINDINGS),
        Place("Hot-seat, between turns", TurnScreen.BINDINGS),
        Place("Results", ResultsScreen.BINDINGS),
        Place("Stats", StatsScreen.BINDINGS),
    ]


class HelpScreen(QuizScreen[None]):
    CSS_PATH = "pages.tcss"
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("quizgame — keys", style="bold"), classes="title")
            for place in places(self.app.BINDINGS, self.app.COMMAND_PALETTE_BINDING):
                table = Table.grid(padding=(0, 2), expand=True)
                table.title = place.title
                table.title_justify = "left"
                table.title_style = "bold"
                table.add_column("keys", style="bold", width=18, no_wrap=True)
                table.add_column("does", ratio=1)
                for row in key_rows(place.bindings):
                    table.add_row(row.keys, row.does)
                for keys, does in place.notes:
                    table.add_row(keys, does)
                yield Static(table, classes="help-section")
            yield Static(Text("Modes and points", style="bold"), classes="title")
            yield Static(MODES_TEXT, markup=False, classes="help-section")
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
