"""Crash safety, concurrency, corruption, unwritable folders and full disks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quizgame.store import Store, database, schema

try:
    from . import helpers_store as h
except ImportError:  # tests/unit is not a package
    import helpers_store as h  # type: ignore[no-redef]

DAMAGED = "Your profile database was damaged; it was moved to {} and a fresh one was started."


def _consistent(db: Path) -> None:
    """integrity_check passes and the running aggregates equal a rebuild from the answers."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        kept = h.aggregates(conn)
        conn.execute("BEGIN")
        schema.rebuild_aggregates(conn)
        rebuilt = h.aggregates(conn)
        conn.execute("ROLLBACK")
        assert kept["tallies"] == rebuilt["tallies"]
        assert kept["best_scores"] == rebuilt["best_scores"]
        nonzero = [r for r in rebuilt["profile_totals"] if any(r[1:])]
        assert [r for r in kept["profile_totals"] if any(r[1:])] == nonzero
    finally:
        conn.close()


# -- a killed game keeps its answers ------------------------------------------------------------

RECORDER = """
import sys
from quizgame.store import Store
store = Store.open(sys.argv[1])
assert store.saving, store.notice
game = store.start_game(None, pack="p", mode="classic", seed=sys.argv[2], settings={})
print("game", game, flush=True)
i = 0
while True:
    answer_id = store.record_answer(
        game, question_id=f"q{i}", fact=f"f{i % 25}", kind="typed", given="x",
        correct=i % 4 != 0, points=5, response_ms=1500, tags=("a", "b"))
    print(answer_id, flush=True)  # only after record_answer returned: committed
    i += 1
"""


