"""The countdown bar shown above a question."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TimerBar(Widget):
    """A bar that empties as time runs out, with the seconds left written beside it."""

    DEFAULT_CSS = """
    TimerBar { height: 1; width: 1fr; }
    TimerBar.-low { color: $error; }
    """

    total: reactive[float] = reactive(20.0)
    """Seconds the question allows (0 hides the bar: no timer)."""
    left: reactive[float] = reactive(20.0)
    """Seconds remaining."""

    def render(self) -> Text:
        if self.total <= 0:
            return Text("")
        label = f" {self.left:4.1f}s"
        width = max(1, self.size.width - len(label))
        filled = round(width * max(0.0, min(1.0, self.left / self.total)))
        return Text.assemble(("█" * filled, "bold"), ("░" * (width - filled), "dim"), label)

    def watch_left(self, left: float) -> None:
        self.set_class(self.total > 0 and left <= min(5.0, self.total / 4), "-low")
