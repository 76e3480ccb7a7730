"""What a player expects (issue 15): focus, honest stats, a replay command that replays, keys
said once, nothing clipped, words that agree, a theme that stays, and a little joy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Footer, Select, Static
from textual.widgets._select import SelectOverlay

from quizgame import cli
from quizgame.cli.play import _prepare, use_or_create_profile
from quizgame.core.round import GameSetup
from quizgame.tui.screens.dialogs import ConfirmDialog
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.home import HomeScreen
from quizgame.tui.screens.turn import TurnScreen

from .conftest import FakeClock, open_store
from .helpers import (
    answer,
    feedback_shown,
    game,
    next_question,
    on_question,
    results_shown,
    saved,
    until,
)

SMALL = (80, 24)
TINY = (60, 20)


def texts(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static))


def shown_keys(screen) -> dict[str, str]:
    """What the key bar lists: description -> key as shown."""
    keys = {}
    for key, active in screen.active_bindings.items():
        if active.binding.show and active.enabled:
            keys[active.binding.description] = active.binding.key_display or key
    return keys


def visible(app, widget) -> bool:
    """Is the widget on screen, where nothing covers it?"""
    region = widget.region
    if not region or region.bottom > app.size.height or region.right > app.size.width:
        return False
    under, _ = app.screen.get_widget_at(region.x, region.y)
    return under is widget or widget in under.ancestors_with_self


async def home_ready(pilot) -> HomeScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.packs)
    await pilot.pause()
    return pilot.app.screen


def games_in(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "profile.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM games").fetchone()[0]


# -- 1, 2: focus and the drop-downs -----------------------------------------------------------


async def test_enter_on_home_starts_the_round_the_screen_suggests(make_app) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        assert home.focused is home.query_one("#start", Button)
        await pilot.press("enter")
        await on_question(pilot)


async def test_drop_downs_list_no_loading_entry(make_app) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        await until(pilot, lambda: home.query_one("#profile", Select).value == "Player")
        for name in ("#profile", "#pack"):
            overlay = home.query_one(name, Select).query_one(SelectOverlay)
            prompts = [
                str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)
            ]
            assert prompts and not any("Loading" in p for p in prompts), prompts


# -- 3: a game with no answer is not history ---------------------------------------------------


async def test_quitting_before_answering_records_no_game(make_app, data_dir: Path) -> None:
    async with make_app(GameSetup(seed="1", questions=3)).run_test(size=SMALL) as pilot:
        await on_question(pilot)
        await pilot.press("ctrl+q")
    store = open_store(data_dir)
    stats = store.stats().as_json()
    assert (stats["games_played"], stats["games"], stats["best_scores"]) == (0, [], [])
    assert store.profile().games == 0


async def test_play_again_then_leaving_adds_no_game(make_app, data_dir: Path) -> None:
    setup = GameSetup(seed="2", questions=2, kinds=("choice",))
    async with make_app(setup).run_test(size=SMALL) as pilot:
        for _ in range(2):
            await answer(pilot)
            await next_question(pilot)
        await results_shown(pilot)
        await pilot.press("p")
        await on_question(pilot)
        await pilot.press("escape")
        await until(
            pilot,
            lambda: isinstance(pilot.app.screen, ConfirmDialog) and pilot.app.screen.query("#yes"),
        )
        assert "nothing is recorded" in texts(pilot.app.screen)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    assert games_in(data_dir) == 1
    stats = open_store(data_dir).stats().as_json()
    assert stats["games_played"] == 1 and stats["games_unfinished"] == 0
    assert [b["games"] for b in stats["best_scores"]] == [1]


def test_empty_games_from_older_versions_are_left_out(data_dir: Path) -> None:
    store = open_store(data_dir)
    for _ in range(3):  # what every `play` quit before the first answer used to leave
        store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    real = store.start_game(None, pack="p", mode="classic", seed="2", settings={})
    store.record_answer(
        real,
        question_id="q",
        fact="f",
        kind="choice",
        given="x",
        correct=True,
        points=900,
        response_ms=1000,
    )
    store.finish_game(real, score=900)
    stats = store.stats().as_json()
    assert (stats["games_played"], stats["games_unfinished"]) == (1, 0)
    assert [g["id"] for g in stats["games"]] == [real]
    assert stats["best_scores"] == [
        {"pack": "p", "mode": "classic", "games": 1, "finished": 1, "best": 900}
    ]
    assert store.profile().games == 1


# -- 4: the replay command replays -------------------------------------------------------------


def _replayed(command: str, data_dir: Path) -> list[str]:
    words = command.split()
    assert words[:2] == ["quizgame", "play"]
    args = cli.build_parser().parse_args([*words[1:], "--data-dir", str(data_dir)])
    args.data_dir = str(data_dir)
    _, setup, questions = _prepare(args)
    return [q.prompt for q in list(questions)[:4]]


async def test_replay_command_gives_the_same_blitz_round(
    make_app, data_dir: Path, clock: FakeClock
) -> None:
    setup = GameSetup(mode="blitz", kinds=("choice", "truefalse"), difficulty="hard", seed="77")
    app = make_app(setup, timers=True)
    async with app.run_test(size=SMALL) as pilot:
        asked = []
        for _ in range(4):
            asked.append((await answer(pilot)).prompt)
            await next_question(pilot)
        await on_question(pilot)
        clock.advance(61)
        await results_shown(pilot)
        command = str(pilot.app.screen.query_one("#seed", Static).render()).split(": ", 1)[1]
    assert "--mode blitz" in command and "--difficulty hard" in command
    assert "--kinds choice,truefalse" in command and "--seed 77" in command
    assert _replayed(command, data_dir) == asked


async def test_practice_results_offer_no_replay_command(make_app, bundled) -> None:
    from quizgame.core.round import build_questions

    setup = GameSetup(mode="practice", seed="3", questions=1)
    questions = build_questions(bundled, setup, [bundled.facts[0].id])
    async with make_app(setup, questions=questions).run_test(size=SMALL) as pilot:
        await answer(pilot)
        await next_question(pilot)
        await results_shown(pilot)
        assert not pilot.app.screen.query("#seed")
        assert "quizgame play" not in texts(pilot.app.screen)


# -- 5: the key bar and the prompt say the same thing ------------------------------------------


async def test_true_false_keys_are_said_one_way(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("truefalse",)))
    async with app.run_test(size=SMALL) as pilot:
        await on_question(pilot)
        await until(pilot, lambda: pilot.app.screen.query(Footer))
        keys = shown_keys(pilot.app.screen)
        assert keys["True"] == "t" and keys["False"] == "f"
        hint = str(pilot.app.screen.query_one("#hint", Static).render())
        assert "t for true" in hint and "f for false" in hint


async def test_timeline_key_bar_keeps_quit_and_help_at_80_columns(make_app, timeline_pack) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("order",)), pack=timeline_pack)
    async with app.run_test(size=SMALL) as pilot:
        await on_question(pilot)
        await until(pilot, lambda: pilot.app.screen.query(Footer))
        await pilot.pause()
        footer = pilot.app.screen.query_one(Footer)
        labels = " ".join(str(k.render()) for k in footer.query("FooterKey"))
        assert "Quit" in labels and "Help" in labels
        assert footer.virtual_size.width <= SMALL[0], "the key bar fits without scrolling"


async def test_leave_dialog_shows_its_own_keys(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("truefalse",)))
    async with app.run_test(size=SMALL) as pilot:
        await answer(pilot)
        await next_question(pilot)
        await on_question(pilot)
        await pilot.press("escape")
        await until(
            pilot,
            lambda: isinstance(pilot.app.screen, ConfirmDialog) and pilot.app.screen.query("#yes"),
        )
        dialog = pilot.app.screen
        assert dialog.query(Footer)
        keys = shown_keys(dialog)
        assert {"Yes", "No"} <= set(keys) and "True" not in keys
        assert "The 1 answer you gave is saved." in texts(dialog)


# -- 6: nothing clipped --------------------------------------------------------------------------


async def test_home_fits_the_minimum_terminal(make_app) -> None:
    async with make_app().run_test(size=TINY) as pilot:
        home = await home_ready(pilot)
        await pilot.pause()
        for widget in [*home.query(Checkbox), home.query_one("#start"), home.query_one("#go-help")]:
            assert visible(pilot.app, widget), widget


async def test_export_write_button_is_in_view(make_app) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("e")
        await until(pilot, lambda: pilot.app.screen.query("#write"))
        await pilot.pause()
        screen = pilot.app.screen
        assert visible(pilot.app, screen.query_one("#write"))
        assert screen.focused is screen.query_one("#format", Select)


async def test_saved_line_stays_in_view_with_a_long_source(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("typed",)))
    async with app.run_test(size=TINY) as pilot:
        await answer(pilot, right=False)
        await saved(pilot)
        await pilot.pause()
        label = pilot.app.screen.query_one("#saved", Static)
        assert "Saved to Player's profile" in str(label.render())
        assert visible(pilot.app, label)


async def test_score_bar_keeps_its_widths_as_the_score_grows(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=3, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        await on_question(pilot)
        bar = pilot.app.screen.query_one("#scorebar")
        before = str(bar.render())
        await answer(pilot)
        await next_question(pilot)
        await on_question(pilot)
        after = str(bar.render())
        assert "Score 0" in before and "Score 1,000" in after
        # the title ends in "…" where it is cut, at the same column whatever the score
        assert "…" in before and before.index("…") == after.index("…")
        assert before.index("Question") == after.index("Question")


# -- 7: words ---------------------------------------------------------------------------------


async def test_points_line_has_no_nested_parentheses(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        await answer(pilot)
        points = str(pilot.app.screen.query_one("#points", Static).render())
        assert points.startswith("Points: 1,000") and "(" not in points
        assert "for speed" in points


async def test_no_personal_best_for_a_first_round_without_points(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(2):
            await answer(pilot, right=False)
            await next_question(pilot)
        await results_shown(pilot)
        text = texts(pilot.app.screen).lower()
        assert "personal best" not in text and "score to beat" not in text
        assert not pilot.app.screen.query("#celebration")
        assert "longest run of right answers in this round" in text


async def test_a_real_personal_best_is_celebrated_once_beaten(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=2, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        for right in (False, True):
            await answer(pilot, right=right)
            await next_question(pilot)
        await results_shown(pilot)
        assert not pilot.app.screen.query("#celebration")
        await pilot.press("p")
        for _ in range(2):
            await answer(pilot)
            await next_question(pilot)
        await results_shown(pilot)
        banner = str(pilot.app.screen.query_one("#celebration", Static).render())
        assert "New personal best" in banner and "1 right answer" in banner


# -- 8: the theme ------------------------------------------------------------------------------


async def test_a_new_profile_opens_in_the_last_theme_chosen(make_app, data_dir: Path) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await until(pilot, lambda: pilot.app.profile_name == "Player")
        pilot.app.theme = "nord"
        await pilot.pause()
    store = open_store(data_dir)
    store.create_profile("Newcomer")
    store.create_profile("Own")
    store.set_setting("Own", "theme", "gruvbox")
    store.close()
    async with make_app(profile="Newcomer").run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await until(pilot, lambda: pilot.app.profile_name == "Newcomer")
        await pilot.pause()
        assert pilot.app.theme == "nord"
    async with make_app(profile="Own").run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await until(pilot, lambda: pilot.app.theme == "gruvbox")


# -- 9: the screenshot -------------------------------------------------------------------------


async def test_screenshot_is_saved_where_it_exists_and_said_plainly(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(tmp_path / "none"))
    monkeypatch.chdir(tmp_path)
    async with make_app().run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        pilot.app.action_save_screenshot()
        await until(pilot, lambda: any(tmp_path.glob("quizgame-*.svg")))
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
    saved_to = [m for m in messages if m.startswith("Saved to ")]
    assert saved_to and str(tmp_path) in saved_to[0] and "[" not in saved_to[0]


# -- 10: modes -----------------------------------------------------------------------------------


async def test_survival_says_how_many_lives_are_left(make_app) -> None:
    app = make_app(GameSetup(mode="survival", seed="18", kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        said = []
        for _ in range(3):
            await answer(pilot, right=False)
            said.append(str(pilot.app.screen.query_one("#lives", Static).render()))
            await next_question(pilot)
    assert said == ["2 lives left.", "1 life left.", "No lives left — the round is over."]


async def test_practice_says_when_a_fact_comes_back(make_app, bundled) -> None:
    from quizgame.core.round import build_questions

    setup = GameSetup(mode="practice", seed="3", questions=1)
    questions = build_questions(bundled, setup, [bundled.facts[0].id])
    async with make_app(setup, questions=questions).run_test(size=SMALL) as pilot:
        await answer(pilot)
        await saved(pilot)
        review = pilot.app.screen.query_one("#review", Static)
        await until(pilot, lambda: "comes back for review" in str(review.render()))


async def test_hot_seat_starts_from_the_players_field_and_names_the_first_player(
    make_app,
) -> None:
    async with make_app().run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        home.query_one("#mode", Select).value = "hotseat"
        await pilot.pause()
        home.query_one("#players").focus()
        await pilot.press(*"Ann,Bob")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, TurnScreen) and pilot.app.screen.query("#next-player")
            ),
        )
        assert "Ann, your turn" in texts(pilot.app.screen)
        assert not game(pilot)._answering, "no clock runs before Ann is ready"
        await pilot.press("enter")
        await on_question(pilot)
        assert game(pilot).round.player.name == "Ann"


def test_players_outside_hot_seat_are_refused(capsys) -> None:
    assert cli.main(["play", "--players", "Ann,Bob"]) == 2
    err = capsys.readouterr().err
    assert "--players" in err and "--mode hotseat" in err


def test_play_profile_creates_a_missing_profile(data_dir: Path) -> None:
    store = open_store(data_dir)
    assert use_or_create_profile(store, "kid") == ("kid", True)
    assert use_or_create_profile(store, "KID") == ("kid", False)
    assert store.profile().name == "kid"
    from quizgame.store.profile import ProfileError

    with pytest.raises(ProfileError):
        use_or_create_profile(store, "x" * 40)


# -- 11: joy ---------------------------------------------------------------------------------


async def test_right_answers_flash_and_wrong_ones_do_not(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgame.tui.screens import feedback

    monkeypatch.setattr(feedback, "FLASH_SECONDS", 1.0)  # long enough to be seen on a busy CI
    app = make_app(GameSetup(seed="5", questions=2, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        await answer(pilot)
        panel = pilot.app.screen.query_one("#feedback-panel")
        assert panel.has_class("-flash")
        await until(pilot, lambda: not panel.has_class("-flash"))
        await next_question(pilot)
        await answer(pilot, right=False)
        assert not pilot.app.screen.query_one("#feedback-panel").has_class("-flash")


async def test_bell_is_off_by_default_and_rings_once_turned_on(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=3, kinds=("choice",)))
    rings = []
    async with app.run_test(size=SMALL) as pilot:
        pilot.app.bell = lambda: rings.append(1)
        await answer(pilot)
        assert rings == [] and pilot.app.config.bell is False
        await next_question(pilot)
        pilot.app.action_toggle_bell()  # from the command palette
        rings.clear()
        await answer(pilot)
        assert rings == [1]
    from quizgame.tui import config

    assert config.load()[0].bell is True, "the setting is remembered"


async def test_auto_advance_moves_on_by_itself(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgame.tui.screens import feedback

    monkeypatch.setattr(feedback, "AUTO_ADVANCE_SECONDS", 0.2)
    app = make_app(GameSetup(seed="5", questions=3, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        pilot.app.config.auto_advance = True
        q = await on_question(pilot)
        await pilot.press(str(q.options.index(str(q.answer)) + 1))  # no key after this one
        await until(pilot, lambda: game(pilot).round.index == 1 and game(pilot)._answering)
        assert len(game(pilot).round.outcomes) == 1


async def test_feedback_waits_when_auto_advance_is_off(make_app) -> None:
    app = make_app(GameSetup(seed="5", questions=3, kinds=("choice",)))
    async with app.run_test(size=SMALL) as pilot:
        await answer(pilot)
        await pilot.pause(0.5)
        assert isinstance(pilot.app.screen, FeedbackScreen)
        await feedback_shown(pilot)


# -- 12: the command line ------------------------------------------------------------------------


def test_mistyped_command_gets_a_suggestion(capsys) -> None:
    assert cli.main(["plya"]) == 2
    assert "did you mean play?" in capsys.readouterr().err


def test_profiles_export_takes_o_like_export(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    argv = ["--data-dir", str(data_dir), "profiles", "export", "Player", "-o", str(target)]
    assert cli.main(argv) == 0
    assert target.exists()
    positional = tmp_path / "q.json"
    assert (
        cli.main(["--data-dir", str(data_dir), "profiles", "export", "Player", str(positional)])
        == 0
    )
    assert positional.exists()


async def test_home_shows_the_profile_that_plays_not_the_first_by_name(
    make_app, data_dir: Path
) -> None:
    store = open_store(data_dir)
    store.create_profile("Aaron")  # first by name; "Player" stays the one played last
    store.use_profile("Player")
    store.close()
    async with make_app().run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        await until(pilot, lambda: pilot.app.profile_name == "Player")
        await until(pilot, lambda: home.query_one("#profile", Select).value == "Player")
