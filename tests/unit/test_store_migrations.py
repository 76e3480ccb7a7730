"""Schema migrations: a database from every earlier version opens, upgraded, with its history."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from quizgame.store import Store, profile, schema

try:
    from . import helpers_store as h
except ImportError:  # tests/unit is not a package
    import helpers_store as h  # type: ignore[no-redef]

# The version-1 schema exactly as released: frozen here so that editing schema.py by mistake
# cannot make this test pass.
V1_DDL = """
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL, last_used TEXT);
CREATE TABLE settings (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (profile_id, key)) WITHOUT ROWID;
CREATE TABLE games (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    pack TEXT NOT NULL, mode TEXT NOT NULL, seed TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}', started TEXT NOT NULL, finished TEXT,
    score INTEGER NOT NULL DEFAULT 0, correct INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0);
CREATE INDEX games_by_profile ON games(profile_id);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL, fact TEXT NOT NULL, kind TEXT NOT NULL, given TEXT NOT NULL,
    correct INTEGER NOT NULL, exact INTEGER NOT NULL DEFAULT 1, points INTEGER NOT NULL,
    response_ms INTEGER NOT NULL, answered TEXT NOT NULL);
CREATE INDEX answers_by_game ON answers(game_id);
CREATE TABLE answer_tags (
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    tag TEXT NOT NULL, PRIMARY KEY (answer_id, tag)) WITHOUT ROWID;
CREATE TABLE memory (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    pack TEXT NOT NULL, fact TEXT NOT NULL, state INTEGER NOT NULL, step INTEGER,
    stability REAL, difficulty REAL, due TEXT NOT NULL, last_review TEXT,
    first_seen TEXT NOT NULL, reviews INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (profile_id, pack, fact)) WITHOUT ROWID;
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    pack TEXT NOT NULL, pack_file TEXT NOT NULL, fact TEXT NOT NULL, line INTEGER,
    question_id TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', reported TEXT NOT NULL);
CREATE INDEX reports_by_profile ON reports(profile_id);
PRAGMA user_version = 1;
"""

# A version-1 history: Ann played two games (one unfinished); Player none.
# answers in order: right, right, wrong, right  -> streak 1, best 2
V1_DATA = """
INSERT INTO profiles VALUES (1, 'Player', 'player', '2025-01-01T10:00:00.000000+00:00', NULL);
INSERT INTO profiles VALUES (2, 'Ann', 'ann', '2025-01-01T10:00:00.000000+00:00',
                             '2025-01-02T10:00:00.000000+00:00');
INSERT INTO settings VALUES (2, 'theme', 'light');
INSERT INTO games VALUES (1, 2, 'jimmy-page', 'classic', 's1', '{}',
    '2025-01-01T10:00:00.000000+00:00', '2025-01-01T10:05:00.000000+00:00', 350, 2, 3);
INSERT INTO games VALUES (2, 2, 'jimmy-page', 'blitz', 's2', '{}',
    '2025-01-02T10:00:00.000000+00:00', NULL, 100, 1, 1);
INSERT INTO answers VALUES (1, 1, 'q1', 'f1', 'choice', 'a', 1, 1, 100, 2000,
                            '2025-01-01T10:01:00.000000+00:00');
INSERT INTO answers VALUES (2, 1, 'q2', 'f2', 'typed', 'b', 1, 1, 150, 4000,
                            '2025-01-01T10:02:00.000000+00:00');
INSERT INTO answers VALUES (3, 1, 'q3', 'f3', 'choice', 'c', 0, 1, 0, 5000,
                            '2025-01-01T10:03:00.000000+00:00');
INSERT INTO answers VALUES (4, 2, 'q4', 'f1', 'cloze', 'd', 1, 1, 100, 3000,
                            '2025-01-02T10:01:00.000000+00:00');
INSERT INTO answer_tags VALUES (1, 'guitar'), (2, 'guitar'), (3, 'early-life'), (4, 'guitar');
INSERT INTO memory VALUES (2, 'jimmy-page', 'f1', 2, NULL, 8.0, 5.0,
    '2025-01-10T10:01:00.000000+00:00', '2025-01-02T10:01:00.000000+00:00',
    '2025-01-01T10:01:00.000000+00:00', 2, 0);
INSERT INTO reports VALUES (1, 2, 'jimmy-page', 'questions/jimmy-page.yaml', 'f3', 7, 'q3',
                            'ambiguous', '2025-01-01T10:04:00.000000+00:00');