def test_sigkill_between_answers_keeps_every_committed_answer(tmp_path: Path) -> None:
    db = tmp_path / "profile.sqlite3"
    games = {}
    for round_, kill_after in enumerate((3, 40, 150)):
        child = subprocess.Popen(
            [h.PYTHON, "-c", RECORDER, str(tmp_path), f"run{round_}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=h.child_env(),
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first.startswith("game "), child.stderr.read() if child.stderr else first
        game = int(first.split()[1])
        printed = [int(child.stdout.readline()) for _ in range(kill_after)]
        os.kill(child.pid, signal.SIGKILL)  # mid-stride: likely inside a transaction
        # Read the rest through the same file object: readline() may already hold more lines in
        # its buffer, which communicate() (reading the pipe itself) would never see.
        rest = child.stdout.read()
        child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        printed += [int(line) for line in rest.split()]  # printed before the kill landed

        stored = {row[0] for row in h.table(db, "SELECT id FROM answers WHERE game_id = ?", game)}
        assert set(printed) <= stored
        assert len(stored) - len(printed) in (0, 1)  # at most the one being printed
        tags = h.table(
            db,
            "SELECT count(*) FROM answer_tags t JOIN answers a ON a.id = t.answer_id "
            "WHERE a.game_id = ?",
            game,
        )
        assert tags == [(2 * len(stored),)]
        games[game] = len(stored)
        _consistent(db)

    store = h.open_store(tmp_path)
    stats = store.stats(games=None).as_json()
    listed = {g["id"]: g for g in stats["games"]}
    for game, answered in games.items():
        assert listed[game]["finished"] is False
        assert listed[game]["total"] == answered
    assert stats["answers"] == sum(games.values())
    assert stats["games_unfinished"] == 3


# -- two processes at once ----------------------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from quizgame.store import Store
folder, tag, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.001)
store = Store.open(folder)  # both may create the database at the same moment
assert store.saving, store.notice
game = store.start_game("Player", pack="p", mode="classic", seed=tag, settings={})
for i in range(200):
    store.record_answer(
        game, question_id=f"{tag}{i}", fact=f"f{i % 10}", kind="choice", given=tag,
        correct=i % 3 != 0, points=10, response_ms=1000, tags=("shared",))
store.finish_game(game, score=i)
assert store.saving, store.notice
print("done", game)
"""


def test_two_processes_writing_one_profile_lose_nothing(tmp_path: Path) -> None:
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [h.PYTHON, "-c", WRITER, str(tmp_path / "data"), tag, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=h.child_env(),
        )
        for tag in ("A", "B")
    ]
    time.sleep(0.3)  # both interpreters started and waiting
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.startswith("done") and "locked" not in err

    db = tmp_path / "data" / "profile.sqlite3"
    assert h.table(db, "SELECT count(*) FROM answers") == [(400,)]
    assert h.table(db, "SELECT seed, total, correct FROM games ORDER BY seed") == [
        ("A", 200, 133),
        ("B", 200, 133),
    ]
    # per-fact memory is read-modify-write: every review of the shared facts counted
    assert h.table(db, "SELECT sum(reviews), count(*) FROM memory") == [(400, 10)]
    assert h.table(db, "SELECT count(*) FROM profiles") == [(1,)]
    _consistent(db)
    stats = h.open_store(tmp_path / "data").stats("Player").as_json()
    assert (stats["answers"], stats["correct"], stats["games_played"]) == (400, 266, 2)
    assert stats["accuracy_by_tag"]["shared"]["answers"] == 400


# -- a damaged database is moved aside, never deleted ---------------------------------------------


def test_garbage_file_is_moved_aside_and_a_fresh_profile_started(tmp_path: Path) -> None:
    db = tmp_path / "profile.sqlite3"
    garbage = b"this is not a database at all\n" * 200
    db.write_bytes(garbage)
    (tmp_path / "profile.sqlite3-wal").write_bytes(b"stale wal")
    store = Store.open(tmp_path)
    assert store.saving is True
    moved = sorted(tmp_path.glob("profile.sqlite3.corrupt-*[0-9]"))
    assert len(moved) == 1
    assert store.notice == DAMAGED.format(moved[0])
    assert moved[0].read_bytes() == garbage
    assert Path(str(moved[0]) + "-wal").read_bytes() == b"stale wal"
    # the fresh database works
    assert store.profile().name == "Player"
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    store.close()
    assert h.open_store(tmp_path).stats().as_json()["answers"] == 1


def test_damaged_page_is_detected_on_open(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    store.close()  # last connection: the WAL is checkpointed into the file
    db = tmp_path / "profile.sqlite3"
    page_size = h.table(db, "PRAGMA page_size")[0][0]
    root = h.table(db, "SELECT rootpage FROM sqlite_master WHERE name = 'answer_tags'")[0][0]
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\x0d\xff\xff\xff" * (page_size // 4)
    db.write_bytes(bytes(data))

    store = Store.open(tmp_path)
    moved = sorted(tmp_path.glob("profile.sqlite3.corrupt-*[0-9]"))
    assert len(moved) == 1 and moved[0].read_bytes() == bytes(data)
    assert store.notice == DAMAGED.format(moved[0])
    assert store.saving and [p.name for p in store.profiles()] == ["Player"]


def test_damage_twice_in_one_second_keeps_both_files(tmp_path: Path) -> None:
    db = tmp_path / "profile.sqlite3"
    for text in (b"first garbage " * 50, b"second garbage " * 50):
        db.write_bytes(text)
        Store.open(tmp_path).close()
    kept = sorted(p.read_bytes() for p in tmp_path.glob("profile.sqlite3.corrupt-*[0-9]"))
    assert kept == sorted([b"first garbage " * 50, b"second garbage " * 50])


# -- writes failing mid-game ---------------------------------------------------------------------


class FailingConnection:
    """Wraps a sqlite3 connection; ``execute`` raises ``error`` for statements ``fails(sql)``."""

    def __init__(self, conn: sqlite3.Connection, fails, error: Exception) -> None:
        self._conn = conn
        self._fails = fails
        self._error = error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self._fails(sql):
            raise self._error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _game_with_answers(folder: Path, count: int) -> tuple[Store, int]:
    store = h.open_store(folder)
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    for i in range(count):
        h.answer(store, game, f"f{i}", "choice", True, 10)
    return store, game


def test_full_disk_mid_game_keeps_playing_and_says_so(tmp_path: Path) -> None:
    store, game = _game_with_answers(tmp_path, 3)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    for i in range(3, 60):
        h.answer(store, game, f"fact-{i}", "typed", True, 10, tags=("x" * 300,))
    assert store.saving is False
    assert store.notice == "Scores are not being saved: the disk is full."
    store.finish_game(game, score=600)
    stats = store.stats().as_json()
    assert (stats["answers"], stats["games"][0]["total"], stats["games"][0]["finished"]) == (
        60,
        60,
        True,
    )
    store.close()
    db = tmp_path / "profile.sqlite3"
    saved = h.table(db, "SELECT count(*) FROM answers")[0][0]
    assert 3 <= saved < 60
    _consistent(db)


def test_a_failed_commit_is_retried_in_memory_exactly_once(tmp_path: Path) -> None:
    store, game = _game_with_answers(tmp_path, 2)
    store._conn = FailingConnection(
        store._conn,
        lambda sql: sql == "COMMIT",
        sqlite3.OperationalError("database or disk is full"),
    )
    h.answer(store, game, "f9", "choice", True, 10)
    assert store.saving is False and "the disk is full" in (store.notice or "")
    assert store.stats().as_json()["answers"] == 3
    assert store.stats().as_json()["games"][0]["total"] == 3
    store.close()
    assert h.table(tmp_path / "profile.sqlite3", "SELECT count(*) FROM answers") == [(2,)]


def test_read_only_database_found_at_the_first_write(tmp_path: Path, monkeypatch) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    store.close()
    db = tmp_path / "profile.sqlite3"
    before = h.table(db, "SELECT count(*) FROM answers")
    real_connect = database.connect
    monkeypatch.setattr(
        database,
        "connect",
        lambda path: FailingConnection(
            real_connect(path),
            lambda sql: sql.startswith("INSERT INTO answers"),
            sqlite3.OperationalError("attempt to write a readonly database"),
        ),
    )
    store = Store.open(tmp_path)
    game = store.start_game("Ann", pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    assert store.saving is False
    # The folder is writable: it is the database file that refused, and the notice says so.
    assert store.notice == (f"Scores are not being saved: the profile database {db} is read-only.")
    assert store.stats("Ann").as_json()["answers"] == 10  # the old history is still shown
    store.close()
    assert h.table(db, "SELECT count(*) FROM answers") == before


def test_unwritable_folder_known_at_open_keeps_history_in_memory(
    tmp_path: Path, monkeypatch
) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    store.close()
    monkeypatch.setattr(database, "folder_writable", lambda folder: False)
    store = Store.open(tmp_path)
    assert store.saving is False
    assert (
        store.notice == f"Scores are not being saved: the data folder {tmp_path} is not writable."
    )
    assert store.stats("Ann").as_json()["answers"] == 9
    game = store.start_game("Ann", pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    assert store.stats("Ann").as_json()["answers"] == 10
    store.close()
    assert h.table(tmp_path / "profile.sqlite3", "SELECT count(*) FROM answers") == [(9,)]


def test_data_folder_that_cannot_be_created_plays_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = Store.open(blocker / "quizgame")
    assert store.saving is False
    assert (store.notice or "").startswith(
        f"Scores are not being saved: the data folder {blocker / 'quizgame'} cannot be created"
    )
    assert store.notice.endswith(".") and store.notice.count(". ") == 0
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "typed", True, 10)
    store.finish_game(game, score=10)
    assert store.stats().as_json()["games"][0]["score"] == 10
    assert store.due_facts(None, "p", ["f1", "f2"]) == ["f2"]
    store.close()
    assert blocker.read_text() == "a file where the data folder should be"


def test_connect_failing_outright_plays_in_memory(tmp_path: Path, monkeypatch) -> None:
    def refuse(path: Any) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(database, "connect", refuse)
    store = Store.open(tmp_path)
    assert store.saving is False
    assert (
        store.notice == f"Scores are not being saved: the data folder {tmp_path} is not writable."
    )
    game = store.start_game(None, pack="p", mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "typed", True, 10)


def test_damage_found_mid_game_stops_saving_and_is_checked_next_start(tmp_path: Path) -> None:
    store, game = _game_with_answers(tmp_path, 2)
    store._conn = FailingConnection(
        store._conn,
        lambda sql: sql.startswith("INSERT INTO answers"),
        sqlite3.DatabaseError("database disk image is malformed"),
    )
    h.answer(store, game, "f5", "choice", True)
    h.answer(store, game, "f6", "choice", True)
    assert store.saving is False and "Scores are not being saved" in (store.notice or "")
    assert store.stats().as_json()["games"][0]["total"] == 2  # the session goes on in memory
    store.finish_game(game, score=1)
    store.close()
    assert (tmp_path / "profile.sqlite3.check").exists()
    # The file was in fact fine: the full check passes, nothing is moved, saving resumes.
    store = h.open_store(tmp_path)
    assert not (tmp_path / "profile.sqlite3.check").exists()
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert store.stats().as_json()["answers"] == 2


# -- hygiene ---------------------------------------------------------------------------------------


def test_store_never_imports_textual_and_loads_fsrs_only_to_review(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import quizgame.store, quizgame.store.transfer\n"
        "from quizgame.store import Store\n"
        f"s = Store.open({str(tmp_path)!r}); s.stats().as_json(); s.mastery(None, 'p')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'fsrs', 'rich'}))\n"
        "g = s.start_game(None, pack='p', mode='classic', seed='1', settings={})\n"
        "s.record_answer(g, question_id='q', fact='f', kind='choice', given='a', correct=True,"
        " points=1, response_ms=1)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'fsrs', 'rich'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=h.child_env(), check=True
    )
    assert result.stdout.splitlines() == ["[]", "['fsrs']"]


@pytest.mark.parametrize("bad", ["profile.sqlite3"])
def test_a_directory_where_the_database_should_be(tmp_path: Path, bad: str) -> None:
    (tmp_path / bad).mkdir()
    store = Store.open(tmp_path)
    assert store.saving is False and (store.notice or "").startswith("Scores are not being saved")
    assert (tmp_path / bad).is_dir()
