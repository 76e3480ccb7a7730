"""The player profile: one SQLite database of profiles, games, answers and per-fact memory.

Rules this module keeps (see docs/profiles.md):

* Every write is one ``BEGIN IMMEDIATE`` transaction, committed before the method returns; an
  answer is durable the moment ``record_answer`` returns, so a crash, Ctrl+C or ``kill -9`` loses
  nothing already answered. WAL mode plus a busy timeout let two quizgame processes share a
  profile without "database is locked".
* ``Store.open`` never raises for a damaged or unwritable database: a damaged file is moved aside
  with a timestamp (never deleted or overwritten) and a fresh one started; an unwritable folder
  or a full disk switches to an in-memory copy, so the game still plays, and ``notice`` says in
  one sentence that scores are not being saved. A write failing mid-game does the same.
* Nothing here imports Textual; ``fsrs`` is imported lazily by :mod:`quizgame.store.memory`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from quizgame.store import database, locations, memory, owned, schema

# Re-exported: the classroom's record opens its own database file with the same settings.
from quizgame.store.database import BUSY_TIMEOUT_S as BUSY_TIMEOUT_S
from quizgame.store.database import SYNCHRONOUS as SYNCHRONOUS
from quizgame.store.memory import from_text, to_text

# Re-exported: callers have always found these here.
from quizgame.store.names import (  # noqa: F401
    MAX_NAME_LENGTH,
    ProfileError,
    StoreError,
    name_key,
    normalize_name,
    validate_name,
    validate_players,
)

if TYPE_CHECKING:  # pragma: no cover - stats is imported when first asked for
    from quizgame.store.stats import Stats

T = TypeVar("T")

DEFAULT_PROFILE = "Player"


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    id: int
    name: str
    created: datetime
    games: int
    last_played: datetime | None


@dataclass(frozen=True, slots=True)
class _Game:
    profile_id: int
    profile_name: str
    pack: str
    mode: str
    seed: str
    settings: str
    started: str


# -- low level -----------------------------------------------------------------------------------


def _prepare(conn: sqlite3.Connection, now: datetime) -> None:
    """Bring the schema up to date and make sure a profile exists (also proves we can write)."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > schema.LATEST:
        raise database.NewerSchema
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])  # another process?
        if version > schema.LATEST:
            raise database.NewerSchema
        if version < schema.LATEST:
            schema.migrate(conn, version)
        elif int(conn.execute("PRAGMA application_id").fetchone()[0]) != schema.APPLICATION_ID:
            # A profile written before quizgame set its application id (recognised by its
            # tables in Store.open): mark it as ours from now on.
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        if conn.execute("SELECT 1 FROM profiles LIMIT 1").fetchone() is None:
            _insert_profile(conn, DEFAULT_PROFILE, now)
        conn.execute("COMMIT")
    except BaseException:
        database.rollback(conn)
        raise


