"""Shared helpers for the profile store tests (data always under a tmp dir, never the user's)."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizgame.store import Store

REPO = Path(__file__).resolve().parents[2]
PACK = "jimmy-page"

# Local noon, so that "today" in the local time zone holds the whole scripted morning.
T0 = datetime(2025, 3, 10, 12, 0).astimezone()


class Clock:
    """A settable clock for Store (``store.clock = clock``)."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


def open_store(folder: Path, clock: Clock | None = None) -> Store:
    store = Store.open(folder, clock=clock)
    assert store.saving, store.notice
    assert store.notice is None
    return store


def answer(
    store: Store,
    game: int,
    fact: str,
    kind: str,
    correct: bool,
    points: int = 0,
    *,
    tags: tuple[str, ...] = (),
    response_ms: int = 3000,
    exact: bool = True,
    question: str | None = None,
) -> int:
    return store.record_answer(
        game,
        question_id=question or f"{fact}:{kind}",
        fact=fact,
        kind=kind,
        given="the answer" if correct else "something else",
        correct=correct,
        points=points,
        response_ms=response_ms,
        exact=exact,
        tags=tags,
    )


def scripted_history(store: Store, clock: Clock, profile: str = "Ann") -> dict[str, int]:
    """A small history whose stats are computed by hand in test_store_stats.py.

    answers (in order)   game  pack/mode               kind       right  tags
      1  f1              g1    jimmy-page/classic      choice     yes    guitar
      2  f2              g1                            typed      yes    guitar, early-life
      3  f3              g1                            truefalse  no     early-life
      4  f1              g1                            cloze      yes    -
         g1 finished, score 400
      5  f2              g2    jimmy-page/blitz        choice     yes    guitar
      6  f4              g2                            order      yes    zeppelin
      7  f3              g2                            typed      no     early-life
         g2 finished, score 200
      8  f5              g3    jimmy-page/classic      choice     yes    -
         g3 never finished (running score 100)
      9  p1              g4    solar-system/classic    choice     yes    planets
         g4 finished, score 90
    One minute passes between answers.
    """
    store.create_profile(profile)

    def step() -> None:
        clock.advance(minutes=1)

    g1 = store.start_game(profile, pack=PACK, mode="classic", seed="s1", settings={"n": 4})
    for fact, kind, ok, pts, tags in [
        ("f1", "choice", True, 100, ("guitar",)),
        ("f2", "typed", True, 150, ("guitar", "early-life")),
        ("f3", "truefalse", False, 0, ("early-life",)),
        ("f1", "cloze", True, 120, ()),
    ]:
        step()
        answer(store, g1, fact, kind, ok, pts, tags=tags)
    store.finish_game(g1, score=400)
    step()
    g2 = store.start_game(profile, pack=PACK, mode="blitz", seed="s2", settings={})
    for fact, kind, ok, pts, tags in [
        ("f2", "choice", True, 100, ("guitar",)),
        ("f4", "order", True, 80, ("zeppelin",)),
        ("f3", "typed", False, 0, ("early-life",)),
    ]:
        step()
        answer(store, g2, fact, kind, ok, pts, tags=tags)
    store.finish_game(g2, score=200)
    step()
    g3 = store.start_game(profile, pack=PACK, mode="classic", seed="s3", settings={})
    step()
    answer(store, g3, "f5", "choice", True, 100)
    step()
    g4 = store.start_game(profile, pack="solar-system", mode="classic", seed="s4", settings={})
    step()
    answer(store, g4, "p1", "choice", True, 100, tags=("planets",))
    store.finish_game(g4, score=90)
    store.report_question(
        profile,
        pack=PACK,
        pack_file="questions/jimmy-page.yaml",
        fact="f4",
        line=42,
        question_id="f4:order",
        reason="two answers are right",
    )
    return {"g1": g1, "g2": g2, "g3": g3, "g4": g4}


def child_env() -> dict[str, str]:
    """Environment for a child Python that imports quizgame from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


PYTHON = sys.executable


def table(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def aggregates(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2, 3").fetchall()
        for name in ("profile_totals", "tallies", "best_scores")
    }


def without_ids(stats: dict[str, Any]) -> dict[str, Any]:
    """Stats minus the local row ids of games (which differ between databases)."""
    copy = dict(stats)
    copy["games"] = [{k: v for k, v in game.items() if k != "id"} for game in stats["games"]]
    return copy
