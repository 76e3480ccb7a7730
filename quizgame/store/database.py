"""The profile database as a file: connecting, checking, recognising what is not ours.

Opening a profile goes through here (:meth:`quizgame.store.profile.Store.open`): a connection set
up for two processes sharing one file (WAL, a busy timeout, full fsync), a quick integrity check,
a file of another program or a special file refused without being opened, a damaged database
moved aside with a timestamp, and SQLite's errors sorted into "damaged" and "cannot be written".
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from quizgame.core.textfile import file_type, regular_file_problem
from quizgame.store import locations, schema

#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 15.0
#: Databases up to this size get a full ``PRAGMA quick_check`` on every open (a few ms); larger
#: ones check their small tables only, and get the full check when a damaged page was met.
FULL_CHECK_MAX_BYTES = 8 * 1024 * 1024
#: ``synchronous`` in WAL mode. FULL fsyncs the WAL at every commit: an answer survives even a
#: power cut. (NORMAL would survive crashes and kill -9 but not power loss; FULL is within the
#: 5 ms budget on the machines we measured, so we pay for it. See docs/profiles.md.)
SYNCHRONOUS = "FULL"

_SMALL_TABLES = ("profiles", "settings", "profile_totals", "tallies", "best_scores", "memory")

# SQLite primary result codes (sqlite3.h).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB = 26
CORRUPT = "corrupt"
UNSAVED = "unsaved"


class NewerSchema(Exception):
    pass


class Foreign(Exception):
    """The file is not a quizgame database (another program's SQLite file, a FIFO ...)."""


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection to the profile file (a seam: tests replace it to simulate failures)."""
    return sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )


def memory_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    switch_to_wal(conn)
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def switch_to_wal(conn: sqlite3.Connection) -> None:
    """Turn on WAL, waiting out another process that is opening the same file right now.

    Changing the journal mode can answer "database is locked" at once, without the busy
    handler, while another connection is setting up or recovering the file; retry for as long
    as any other lock would be waited for.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def classify(exc: BaseException) -> str | None:
    """``"corrupt"``, ``"unsaved"`` (cannot write: full, read-only, locked...) or None (a bug)."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(
        exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError
    ):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    message = str(exc).lower()
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or any(
        text in message for text in ("malformed", "not a database", "corrupt")
    ):
        return CORRUPT
    if primary in (
        _SQLITE_PERM,
        _SQLITE_BUSY,
        _SQLITE_LOCKED,
        _SQLITE_READONLY,
        _SQLITE_IOERR,
        _SQLITE_FULL,
        _SQLITE_CANTOPEN,
    ) or any(
        text in message
        for text in ("full", "readonly", "read-only", "unable to open", "disk i/o", "locked")
    ):
        return UNSAVED
    return None


def reason(exc: BaseException, folder: Path) -> str:
    """Why scores are not being saved, as the end of a plain sentence."""
    message = str(exc).lower()
    if "full" in message:
        return "the disk is full"
    if any(text in message for text in ("readonly", "read-only", "unable to open", "permission")):
        database = folder / locations.DATABASE_NAME
        if folder_writable(folder) and database.exists():
            return f"the profile database {database} is read-only"
        return f"the data folder {folder} is not writable"
    if "locked" in message or "busy" in message:
        return "another quizgame kept the profile database locked"
    if classify(exc) == CORRUPT:
        return "the profile database is damaged; it will be checked the next time quizgame starts"
    return f"the profile database cannot be written ({exc})"


def damaged(detail: str) -> sqlite3.DatabaseError:
    return sqlite3.DatabaseError(f"database disk image is malformed ({detail})")


def check(conn: sqlite3.Connection, path: Path) -> int:
    """Raise DatabaseError if the file is not a sound database; return its user_version."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "file is not a database"
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    marker = check_marker(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size <= FULL_CHECK_MAX_BYTES or marker.exists():
        tables: Sequence[str | None] = (None,)
    else:
        existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        tables = [name for name in _SMALL_TABLES if name in existing]
    for table in tables:
        sql = "PRAGMA quick_check" if table is None else f"PRAGMA quick_check({table})"
        rows = conn.execute(sql).fetchall()
        if rows != [("ok",)]:
            raise damaged(f"quick_check: {rows[0][0] if rows else 'no answer'}")
    if tables == (None,):
        marker.unlink(missing_ok=True)
    return version


def refuse_special(path: Path) -> None:
    """Raise Foreign when the database or a file beside it is not a regular file.

    Checked on the path, never by opening it: opening a FIFO for reading blocks until someone
    writes to it, and SQLite opens the ``-wal`` and ``-shm`` files beside the database too.
    """
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        what = regular_file_problem(name)
        if what is None or (name == path and what == "a folder"):  # a folder: cannot be opened
            continue
        raise Foreign(f"{name} is {what}, not a database file")


def not_sqlite(path: Path) -> bool:
    """A non-empty file that does not start with the SQLite header."""
    try:  # non-blocking, and checked on the descriptor: a FIFO swapped in never blocks this
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return False
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise Foreign(f"{path} is {file_type(mode)}, not a database file")
        head = handle.read(100)  # the database header
    if head[:16] == b"SQLite format 3\x00" and len(head) == 100:
        # Another program's id is read from the header itself, before SQLite opens the file:
        # a damaged database of another program is not ours to move aside either.
        app_id = int.from_bytes(head[68:72], "big")
        if app_id not in (0, schema.APPLICATION_ID):
            what = describe_foreign(path) or (
                f"an SQLite database of another program (application id 0x{app_id:08X})"
            )
            raise Foreign(f"{path} is not a quizgame profile database: it is {what}")
    return bool(head) and head[:16] != b"SQLite format 3\x00"


def describe_foreign(path: Path) -> str | None:
    """What another program's database holds, read with SQLite in immutable read-only mode
    (no lock, no -wal or -shm file created); None if even that cannot read it."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        return schema.foreign(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def writable(path: Path) -> bool:
    """Can we write the database (and its -wal/-shm beside it)?

    A cheap test at open (permissions, read-only file systems); a write failing later is caught
    too, so this only makes the notice appear before the first answer rather than at it.
    """
    if not folder_writable(path.parent):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


#: A database that cannot be written is copied into memory for the session only up to this size.
MAX_MEMORY_COPY_BYTES = 512 * 1024 * 1024


def copyable(path: Path) -> bool:
    """A regular file small enough to copy into memory (a session on a read-only profile)."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_MEMORY_COPY_BYTES


def check_marker(path: Path) -> Path:
    return path.with_name(path.name + ".check")


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) to ``<name>.corrupt-YYYYmmdd-HHMMSS``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while any(Path(str(target) + s).exists() for s in ("", "-wal", "-shm")):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    if path.exists():
        os.rename(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.rename(side, Path(str(target) + suffix))
    check_marker(path).unlink(missing_ok=True)
    return target


def rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
