"""The start-up reference: a bare Textual app that shows a label and four buttons, nothing else.

``benchmarks/bench_startup.py`` starts it exactly as it starts ``quizgame play`` (same Python,
same pseudo-terminal, same size) and times both until their text is on screen.
"""

from textual.app import App, ComposeResult
from textual.widgets import Button, Label

LABEL = "Bare Textual app: which of these four buttons?"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(LABEL)
        for n in range(1, 5):
            yield Button(f"Option {n}")


if __name__ == "__main__":
    BareApp().run()
