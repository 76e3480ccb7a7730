"""Small dialogs: yes/no, a new profile's name, a report about a question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from quizgame.tui.text import plain


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; Enter/y confirms, Escape/n declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, detail: str = "", yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.detail, self.yes, self.no = title, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text, "bold"), classes="dialog-title")
            if self.detail:
                yield Static(plain(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (n)", id="no")
        # Its own key bar: the screen underneath would otherwise show keys that do not work here.
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextDialog(ModalScreen["str | None"]):
    """Asks for one line of text; Enter accepts, Escape cancels (returns None)."""

    BINDINGS = [
        Binding("enter", "confirm", "Confirm", show=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        detail: str = "",
        placeholder: str = "",
        *,
        allow_empty: bool = False,
        max_length: int = 0,
    ) -> None:
        super().__init__()
        self.title_text, self.detail, self.placeholder = title, detail, placeholder
        self.allow_empty = allow_empty
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text, "bold"), classes="dialog-title")
            if self.detail:
                yield Static(plain(self.detail), classes="dialog-detail")
            yield Input(placeholder=self.placeholder, max_length=self.max_length, id="text")
            yield Static("Enter to confirm, Escape to cancel.", classes="dialog-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value and not self.allow_empty:
            self.notify("Type something first, or press Escape.", timeout=3)
            return
        self.dismiss(value)

    async def action_confirm(self) -> None:
        await self.query_one(Input).action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportDialog(TextDialog):
    def __init__(self, prompt: str) -> None:
        super().__init__(
            "Report a problem with this question",
            f"“{prompt}”\nWhat is wrong? (optional: wrong answer, unclear, two right options…)",
            "What is wrong (optional)",
            allow_empty=True,
            max_length=500,
        )


class NewProfileDialog(TextDialog):
    def __init__(self) -> None:
        super().__init__("New profile", "A name of 1–32 characters.", "Name", max_length=32)
