"""``quizgame stats``: computed from the running aggregates, never by scanning the answers.

The shape returned by :func:`compute` is documented in docs/profiles.md and is what
``quizgame stats --json`` prints; keys are only ever added (``version`` changes otherwise).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from quizgame.store.memory import REVIEW, to_text

#: Version of the stats JSON shape.
STATS_VERSION = 1


def accuracy(correct: int, answers: int) -> float | None:
    """Share of right answers, 0..1 rounded to 4 places; None when nothing was answered."""
    return round(correct / answers, 4) if answers else None


def _tally(answers: int, correct: int) -> dict[str, Any]:
    return {"answers": answers, "correct": correct, "accuracy": accuracy(correct, answers)}


def _settings(text: str | None, parsed: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Most games share their settings text: parse each distinct one once (a copy per game).
    if not text:
        return {}
    if text not in parsed:
        parsed[text] = json.loads(text)
    return dict(parsed[text])


def compute(
    conn: sqlite3.Connection,
    profile_id: int,
    name: str,
    *,
    now: datetime,
    day_start: datetime,
    games_limit: int | None,
) -> dict[str, Any]:
    totals = conn.execute(
        "SELECT games, finished, answers, correct, streak, best_streak FROM profile_totals "
        "WHERE profile_id = ?",
        (profile_id,),
    ).fetchone() or (0, 0, 0, 0, 0, 0)
    played, finished, answers, correct, streak, best_streak = (int(v) for v in totals)
    # A game with no answer (quit before the first one) is not history: older versions recorded
    # a game as it started, so such rows may exist; they are left out of every count and list.
    empty: dict[tuple[str, str], tuple[int, int]] = {
        (pack, mode): (int(n), int(done))
        for pack, mode, n, done in conn.execute(
            "SELECT pack, mode, count(*), count(finished) FROM games "
            "WHERE profile_id = ? AND total = 0 GROUP BY pack, mode",
            (profile_id,),
        )
    }
    played -= sum(n for n, _ in empty.values())
    finished -= sum(done for _, done in empty.values())

    by: dict[str, dict[str, Any]] = {"kind": {}, "tag": {}, "mode": {}}
    for dim, key, n, right in conn.execute(
        "SELECT dim, key, answers, correct FROM tallies WHERE profile_id = ? ORDER BY dim, key",
        (profile_id,),
    ):
        by.setdefault(dim, {})[key] = _tally(int(n), int(right))

    best_scores = []
    for pack, mode, games, done, best in conn.execute(
        "SELECT pack, mode, games, finished, best FROM best_scores WHERE profile_id = ? "
        "ORDER BY pack, mode",
        (profile_id,),
    ):
        no_answer, no_answer_done = empty.get((pack, mode), (0, 0))
        games, done = games - no_answer, done - no_answer_done
        if games <= 0:
            continue
        best_scores.append(
            # An empty finished game scored 0, which never beats a real one: only when every
            # finished game was empty is there no best.
            {
                "pack": pack,
                "mode": mode,
                "games": games,
                "finished": done,
                "best": best if done else None,
            }
        )

    limit = -1 if games_limit is None else max(0, int(games_limit))
    parsed: dict[str, dict[str, Any]] = {}
    games = [
        {
            "id": game_id,
            "pack": pack,
            "mode": mode,
            "seed": seed,
            "settings": _settings(settings, parsed),
            "started": started,
            "finished": finished_at is not None,
            "finished_at": finished_at,
            "correct": right,
            "total": total,
            "score": score,
        }
        for game_id, pack, mode, seed, settings, started, finished_at, right, total, score in (
            conn.execute(
                "SELECT id, pack, mode, seed, settings, started, finished, correct, total, score "
                "FROM games WHERE profile_id = ? AND total > 0 ORDER BY id DESC LIMIT ?",
                (profile_id, limit),
            )
        )
    ]

    now_text, today = to_text(now), to_text(day_start)
    by_pack: dict[str, dict[str, int]] = {}
    for pack, seen, learned, due, new_today in conn.execute(
        "SELECT pack, count(*), sum(state = ?), sum(due <= ?), sum(first_seen >= ?) "
        "FROM memory WHERE profile_id = ? GROUP BY pack ORDER BY pack",
        (REVIEW, now_text, today, profile_id),
    ):
        by_pack[pack] = {
            "seen": int(seen),
            "learned": int(learned),
            "learning": int(seen) - int(learned),
            "due": int(due),
            "new_today": int(new_today),
        }
    facts: dict[str, Any] = {
        key: sum(pack[key] for pack in by_pack.values())
        for key in ("seen", "learned", "learning", "due", "new_today")
    }
    facts["by_pack"] = by_pack

    reported = [
        {
            "pack": pack,
            "pack_file": pack_file,
            "fact": fact,
            "line": line,
            "question_id": question_id,
            "reason": reason,
            "reported": when,
        }
        for pack, pack_file, fact, line, question_id, reason, when in conn.execute(
            "SELECT pack, pack_file, fact, line, question_id, reason, reported FROM reports "
            "WHERE profile_id = ? ORDER BY id",
            (profile_id,),
        )
    ]

    return {
        "version": STATS_VERSION,
        "profile": name,
        "games_played": played,
        "games_finished": finished,
        "games_unfinished": played - finished,
        "answers": answers,
        "correct": correct,
        "accuracy": accuracy(correct, answers),
        "accuracy_by_kind": by["kind"],
        "accuracy_by_tag": by["tag"],
        "accuracy_by_mode": by["mode"],
        "streak": {"current": streak, "best": best_streak},
        "best_scores": best_scores,
        "facts": facts,
        "games": games,
        "reported": reported,
    }
