"""Moving a player between machines: a versioned, self-describing JSON file.

Everything the profile holds travels: settings, every game (finished or not) with its settings and
running totals, every answer in its original order (streaks depend on it) with its tags, every
fact's FSRS card, and reported questions. Aggregates are rebuilt on import rather than trusted.
The file is written next to its destination and renamed into place, so a crash never leaves half
an export where a good one was.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from quizgame.core.textfile import TextFileProblem, read_bytes, shown_path
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
    from quizgame.store.names import ProfileError

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


#: The largest profile export read: about half a million answers. Read bounded, never more.
MAX_IMPORT_BYTES = 128 * 1024 * 1024
#: Whole numbers (scores, points, counts, milliseconds) are kept within this magnitude, so that
#: sums over a whole history stay far inside SQLite's 64-bit integers.
MAX_COUNT = 10**9
#: Texts (answers given, seeds, report reasons ...) are at most this long.
MAX_TEXT = 100_000
#: FSRS memory: stability in days (fsrs keeps it >= 0.001; 10**6 days is 2,700 years) and
#: difficulty (fsrs clamps it to 1..10). A step is an index into the learning steps.
STABILITY_RANGE = (0.001, 1e6)
DIFFICULTY_RANGE = (1.0, 10.0)
MAX_STEP = 100
#: Dates and times must lie in these years once converted to UTC (so that local-time display
#: and scheduling arithmetic can never leave the calendar).
YEARS = (1900, 2999)
#: Game settings are a small object; nesting beyond this is not something quizgame wrote.
MAX_SETTINGS_DEPTH = 8


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
    if isinstance(value, str):
        _text(value, f"{where}.{key}")
    return value


def _text(value: str, where: str) -> str:
    """A text SQLite can store and a terminal can show: no lone surrogate, bounded length."""
    if len(value) > MAX_TEXT:
        raise _Bad(f"{where} is {len(value):,} characters long, more than {MAX_TEXT:,}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise _Bad(f"{where} contains a lone surrogate (U+{code:04X}), which is not text") from None
    return value


def _count(
    record: Any, key: str, where: str, *, low: int = 0, optional: bool = False
) -> int | None:
    """A whole number within ``low .. MAX_COUNT``."""
    value: int | None = _need(record, key, int, where, optional=optional)
    if value is not None and not low <= value <= MAX_COUNT:
        raise _Bad(
            f"{where}.{key} should be between {low:,} and {MAX_COUNT:,}, not {_short(value)}"
        )
    return value


def _real(record: Any, key: str, where: str, bounds: tuple[float, float]) -> float | None:
    """An optional finite number within ``bounds`` (NaN and Infinity are refused)."""
    value = _need(record, key, (int, float), where, optional=True)
    if value is None:
        return None
    low, high = bounds
    if not (math.isfinite(value) and low <= value <= high):
        raise _Bad(
            f"{where}.{key} should be a number from {low:g} to {high:g}, not {_short(value)}"
        )
    return float(value)


def _key(key: str) -> str:
    """A key from the file, as it may appear in a message printed on a terminal."""
    shown = shown_path(key)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "..."


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """JSON data (game settings) that is shallow, finite and made of real text."""
    if depth > MAX_SETTINGS_DEPTH:
        raise _Bad(f"{where} is nested more than {MAX_SETTINGS_DEPTH} levels deep")
    if isinstance(value, str):
        _text(value, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f"{where} should be a finite number, not {value!r}")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise _Bad(f"{where} is a number larger than {MAX_COUNT:,}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _text(key, f"a key of {where}")
            _plain(item, f"{where}.{_key(key)}", depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _plain(item, f"{where}[{i}]", depth + 1)


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
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _Bad(f"{where}.{key} is not a date and time: {_short(value)}") from exc
    year: int | None
    local: datetime | None
    try:
        text = to_text(moment)
        year = datetime.fromisoformat(text).year
        local = datetime.fromisoformat(text).astimezone()  # as stats will show it
    except (ValueError, OverflowError):
        year = local = None
    if year is None or local is None or not YEARS[0] <= year <= YEARS[1]:
        raise _Bad(f"{where}.{key} is outside the years {YEARS[0]} to {YEARS[1]}: {_short(value)}")
    return text


def load_export(path: Path) -> dict[str, Any]:
    """Read and check an export file; ProfileError (one sentence) when it is not a good one."""
    from quizgame.store.names import ProfileError

    try:
        raw = read_bytes(path, MAX_IMPORT_BYTES, "profile export")  # a FIFO is never opened
    except FileNotFoundError as exc:
        raise ProfileError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise ProfileError(f"{path} is a folder, not a profile export.") from exc
    except OSError as exc:
        raise ProfileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except TextFileProblem as exc:
        raise ProfileError(f"Cannot read {path}: {exc.message}.") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(f"{path} is not a quizgame profile export (not JSON: {exc}).") from exc
    except RecursionError as exc:
        raise ProfileError(
            f"{path} is not a usable quizgame profile export: it is nested too deeply."
        ) from exc
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
        _text(key, "a key of settings")
        if not isinstance(value, str):
            raise _Bad(f"settings.{_key(key)} should be text")
        _text(value, f"settings.{_key(key)}")
    clean["settings"] = settings

    games = []
    for i, game in enumerate(_need(data, "games", list, "the file")):
        where = f"games[{i}]"
        games.append(
            {
                "pack": _need(game, "pack", str, where),
                "mode": _need(game, "mode", str, where),
                "seed": _need(game, "seed", str, where),
                "settings": _settings(game, where),
                "started": _time(game, "started", where),
                "finished": _time(game, "finished", where, optional=True),
                "score": _count(game, "score", where, low=-MAX_COUNT),
                "correct": _count(game, "correct", where),
                "total": _count(game, "total", where),
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
        for tag in tags:
            _text(tag, f"{where}.tags")
        answers.append(
            {
                "game": game,
                "question_id": _need(answer, "question_id", str, where),
                "fact": _need(answer, "fact", str, where),
                "kind": _need(answer, "kind", str, where),
                "given": _need(answer, "given", str, where),
                "correct": _need(answer, "correct", bool, where),
                "exact": _need(answer, "exact", bool, where),
                "points": _count(answer, "points", where, low=-MAX_COUNT),
                "response_ms": _count(answer, "response_ms", where),
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
        step = _count(card, "step", where, optional=True)
        if step is not None and step > MAX_STEP:
            raise _Bad(f"{where}.step should be at most {MAX_STEP}, not {_short(step)}")
        if state in (1, 3) and step is None:  # fsrs needs the step of a learning card
            raise _Bad(f"{where}.step is missing: a card in state {state} needs its step")
        if state == 2 and step is not None:
            raise _Bad(f"{where}.step should be null for a card in review (state 2)")
        stability = _real(card, "stability", where, STABILITY_RANGE)
        difficulty = _real(card, "difficulty", where, DIFFICULTY_RANGE)
        if (stability is None) != (difficulty is None):
            raise _Bad(f"{where} should give both stability and difficulty, or neither")
        cards.append(
            {
                "pack": _need(card, "pack", str, where),
                "fact": _need(card, "fact", str, where),
                "state": state,
                "step": step,
                "stability": stability,
                "difficulty": difficulty,
                "due": _time(card, "due", where),
                "last_review": _time(card, "last_review", where, optional=True),
                "first_seen": _time(card, "first_seen", where),
                "reviews": _count(card, "reviews", where),
                "lapses": _count(card, "lapses", where),
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
                "line": _count(report, "line", where, optional=True),
                "question_id": _need(report, "question_id", str, where),
                "reason": _need(report, "reason", str, where),
                "reported": _time(report, "reported", where),
            }
        )
    clean["reports"] = reports
    return clean


def _settings(game: Any, where: str) -> dict[str, Any]:
    settings: dict[str, Any] = _need(game, "settings", dict, where)
    _plain(settings, f"{where}.settings")
    return settings


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
    from quizgame.store.names import ProfileError, name_key

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
