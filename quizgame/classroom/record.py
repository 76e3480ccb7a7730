"""The record of live class games in the profile database (schema version 3).

Every write is one ``BEGIN IMMEDIATE`` transaction, committed before the method returns: the
server tells a student "received" only after :meth:`ClassroomRecord.record_answer` has returned,
so an acknowledged answer survives the host being killed. The database file is the profile's
(``Store.open`` creates and migrates it); this module keeps its own connection so the classroom
never waits on the terminal game's lock, and so the profile code stays untouched.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizgame.core.live import LiveAnswer, Seat
from quizgame.core.questions import Question
from quizgame.store import locations


class RecordError(Exception):
    """The class's answers cannot be kept; ``str()`` is one sentence for the teacher."""


@dataclass(frozen=True, slots=True)
class GameRow:
    id: int
    code: str
    pack: str
    settings: dict[str, Any]
    started: str
    question: int
    phase: str
    finished: str | None
    results: str | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    question: int
    seat: int
    given: Any
    given_text: str
    correct: bool
    points: int
    response_ms: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ClassroomRecord:
    """Classroom games, players and answers. Thread-safe (one lock, one connection)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> ClassroomRecord:
        """Open the profile database (creating or upgrading it), or RecordError."""
        from quizgame.store.profile import BUSY_TIMEOUT_S, SYNCHRONOUS, Store

        store = Store.open(data_dir)  # creates the file and runs the migrations
        try:
            if not store.saving:
                raise RecordError(f"the class's answers could not be kept: {store.notice}")
        finally:
            store.close()
        path = locations.database_path(data_dir)
        try:
            conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        except sqlite3.Error as exc:
            raise RecordError(f"the class's answers could not be kept: {exc}") from exc
        return cls(conn, path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _write(self, sql: str, args: tuple[Any, ...]) -> int:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.execute(sql, args)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return cursor.lastrowid or 0

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    # -- games -------------------------------------------------------------------------------

    def new_game(self, code: str, pack: str, settings: dict[str, Any]) -> int:
        return self._write(
            "INSERT INTO classroom_games (code, pack, settings, started) VALUES (?, ?, ?, ?)",
            (code, pack, json.dumps(settings, sort_keys=True), _now()),
        )

    def set_position(self, game_id: int, question: int, phase: str) -> None:
        finished = _now() if phase == "finished" else None
        self._write(
            "UPDATE classroom_games SET question = ?, phase = ?,"
            " finished = coalesce(finished, ?) WHERE id = ?",
            (question, phase, finished, game_id),
        )

    def set_results(self, game_id: int, path: Path) -> None:
        self._write("UPDATE classroom_games SET results = ? WHERE id = ?", (str(path), game_id))

    def _games(self, where: str, args: tuple[Any, ...]) -> list[GameRow]:
        rows = self._read(
            "SELECT id, code, pack, settings, started, question, phase, finished, results"
            f" FROM classroom_games {where} ORDER BY id DESC LIMIT 1",
            args,
        )
        return [
            GameRow(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7], r[8]) for r in rows
        ]

    def game(self, game_id: int) -> GameRow | None:
        rows = self._games("WHERE id = ?", (game_id,))
        return rows[0] if rows else None

    def latest(self, *, unfinished: bool = False) -> GameRow | None:
        rows = self._games("WHERE finished IS NULL" if unfinished else "", ())
        return rows[0] if rows else None

    # -- players -----------------------------------------------------------------------------

    def add_player(self, game_id: int, seat: Seat) -> None:
        self._write(
            "INSERT INTO classroom_players (game_id, seat, name, token, joined)"
            " VALUES (?, ?, ?, ?, ?)",
            (game_id, seat.seat, seat.name, seat.token, _now()),
        )

    def kick(self, game_id: int, seat: int) -> None:
        self._write(
            "UPDATE classroom_players SET kicked = 1 WHERE game_id = ? AND seat = ?",
            (game_id, seat),
        )

    def players(self, game_id: int) -> list[tuple[int, str, str, bool]]:
        rows = self._read(
            "SELECT seat, name, token, kicked FROM classroom_players WHERE game_id = ?"
            " ORDER BY seat",
            (game_id,),
        )
        return [(r[0], r[1], r[2], bool(r[3])) for r in rows]

    # -- answers -----------------------------------------------------------------------------

    def record_answer(self, game_id: int, question: Question, answer: LiveAnswer) -> None:
        """Durable when this returns (its own committed transaction)."""
        given = list(answer.given) if isinstance(answer.given, tuple) else answer.given
        self._write(
            "INSERT INTO classroom_answers (game_id, question, seat, question_id, kind, given,"
            " given_text, correct, points, response_ms, answered)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                game_id,
                answer.question,
                answer.seat,
                question.id,
                question.kind,
                json.dumps(given, ensure_ascii=False),
                answer.given_text,
                int(answer.correct),
                answer.points,
                round(answer.elapsed * 1000),
                _now(),
            ),
        )

    def answers(self, game_id: int) -> list[AnswerRow]:
        rows = self._read(
            "SELECT question, seat, given, given_text, correct, points, response_ms"
            " FROM classroom_answers WHERE game_id = ? ORDER BY question, answered",
            (game_id,),
        )
        out = []
        for r in rows:
            given = json.loads(r[2])
            out.append(
                AnswerRow(
                    r[0],
                    r[1],
                    tuple(given) if isinstance(given, list) else given,
                    r[3],
                    bool(r[4]),
                    r[5],
                    r[6],
                )
            )
        return out
