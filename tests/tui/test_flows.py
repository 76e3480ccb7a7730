"""Every flow of the game, driven with keys through Pilot against a real SQLite profile."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Static

from quizgame.core.generate import KINDS
from quizgame.core.packs import Entity, Fact, Pack, Source
from quizgame.core.round import GameSetup
from quizgame.tui.screens.export import ExportScreen
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.game import GameScreen
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
    type_text,
    until,
)

SIZE = (100, 40)


def answers_in(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "profile.sqlite3") as conn:
        return conn.execute(
            "SELECT question_id, given, correct, points FROM answers ORDER BY id"
        ).fetchall()


async def test_right_answer_is_announced_scored_and_saved(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(seed="11", questions=3, kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        q = await answer(pilot, right=True)
        screen = pilot.app.screen
        assert isinstance(screen, FeedbackScreen)
        assert "✔ Correct" in str(screen.query_one("#verdict", Static).render())
        assert "Saved" in await saved(pilot)
        assert str(q.source.quote.split()[0]) in str(screen.query_one("#quote", Static).render())
        rows = answers_in(data_dir)
        assert rows == [(q.id, q.answer, 1, rows[0][3])] and rows[0][3] >= 500


async def test_wrong_answer_shows_the_right_one(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(seed="12", questions=3, kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        q = await answer(pilot, right=False)
        screen = pilot.app.screen
        assert "✘ Incorrect" in str(screen.query_one("#verdict", Static).render())
        assert str(q.answer) in str(screen.query_one("#right-answer", Static).render())
        await saved(pilot)
        assert answers_in(data_dir)[0][2:] == (0, 0)


async def test_time_out_counts_as_wrong(make_app, data_dir: Path, clock: FakeClock) -> None:
    app = make_app(GameSetup(seed="13", questions=2, kinds=("choice",)), timers=True)
    async with app.run_test(size=SIZE) as pilot:
        await on_question(pilot)
        clock.advance(21)
        await feedback_shown(pilot)
        assert "Time's up" in str(pilot.app.screen.query_one("#verdict", Static).render())
        await saved(pilot)
        ((qid, given, correct, points),) = answers_in(data_dir)
        assert (given, correct, points) == ("", 0, 0)


async def test_classic_round_to_results_with_review(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(seed="14", questions=5))
    async with app.run_test(size=SIZE) as pilot:
        kinds = []
        for n in range(5):
            q = await answer(pilot, right=n != 2)
            kinds.append(q.kind)
            await next_question(pilot)
        await results_shown(pilot)
        text = " ".join(str(w.render()) for w in pilot.app.screen.query(Static))
        assert "4/5 right" in text
        # The first round of a mode on a pack beats nothing: no "personal best" yet.
        assert "first Classic round" in text and "personal best" not in text.lower()
        assert len(pilot.app.screen.query(".review")) == 5
        assert len(set(kinds)) >= 3, kinds
    store = open_store(data_dir)
    game_row = store.stats(store.profile().name).as_json()["games"][0]
    assert game_row["finished"] and (game_row["correct"], game_row["total"]) == (4, 5)


async def test_typed_cloze_and_order_answers(make_app, data_dir: Path, timeline_pack) -> None:
    for kind in ("typed", "cloze", "order"):
        pack = timeline_pack if kind == "order" else None  # the bundled pack asks no timelines
        app = make_app(GameSetup(seed="15", questions=2, kinds=(kind,)), pack=pack)
        async with app.run_test(size=SIZE) as pilot:
            q = await answer(pilot, right=True)
            assert q.kind == kind
            assert "✔ Correct" in str(pilot.app.screen.query_one("#verdict", Static).render())
            await saved(pilot)


async def test_typed_answer_with_a_typo_is_accepted_and_said_so(make_app) -> None:
    app = make_app(GameSetup(seed="16", questions=10, kinds=("typed",)))
    async with app.run_test(size=SIZE) as pilot:
        while True:
            q = await on_question(pilot)
            if len(str(q.answer)) >= 8 and not any(c.isdigit() for c in str(q.answer)):
                break
            await answer(pilot)
            await next_question(pilot)
        typo = str(q.answer)[:-2] + str(q.answer)[-1] + str(q.answer)[-2]  # swap the last two
        await type_text(pilot, typo)
        await pilot.press("enter")
        await feedback_shown(pilot)
        verdict = str(pilot.app.screen.query_one("#verdict", Static).render())
        assert "Correct" in verdict and "typo" in verdict


async def test_blitz_ends_when_the_minute_is_up(make_app, data_dir: Path, clock: FakeClock) -> None:
    app = make_app(GameSetup(mode="blitz", seed="17", kinds=("choice", "truefalse")), timers=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(20)
        await answer(pilot)
        await next_question(pilot)
        await on_question(pilot)
        clock.advance(45)  # the clock runs out with a question on screen
        await results_shown(pilot)
    assert len(answers_in(data_dir)) == 1


async def test_survival_ends_after_three_wrong(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(mode="survival", seed="18", kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, right=True)
        await next_question(pilot)
        for _ in range(3):
            await answer(pilot, right=False)
            await next_question(pilot)
        await results_shown(pilot)
    assert [r[2] for r in answers_in(data_dir)] == [1, 0, 0, 0]


async def test_practice_asks_due_facts_without_a_timer(
    make_app, bundled: Pack, data_dir: Path
) -> None:
    store = open_store(data_dir)
    profile = store.profile().name
    due = store.due_facts(profile, bundled.id, [f.id for f in bundled.facts])
    store.close()
    setup = GameSetup(mode="practice", seed="19", questions=3)
    from quizgame.core.round import build_questions

    questions = build_questions(bundled, setup, due)
    app = make_app(setup, questions=questions, timers=True)
    async with app.run_test(size=SIZE) as pilot:
        q = await on_question(pilot)
        assert q.fact == due[0]
        assert game(pilot).round.time_limit() is None
        await answer(pilot)
        await saved(pilot)


async def test_hot_seat_takes_turns_with_a_scoreboard(make_app, data_dir: Path) -> None:
    app = make_app(
        GameSetup(mode="hotseat", seed="20", questions=2, kinds=("choice",), players=("Ana", "Ben"))
    )
    async with app.run_test(size=SIZE) as pilot:
        # The first player is named before any clock runs.
        await until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, TurnScreen) and pilot.app.screen.query("#next-player")
            ),
        )
        assert "Ana, your turn" in " ".join(str(s.render()) for s in pilot.app.screen.query(Static))
        assert not game(pilot)._answering
        await pilot.press("enter")
        players = []
        for n in range(4):
            await on_question(pilot)
            players.append(game(pilot).round.player.name)
            await answer(pilot, right=n % 2 == 0)
            await next_question(pilot)
            if n < 3:
                await until(
                    pilot,
                    lambda: (
                        isinstance(pilot.app.screen, TurnScreen)
                        and pilot.app.screen.query("#next-player")
                    ),
                )
                assert "your turn" in " ".join(
                    str(s.render()) for s in pilot.app.screen.query(Static)
                )
                await pilot.press("enter")
        await results_shown(pilot)
        text = " ".join(str(s.render()) for s in pilot.app.screen.query(Static))
        assert "Ana wins" in text
    assert players == ["Ana", "Ben", "Ana", "Ben"]
    store = open_store(data_dir)
    assert {"Ana", "Ben"} <= {p.name for p in store.profiles()}
    assert (
        store.stats("Ana").as_json()["correct"] == 2
        and store.stats("Ben").as_json()["correct"] == 0
    )
    assert store.profile().name == "Player", "the profile that set up the round stays current"


async def test_quitting_mid_game_keeps_every_answer(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(seed="21", questions=5, kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await answer(pilot)
            await next_question(pilot)
        await on_question(pilot)
        await pilot.press("ctrl+q")
    assert len(answers_in(data_dir)) == 2
    store = open_store(data_dir)
    g = store.stats(store.profile().name).as_json()["games"][0]
    assert not g["finished"] and g["total"] == 2


async def test_leaving_a_round_asks_and_returns_home(make_app, data_dir: Path) -> None:
    app = make_app(GameSetup(seed="22", questions=5, kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot)
        await next_question(pilot)
        await on_question(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    assert len(answers_in(data_dir)) == 1


async def test_reporting_a_question_lists_it_in_stats(
    make_app, data_dir: Path, bundled: Pack
) -> None:
    app = make_app(GameSetup(seed="23", questions=2, kinds=("choice",)))
    async with app.run_test(size=SIZE) as pilot:
        q = await answer(pilot)
        await saved(pilot)
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen.query("#text"))
        await type_text(pilot, "two right options")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(pilot.app.screen, FeedbackScreen) and pilot.app.screen.reported,
        )
    result = subprocess.run(
        [sys.executable, "-m", "quizgame", "--data-dir", str(data_dir), "stats", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    reported = json.loads(result.stdout)["reported"]
    fact = bundled.fact(q.fact)
    assert reported[0]["fact"] == q.fact and reported[0]["line"] == fact.line
    assert reported[0]["reason"] == "two right options"
    assert reported[0]["pack_file"].endswith("jimmy-page.yaml")


def hostile_pack(tmp_path: Path) -> Pack:
    texts = ["[bold]Loud[/bold]", "[@click=app.quit]Quit[/]", "\x1b[31mRed\x1b[0m", "Plain"]
    doc = tmp_path / "doc.txt"
    doc.write_text(" ".join(texts), encoding="utf-8")
    facts = tuple(
        Fact(
            id=f"f{i}",
            statement=f"The answer is {t}.",
            questions=(f"Which one is {i} [b]?",),
            answer=t,
            answer_kind="thing",
            source="d",
            quote=t,
            tags=("x",),
        )
        for i, t in enumerate(texts)
    )
    return Pack(
        id="hostile",
        title="[red]Hostile[/red] pack",
        description="",
        language="en",
        licence="",
        authors=(),
        version="1",
        sources={"d": Source("d", "doc.txt", doc, "Doc [i]")},
        pools={"thing": tuple(Entity(v) for v in ("Alpha", "Beta", "Gamma"))},
        groups={},
        facts=facts,
        path=tmp_path / "hostile.yaml",
        _index={f.id: f for f in facts},
    )


async def test_pack_text_is_shown_literally(make_app, tmp_path: Path) -> None:
    pack = hostile_pack(tmp_path)
    app = make_app(GameSetup(seed="24", questions=4, kinds=("choice",)), pack=pack)
    async with app.run_test(size=SIZE) as pilot:
        await on_question(pilot)
        screen = pilot.app.screen
        bar = str(screen.query_one("#scorebar").render())
        assert bar.startswith("[red]Hostile[/red] pack  ")
        buttons = " ".join(str(b.label) for b in screen.query(".option"))
        q = game(pilot).question
        for option in q.options:
            shown = option.replace("\x1b", "␛")
            assert shown in buttons
        await pilot.press("1")
        await feedback_shown(pilot)
        assert pilot.app.is_running  # [@click=app.quit] did nothing
        quote = str(pilot.app.screen.query_one("#quote", Static).render())
        assert "\x1b" not in quote and (q.source.quote.replace("\x1b", "␛") in quote)


async def test_play_shows_exactly_what_export_writes(
    make_app, timeline_pack_path: Path, timeline_pack: Pack, tmp_path: Path
) -> None:
    out = tmp_path / "quiz.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "quizgame",
            "export",
            "--pack",
            str(timeline_pack_path),  # the bundled facts with their timelines
            "--format",
            "json",
            "--seed",
            "771",
            "--count",
            "6",
            "--kinds",
            "choice,truefalse,order",
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    exported = json.loads(out.read_text(encoding="utf-8"))["questions"]
    assert "order" in {q["kind"] for q in exported}
    setup = GameSetup(seed="771", questions=6, kinds=("choice", "truefalse", "order"))
    app = make_app(setup, pack=timeline_pack)
    async with app.run_test(size=SIZE) as pilot:
        for expected in exported:
            q = await on_question(pilot)
            assert (q.id, q.prompt) == (expected["id"], expected["prompt"])
            if q.kind == "choice":
                labels = [str(b.label).split("  ", 1)[1] for b in pilot.app.screen.query(".option")]
                assert labels == expected["options"]
            if q.kind == "order":
                assert list(q.items) == expected["items"]
            await answer(pilot)
            await next_question(pilot)


async def test_small_terminal_asks_to_be_larger(make_app) -> None:
    app = make_app(GameSetup(seed="25", questions=2, kinds=("choice",)))
    async with app.run_test(size=(50, 15)) as pilot:
        await until(pilot, lambda: pilot.app.screen.query("#too-small"))
        assert "larger" in str(pilot.app.screen.query_one("#too-small", Static).render())
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: isinstance(pilot.app.screen, GameScreen))


async def test_theme_is_remembered_per_profile(make_app, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        pilot.app.theme = "nord"
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        assert pilot.app.theme == "nord"


async def test_home_starts_a_round_and_creates_a_profile(make_app, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.packs
        )
        await pilot.press("n")
        await until(pilot, lambda: pilot.app.screen.query("#text"))
        await type_text(pilot, "Zoe")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.profile_name == "Zoe")
        await pilot.press("s")
        q = await on_question(pilot)
        assert q is not None
        await answer(pilot)
        await saved(pilot)
    store = open_store(data_dir)
    assert store.stats("Zoe").as_json()["answers"] == 1


async def test_keys_pressed_before_the_packs_arrive_wait_for_them(make_app, monkeypatch) -> None:
    import threading

    import quizgame.catalogue as catalogue

    release = threading.Event()
    real = catalogue.installed_packs

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue, "installed_packs", slow)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        for key in ("e", "s"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, HomeScreen), key
        shown = [n.message for n in pilot.app._notifications]
        assert sum("still loading" in m for m in shown) == 2, shown
        release.set()
        await until(pilot, lambda: pilot.app.screen.packs)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        await until(pilot, lambda: pilot.app.screen.pack is not None)
        assert pilot.app.screen.pack.id == "jimmy-page"


async def test_input_keys_do_not_trigger_screen_bindings(make_app) -> None:
    app = make_app(GameSetup(seed="26", questions=2, kinds=("typed",)))
    async with app.run_test(size=SIZE) as pilot:
        await on_question(pilot)
        await type_text(pilot, "tf1ab")
        assert pilot.app.screen.query_one(Input).value == "tf1ab"
        assert isinstance(pilot.app.screen, GameScreen)


def test_equal_hot_seat_results_are_a_tie() -> None:
    from quizgame.core.round import RULES, PlayerState, Round
    from quizgame.tui.screens.results import winner_text

    r = Round(
        [],
        RULES["hotseat"],
        [
            PlayerState("Ana", score=900, correct=2),
            PlayerState("Ben", score=900, correct=2),
            PlayerState("Cy", score=5000, correct=1),
        ],
    )
    assert winner_text(r) == "🤝 It's a tie between Ana and Ben!"
    r.players[1].score = 899
    assert winner_text(r) == "🏆 Ana wins!"


async def test_export_asks_before_overwriting_a_file(make_app, tmp_path: Path) -> None:
    from quizgame.tui.screens.dialogs import ConfirmDialog

    target = tmp_path / "quiz.gift"
    target.write_text("the teacher's own notes\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await until(pilot, lambda: pilot.app.screen.packs)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        await until(pilot, lambda: pilot.app.screen.pack is not None)
        pilot.app.screen.query_one("#destination", Input).value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        assert pilot.app.screen.detail == f"{target} already exists"
        await pilot.press("n")  # Cancel: the file is left alone
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        await pilot.pause(0.1)
        assert target.read_text(encoding="utf-8") == "the teacher's own notes\n"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: "::" in target.read_text(encoding="utf-8"))
        shown = [n.title for n in pilot.app._notifications]
        assert "Exported" in shown


async def test_home_refuses_the_same_player_twice(make_app, data_dir: Path) -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await until(pilot, lambda: pilot.app.screen.packs)
        home = pilot.app.screen
        home.query_one("#mode", Select).value = "hotseat"
        await until(pilot, lambda: home.query_one("#players-row").display)
        home.query_one("#players", Input).value = "Ana, Ana, Ben"
        home.query_one("#players", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app._notifications)
        await pilot.pause(0.1)
        assert pilot.app.screen is home, "no round starts"
        (message,) = [n.message for n in pilot.app._notifications]
        assert "different names" in message
        # The same sentence as `quizgame play --mode hotseat --players Ana,Ana,Ben` says.
        cli = subprocess.run(
            [sys.executable, "-m", "quizgame", "--data-dir", str(data_dir), "play"]
            + ["--mode", "hotseat", "--players", "Ana,Ana,Ben"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (cli.returncode, cli.stderr) == (2, f"quizgame: {message}\n")
        home.query_one("#players", Input).value = "Ana, Ben"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, TurnScreen))
        assert [p.name for p in game(pilot).round.players] == ["Ana", "Ben"]


async def test_export_preview_follows_the_kinds_ticked(make_app) -> None:
    from textual.widgets import Checkbox

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await until(pilot, lambda: pilot.app.screen.packs)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        screen = pilot.app.screen

        def preview() -> str:
            return str(screen.query_one("#preview", Static).render())

        await until(pilot, lambda: "Preview:" in preview())
        for box in screen.query(Checkbox):
            box.value = False
        await until(pilot, lambda: "Pick at least one kind of question." in preview())
        screen.query_one("#kind-truefalse", Checkbox).value = True
        await until(pilot, lambda: "Preview:" in preview())


async def test_enter_gives_the_order_even_with_the_list_unfocused(make_app, timeline_pack) -> None:
    app = make_app(GameSetup(seed="5", questions=1, kinds=("order",)), pack=timeline_pack)
    async with app.run_test(size=SIZE) as pilot:
        q = await on_question(pilot)
        order = pilot.app.screen.query_one("#order")
        await until(pilot, lambda: order.has_focus)
        pilot.app.screen.set_focus(None)
        await pilot.press("shift+down", "enter")  # the list is not focused: no move, but Enter
        shown = await feedback_shown(pilot)
        assert shown.outcome.given == " → ".join(q.items)  # the order as it was shown


async def test_home_dims_the_kinds_a_pack_cannot_make(make_app, data_dir: Path) -> None:
    """The bundled pack makes no timelines: the box is dimmed, unticked and says why; a pack with
    timelines ticks it again."""
    from quizgame.tui.widgets.kinds import KindPicker

    from ..timelines import write_timeline_pack

    other = write_timeline_pack(data_dir, packs="packs")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.packs
        )
        picker = pilot.app.screen.query_one(KindPicker)
        timeline = picker.query_one("#kind-order")
        await until(pilot, lambda: timeline.disabled)
        assert not timeline.value and "no timeline questions" in str(timeline.tooltip)
        assert picker.kinds == ("choice", "truefalse", "typed", "cloze")
        pilot.app.screen.query_one("#pack").value = str(other)
        await until(pilot, lambda: not timeline.disabled)
        assert timeline.value and picker.kinds == KINDS