def _insert_profile(conn: sqlite3.Connection, name: str, now: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO profiles (name, key, created) VALUES (?, ?, ?)",
        (name, name_key(name), to_text(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _sound_card(row: Any) -> memory.CardState | None:
    """The stored card, or None when there is none or fsrs could not review it (then the fact
    is reviewed as if seen for the first time, and its row is overwritten)."""
    if row is None:
        return None
    try:
        card = memory.CardState.from_row(row)
    except (ValueError, TypeError, OverflowError):
        return None
    return card if memory.is_sound(card) else None


def _start_of_local_day(now: datetime) -> datetime:
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _utc(moment: datetime | None, clock: Callable[[], datetime]) -> datetime:
    moment = clock() if moment is None else moment
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


# -- the store -----------------------------------------------------------------------------------


class Store:
    """The profile database. Thread-safe (one lock); open with :meth:`Store.open`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        saving: bool,
        notice: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._conn = conn
        #: The database file (also when running on the in-memory fallback: where it would be).
        self.path = path
        #: False when nothing is being written to disk; ``notice`` then says why.
        self.saving = saving
        #: One plain sentence for the user when something was wrong, else None.
        self.notice = notice
        #: Where "now" comes from (tests set a fixed clock).
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._games: dict[int, _Game] = {}
        owned.remember_database(path)  # no write in this process may replace it

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> Store:
        """Open (creating if needed) the profile database. Never raises for a bad file or folder."""
        path = locations.database_path(data_dir)
        now = _utc(None, clock or (lambda: datetime.now(UTC)))
        notice: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = f"the data folder {path.parent} cannot be created ({exc.strerror or exc})"
            return cls._in_memory(path, reason, clock=clock)
        if not database.writable(path):
            if database.folder_writable(path.parent):  # the folder is fine: the file is not
                reason = f"the profile database {path} is read-only"
            else:
                reason = f"the data folder {path.parent} is not writable"
            return cls._in_memory(path, reason, clock=clock, copy=True)
        for _attempt in range(3):
            conn: sqlite3.Connection | None = None
            try:
                database.refuse_special(path)  # a FIFO would block every open, even `stats`
                if database.not_sqlite(path):  # decided before SQLite touches the file or its -wal
                    raise sqlite3.DatabaseError("file is not a database")
                conn = database.connect(path)
                version = database.check(conn, path)
                other = schema.foreign(conn)
                if other is not None:  # before database.configure: leave its file exactly as it is
                    raise database.Foreign(
                        f"{path} is not a quizgame profile database: it is {other}"
                    )
                if version > schema.LATEST:
                    raise database.NewerSchema
                database.configure(conn)
                _prepare(conn, now)
                return cls(conn, path, saving=True, notice=notice, clock=clock)
            except database.NewerSchema:
                database.close_quietly(conn)
                reason = f"{path} was written by a newer version of quizgame"
                return cls._in_memory(path, reason, clock=clock)
            except database.Foreign as exc:
                database.close_quietly(conn)
                reason = f"{exc}; it was left untouched (use --data-dir to play elsewhere)"
                return cls._in_memory(path, reason, clock=clock)
            except sqlite3.DatabaseError as exc:
                database.close_quietly(conn)
                if database.classify(exc) != database.CORRUPT:
                    return cls._in_memory(
                        path,
                        database.reason(exc, path.parent),
                        clock=clock,
                        copy=True,
                        notice=notice,
                    )
                try:
                    moved = database.move_aside(path)
                except OSError as move_exc:
                    reason = (
                        f"the profile database {path} is damaged and could not be moved aside "
                        f"({move_exc.strerror or move_exc})"
                    )
                    return cls._in_memory(path, reason, clock=clock)
                notice = (
                    f"Your profile database was damaged; it was moved to {moved} "
                    "and a fresh one was started."
                )
            except OSError as exc:
                database.close_quietly(conn)
                return cls._in_memory(
                    path, database.reason(exc, path.parent), clock=clock, notice=notice
                )
        return cls._in_memory(path, f"{path} could not be opened", clock=clock, notice=notice)

    @classmethod
    def _in_memory(
        cls,
        path: Path,
        reason: str,
        *,
        clock: Callable[[], datetime] | None,
        copy: bool = False,
        notice: str | None = None,
    ) -> Store:
        """A store that keeps this session in memory, starting from a copy of the file if it can."""
        conn = database.memory_connection()
        if copy and path.exists() and database.copyable(path):
            # Read-only first; "immutable" also works where the -shm file cannot be created.
            for query in ("?mode=ro", "?mode=ro&immutable=1"):
                try:
                    source = sqlite3.connect(path.resolve().as_uri() + query, uri=True)
                    try:
                        source.backup(conn)
                    finally:
                        source.close()
                    if schema.foreign(conn) is not None:
                        raise database.Foreign
                    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > schema.LATEST:
                        raise database.NewerSchema
                    break
                except (sqlite3.Error, OSError, database.NewerSchema, database.Foreign):
                    conn.close()
                    conn = database.memory_connection()
        try:
            _prepare(conn, _utc(None, clock or (lambda: datetime.now(UTC))))
        except (sqlite3.Error, database.NewerSchema):
            conn.close()
            conn = database.memory_connection()
            _prepare(conn, _utc(None, clock or (lambda: datetime.now(UTC))))
        sentence = f"Scores are not being saved: {reason}."
        notice = f"{notice} {sentence}" if notice else sentence
        return cls(conn, path, saving=False, notice=notice, clock=clock)

    def close(self) -> None:
        with self._lock:
            database.close_quietly(self._conn)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- transactions and failures ---------------------------------------------------------------

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            database.rollback(conn)
            raise
        return result

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one committed transaction; on a disk failure, carry on in memory."""
        with self._lock:
            try:
                return self._transaction(work)
            except sqlite3.DatabaseError as exc:
                kind = database.classify(exc)
                if kind is None or not self.saving:
                    raise
                self._lose_disk(exc, kind)
                return self._transaction(work)

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return work(self._conn)
            except sqlite3.DatabaseError as exc:
                kind = database.classify(exc)
                if kind is None or not self.saving:
                    raise
                self._lose_disk(exc, kind)
                return work(self._conn)

    def _lose_disk(self, exc: sqlite3.DatabaseError, kind: str) -> None:
        """Switch to an in-memory copy for the rest of the session, and say so."""
        old = self._conn
        database.rollback(old)
        conn = database.memory_connection()
        copied = False
        if kind != database.CORRUPT:
            try:
                old.backup(conn)
                copied = True
            except sqlite3.Error:
                conn.close()
                conn = database.memory_connection()
        if not copied:
            _prepare(conn, _utc(None, self.clock))
            self._restore_session(conn)
        else:
            conn.execute("PRAGMA foreign_keys = ON")
        database.close_quietly(old)
        if kind == database.CORRUPT:
            # The next start runs a full check, and moves the file aside if it fails.
            with contextlib.suppress(OSError):
                database.check_marker(self.path).touch()
        self._conn = conn
        self.saving = False
        self.notice = f"Scores are not being saved: {database.reason(exc, self.path.parent)}."

    def _restore_session(self, conn: sqlite3.Connection) -> None:
        """In a fresh in-memory database, recreate the games this session started."""
        for game_id, game in self._games.items():
            conn.execute(  # a fresh database: its default profile may hold the name
                "DELETE FROM profiles WHERE key = ? AND id != ?",
                (name_key(game.profile_name), game.profile_id),
            )
            conn.execute(
                "INSERT OR IGNORE INTO profiles (id, name, key, created) VALUES (?, ?, ?, ?)",
                (game.profile_id, game.profile_name, name_key(game.profile_name), game.started),
            )
            conn.execute(
                "INSERT OR IGNORE INTO games (id, profile_id, pack, mode, seed, settings, started)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    game_id,
                    game.profile_id,
                    game.pack,
                    game.mode,
                    game.seed,
                    game.settings,
                    game.started,
                ),
            )

    # -- profiles --------------------------------------------------------------------------------

    def _profile_row(self, conn: sqlite3.Connection, name: str | None) -> tuple[int, str]:
        if name is None:
            row = conn.execute(
                "SELECT id, name FROM profiles "
                "ORDER BY last_used IS NULL, last_used DESC, id LIMIT 1"
            ).fetchone()
            if row is None:
                if conn.in_transaction:  # writing anyway: bring back the default profile
                    return _insert_profile(conn, DEFAULT_PROFILE, self._now()), DEFAULT_PROFILE
                raise ProfileError(
                    "There are no profiles; create one with: quizgame profiles create NAME"
                )
            return int(row[0]), str(row[1])
        row = conn.execute(
            "SELECT id, name FROM profiles WHERE key = ?", (name_key(name),)
        ).fetchone()
        if row is None:
            names = [r[0] for r in conn.execute("SELECT name FROM profiles ORDER BY key")]
            known = ", ".join(names) if names else "none"
            raise ProfileError(
                f'There is no profile named "{normalize_name(name)}" (profiles: {known}).'
            )
        return int(row[0]), str(row[1])

    def _info(self, conn: sqlite3.Connection, profile_id: int) -> ProfileInfo:
        row = conn.execute(
            # games with no answer are not history (see stats.compute)
            """SELECT p.id, p.name, p.created, coalesce(t.games, 0)
                      - (SELECT count(*) FROM games g WHERE g.profile_id = p.id AND g.total = 0),
                      (SELECT started FROM games g WHERE g.profile_id = p.id AND g.total > 0
                       ORDER BY g.id DESC LIMIT 1)
               FROM profiles p LEFT JOIN profile_totals t ON t.profile_id = p.id
               WHERE p.id = ?""",
            (profile_id,),
        ).fetchone()
        return ProfileInfo(
            id=int(row[0]),
            name=str(row[1]),
            created=from_text(row[2]),
            games=int(row[3]),
            last_played=from_text(row[4]) if row[4] else None,
        )

    def profiles(self) -> list[ProfileInfo]:
        """Every profile, by name."""

        def work(conn: sqlite3.Connection) -> list[ProfileInfo]:
            ids = [r[0] for r in conn.execute("SELECT id FROM profiles ORDER BY key, id")]
            return [self._info(conn, pid) for pid in ids]

        return self._read(work)

    def profile(self, name: str | None = None) -> ProfileInfo:
        """The named profile, or (None) the one played last, else the first one created."""

        def work(conn: sqlite3.Connection) -> ProfileInfo:
            try:
                pid, _ = self._profile_row(conn, name)
            except ProfileError:
                if name is not None:
                    raise
                # Every profile was deleted: a default one exists again, as on first run.
                self._transaction(lambda c: _insert_profile(c, DEFAULT_PROFILE, self._now()))
                pid, _ = self._profile_row(conn, None)
            return self._info(conn, pid)

        return self._read(work)  # (work may run its own write transaction)

    def default_profile_name(self) -> str:
        return self.profile(None).name

    def use_profile(self, name: str) -> ProfileInfo:
        """Make ``name`` the default profile (the one ``profile(None)`` returns)."""

        def work(conn: sqlite3.Connection) -> int:
            pid, _ = self._profile_row(conn, name)
            conn.execute(
                "UPDATE profiles SET last_used = ? WHERE id = ?", (to_text(self._now()), pid)
            )
            return pid

        pid = self._write(work)
        return self._read(lambda conn: self._info(conn, pid))

    def create_profile(self, name: str) -> ProfileInfo:
        clean = validate_name(name)

        def work(conn: sqlite3.Connection) -> int:
            self._refuse_clash(conn, clean, except_id=None)
            return _insert_profile(conn, clean, self._now())

        pid = self._write(work)
        return self._read(lambda conn: self._info(conn, pid))

    @staticmethod
    def _refuse_clash(conn: sqlite3.Connection, name: str, *, except_id: int | None) -> None:
        row = conn.execute(
            "SELECT id, name FROM profiles WHERE key = ?", (name_key(name),)
        ).fetchone()
        if row is not None and row[0] != except_id:
            raise ProfileError(f'A profile named "{row[1]}" already exists.')

    def rename_profile(self, old: str, new: str) -> ProfileInfo:
        clean = validate_name(new)

        def work(conn: sqlite3.Connection) -> int:
            pid, _ = self._profile_row(conn, old)
            self._refuse_clash(conn, clean, except_id=pid)
            conn.execute(
                "UPDATE profiles SET name = ?, key = ? WHERE id = ?", (clean, name_key(clean), pid)
            )
            return pid

        pid = self._write(work)
        return self._read(lambda conn: self._info(conn, pid))

    def delete_profile(self, name: str) -> None:
        """Delete a profile and all its history (the caller asks for confirmation)."""

        def work(conn: sqlite3.Connection) -> int:
            pid, _ = self._profile_row(conn, name)
            conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))  # cascades
            return pid

        pid = self._write(work)
        for game_id in [g for g, game in self._games.items() if game.profile_id == pid]:
            del self._games[game_id]

    def export_profile(self, name: str, path: Path) -> None:
        """Write the profile, all its history and memory to a portable JSON file."""
        from quizgame.store import transfer
        from quizgame.store.owned import refuse_own_file

        own = refuse_own_file(path, self.path.parent)
        if own is not None:
            raise ProfileError(f"{own}.")
        with self._lock:
            pid, _ = self._read(lambda conn: self._profile_row(conn, name))
            self._read(lambda conn: transfer.export_profile(conn, pid, Path(path), self._now()))

    def import_profile(self, path: Path, name: str | None = None) -> ProfileInfo:
        """Add the profile in an export file (under ``name`` if given). ProfileError if bad."""
        from quizgame.store import transfer

        data = transfer.load_export(Path(path))
        clean = validate_name(name if name is not None else data["profile"]["name"])
        pid = self._write(lambda conn: transfer.import_profile(conn, data, clean))
        return self._read(lambda conn: self._info(conn, pid))

    # -- settings --------------------------------------------------------------------------------

    def setting(self, profile: str, key: str, default: str | None = None) -> str | None:
        def work(conn: sqlite3.Connection) -> str | None:
            pid, _ = self._profile_row(conn, profile)
            row = conn.execute(
                "SELECT value FROM settings WHERE profile_id = ? AND key = ?", (pid, key)
            ).fetchone()
            return default if row is None else str(row[0])

        return self._read(work)

    def set_setting(self, profile: str, key: str, value: str) -> None:
        def work(conn: sqlite3.Connection) -> None:
            pid, _ = self._profile_row(conn, profile)
            conn.execute(
                "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value",
                (pid, key, str(value)),
            )

        self._write(work)

    # -- games and answers -----------------------------------------------------------------------

    def _now(self) -> datetime:
        return _utc(None, self.clock)

    def start_game(
        self, profile: str | None, *, pack: str, mode: str, seed: str, settings: dict[str, Any]
    ) -> int:
        """Record a new game (unfinished until :meth:`finish_game`) and return its id."""
        settings_text = json.dumps(settings or {}, sort_keys=True, default=str)
        started = to_text(self._now())

        def work(conn: sqlite3.Connection) -> tuple[int, _Game]:
            pid, name = self._profile_row(conn, profile)
            cursor = conn.execute(
                "INSERT INTO games (profile_id, pack, mode, seed, settings, started) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (pid, pack, mode, str(seed), settings_text, started),
            )
            conn.execute("UPDATE profiles SET last_used = ? WHERE id = ?", (started, pid))
            conn.execute(
                "INSERT INTO profile_totals (profile_id, games) VALUES (?, 1) "
                "ON CONFLICT (profile_id) DO UPDATE SET games = games + 1",
                (pid,),
            )
            conn.execute(
                "INSERT INTO best_scores (profile_id, pack, mode, games) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (profile_id, pack, mode) DO UPDATE SET games = games + 1",
                (pid, pack, mode),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid, _Game(pid, name, pack, mode, str(seed), settings_text, started)

        game_id, game = self._write(work)
        self._games[game_id] = game
        return game_id

    def _game(self, conn: sqlite3.Connection, game_id: int) -> _Game:
        game = self._games.get(game_id)
        if game is None:
            row = conn.execute(
                "SELECT g.profile_id, p.name, g.pack, g.mode, g.seed, g.settings, g.started "
                "FROM games g JOIN profiles p ON p.id = g.profile_id WHERE g.id = ?",
                (game_id,),
            ).fetchone()
            if row is None:
                raise ValueError(f"no game with id {game_id}")
            game = _Game(*row)
            self._games[game_id] = game
        return game

    def record_answer(
        self,
        game_id: int,
        *,
        question_id: str,
        fact: str,
        kind: str,
        given: str,
        correct: bool,
        points: int,
        response_ms: int,
        exact: bool = True,
        tags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> int:
        """Record one answer in one transaction, durable before returning; return its id.

        The same transaction adds to the game's running correct/total/score, the profile's
        counters (overall, by kind, mode and tag, streak) and reviews the fact's FSRS card.
        """
        answered = _utc(when, self.clock)
        rating = memory.rating_for(kind, correct=correct, exact=exact, response_ms=response_ms)
        right = 1 if correct else 0
        unique_tags = sorted({str(tag) for tag in tags})

        def work(conn: sqlite3.Connection) -> int:
            game = self._game(conn, game_id)
            pid = game.profile_id
            cursor = conn.execute(
                "INSERT INTO answers (game_id, question_id, fact, kind, given, correct, exact, "
                "points, response_ms, answered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    game_id,
                    question_id,
                    fact,
                    kind,
                    str(given),
                    right,
                    1 if exact else 0,
                    int(points),
                    int(response_ms),
                    to_text(answered),
                ),
            )
            answer_id = cursor.lastrowid
            assert answer_id is not None
            if unique_tags:
                conn.executemany(
                    "INSERT INTO answer_tags (answer_id, tag) VALUES (?, ?)",
                    [(answer_id, tag) for tag in unique_tags],
                )
            conn.execute(
                # score runs until finish_game sets the final one, which later answers keep
                "UPDATE games SET total = total + 1, correct = correct + ?, "
                "score = CASE WHEN finished IS NULL THEN score + ? ELSE score END WHERE id = ?",
                (right, int(points), game_id),
            )
            conn.execute(
                """INSERT INTO profile_totals (profile_id, answers, correct, streak, best_streak)
                   VALUES (?1, 1, ?2, ?2, ?2)
                   ON CONFLICT (profile_id) DO UPDATE SET
                       answers = answers + 1,
                       correct = correct + ?2,
                       streak = CASE WHEN ?2 THEN streak + 1 ELSE 0 END,
                       best_streak = max(best_streak, CASE WHEN ?2 THEN streak + 1 ELSE 0 END)""",
                (pid, right),
            )
            conn.executemany(
                "INSERT INTO tallies (profile_id, dim, key, answers, correct) "
                "VALUES (?, ?, ?, 1, ?) ON CONFLICT (profile_id, dim, key) DO UPDATE SET "
                "answers = answers + 1, correct = correct + excluded.correct",
                [(pid, "kind", kind, right), (pid, "mode", game.mode, right)]
                + [(pid, "tag", tag, right) for tag in unique_tags],
            )
            self._review(conn, pid, game.pack, fact, rating, answered)
            return answer_id

        return self._write(work)

    @staticmethod
    def _review(
        conn: sqlite3.Connection, pid: int, pack: str, fact: str, rating: int, when: datetime
    ) -> None:
        row = conn.execute(
            "SELECT state, step, stability, difficulty, due, last_review FROM memory "
            "WHERE profile_id = ? AND pack = ? AND fact = ?",
            (pid, pack, fact),
        ).fetchone()
        card = _sound_card(row)
        if card is not None and card.last_review is not None and when < card.last_review:
            when = card.last_review  # another process's clock ran ahead: never review backwards
        updated = memory.review(card, rating, when)  # a damaged card starts afresh, in place
        lapse = 1 if rating == memory.AGAIN else 0
        if row is None:
            conn.execute(
                "INSERT INTO memory (profile_id, pack, fact, state, step, stability, difficulty, "
                "due, last_review, first_seen, reviews, lapses) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                (pid, pack, fact, *updated.columns(), to_text(when), lapse),
            )
        else:
            conn.execute(
                "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reviews = reviews + 1, lapses = lapses + ? "
                "WHERE profile_id = ? AND pack = ? AND fact = ?",
                (*updated.columns(), lapse, pid, pack, fact),
            )

    def finish_game(self, game_id: int, *, score: int) -> None:
        """Mark a game finished with its final score (a second call changes nothing)."""
        finished = to_text(self._now())

        def work(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "SELECT profile_id, pack, mode, finished FROM games WHERE id = ?", (game_id,)
            ).fetchone()
            if row is None:
                raise ValueError(f"no game with id {game_id}")
            pid, pack, mode, already = row
            if already is not None:
                return
            conn.execute(
                "UPDATE games SET finished = ?, score = ? WHERE id = ?",
                (finished, int(score), game_id),
            )
            conn.execute(
                "INSERT INTO profile_totals (profile_id, finished) VALUES (?, 1) "
                "ON CONFLICT (profile_id) DO UPDATE SET finished = finished + 1",
                (pid,),
            )
            conn.execute(
                "INSERT INTO best_scores (profile_id, pack, mode, finished, best) "
                "VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (profile_id, pack, mode) DO UPDATE SET "
                "finished = finished + 1, best = max(coalesce(best, ?4), ?4)",
                (pid, pack, mode, int(score)),
            )

        self._write(work)

    def best_score(self, profile: str | None, pack: str, mode: str) -> int | None:
        def work(conn: sqlite3.Connection) -> int | None:
            pid, _ = self._profile_row(conn, profile)
            row = conn.execute(
                "SELECT best FROM best_scores WHERE profile_id = ? AND pack = ? AND mode = ?",
                (pid, pack, mode),
            ).fetchone()
            return None if row is None or row[0] is None else int(row[0])

        return self._read(work)

    def best_result(
        self, profile: str | None, pack: str, mode: str, *, exclude_game: int | None = None
    ) -> tuple[int, int] | None:
        """The best finished game as (right answers, points): right answers rank first.

        Used for "personal best", where one more right answer must beat any amount of bonus.
        """

        def work(conn: sqlite3.Connection) -> tuple[int, int] | None:
            pid, _ = self._profile_row(conn, profile)
            row = conn.execute(
                "SELECT correct, score FROM games WHERE profile_id = ? AND pack = ? AND mode = ?"
                " AND finished IS NOT NULL AND id IS NOT ?"
                " ORDER BY correct DESC, score DESC LIMIT 1",
                (pid, pack, mode, exclude_game),
            ).fetchone()
            return None if row is None else (int(row[0]), int(row[1]))

        return self._read(work)

    def report_question(
        self,
        profile: str | None,
        *,
        pack: str,
        pack_file: str,
        fact: str,
        line: int | None,
        question_id: str,
        reason: str = "",
    ) -> None:
        """Remember that the player flagged a question as wrong or unclear."""
        reported = to_text(self._now())

        def work(conn: sqlite3.Connection) -> None:
            pid, _ = self._profile_row(conn, profile)
            conn.execute(
                "INSERT INTO reports (profile_id, pack, pack_file, fact, line, question_id, "
                "reason, reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (pid, pack, str(pack_file), fact, line, question_id, reason, reported),
            )

        self._write(work)

    # -- memory ----------------------------------------------------------------------------------

    def due_facts(
        self,
        profile: str | None,
        pack: str,
        fact_ids: Sequence[str],
        *,
        now: datetime | None = None,
        new_per_day: int = 20,
    ) -> list[str]:
        """What practice mode asks, in order.

        First the facts that are due, lowest retrievability first (ties: due earliest, then the
        order of ``fact_ids``); then facts never seen, in the given order, up to ``new_per_day``
        new facts introduced today (local calendar day) in this pack. Facts not in ``fact_ids``
        (no longer in the pack) are ignored.
        """
        moment = _utc(now, self.clock)
        order: dict[str, int] = {}
        for position, fact in enumerate(fact_ids):
            order.setdefault(fact, position)
        day_start = to_text(_start_of_local_day(moment))

        def work(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], int]:
            pid, _ = self._profile_row(conn, profile)
            rows = conn.execute(
                "SELECT fact, stability, last_review, due FROM memory "
                "WHERE profile_id = ? AND pack = ?",
                (pid, pack),
            ).fetchall()
            introduced = conn.execute(
                "SELECT count(*) FROM memory WHERE profile_id = ? AND pack = ? AND first_seen >= ?",
                (pid, pack, day_start),
            ).fetchone()[0]
            return rows, int(introduced)

        rows, introduced = self._read(work)
        seen = {row[0] for row in rows}
        due: list[tuple[float, str, int, str]] = []
        for fact, stability, last_review, due_at in rows:
            if fact in order and from_text(due_at) <= moment:
                recall = memory.retrievability(
                    stability, from_text(last_review) if last_review else None, moment
                )
                due.append((recall, due_at, order[fact], fact))
        due.sort()
        room = max(0, new_per_day - introduced)
        fresh = [fact for fact in order if fact not in seen][:room]
        return [item[3] for item in due] + fresh

    def next_review(self, profile: str | None, pack: str, fact: str) -> datetime | None:
        """When the fact is next due for review (None if it was never answered)."""

        def work(conn: sqlite3.Connection) -> datetime | None:
            pid, _ = self._profile_row(conn, profile)
            row = conn.execute(
                "SELECT due FROM memory WHERE profile_id = ? AND pack = ? AND fact = ?",
                (pid, pack, fact),
            ).fetchone()
            return None if row is None else from_text(row[0])

        return self._read(work)

    def mastery(
        self, profile: str | None, pack: str, *, now: datetime | None = None
    ) -> dict[str, float]:
        """Fact id -> probability of recall now (0..1), for facts this profile has seen."""
        moment = _utc(now, self.clock)

        def work(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            pid, _ = self._profile_row(conn, profile)
            return conn.execute(
                "SELECT fact, stability, last_review FROM memory WHERE profile_id = ? AND pack = ?",
                (pid, pack),
            ).fetchall()

        return {
            fact: round(
                memory.retrievability(stability, from_text(last) if last else None, moment), 4
            )
            for fact, stability, last in self._read(work)
        }

    # -- stats -----------------------------------------------------------------------------------

    def stats(
        self, profile: str | None = None, *, games: int | None = 10, now: datetime | None = None
    ) -> Stats:
        """Everything ``quizgame stats`` shows (``Stats.as_json``: docs/profiles.md's shape).

        ``games`` limits the recent-games list (newest first); None lists every game.
        """
        from quizgame.store import stats as stats_module

        moment = _utc(now, self.clock)

        def work(conn: sqlite3.Connection) -> Stats:
            pid, name = self._profile_row(conn, profile)
            return stats_module.compute(
                conn,
                pid,
                name,
                now=moment,
                day_start=_start_of_local_day(moment),
                games_limit=games,
            )

        return self._read(work)
