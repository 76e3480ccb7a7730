"""``quizgame stats``: computed from the running aggregates, never by scanning the answers.

:func:`compute` returns a :class:`Stats`; :meth:`Stats.as_json` is the shape documented in
docs/profiles.md and printed by ``quizgame stats --json``: keys are only ever added (``version``
changes otherwise). The field names below are those keys.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizgame.core.scoring import accuracy as share_right
from quizgame.store.memory import REVIEW, to_text

#: Version of the stats JSON shape.
STATS_VERSION = 1


def accuracy(correct: int, answers: int) -> float | None:
    """Share of right answers, 0..1 rounded to 4 places; None when nothing was answered."""
    share = share_right(correct, answers)
    return None if share is None else round(share, 4)


@dataclass(frozen=True, slots=True)
class Tally:
    """Answers given and right ones, for one kind, mode or tag."""

    answers: int
    correct: int
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    best: int


@dataclass(frozen=True, slots=True)
class BestScore:
    """The best finished round of a pack in a mode (None: no round of it finished)."""

    pack: str
    mode: str
    games: int
    finished: int
    best: int | None


@dataclass(frozen=True, slots=True)
class GameRow:
    """One recorded round (only rounds with at least one answer are history)."""

    id: int
    pack: str
    mode: str
    seed: str
    settings: dict[str, Any]
    started: str
    finished: bool
    finished_at: str | None
    correct: int
    total: int
    score: int


@dataclass(frozen=True, slots=True)
class FactCounts:
    """Facts met in spaced repetition: seen, learned (in review), learning, due, new today."""

    seen: int
    learned: int
    learning: int
    due: int
    new_today: int


@dataclass(frozen=True, slots=True)
class Facts(FactCounts):
    """The counts over every pack, and each pack's own."""

    by_pack: dict[str, FactCounts]


@dataclass(frozen=True, slots=True)
class Reported:
    """A question the player reported as wrong, and where its fact is."""

    pack: str
    pack_file: str
    fact: str
    line: int | None
    question_id: str
    reason: str | None
    reported: str


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything ``quizgame stats`` (and the stats screen) shows of a profile."""

    version: int
    profile: str
    games_played: int
    games_finished: int
    games_unfinished: int
    answers: int
    correct: int
    accuracy: float | None
    accuracy_by_kind: dict[str, Tally]
    accuracy_by_tag: dict[str, Tally]
    accuracy_by_mode: dict[str, Tally]
    streak: Streak
    best_scores: list[BestScore]
    facts: Facts
    games: list[GameRow]
    reported: list[Reported]

    def as_json(self) -> dict[str, Any]:
        """The documented JSON shape (plain dicts and lists, keys in this order)."""
        return dataclasses.asdict(self)


def _tally(answers: int, correct: int) -> Tally:
    return Tally(answers=answers, correct=correct, accuracy=accuracy(correct, answers))


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
) -> Stats:
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

    by: dict[str, dict[str, Tally]] = {"kind": {}, "tag": {}, "mode": {}}
    for dim, key, n, right in conn.execute(
        "SELECT dim, key, answers, correct FROM tallies WHERE profile_id = ? ORDER BY dim, key",
        (profile_id,),
    ):
        by.setdefault(dim, {})[key] = _tally(int(n), int(right))

    best_scores: list[BestScore] = []
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
            BestScore(pack=pack, mode=mode, games=games, finished=done, best=best if done else None)
        )

    limit = -1 if games_limit is None else max(0, int(games_limit))
    parsed: dict[str, dict[str, Any]] = {}
    games = [
        GameRow(
            id=game_id,
            pack=pack,
            mode=mode,
            seed=seed,
            settings=_settings(settings, parsed),
            started=started,
            finished=finished_at is not None,
            finished_at=finished_at,
            correct=right,
            total=total,
            score=score,
        )
        for game_id, pack, mode, seed, settings, started, finished_at, right, total, score in (
            conn.execute(
                "SELECT id, pack, mode, seed, settings, started, finished, correct, total, score "
                "FROM games WHERE profile_id = ? AND total > 0 ORDER BY id DESC LIMIT ?",
                (profile_id, limit),
            )
        )
    ]

    now_text, today = to_text(now), to_text(day_start)
    by_pack: dict[str, FactCounts] = {}
    for pack, seen, learned, due, new_today in conn.execute(
        "SELECT pack, count(*), sum(state = ?), sum(due <= ?), sum(first_seen >= ?) "
        "FROM memory WHERE profile_id = ? GROUP BY pack ORDER BY pack",
        (REVIEW, now_text, today, profile_id),
    ):
        by_pack[pack] = FactCounts(
            seen=int(seen),
            learned=int(learned),
            learning=int(seen) - int(learned),
            due=int(due),
            new_today=int(new_today),
        )
    counts = by_pack.values()
    facts = Facts(
        seen=sum(c.seen for c in counts),
        learned=sum(c.learned for c in counts),
        learning=sum(c.learning for c in counts),
        due=sum(c.due for c in counts),
        new_today=sum(c.new_today for c in counts),
        by_pack=by_pack,
    )

    reported = [
        Reported(
            pack=pack,
            pack_file=pack_file,
            fact=fact,
            line=line,
            question_id=question_id,
            reason=reason,
            reported=when,
        )
        for pack, pack_file, fact, line, question_id, reason, when in conn.execute(
            "SELECT pack, pack_file, fact, line, question_id, reason, reported FROM reports "
            "WHERE profile_id = ? ORDER BY id",
            (profile_id,),
        )
    ]

    return Stats(
        version=STATS_VERSION,
        profile=name,
        games_played=played,
        games_finished=finished,
        games_unfinished=played - finished,
        answers=answers,
        correct=correct,
        accuracy=accuracy(correct, answers),
        accuracy_by_kind=by["kind"],
        accuracy_by_tag=by["tag"],
        accuracy_by_mode=by["mode"],
        streak=Streak(current=streak, best=best_streak),
        best_scores=best_scores,
        facts=facts,
        games=games,
        reported=reported,
    )


def percent(share: float | None) -> str:
    """A share as the stats show it: ``78%``, or ``–`` when nothing was answered."""
    return "–" if share is None else f"{share * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class PercentRow:
    """One line of an accuracy table (by kind, tag or mode), as ``quizgame stats`` and the stats
    screen both show it: the key, right answers out of all, and the share as :func:`percent`."""

    key: str
    correct: int
    answers: int
    percent: str


def percent_rows(
    tallies: Mapping[str, Tally], *, most_answered_first: bool = False
) -> list[PercentRow]:
    """The accuracy table of ``tallies``: in key order (``quizgame stats``, easy to scan for a
    tag), or with the most answered first (the stats screen, where what was played most leads);
    keys answered equally often stay in key order."""
    rows = [
        PercentRow(key, t.correct, t.answers, percent(t.accuracy)) for key, t in tallies.items()
    ]
    rows.sort(key=lambda row: row.key)
    if most_answered_first:
        rows.sort(key=lambda row: -row.answers)  # stable: ties keep key order
    return rows
