"""Hostile text is shown literally on every screen, and never drives the app or the terminal.

Driven with Pilot against the real app and a real profile. The screen is read whole (every
layer, dialogs and notifications included): each hostile token must be there exactly as written
— markup as brackets, control characters as visible symbols (␛, ␇, …) — and no raw control
character may be on screen at all. ``[@click=app.quit]`` is clicked wherever it is shown: the
app keeps running. (tests/tui/test_flows.py covers the question and feedback screens for a few
tokens; this goes through every screen with every token, plus names, reasons and paths.)

A pack *file* cannot hold control characters (the loader refuses them; see
test_escapes_in_a_pack_file_never_reach_the_terminal), so the in-game cases use a pack built in
memory, and the home and export screens use a pack file with markup only.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from quizgame.core.round import GameSetup
from quizgame.store.profile import Store
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.game import GameScreen
from quizgame.tui.screens.help import HelpScreen
from quizgame.tui.screens.home import HomeScreen
from quizgame.tui.screens.results import ResultsScreen
from quizgame.tui.screens.stats import StatsScreen
from quizgame.tui.screens.turn import TurnScreen

from .hostile import (
    ESCAPES,
    LONG,
    MARKUP,
    assert_literal,
    hostile_pack,
    make_app,
    paste,
    screen_text,
    until,
    write_pack,
)

WIDE = (180, 60)  # every token fits on a line, so each must appear whole
CLICKABLE = ("#pack-title", "#prompt", "#given", "#right-answer", "#quote", "#citation")


def _tokens_in(text: str) -> list[str]:
    from .hostile import TOKENS

    return [t for t in TOKENS if t in text]


def _saved(pilot) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, FeedbackScreen) and "Saved to" in str(
        screen.query_one("#saved").render()
    )


async def _click_everything(pilot, selectors=CLICKABLE) -> None:
    """Click every widget showing pack text: a live [@click=app.quit] would end the app."""
    for selector in selectors:
        if pilot.app.screen.query(selector):
            await pilot.click(selector)
    await pilot.pause()
    assert pilot.app.is_running


async def test_hostile_pack_through_question_feedback_report_results_and_stats(
    tmp_path: Path,
) -> None:
    pack = hostile_pack(tmp_path / "pack")
    data_dir = tmp_path / "data"
    setup = GameSetup(seed="5", questions=len(pack.facts), kinds=("choice", "truefalse"))
    app = make_app(data_dir, pack=pack, setup=setup)
    reason = "why " + " ".join((*MARKUP, *ESCAPES))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        game = None
        for n in range(len(pack.facts)):
            await until(
                pilot,
                lambda: isinstance(pilot.app.screen, GameScreen) and pilot.app.screen._answering,
                "a question",
            )
            game = pilot.app.screen
            q = game.question
            screen = screen_text(pilot.app)
            expected = [*_tokens_in(q.prompt), *_tokens_in(pack.title)]
            if q.kind == "choice":
                expected += [t for opt in q.options for t in _tokens_in(opt)]
            assert_literal(screen, *expected)
            if LONG in q.prompt or LONG in q.options:
                assert "W" * 60 in screen
            if n < 3:
                await _click_everything(pilot)
            if n == 1:  # help over a hostile question
                await pilot.press("f1")
                await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "help")
                assert "quizgame — keys" in screen_text(pilot.app)
                await pilot.press("escape")
                await until(pilot, lambda g=game: pilot.app.screen is g, "back to the question")
            await pilot.press("1" if q.kind == "choice" else "t")
            await until(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen), "feedback")
            await until(pilot, lambda: _saved(pilot), "saved")
            outcome = pilot.app.screen.outcome
            screen = screen_text(pilot.app)
            assert_literal(
                screen,
                *_tokens_in(outcome.given),
                *_tokens_in(q.answer_text(numbered=True)),
                *_tokens_in(q.source.quote),
                *_tokens_in(q.source.citation),
                *(_tokens_in(q.explanation) if q.kind == "truefalse" and not q.answer else []),
            )
            if n < 3:
                await _click_everything(pilot)
            if n == 0:  # report it, with a pasted reason full of escapes and markup
                await pilot.press("r")
                await until(pilot, lambda: pilot.app.screen.query("#text"), "report dialog")
                assert_literal(screen_text(pilot.app), *_tokens_in(q.prompt))
                await paste(pilot, reason)
                assert_literal(screen_text(pilot.app), *MARKUP[:3])  # the reason, as typed
                await pilot.press("enter")
                await until(
                    pilot,
                    lambda: (
                        isinstance(pilot.app.screen, FeedbackScreen) and pilot.app.screen.reported
                    ),
                    "reported",
                )
                await until(pilot, lambda: "Reported f" in screen_text(pilot.app), "thanks")
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen), "results")
        screen = screen_text(pilot.app)
        assert_literal(screen, *_tokens_in(pack.title))
        for o in game.round.outcomes[:3]:  # the review (the first ones are on screen)
            assert_literal(screen, *_tokens_in(o.question.prompt), *_tokens_in(o.given))
        await pilot.press("t")
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "stats")
        await until(pilot, lambda: pilot.app.screen.query("#stats-title"), "stats shown")
        await pilot.pause(0.1)
        screen = screen_text(pilot.app)
        tags = {t for o in game.round.outcomes for t in o.question.tags}
        assert_literal(screen, *[t for tag in tags for t in _tokens_in(tag)][:6])
        assert_literal(screen, *MARKUP[:3], "[b]packs[/]")  # the reason, the pack's file path
        assert "␛[31mRED␛[0m" in screen and pilot.app.is_running
    answers = Store.open(data_dir).stats().as_json()["answers"]
    assert answers == len(pack.facts)


async def test_home_export_and_dialogs_show_names_and_titles_literally(tmp_path: Path) -> None:
    """Pack titles in the pickers, profile names, a new profile's name in a notification."""
    data_dir = tmp_path / "data"
    title = "Pack " + " ".join(MARKUP) + " שלום 😀"
    write_pack(
        data_dir / "packs",
        title=title,
        question=lambda i: f"Which {MARKUP[i % len(MARKUP)]} one {i}?",
    )
    owner = "[/]Ann[@click=app.quit]"
    with Store.open(data_dir) as store:
        store.create_profile(owner)
    app = make_app(data_dir, profile=owner)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home")
        home = pilot.app.screen
        picker = home.query_one("#pack", Select)
        await until(pilot, lambda: len(home.packs) >= 2, "packs listed")
        await pilot.pause(0.1)
        assert_literal(screen_text(pilot.app), owner)  # the profile picker
        hostile = next(p for p in home.packs if p.id == "hostile")
        picker.focus()
        await pilot.press("enter")  # open the list of packs
        await pilot.pause(0.2)
        assert_literal(screen_text(pilot.app), title)
        await pilot.press("escape")
        picker.value = str(hostile.path)
        await pilot.pause(0.1)
        assert_literal(screen_text(pilot.app), title)  # the picker's current value
        await _click_everything(pilot, ("#pack",))
        await pilot.press("escape")

        # A new profile whose name is markup, announced in a notification.
        home.focus()
        await pilot.press("n")
        await until(pilot, lambda: pilot.app.screen.query("#text"), "new profile dialog")
        name = "[/]Zed[b]"
        await paste(pilot, name)
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.profile_name == name, "profile created")
        await until(pilot, lambda: f"Created profile {name}." in screen_text(pilot.app), "toast")
        assert pilot.app.is_running

        # The export screen: the pack's title, and the files it will write.
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home again")
        await pilot.press("e")
        await until(pilot, lambda: "Will write" in screen_text(pilot.app), "export preview")
        screen = screen_text(pilot.app)
        assert_literal(screen, title)
        assert "hostile-quiz.gift" in screen
        await pilot.press("escape")

        # A round of it, left through the confirmation dialog.
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home again")
        await pilot.press("s")
        await until(
            pilot,
            lambda: isinstance(pilot.app.screen, GameScreen) and pilot.app.screen._answering,
            "a question of the hostile pack",
        )
        assert_literal(screen_text(pilot.app), title)
        await pilot.press("escape")
        await until(pilot, lambda: "Leave this round?" in screen_text(pilot.app), "dialog")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home at last")
        assert pilot.app.is_running


