"""Damaged or unwritable state, end to end: a plain notice, a playable game, nothing deleted.

The real game in a terminal, started on a profile database of garbage bytes, on a data folder
that is a regular file, on a database path that is a folder, and with a corrupt (or
impossible) pack cache; then, through Pilot, a disk that is full from the start or fills up in
the middle of a round. Each time the game shows one plain sentence about it, plays to the
results screen, never claims "Saved to" when it is not saving, and every file that was there is
still there, unchanged (a damaged database moved aside with a timestamp, never deleted).
The Store-level behaviour is tested in tests/unit/test_store_robustness.py; this is what the
player sees.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from pathlib import Path

import pytest

from quizgame.core.cache import cache_key
from quizgame.core.round import GameSetup, build_questions
from quizgame.store import database
from quizgame.store.profile import Store
from quizgame.tui.screens.feedback import FeedbackScreen
from quizgame.tui.screens.results import ResultsScreen

from .hostile import make_app, screen_text, until
from .play import (
    BUNDLED,
    Player,
    answers,
    bundled,
    games,
    integrity,
    no_spaces,
    planned,
    play_args,
    toast_text,
)
from .terminal import TerminalGame

GARBAGE = bytes(random.Random(1).randrange(256) for _ in range(8192))


def files(root: Path) -> dict[str, str]:
    """Every file under root with a digest of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def play_round(game: TerminalGame, seed: str, count: int, *, saving: bool) -> Player:
    player = Player(game, planned(seed, count), random.Random(seed))
    player.expect_saved = saving
    player.play_through()
    return player


def quit_and_read_stderr(game: TerminalGame) -> str:
    """Quit with ctrl+q; what the game printed after leaving the full screen."""
    game.send("\x11")
    assert game.wait_exit() == 0
    out = game.raw()
    tail = out[out.rfind(b"\x1b[?1049l") :].decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?<>]*[a-zA-Z]", "", tail).strip()


def test_damaged_database_is_moved_aside_and_a_fresh_one_plays(spawn, data_dir: Path) -> None:
    data_dir.mkdir()
    db = data_dir / "profile.sqlite3"
    db.write_bytes(GARBAGE)
    game = spawn(*play_args(data_dir, "41", 3))
    screen = game.wait_for(lambda s: "damaged" in toast_text(s))
    assert "Yourprofiledatabasewasdamaged;itwasmovedto" in toast_text(screen)
    player = play_round(game, "41", 3, saving=True)
    said = quit_and_read_stderr(game)
    (moved,) = data_dir.glob("profile.sqlite3.corrupt-*")
    assert re.fullmatch(r"profile\.sqlite3\.corrupt-\d{8}-\d{6}", moved.name)
    assert moved.read_bytes() == GARBAGE  # kept, byte for byte
    assert said == (
        f"quizgame: Your profile database was damaged; it was moved to {moved} "
        "and a fresh one was started."
    )
    assert no_spaces(said.removeprefix("quizgame: ")) in toast_text(screen) + no_spaces(said)
    assert integrity(db) == [("ok",)]
    ((game_id, *_),) = games(db)
    assert answers(db, game_id) == [(g.question_id, g.given) for g in player.saved]


@pytest.mark.parametrize("where", ["data-dir-is-a-file", "database-is-a-folder"])
def test_unwritable_data_plays_without_saving_and_says_so(spawn, tmp_path: Path, where) -> None:
    if where == "data-dir-is-a-file":
        data_dir = tmp_path / "data"
        data_dir.write_text("a file where the data folder should be")
        expected = f"Scores are not being saved: the data folder {data_dir} cannot be created"
    else:
        data_dir = tmp_path / "data"
        (data_dir / "profile.sqlite3").mkdir(parents=True)
        (data_dir / "profile.sqlite3" / "keep.txt").write_text("mine")
        expected = "Scores are not being saved: the profile database cannot be written"
    before = files(tmp_path / "data") if data_dir.is_dir() else data_dir.read_bytes()
    game = spawn(*play_args(data_dir, "42", 3))
    screen = game.wait_for(lambda s: "notbeingsaved" in toast_text(s))
    assert no_spaces(expected) in toast_text(screen)
    play_round(game, "42", 3, saving=False)  # every feedback says "Not saved", none "Saved to"
    said = quit_and_read_stderr(game)
    assert said.startswith(f"quizgame: {expected}") and said.endswith(".")
    assert said.count("\n") == 0
    after = files(tmp_path / "data") if data_dir.is_dir() else data_dir.read_bytes()
    assert after == before  # nothing deleted, nothing changed, nothing added


@pytest.mark.parametrize("cache", ["corrupt-entry", "cache-folder-is-a-file"])
def test_a_broken_pack_cache_is_ignored(spawn, data_dir: Path, env, cache) -> None:
    root = Path(env["XDG_CACHE_HOME"]) / "quizgame"
    if cache == "corrupt-entry":
        entry = root / "packs" / f"{cache_key(BUNDLED.read_bytes(), BUNDLED)}.json"
        entry.parent.mkdir(parents=True)
        entry.write_bytes(GARBAGE)
    else:
        root.parent.mkdir(parents=True, exist_ok=True)
        root.write_text("not a folder")
    game = spawn(*play_args(data_dir, "43", 3))
    play_round(game, "43", 3, saving=True)
    assert quit_and_read_stderr(game) == ""  # nothing to tell the player
    if cache == "corrupt-entry":
        assert entry.read_bytes() != GARBAGE and entry.read_bytes().startswith(b"{")
    else:
        assert root.read_text() == "not a folder"


