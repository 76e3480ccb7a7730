"""The line above a question: pack, whose turn, progress, score, streak (and lives)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from quizgame.tui.text import literal

#: Fixed widths, so that nothing moves as the numbers grow: "Question 10/10", "Score 12,345",
#: "Streak 12 🔥  ♥♥♡".
PROGRESS, SCORE, STREAK, PLAYER = 14, 12, 17, 24
GAP = 2


class ScoreBar(Widget):
    """One line drawn as one widget (it is on the first frame of every round): the pack title
    takes the room the fixed-width parts leave, and ends in "…" when it does not fit."""

    COMPONENT_CLASSES = {"scorebar--title", "scorebar--player"}
    DEFAULT_CSS = """
    ScoreBar { height: 1; background: $panel; padding: 0 1; }
    ScoreBar > .scorebar--title { text-style: bold; }
    ScoreBar > .scorebar--player { text-style: bold; color: $accent; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = literal(title)
        self.player = ""
        self.progress = ""
        self.score = ""
        self.streak = ""

    def show(self, *, player: str, progress: str, score: str, streak: str) -> None:
        self.player, self.progress, self.score, self.streak = player, progress, score, streak
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width or 80
        line = Text(no_wrap=True, overflow="ellipsis")
        player = Text(literal(self.player), style=self.get_component_rich_style("scorebar--player"))
        player.truncate(PLAYER, overflow="ellipsis")
        fixed = PROGRESS + SCORE + STREAK + 3 * GAP
        if self.player:
            fixed += player.cell_len + GAP
        title = Text(self.title, style=self.get_component_rich_style("scorebar--title"))
        room = max(1, width - fixed)
        title.truncate(room, overflow="ellipsis", pad=True)
        line.append_text(title)
        line.append(" " * GAP)
        if self.player:
            line.append_text(player)
            line.append(" " * GAP)
        for part, size in ((self.progress, PROGRESS), (self.score, SCORE), (self.streak, STREAK)):
            line.append(part + " " * max(0, size - cell_len(part)))
            line.append(" " * GAP if size != STREAK else "")
        return line
