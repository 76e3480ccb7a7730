"""Moving a player between machines: a versioned, self-describing JSON file.

Everything the profile holds travels: settings, every game (finished or not) with its settings and
running totals, every answer in its original order (streaks depend on it) with its tags, every
fact's FSRS card, and reported questions. Aggregates are rebuilt on import rather than trusted.
The file is written next to its destination and renamed into place, so a crash never leaves half
an export where a good one was.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from quizgame.store import schema
from quizgame.store.memory import to_text

FORMAT = "quizgame-profile"
VERSION = 1

_GAME_FIELDS = (
    "pack",
    "mode",
    "seed",
    "settings",
    "started",
    "finished",
    "score",
    "correct",
    "total",
)
_ANSWER_FIELDS = (
    "game",
    "question_id",
    "fact",
    "kind",
    "given",
    "correct",
    "exact",
    "points",
    "response_ms",
    "answered",
    "tags",
)
_MEMORY_FIELDS = (
    "pack",
    "fact",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "first_seen",
    "reviews",
    "lapses",
)
_REPORT_FIELDS = ("pack", "pack_file", "fact", "line", "question_id", "reason", "reported")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_profile(conn: sqlite3.Connection, profile_id: int, path: Path, now: datetime) -> None:
    """Stream the profile to ``path`` (temp file + rename), from one consistent snapshot."""
    from quizgame.store.profile import ProfileError

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ProfileError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    conn.execute("BEGIN")  # one read snapshot, even while another process writes
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            _write(conn, profile_id, out, now)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise ProfileError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _write(conn: sqlite3.Connection, pid: int, out: Any, now: datetime) -> None:
    name, created, last_used = conn.execute(
        "SELECT name, created, last_used FROM profiles WHERE id = ?", (pid,)
    ).fetchone()
    settings = dict(
        conn.execute("SELECT key, value FROM settings WHERE profile_id = ? ORDER BY key", (pid,))
    )
    out.write("{\n")
    out.write(f'"format":{_dump(FORMAT)},\n"version":{VERSION},\n')
    out.write(f'"schema":{schema.LATEST},\n"exported":{_dump(to_text(now))},\n')
    profile = {"name": name, "created": created, "last_used": last_used}
    out.write(f'"profile":{_dump(profile)},\n"settings":{_dump(settings)},\n')

    out.write('"games":[')
    refs: dict[int, int] = {}
    for index, row in enumerate(
        conn.execute(
            "SELECT id, pack, mode, seed, settings, started, finished, score, correct, total "
            "FROM games WHERE profile_id = ? ORDER BY id",
            (pid,),
        )
    ):
        refs[row[0]] = index
        game = dict(zip(_GAME_FIELDS, row[1:], strict=True))
        game["settings"] = json.loads(game["settings"] or "{}")
        out.write(("\n" if index == 0 else ",\n") + _dump(game))
    out.write("],\n")

    out.write('"answers":[')
    first = True
    for row in conn.execute(
        """SELECT a.game_id, a.question_id, a.fact, a.kind, a.given, a.correct, a.exact,
                  a.points, a.response_ms, a.answered,
                  (SELECT json_group_array(tag) FROM
                      (SELECT tag FROM answer_tags t WHERE t.answer_id = a.id ORDER BY tag))
           FROM answers a JOIN games g ON g.id = a.game_id
           WHERE g.profile_id = ? ORDER BY a.id""",
        (pid,),
    ):
        answer = dict(zip(_ANSWER_FIELDS, row, strict=True))
        answer["game"] = refs[row[0]]
        answer["correct"] = bool(answer["correct"])
        answer["exact"] = bool(answer["exact"])
        answer["tags"] = json.loads(answer["tags"] or "[]")
        out.write(("\n" if first else ",\n") + _dump(answer))
        first = False
    out.write("],\n")

    memory = [
        dict(zip(_MEMORY_FIELDS, row, strict=True))
        for row in conn.execute(
            f"SELECT {', '.join(_MEMORY_FIELDS)} FROM memory WHERE profile_id = ? "
            "ORDER BY pack, fact",
            (pid,),
        )
    ]
    out.write('"memory":[' + ",\n".join(_dump(card) for card in memory) + "],\n")
    reports = [
        dict(zip(_REPORT_FIELDS, row, strict=True))
        for row in conn.execute(
            f"SELECT {', '.join(_REPORT_FIELDS)} FROM reports WHERE profile_id = ? ORDER BY id",
            (pid,),
        )
    ]
    out.write('"reports":' + _dump(reports) + "\n}\n")


# -- reading ---------------------------------------------------------------------------------------


class _Bad(Exception):
    pass


def _need(
    record: Any, key: str, types: type | tuple[type, ...], where: str, *, optional: bool = False
) -> Any:
    if not isinstance(record, dict):
        raise _Bad(f"{where} is not an object")
    if key not in record:
        if optional:
            return None
        raise _Bad(f"{where} has no {key!r}")
    value = record[key]
    if value is None and optional:
        return None
    # bool is an int in Python; refuse it where a number is meant, and vice versa.
    wanted = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in wanted:
        raise _Bad(f"{where}.{key} should be {_type_names(wanted)}")
    if not isinstance(value, wanted):
        raise _Bad(f"{where}.{key} should be {_type_names(wanted)}")
    return value


def _type_names(types: tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        dict: "an object",
        list: "a list",
    }
    return " or ".join(names.get(t, t.__name__) for t in types)


def _time(record: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = _need(record, key, str, where, optional=optional)
    if value is None:
        return None
    try:
        return to_text(datetime.fromisoformat(value))
    except ValueError as exc:
        raise _Bad(f"{where}.{key} is not a date and time: {value!r}") from exc


def load_export(path: Path) -> dict[str, Any]:
    """Read and check an export file; ProfileError (one sentence) when it is not a good one."""
    from quizgame.store.profile import ProfileError

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise ProfileError(f"There is no file {path}.") from exc
    except OSError as exc:
        raise ProfileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(f"{path} is not a quizgame profile export (not JSON: {exc}).") from exc
    try:
        return _validate(data)
    except _Bad as exc:
        raise ProfileError(f"{path} is not a usable quizgame profile export: {exc}.") from exc


def _validate(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Bad(f'it does not say "format": "{FORMAT}"')
    version = _need(data, "version", int, "the file")
    if version > VERSION:
        raise _Bad(f"it was written by a newer quizgame (format version {version})")
    profile = _need(data, "profile", dict, "the file")
    clean: dict[str, Any] = {
        "profile": {
            "name": _need(profile, "name", str, "profile"),
            "created": _time(profile, "created", "profile"),
            "last_used": _time(profile, "last_used", "profile", optional=True),
        }
    }
    settings = _need(data, "settings", dict, "the file")
    for key, value in settings.items():
        if not isinstance(value, str):
            raise _Bad(f"settings.{key} should be text")
    clean["settings"] = settings

    games = []
    for i, game in enumerate(_need(data, "games", list, "the file")):
        where = f"games[{i}]"
        games.append(
            {
                "pack": _need(game, "pack", str, where),
                "mode": _need(game, "mode", str, where),
                "seed": _need(game, "seed", str, where),
                "settings": _need(game, "settings", dict, where),
                "started": _time(game, "started", where),
                "finished": _time(game, "finished", where, optional=True),
                "score": _need(game, "score", int, where),
                "correct": _need(game, "correct", int, where),
                "total": _need(game, "total", int, where),
            }
        )
    clean["games"] = games

    answers = []
    for i, answer in enumerate(_need(data, "answers", list, "the file")):
        where = f"answers[{i}]"
        game = _need(answer, "game", int, where)
        if not 0 <= game < len(games):
            raise _Bad(f"{where}.game refers to no game")
        tags = _need(answer, "tags", list, where)
        if not all(isinstance(tag, str) for tag in tags):
            raise _Bad(f"{where}.tags should be a list of text")
        answers.append(
            {
                "game": game,
                "question_id": _need(answer, "question_id", str, where),
                "fact": _need(answer, "fact", str, where),
                "kind": _need(answer, "kind", str, where),
                "given": _need(answer, "given", str, where),
                "correct": _need(answer, "correct", bool, where),
                "exact": _need(answer, "exact", bool, where),
                "points": _need(answer, "points", int, where),
                "response_ms": _need(answer, "response_ms", int, where),
                "answered": _time(answer, "answered", where),
                "tags": sorted(set(tags)),
            }
        )
    clean["answers"] = answers

    cards = []
    for i, card in enumerate(_need(data, "memory", list, "the file")):
        where = f"memory[{i}]"
        state = _need(card, "state", int, where)
        if state not in (1, 2, 3):
            raise _Bad(f"{where}.state should be 1, 2 or 3")
        cards.append(
            {
                "pack": _need(card, "pack", str, where),
                "fact": _need(card, "fact", str, where),
                "state": state,
                "step": _need(card, "step", int, where, optional=True),
                "stability": _need(card, "stability", (int, float), where, optional=True),
                "difficulty": _need(card, "difficulty", (int, float), where, optional=True),
                "due": _time(card, "due", where),
                "last_review": _time(card, "last_review", where, optional=True),
                "first_seen": _time(card, "first_seen", where),
                "reviews": _need(card, "reviews", int, where),
                "lapses": _need(card, "lapses", int, where),
            }
        )
    if len({(c["pack"], c["fact"]) for c in cards}) != len(cards):
        raise _Bad("memory lists a fact twice")
    clean["memory"] = cards

    reports = []
    for i, report in enumerate(_need(data, "reports", list, "the file")):
        where = f"reports[{i}]"
        reports.append(
            {
                "pack": _need(report, "pack", str, where),
                "pack_file": _need(report, "pack_file", str, where),
                "fact": _need(report, "fact", str, where),
                "line": _need(report, "line", int, where, optional=True),
                "question_id": _need(report, "question_id", str, where),
                "reason": _need(report, "reason", str, where),
                "reported": _time(report, "reported", where),
            }
        )
    clean["reports"] = reports
    return clean


def _is_empty(conn: sqlite3.Connection, pid: int) -> bool:
    return all(
        conn.execute(f"SELECT 1 FROM {table} WHERE profile_id = ? LIMIT 1", (pid,)).fetchone()
        is None
        for table in ("games", "memory", "settings", "reports")
    )


def import_profile(conn: sqlite3.Connection, data: dict[str, Any], name: str) -> int:
    """Insert a checked export as profile ``name``; runs inside the caller's transaction.

    A profile of the same name that was never used (the default one a fresh install makes) is
    replaced; any other clash is an error.
    """
    from quizgame.store.profile import ProfileError, name_key

    row = conn.execute("SELECT id, name FROM profiles WHERE key = ?", (name_key(name),)).fetchone()
    if row is not None:
        if not _is_empty(conn, row[0]):
            raise ProfileError(
                f'A profile named "{row[1]}" already exists; import this one under another '
                "name (quizgame profiles import FILE NEW_NAME)."
            )
        conn.execute("DELETE FROM profiles WHERE id = ?", (row[0],))
    profile = data["profile"]
    pid = conn.execute(
        "INSERT INTO profiles (name, key, created, last_used) VALUES (?, ?, ?, ?)",
        (name, name_key(name), profile["created"], profile["last_used"]),
    ).lastrowid
    assert pid is not None
    conn.executemany(
        "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?)",
        [(pid, key, value) for key, value in data["settings"].items()],
    )
    game_ids = []
    for game in data["games"]:
        cursor = conn.execute(
            "INSERT INTO games (profile_id, pack, mode, seed, settings, started, finished, score, "
            "correct, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pid,
                game["pack"],
                game["mode"],
                game["seed"],
                json.dumps(game["settings"], sort_keys=True),
                game["started"],
                game["finished"],
                game["score"],
                game["correct"],
                game["total"],
            ),
        )
        game_ids.append(cursor.lastrowid)
    for answer in data["answers"]:  # in file order: answer ids keep the original order
        cursor = conn.execute(
            "INSERT INTO answers (game_id, question_id, fact, kind, given, correct, exact, points,"
            " response_ms, answered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                game_ids[answer["game"]],
                answer["question_id"],
                answer["fact"],
                answer["kind"],
                answer["given"],
                int(answer["correct"]),
                int(answer["exact"]),
                answer["points"],
                answer["response_ms"],
                answer["answered"],
            ),
        )
        if answer["tags"]:
            conn.executemany(
                "INSERT INTO answer_tags (answer_id, tag) VALUES (?, ?)",
                [(cursor.lastrowid, tag) for tag in answer["tags"]],
            )
    conn.executemany(
        f"INSERT INTO memory (profile_id, {', '.join(_MEMORY_FIELDS)}) "
        f"VALUES (?, {', '.join('?' for _ in _MEMORY_FIELDS)})",
        [(pid, *(card[key] for key in _MEMORY_FIELDS)) for card in data["memory"]],
    )
    conn.executemany(
        f"INSERT INTO reports (profile_id, {', '.join(_REPORT_FIELDS)}) "
        f"VALUES (?, {', '.join('?' for _ in _REPORT_FIELDS)})",
        [(pid, *(report[key] for key in _REPORT_FIELDS)) for report in data["reports"]],
    )
    schema.rebuild_aggregates(conn, pid)
    return int(pid)
