"""The profile store's boundaries: what it imports, which files it will touch, which it never will.

* ``profiles import`` checks ranges and shapes, not only types: a value that would later make
  every answer fail to save (an infinite stability, a learning card with no step ...), or that
  SQLite or the calendar cannot hold, refuses the whole file with one sentence naming the first
  bad field, and the database is unchanged;
* quizgame recognises its own database (``PRAGMA application_id``; before that existed, by its
  tables) and leaves any other SQLite file exactly as it was, saying what it found;
* no export of any kind writes over the database, its side files or the cache.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizgame.store import owned, schema
from quizgame.store.profile import ProfileError, Store, validate_players

from . import helpers_store as h


def _export(tmp_path: Path) -> dict[str, Any]:
    """A real export with games, answers, memory cards in learning and review, and a report."""
    clock = h.Clock()
    store = h.open_store(tmp_path / "source", clock)
    h.scripted_history(store, clock)
    store.export_profile("Ann", tmp_path / "ann.json")
    store.close()
    data = json.loads((tmp_path / "ann.json").read_text(encoding="utf-8"))
    assert data["games"] and data["answers"] and data["memory"]
    return data


def _card(data: dict[str, Any], state: int | None = None) -> dict[str, Any]:
    for card in data["memory"]:
        if state is None or card["state"] == state:
            return card
    card = copy.deepcopy(data["memory"][0])
    card["state"] = state
    data["memory"].append(card)
    return card


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


Mutation = Callable[[dict[str, Any]], None]

BAD_IMPORTS: dict[str, tuple[Mutation, str]] = {
    "stability-infinity": (
        lambda d: _card(d).update(stability=float("inf")),
        "memory[0].stability",
    ),
    "stability-negative": (lambda d: _card(d).update(stability=-5), "memory[0].stability"),
    "stability-zero": (lambda d: _card(d).update(stability=0), "memory[0].stability"),
    "difficulty-nan": (lambda d: _card(d).update(difficulty=float("nan")), "memory[0].difficulty"),
    "difficulty-eleven": (lambda d: _card(d).update(difficulty=11), "memory[0].difficulty"),
    "stability-without-difficulty": (
        lambda d: _card(d).update(difficulty=None),
        "memory[0]",
    ),
    "learning-card-without-step": (
        lambda d: d["memory"].__setitem__(0, {**d["memory"][0], "state": 1, "step": None}),
        "memory[0].step",
    ),
    "review-card-with-step": (
        lambda d: d["memory"].__setitem__(0, {**d["memory"][0], "state": 2, "step": 3}),
        "memory[0].step",
    ),
    "step-huge": (
        lambda d: d["memory"].__setitem__(0, {**d["memory"][0], "state": 1, "step": 10**6}),
        "memory[0].step",
    ),
    "score-10-30": (lambda d: d["games"][0].update(score=10**30), "games[0].score"),
    "points-minus-10-30": (lambda d: d["answers"][0].update(points=-(10**30)), "answers[0].points"),
    "reviews-negative": (lambda d: _card(d).update(reviews=-1), "memory[0].reviews"),
    "response-negative": (
        lambda d: d["answers"][1].update(response_ms=-1),
        "answers[1].response_ms",
    ),
    "lone-surrogate-in-answer": (
        lambda d: d["answers"][2].update(given="caf\ud800"),
        "answers[2].given",
    ),
    "lone-surrogate-in-tag": (lambda d: d["answers"][0].update(tags=["\udfff"]), "answers[0].tags"),
    "lone-surrogate-in-setting-key": (
        lambda d: d["settings"].update({"\ud83d": "x"}),
        "settings",
    ),
    "deep-game-settings": (
        lambda d: d["games"][0].update(settings={"a": _nested(50)}),
        "games[0].settings",
    ),
    "nan-in-game-settings": (
        lambda d: d["games"][0].update(settings={"timer": float("nan")}),
        "games[0].settings.timer",
    ),
    "date-year-one-east-of-utc": (
        lambda d: d["games"][0].update(started="0001-01-01T00:00+05:00"),
        "games[0].started",
    ),
    "date-end-of-calendar-west-of-utc": (
        lambda d: _card(d).update(due="9999-12-31T23:59-05:00"),
        "memory[0].due",
    ),
    "date-year-one-naive": (
        lambda d: d["answers"][0].update(answered="0001-01-01T00:00"),
        "answers[0].answered",
    ),
    "date-far-future": (lambda d: _card(d).update(due="5000-01-01T00:00+00:00"), "memory[0].due"),
    "text-megabyte": (lambda d: d["answers"][0].update(given="x" * 1_000_000), "answers[0].given"),
}


def _write(path: Path, data: dict[str, Any]) -> Path:
    # allow_nan: the file holds NaN/Infinity literals, as Python's json (and many others) write
    path.write_text(json.dumps(data, ensure_ascii=True, allow_nan=True), encoding="utf-8")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_import_is_refused_whole_naming_the_first_bad_field(
    case: str, tmp_path: Path
) -> None:
    data = _export(tmp_path)
    mutate, field = BAD_IMPORTS[case]
    mutate(data)
    bad = _write(tmp_path / "bad.json", data)
    store = h.open_store(tmp_path / "target")
    before = [p.name for p in store.profiles()]
    with pytest.raises(ProfileError) as caught:
        store.import_profile(bad, "Bob")
    message = str(caught.value)
    assert message.startswith(f"{bad} is not a usable quizgame profile export: ")
    assert field in message, message
    assert "\n" not in message and message.endswith(".")
    assert len(message) < 400
    assert [p.name for p in store.profiles()] == before  # nothing of the file went in
    # and the profile still saves answers as before
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    store.close()


def test_the_untouched_export_imports_and_then_saves(tmp_path: Path) -> None:
    """The control: the export the mutations start from is accepted, and plays on."""
    data = _export(tmp_path)
    good = _write(tmp_path / "good.json", data)
    store = h.open_store(tmp_path / "target")
    info = store.import_profile(good, "Bob")
    assert info.games == len(data["games"])
    game = store.start_game("Bob", pack="jimmy-page", mode="classic", seed="1", settings={})
    for fact in ("f1", "f2", "f3", "f4"):  # facts with imported memory cards
        h.answer(store, game, fact, "typed", True)
    store.close()


def test_a_hundred_thousand_nested_lists_are_refused_in_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text('{"format": "quizgame-profile", "version": 1, "profile": ' + "[" * 100_000)
    store = h.open_store(tmp_path / "target")
    with pytest.raises(ProfileError) as caught:
        store.import_profile(bad, "Bob")
    assert str(caught.value).startswith(str(bad))
    store.close()


# -- which SQLite file is ours -------------------------------------------------------------------


def _foreign(folder: Path, version: int, app_id: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "profile.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize(
    ("version", "app_id"), [(0, 0), (7, 0), (2, 0), (99, 0), (0, 0x4D505346), (2, 0x1234)]
)
def test_another_programs_database_is_left_untouched(
    tmp_path: Path, version: int, app_id: int
) -> None:
    db = _foreign(tmp_path, version, app_id)
    before = _digest(db)
    store = Store.open(tmp_path)
    assert store.saving is False
    notice = store.notice or ""
    assert "is not a quizgame profile database" in notice
    assert "another program" in notice and "contacts" in notice and "left untouched" in notice
    assert "newer version of quizgame" not in notice
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)  # the game still plays, in memory
    store.close()
    assert _digest(db) == before
    assert not (tmp_path / "profile.sqlite3-wal").exists()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_damaged_database_of_another_program_is_not_moved_aside(tmp_path: Path) -> None:
    """Its header names another program: it is not ours to call damaged and move away."""
    db = _foreign(tmp_path, 0, app_id=0x4D505346)
    raw = bytearray(db.read_bytes())
    raw[200:] = b"\xff" * (len(raw) - 200)  # pages of garbage after the header
    db.write_bytes(bytes(raw))
    before = _digest(db)
    store = Store.open(tmp_path)
    assert store.saving is False
    assert "application id 0x4D505346" in (store.notice or "")
    store.close()
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.sqlite3"]


def test_a_quizgame_database_from_before_the_application_id_is_recognised(tmp_path: Path) -> None:
    """A profile written before quizgame set its application id (id 0): known by its tables,
    upgraded, and marked as quizgame's from then on."""
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    store.close()
    db = tmp_path / "profile.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    store = h.open_store(tmp_path)
    assert store.stats("Ann").as_json()["answers"] == 9
    store.close()
    assert h.table(db, "PRAGMA application_id") == [(schema.APPLICATION_ID,)]


