"""The per-student results file of a class game, written from the record (never from memory),
so ``quizgame classroom results`` writes the same file again after the game, or after a crash.

One row per student (students the teacher removed are left out): name, then for each question
the answer given, right or wrong, seconds taken and points, then right answers, total points
and rank. Ranks follow the game's rule (right answers first, points break ties; right answers
alone with --no-speed-points); equal results share a rank.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from quizgame.classroom.record import ClassroomRecord, GameRow
from quizgame.core.scoring import rank_key

#: A cell starting with one of these is a formula to a spreadsheet; a leading ' keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def default_path(game: GameRow, folder: Path | None = None) -> Path:
    day = game.started[:10]
    return (folder or Path.cwd()) / f"quizgame-class-{game.id}-{day}.csv"


def results_rows(record: ClassroomRecord, game: GameRow) -> list[list[str]]:
    count = int(game.settings.get("questions", 0))
    speed = bool(game.settings.get("speed_points", True))
    players = [p for p in record.players(game.id) if not p[3]]
    by_seat: dict[int, dict[int, tuple[str, bool, int, int]]] = {}
    for a in record.answers(game.id):
        by_seat.setdefault(a.seat, {})[a.question] = (
            a.given_text,
            a.correct,
            a.response_ms,
            a.points,
        )
    totals = {}
    for seat, _name, _token, _kicked in players:
        mine = by_seat.get(seat, {})
        right = sum(1 for v in mine.values() if v[1])
        points = sum(v[3] for v in mine.values())
        totals[seat] = (right, points)

    def key(seat: int) -> tuple[int, ...]:
        right, points = totals[seat]
        return rank_key(right, points) if speed else (right,)

    order = sorted((p[0] for p in players), key=lambda s: (key(s), -s), reverse=True)
    ranks: dict[int, int] = {}
    for i, seat in enumerate(order):
        previous = order[i - 1] if i else None
        if previous is not None and key(previous) == key(seat):
            ranks[seat] = ranks[previous]  # equal results share a rank
        else:
            ranks[seat] = i + 1
    header = ["name"]
    for n in range(1, count + 1):
        header += [f"Q{n} answer", f"Q{n} right", f"Q{n} seconds", f"Q{n} points"]
    header += ["right answers", "total points", "rank"]
    rows = [header]
    names = {p[0]: p[1] for p in players}
    for seat in order:
        row = [_cell(names[seat])]
        mine = by_seat.get(seat, {})
        for q in range(count):
            if q in mine:
                given, correct, ms, points = mine[q]
                row += [_cell(given), "yes" if correct else "no", f"{ms / 1000:.1f}", str(points)]
            else:
                row += ["", "no answer", "", "0"]
        right, points = totals[seat]
        row += [str(right), str(points), str(ranks[seat])]
        rows.append(row)
    return rows


def write_results(record: ClassroomRecord, game: GameRow, path: Path) -> Path:
    """Write the CSV atomically (a temporary file renamed into place); return its path."""
    rows = results_rows(record, game)
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".quizgame-class-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as handle:
            csv.writer(handle).writerows(rows)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    record.set_results(game.id, path)
    return path
