"""Every key, screen by screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("ctrl+q or ctrl+c", "quit (every answer already given is saved)"),
            ("F1 or ?", "this help"),
            (
                "ctrl+p",
                "command palette: theme (remembered for your profile and as the default for"
                " new ones), terminal bell on right answers (off at first), auto-advance after"
                " feedback (off at first), screenshot",
            ),
            ("tab / shift+tab", "move between controls; the mouse works too"),
        ],
    ),
    (
        "Home",
        [
            ("s", "start a round with the settings shown (Enter too, on Start or in Players)"),
            ("n", "new profile"),
            ("t", "your stats"),
            ("e", "export a quiz for a class (Moodle, Canvas, Anki, Kahoot, print…)"),
        ],
    ),
    ("Export", [("ctrl+s", "write the files (Escape goes back)")]),
    (
        "A question",
        [
            ("1–4", "choose an option (a–d work too)"),
            ("t / f", "true or false"),
            ("type, then Enter", "typed and fill-in-the-blank answers"),
            ("↑ ↓", "timeline: pick an event"),
            ("shift+↑ ↓ or [ ]", "timeline: move the picked event up or down"),
            ("Enter", "timeline: submit the order"),
            ("Escape", "leave the round (your answers so far are kept)"),
        ],
    ),
    (
        "After an answer",
        [
            ("Enter or space", "next question"),
            ("r", "report a problem with the question (listed by `quizgame stats`)"),
        ],
    ),
    (
        "Results",
        [
            ("p or Enter", "play again"),
            ("h or Escape", "home"),
            ("t", "stats"),
        ],
    ),
]

MODES_TEXT = (
    "Classic: 10 mixed questions, a timer on each.  Blitz: 60 seconds, as many as you can.  "
    "Survival: until three wrong.  Practice: the facts you are due to review (spaced repetition), "
    "no timer.  Hot-seat: 2–4 players take turns on one keyboard.\n\n"
    "Points: a right answer earns 500–1000 (faster is more) plus a streak bonus of 100 per right "
    "answer in a row, up to 500. Rankings count right answers first; points only break ties."
)


class HelpScreen(Screen[None]):
    CSS_PATH = "pages.tcss"
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("quizgame — keys", style="bold"), classes="title")
            for section, rows in KEYS:
                table = Table(
                    title=section,
                    title_justify="left",
                    title_style="bold",
                    box=None,
                    show_header=False,
                    pad_edge=False,
                    expand=True,
                )
                table.add_column("key", style="bold", width=22, no_wrap=True)
                table.add_column("does")
                for key, does in rows:
                    table.add_row(key, does)
                yield Static(table, classes="help-section")
            yield Static(Text("Modes and points", style="bold"), classes="title")
            yield Static(MODES_TEXT, markup=False, classes="help-section")
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
