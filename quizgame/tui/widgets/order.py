"""A list the player puts in order with the keyboard (or the mouse)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from quizgame.tui.text import literal


class OrderList(Widget, can_focus=True):
    """Items to arrange: arrows pick one, shift+arrows (or [ and ]) move it; Enter posts
    ``OrderList.Submitted`` with the order given."""

    @dataclass
    class Submitted(Message):
        """The player gives this order as their answer."""

        order_list: OrderList
        order: tuple[str, ...]

        @property
        def control(self) -> OrderList:
            return self.order_list

    DEFAULT_CSS = """
    OrderList { height: auto; padding: 0 1; border: round $primary 50%; }
    OrderList:focus { border: round $accent; }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Pick", show=False, tooltip="Timeline: pick an event."),
        Binding("down,j", "cursor(1)", "Pick", show=False),
        # Short words: the key bar must keep ^q Quit and f1 Help in view at 60-80 columns.
        Binding(
            "shift+up,left_square_bracket,u",
            "move(-1)",
            "Up",
            key_display="⇧↑",
            tooltip="Timeline: move the picked event up.",
        ),
        Binding(
            "shift+down,right_square_bracket,d",
            "move(1)",
            "Down",
            key_display="⇧↓",
            tooltip="Timeline: move the picked event down.",
        ),
        Binding("enter", "submit", "Submit", tooltip="Timeline: submit the order."),
    ]

    cursor: reactive[int] = reactive(0)
    """The item picked to move."""

    def __init__(self, items: tuple[str, ...] | list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = list(items)

    def render(self) -> Text:
        text = Text()
        for i, item in enumerate(self.items):
            picked = i == self.cursor
            marker = "▶ " if picked else "  "
            line = Text.assemble(marker, (f"{i + 1}. ", "bold"), literal(item))
            if picked:
                line.stylize("reverse" if self.has_focus else "underline")
            text.append_text(line)
            if i < len(self.items) - 1:
                text.append("\n")
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        inner = max(10, width - 6)
        return sum(max(1, -(-len(literal(item)) // inner)) for item in self.items)

    def action_cursor(self, step: int) -> None:
        if self.items:
            self.cursor = (self.cursor + step) % len(self.items)

    def action_move(self, step: int) -> None:
        i, j = self.cursor, self.cursor + step
        if 0 <= j < len(self.items):
            self.items[i], self.items[j] = self.items[j], self.items[i]
            self.cursor = j
            self.refresh(layout=True)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, tuple(self.items)))

    def on_click(self, event: events.Click) -> None:
        # Lines can wrap, so find the item under the pointer by its wrapped height.
        inner = max(10, self.content_size.width - 4)
        y = event.y - 1
        for i, item in enumerate(self.items):
            rows = max(1, -(-len(literal(item)) // inner))
            if y < rows:
                if i == self.cursor:
                    self.action_move(-1)  # clicking the picked item lifts it one place
                else:
                    self.cursor = i
                return
            y -= rows