# -- a full disk (simulated in process: the connection refuses every write) --------------------

WRITES = ("BEGIN IMMEDIATE", "INSERT", "UPDATE", "DELETE", "COMMIT", "REPLACE")


class Disk:
    full = False


class FillingConnection:
    """A real connection whose writes fail with SQLite's "disk is full" once the disk is."""

    def __init__(self, conn: sqlite3.Connection, disk: type[Disk]) -> None:
        self._conn, self._disk = conn, disk

    def _check(self, sql: str) -> None:
        if self._disk.full and sql.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: object) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


@pytest.fixture
def disk(monkeypatch) -> type[Disk]:
    class ThisDisk(Disk):
        pass

    real = database.connect

    def connect(path: Path) -> FillingConnection:
        return FillingConnection(real(path), ThisDisk)

    monkeypatch.setattr(database, "connect", connect)
    return ThisDisk


def _saved_label(pilot) -> str:
    screen = pilot.app.screen
    if not isinstance(screen, FeedbackScreen):
        return ""
    text = str(screen.query_one("#saved").render())
    return "" if "…" in text else text


async def _answer_all(pilot, count: int, labels: list[str]) -> None:
    for _ in range(count):
        await until(pilot, lambda: pilot.app.screen.query(".option"), "a question")
        await pilot.press("1")
        await until(pilot, lambda: _saved_label(pilot), "the saved line")
        labels.append(_saved_label(pilot))
        await pilot.press("enter")


async def test_disk_full_in_the_middle_of_a_round(tmp_path: Path, disk) -> None:
    data_dir = tmp_path / "data"
    setup = GameSetup(seed="44", questions=5, kinds=("choice",))
    app = make_app(data_dir, pack=bundled(), setup=setup)
    labels: list[str] = []
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        sentence = "Scores are not being saved: the disk is full."
        await _answer_all(pilot, 2, labels)
        disk.full = True
        await _answer_all(pilot, 1, labels)
        # Said at once, in a notification, not only in the feedback line.
        await until(
            pilot, lambda: no_spaces(sentence) in toast_text(screen_text(pilot.app)), "notice"
        )
        await _answer_all(pilot, 2, labels)
        await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen), "results")
        assert app.notice == sentence  # printed again on the way out
        assert "Round over" in screen_text(pilot.app)
    assert all(label.startswith("✔ Saved to") for label in labels[:2])
    assert labels[2:] == [f"Not saved. {sentence}"] * 3
    before = sorted(p.name for p in data_dir.iterdir())
    disk.full = False
    db = data_dir / "profile.sqlite3"
    assert integrity(db) == [("ok",)]
    ((game_id, _seed, finished, total, _),) = games(db)
    assert (finished, total, len(answers(db, game_id))) == (None, 2, 2)
    assert "profile.sqlite3" in before and not [n for n in before if "corrupt" in n]


def _first_options_right(pack) -> GameSetup:
    """A two-question round whose right answers are both option 1 (found, not hard-coded, so
    re-curating the pack does not break the test)."""
    for seed in map(str, range(1000)):
        setup = GameSetup(seed=seed, questions=2, kinds=("choice",))
        questions = build_questions(pack, setup)
        if all(q.options.index(q.answer) == 0 for q in questions[:2]):
            return setup
    raise AssertionError("no seed gives two questions answered by option 1")


async def test_disk_full_from_the_start(tmp_path: Path, disk) -> None:
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:  # a history from before the disk filled up
        g = store.start_game(None, pack="jimmy-page", mode="classic", seed="1", settings={})
        store.record_answer(
            g,
            question_id="q",
            fact="f",
            kind="choice",
            given="x",
            correct=True,
            points=500,
            response_ms=900,
        )
    snapshot = files(data_dir)
    disk.full = True
    setup = _first_options_right(bundled())  # pressing 1 twice answers both right
    app = make_app(data_dir, pack=bundled(), setup=setup)
    labels: list[str] = []
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        sentence = "Scores are not being saved: the disk is full."
        await until(
            pilot, lambda: no_spaces(sentence) in toast_text(screen_text(pilot.app)), "notice"
        )
        assert app.notice == sentence
        await _answer_all(pilot, 2, labels)
        await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen), "results")
        await pilot.press("t")  # the old history is still there to see
        await until(pilot, lambda: "Answers 3/3 right" in screen_text(pilot.app), "stats")
    assert labels == [f"Not saved. {sentence}"] * 2
    after = files(data_dir)
    assert set(snapshot) <= set(after)
    assert after["profile.sqlite3"] == snapshot["profile.sqlite3"]  # not a byte written
    disk.full = False
    assert len(answers(data_dir / "profile.sqlite3", 1)) == 1