"""


def _v1_database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "profile.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(V1_DDL + V1_DATA)
    conn.close()
    return db


def test_every_migration_is_listed_and_latest_is_current() -> None:
    assert schema.LATEST == len(schema.MIGRATIONS) == 3


def test_from_version_1_keeps_the_history_and_builds_the_aggregates(tmp_path: Path) -> None:
    db = _v1_database(tmp_path)
    store = h.open_store(tmp_path)
    assert h.table(db, "PRAGMA user_version") == [(schema.LATEST,)]

    stats = store.stats("Ann").as_json()
    assert (stats["games_played"], stats["games_unfinished"]) == (2, 1)
    assert (stats["answers"], stats["correct"]) == (4, 3)
    assert stats["accuracy_by_kind"]["choice"] == {"answers": 2, "correct": 1, "accuracy": 0.5}
    assert stats["accuracy_by_tag"]["guitar"]["answers"] == 3
    assert stats["accuracy_by_mode"] == {
        "blitz": {"answers": 1, "correct": 1, "accuracy": 1.0},
        "classic": {"answers": 3, "correct": 2, "accuracy": 0.6667},
    }
    assert stats["streak"] == {"current": 1, "best": 2}
    assert stats["best_scores"] == [
        {"pack": "jimmy-page", "mode": "blitz", "games": 1, "finished": 0, "best": None},
        {"pack": "jimmy-page", "mode": "classic", "games": 1, "finished": 1, "best": 350},
    ]
    assert stats["facts"]["seen"] == 1 and stats["facts"]["learned"] == 1
    assert stats["reported"][0]["reason"] == "ambiguous"
    assert store.setting("Ann", "theme") == "light"
    assert store.profile().name == "Ann"  # last used

    # and the upgraded database records on top of the old history
    game = store.start_game("Ann", pack="jimmy-page", mode="classic", seed="s3", settings={})
    h.answer(store, game, "f1", "choice", True, 100)
    assert store.stats("Ann").as_json()["streak"] == {"current": 2, "best": 2}
    assert h.table(db, "PRAGMA integrity_check") == [("ok",)]


def _database_at(folder: Path, version: int) -> Path:
    """A database at ``version`` made by the migrations themselves (0: an empty file)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "profile.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    for migration in schema.MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("COMMIT")
    conn.close()
    return db


@pytest.mark.parametrize("version", range(schema.LATEST))
def test_every_earlier_version_opens_upgraded(tmp_path: Path, version: int) -> None:
    db = _database_at(tmp_path, version)
    if version >= 1:  # the v1 record tables exist: put a history in them
        conn = sqlite3.connect(db)
        conn.executescript(V1_DATA)
        if version >= 2:  # a real v2 database keeps its aggregates in step with the record
            schema.rebuild_aggregates(conn)
            conn.commit()
        conn.close()
    store = h.open_store(tmp_path)
    assert h.table(db, "PRAGMA user_version") == [(schema.LATEST,)]
    names = {row[0] for row in h.table(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"profiles", "games", "answers", "memory", "tallies", "profile_totals"} <= names
    expected_answers = 4 if version >= 1 else 0
    who = "Ann" if version >= 1 else "Player"
    assert store.stats(who).as_json()["answers"] == expected_answers


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    (tmp_path / "profile.sqlite3").write_bytes(b"")
    store = h.open_store(tmp_path)
    assert store.profile().name == "Player"


def test_a_database_from_a_newer_quizgame_is_left_alone(tmp_path: Path) -> None:
    db = _database_at(tmp_path, schema.LATEST)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")  # as every quizgame sets
    conn.close()
    before = db.read_bytes()
    store = Store.open(tmp_path)
    assert store.saving is False
    assert "newer version of quizgame" in (store.notice or "")
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)  # the game still plays
    store.close()
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_failed_migration_leaves_the_old_version_intact(tmp_path: Path, monkeypatch) -> None:
    db = _v1_database(tmp_path)

    real = schema.MIGRATIONS[1]

    def broken(conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA database_list").fetchone()[2] == "":
            real(conn)  # the in-memory fallback has no disk to fail
            return
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(
        schema, "MIGRATIONS", [schema.MIGRATIONS[0], broken, *schema.MIGRATIONS[2:]]
    )
    store = Store.open(tmp_path)
    assert store.saving is False and "not being saved" in (store.notice or "")
    # the session still sees the old history (copied and upgraded in memory)
    assert store.stats("Ann").as_json()["answers"] == 4
    monkeypatch.undo()
    store.close()
    assert h.table(db, "PRAGMA user_version") == [(1,)]
    assert h.table(db, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []
    assert h.table(db, "SELECT count(*) FROM answers") == [(4,)]
    # next time, with a working migration, it upgrades
    assert h.open_store(tmp_path).stats("Ann").as_json()["answers"] == 4


def test_profile_module_uses_the_latest_schema(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    later = h.T0 + timedelta(days=1)
    store.clock = lambda: later
    assert store.stats().as_json()["version"] == 1
    assert profile.schema.LATEST == schema.LATEST