def test_a_new_database_gets_the_application_id(tmp_path: Path) -> None:
    h.open_store(tmp_path).close()
    assert h.table(tmp_path / "profile.sqlite3", "PRAGMA application_id") == [
        (schema.APPLICATION_ID,)
    ]


# -- never written over --------------------------------------------------------------------------


def test_no_profile_export_writes_over_quizgames_own_files(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path / "data", clock)
    h.scripted_history(store, clock)
    db = store.path
    targets = [
        db,
        Path(f"{db}-wal"),
        Path(f"{db}-shm"),
        tmp_path / "data" / ".." / "data" / "profile.sqlite3",
    ]
    for target in targets:
        with pytest.raises(ProfileError, match="quizgame never writes over its own files"):
            store.export_profile("Ann", target)
    store.close()
    assert h.open_store(tmp_path / "data").stats("Ann").as_json()["answers"] == 9


def test_own_file_knows_the_database_of_every_store_opened(tmp_path: Path) -> None:
    store = h.open_store(tmp_path / "elsewhere")
    assert owned.own_file(tmp_path / "elsewhere" / "profile.sqlite3") is not None
    assert owned.own_file(tmp_path / "elsewhere" / "quiz.gift") is None
    assert owned.own_file(tmp_path / "profile.sqlite3") is None  # another folder: not ours
    store.close()


