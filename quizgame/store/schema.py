"""The profile database schema and its forward migrations.

``PRAGMA user_version`` holds the schema version: ``MIGRATIONS[i]`` takes a database from version
``i`` to ``i + 1``, so a database of any earlier version is brought up to date by running the tail
of the list, all inside one write transaction (SQLite DDL is transactional: a failed upgrade
leaves the old version untouched). Never edit a released migration; append a new one.

Version 1 is the record itself (profiles, games, answers, per-fact memory, settings, reports).
Version 2 adds running aggregates so that ``stats`` never scans the answers: they are derived data,
kept in step by ``record_answer``/``finish_game`` in the same transaction, and rebuilt from the
record by :func:`rebuild_aggregates` (used by this migration, by profile import and by the
benchmark's bulk loader).
Version 3 adds the live class games of ``quizgame classroom`` (quizgame/classroom/record.py): a
game, its seated students and every acknowledged answer, enough to resume a game after the host
stops and to write its results file again later.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence

#: ``PRAGMA application_id`` of a quizgame profile database: the bytes "QzGm". Set by every
#: migration run; a database with any other non-zero id belongs to another program.
APPLICATION_ID = 0x517A476D

V1 = [
    """CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,          -- casefolded name: names are unique ignoring case
        created TEXT NOT NULL,
        last_used TEXT
    )""",
    """CREATE TABLE settings (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (profile_id, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE games (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pack TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        started TEXT NOT NULL,
        finished TEXT,                     -- NULL: the game never finished
        score INTEGER NOT NULL DEFAULT 0,  -- running, then the final score
        correct INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX games_by_profile ON games(profile_id)",
    """CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        fact TEXT NOT NULL,
        kind TEXT NOT NULL,
        given TEXT NOT NULL,
        correct INTEGER NOT NULL,
        exact INTEGER NOT NULL DEFAULT 1,
        points INTEGER NOT NULL,
        response_ms INTEGER NOT NULL,
        answered TEXT NOT NULL
    )""",
    "CREATE INDEX answers_by_game ON answers(game_id)",
    """CREATE TABLE answer_tags (
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (answer_id, tag)
    ) WITHOUT ROWID""",
    """CREATE TABLE memory (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pack TEXT NOT NULL,
        fact TEXT NOT NULL,
        state INTEGER NOT NULL,            -- fsrs.State: 1 learning, 2 review, 3 relearning
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        first_seen TEXT NOT NULL,
        reviews INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile_id, pack, fact)
    ) WITHOUT ROWID""",
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pack TEXT NOT NULL,
        pack_file TEXT NOT NULL,
        fact TEXT NOT NULL,
        line INTEGER,
        question_id TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        reported TEXT NOT NULL
    )""",
    "CREATE INDEX reports_by_profile ON reports(profile_id)",
]

V2 = [
    """CREATE TABLE profile_totals (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        games INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0,
        answers INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        streak INTEGER NOT NULL DEFAULT 0,       -- correct answers in a row at the end
        best_streak INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE tallies (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        dim TEXT NOT NULL,                       -- 'kind', 'tag' or 'mode'
        key TEXT NOT NULL,
        answers INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile_id, dim, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE best_scores (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pack TEXT NOT NULL,
        mode TEXT NOT NULL,
        games INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0,
        best INTEGER,                            -- best score of a finished game
        PRIMARY KEY (profile_id, pack, mode)
    ) WITHOUT ROWID""",
]


V3 = [
    """CREATE TABLE classroom_games (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,                      -- the six-digit join code
        pack TEXT NOT NULL,                      -- what --pack named (id or file) for --resume
        settings TEXT NOT NULL,                  -- JSON: seed, kinds, count, difficulty, time...
        started TEXT NOT NULL,
        question INTEGER NOT NULL DEFAULT -1,    -- the current question's index; -1: lobby
        phase TEXT NOT NULL DEFAULT 'lobby',
        finished TEXT,
        results TEXT                             -- the results file last written
    )""",
    """CREATE TABLE classroom_players (
        game_id INTEGER NOT NULL REFERENCES classroom_games(id) ON DELETE CASCADE,
        seat INTEGER NOT NULL,
        name TEXT NOT NULL,
        token TEXT NOT NULL,                     -- kept by the student's browser to rejoin
        joined TEXT NOT NULL,
        kicked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (game_id, seat)
    ) WITHOUT ROWID""",
    """CREATE TABLE classroom_answers (
        game_id INTEGER NOT NULL REFERENCES classroom_games(id) ON DELETE CASCADE,
        question INTEGER NOT NULL,               -- 0-based index in the game
        seat INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        given TEXT NOT NULL,                     -- JSON, as the rules took it
        given_text TEXT NOT NULL,
        correct INTEGER NOT NULL,
        points INTEGER NOT NULL,
        response_ms INTEGER NOT NULL,
        answered TEXT NOT NULL,
        PRIMARY KEY (game_id, question, seat)    -- one answer per student and question
    ) WITHOUT ROWID""",
]


def _run(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    # Not executescript(): it would COMMIT the migration's transaction half-way.
    for statement in statements:
        conn.execute(statement)


def _to_v1(conn: sqlite3.Connection) -> None:
    _run(conn, V1)


def _to_v2(conn: sqlite3.Connection) -> None:
    _run(conn, V2)
    rebuild_aggregates(conn)


def _to_v3(conn: sqlite3.Connection) -> None:
    _run(conn, V3)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_to_v1, _to_v2, _to_v3]
LATEST = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, current: int) -> None:
    """Run every migration after ``current``; the caller holds the write transaction."""
    for version in range(current, LATEST):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {LATEST}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _tables(statements: Sequence[str]) -> frozenset[str]:
    return frozenset(
        m[1] for s in statements if (m := re.match(r"\s*CREATE TABLE (\w+)", s)) is not None
    )


#: The tables of each released schema version, by which a quizgame database written before
#: the application id was set (its id is 0) is still recognised.
TABLES_AT = {
    1: _tables(V1),
    2: _tables(V1) | _tables(V2),
    3: _tables(V1) | _tables(V2) | _tables(V3),
}


def foreign(conn: sqlite3.Connection) -> str | None:
    """None if the open database is quizgame's (or empty); else what it is, in words.

    A database is quizgame's when its application id is :data:`APPLICATION_ID`, or when the id
    is 0 and its tables are exactly those of a released schema version (a profile written
    before the id existed). An empty database (no tables, no version) is a new one. Anything
    else belongs to another program and must be left exactly as it is.
    """
    # One read transaction for the three reads: another process may be creating the schema
    # right now, and its tables without its version and id would look like someone else's file.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = sorted(
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        )
    finally:
        if own:
            conn.execute("COMMIT")
    if app_id == APPLICATION_ID:
        return None
    if app_id == 0 and not tables and version == 0:
        return None
    if app_id == 0 and TABLES_AT.get(version) == frozenset(tables):
        return None
    shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
    what = f"application id 0x{app_id & 0xFFFFFFFF:08X}" if app_id else "no application id"
    return (
        f"an SQLite database of another program ({what}, version {version}, "
        f"tables: {shown or 'none'})"
    )


def rebuild_aggregates(conn: sqlite3.Connection, profile_id: int | None = None) -> None:
    """Recompute the v2 aggregates from games and answers (one profile, or all).

    Must agree exactly with the incremental updates in ``Store.record_answer``,
    ``Store.start_game`` and ``Store.finish_game``; a property test checks that it does.
    """
    args: tuple[int, ...]
    if profile_id is None:
        where, args = "", ()
        conn.execute("DELETE FROM profile_totals")
        conn.execute("DELETE FROM tallies")
        conn.execute("DELETE FROM best_scores")
        ids = [row[0] for row in conn.execute("SELECT id FROM profiles")]
    else:
        where, args = "WHERE p.id = ?", (profile_id,)
        for table in ("profile_totals", "tallies", "best_scores"):
            conn.execute(f"DELETE FROM {table} WHERE profile_id = ?", (profile_id,))
        ids = [profile_id]

    conn.execute(
        f"""INSERT INTO profile_totals (profile_id, games, finished, answers, correct)
        SELECT p.id,
               (SELECT count(*) FROM games g WHERE g.profile_id = p.id),
               (SELECT count(*) FROM games g WHERE g.profile_id = p.id
                                             AND g.finished IS NOT NULL),
               (SELECT count(*) FROM answers a JOIN games g ON g.id = a.game_id
                WHERE g.profile_id = p.id),
               (SELECT coalesce(sum(a.correct), 0) FROM answers a JOIN games g ON g.id = a.game_id
                WHERE g.profile_id = p.id)
        FROM profiles p {where}""",
        args,
    )
    conn.execute(
        f"""INSERT INTO best_scores (profile_id, pack, mode, games, finished, best)
        SELECT g.profile_id, g.pack, g.mode, count(*), count(g.finished),
               max(CASE WHEN g.finished IS NOT NULL THEN g.score END)
        FROM games g JOIN profiles p ON p.id = g.profile_id {where}
        GROUP BY g.profile_id, g.pack, g.mode""",
        args,
    )
    conn.execute(
        f"""INSERT INTO tallies (profile_id, dim, key, answers, correct)
        SELECT g.profile_id, 'kind', a.kind, count(*), sum(a.correct)
        FROM answers a JOIN games g ON g.id = a.game_id JOIN profiles p ON p.id = g.profile_id
        {where} GROUP BY g.profile_id, a.kind""",
        args,
    )
    conn.execute(
        f"""INSERT INTO tallies (profile_id, dim, key, answers, correct)
        SELECT g.profile_id, 'mode', g.mode, count(*), sum(a.correct)
        FROM answers a JOIN games g ON g.id = a.game_id JOIN profiles p ON p.id = g.profile_id
        {where} GROUP BY g.profile_id, g.mode""",
        args,
    )
    conn.execute(
        f"""INSERT INTO tallies (profile_id, dim, key, answers, correct)
        SELECT g.profile_id, 'tag', t.tag, count(*), sum(a.correct)
        FROM answer_tags t JOIN answers a ON a.id = t.answer_id
             JOIN games g ON g.id = a.game_id JOIN profiles p ON p.id = g.profile_id
        {where} GROUP BY g.profile_id, t.tag""",
        args,
    )
    # Streaks: answers in commit order (their id); each wrong answer starts a new group, and a
    # group's run of correct answers is its size minus the wrong answer that opened it.
    for pid in ids:
        row = conn.execute(
            """WITH ordered AS (
                   SELECT a.correct,
                          sum(CASE WHEN a.correct THEN 0 ELSE 1 END)
                              OVER (ORDER BY a.id ROWS UNBOUNDED PRECEDING) AS grp
                   FROM answers a JOIN games g ON g.id = a.game_id
                   WHERE g.profile_id = ?),
               runs AS (SELECT grp, sum(correct) AS run FROM ordered GROUP BY grp)
               SELECT coalesce(max(run), 0),
                      coalesce((SELECT run FROM runs ORDER BY grp DESC LIMIT 1), 0)
               FROM runs""",
            (pid,),
        ).fetchone()
        conn.execute(
            "UPDATE profile_totals SET best_streak = ?, streak = ? WHERE profile_id = ?",
            (row[0], row[1], pid),
        )