async def test_hot_seat_player_names_are_shown_literally(tmp_path: Path) -> None:
    """Names typed for hot-seat are in the scoreboards (Rich tables read str cells as markup)."""
    pack = hostile_pack(tmp_path / "pack")
    names = ("[/]Ann", "[bold]Ben[/bold]")
    setup = GameSetup(mode="hotseat", seed="6", questions=2, kinds=("choice",), players=names)
    app = make_app(tmp_path / "data", pack=pack, setup=setup)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        turns = 0
        while not isinstance(pilot.app.screen, ResultsScreen):
            await until(
                pilot,
                lambda: (
                    isinstance(pilot.app.screen, TurnScreen | ResultsScreen)
                    or (isinstance(pilot.app.screen, GameScreen) and pilot.app.screen._answering)
                ),
                "a question, a turn or the results",
            )
            if isinstance(pilot.app.screen, TurnScreen):
                turns += 1
                assert_literal(screen_text(pilot.app), *names)
                await pilot.press("enter")
            elif isinstance(pilot.app.screen, GameScreen):
                assert_literal(screen_text(pilot.app), names[pilot.app.screen.round.index % 2])
                await pilot.press("1")
                await until(pilot, lambda: _saved(pilot), "saved")
                await pilot.press("enter")
                await until(pilot, lambda: not isinstance(pilot.app.screen, FeedbackScreen), "next")
        assert turns >= 3
        assert_literal(screen_text(pilot.app), *names)