def test_own_file_follows_a_link_to_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "data")
    assert owned.own_file(tmp_path / "alias" / "profile.sqlite3", tmp_path / "data") is not None


# -- hot-seat names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ["Ana", "x" * 40],
        ["Ana", "B\u202eob"],
        ["Ana", "B\x1b[2Job"],
        ["Ana", "ana"],
        ["Ana"],
        ["A", "B", "C", "D", "E"],
    ],
)
def test_hot_seat_names_follow_the_profile_rules(names: list[str]) -> None:
    with pytest.raises(ProfileError) as caught:
        validate_players(names)
    message = str(caught.value)
    assert message.isprintable() and len(message) < 200


def test_valid_hot_seat_names_pass() -> None:
    assert validate_players(["Ana", "Ben", "Zoë"]) == ["Ana", "Ben", "Zoë"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("stability", float("inf")),
        ("stability", -5.0),
        ("difficulty", float("nan")),
        ("step", None),
    ],
)
def test_a_damaged_memory_card_never_blocks_saving_answers(
    tmp_path: Path, column: str, value: object
) -> None:
    """A card damaged before imports were range-checked (or by hand) is reviewed afresh."""
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "typed", True)
    db = tmp_path / "profile.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE memory SET state = 1, {column} = ?", (value,))
    conn.commit()
    conn.close()
    h.answer(store, game, "f1", "typed", True)  # raised before: "cannot convert float ..."
    assert store.saving
    store.close()
    ((stability, reviews),) = h.table(db, "SELECT stability, reviews FROM memory")
    assert 0.001 <= stability < 1e6 and reviews == 2
