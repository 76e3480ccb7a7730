"""Playing the game from tests the way a person does: with keys."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from quizgame.core.generate import Question
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.game import GameScreen

KEY_NAMES = {
    " ": "space",
    "-": "minus",
    ".": "full_stop",
    "'": "apostrophe",
    ",": "comma",
    "’": "right_single_quotation_mark",
}


async def until(pilot: Pilot, condition: Callable[[], bool], tries: int = 600) -> None:
    """Let the app run until ``condition`` holds (fails the test if it never does)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never reached the expected state")


def game(pilot: Pilot) -> GameScreen:
    screen = pilot.app.screen
    if isinstance(screen, GameScreen):
        return screen
    for s in reversed(pilot.app.screen_stack):
        if isinstance(s, GameScreen):
            return s
    raise AssertionError(f"no game on screen (top: {screen!r})")


async def on_question(pilot: Pilot) -> Question:
    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, GameScreen)
            and pilot.app.screen.question is not None
            and pilot.app.screen._answering
        ),
    )
    q = game(pilot).question
    assert q is not None
    return q


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


async def answer(pilot: Pilot, right: bool = True) -> Question:
    """Answer the question on screen, rightly or wrongly, with the keys a player would press."""
    q = await on_question(pilot)
    if q.kind == "choice":
        index = q.options.index(str(q.answer))
        if not right:
            index = (index + 1) % len(q.options)
        await pilot.press(str(index + 1))
    elif q.kind == "truefalse":
        await pilot.press("t" if bool(q.answer) == right else "f")
    elif q.kind in ("typed", "cloze"):
        await type_text(pilot, str(q.answer) if right else "definitely not this")
        await pilot.press("enter")
    else:
        items = list(q.items)
        target = list(q.answer) if right else list(q.answer)[::-1]
        cursor = 0
        for i, label in enumerate(target):  # selection sort with the move keys
            j = items.index(label)
            while cursor < j:
                await pilot.press("down")
                cursor += 1
            while cursor > j:
                await pilot.press("up")
                cursor -= 1
            while j > i:
                await pilot.press("shift+up")
                items[j - 1], items[j] = items[j], items[j - 1]
                j -= 1
                cursor -= 1
        await pilot.press("enter")
    await feedback_shown(pilot)
    return q


async def feedback_shown(pilot: Pilot) -> FeedbackScreen:
    """Wait until the feedback panel is on screen with its verdict composed."""
    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, FeedbackScreen)
            and bool(pilot.app.screen.query("#verdict"))
        ),
    )
    screen = pilot.app.screen
    assert isinstance(screen, FeedbackScreen)
    return screen


async def saved(pilot: Pilot) -> str:
    """Wait until the feedback says the answer is on disk; return what it says."""
    screen = pilot.app.screen
    assert isinstance(screen, FeedbackScreen)
    label = screen.query_one("#saved")
    await until(
        pilot,
        lambda: (
            "Sav" in str(label.render())
            and "…" not in str(label.render())
            or "Not saved" in str(label.render())
        ),
    )
    return str(label.render())


async def next_question(pilot: Pilot) -> None:
    await saved(pilot)
    await pilot.press("enter")


async def results_shown(pilot: Pilot) -> None:
    """Wait until the results screen is up with its contents composed (not only pushed)."""
    from quizgame.tui.screens.results import ResultsScreen

    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, ResultsScreen)
            and bool(pilot.app.screen.query("#results-title"))
        ),
    )
