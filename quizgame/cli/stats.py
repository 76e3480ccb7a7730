"""``quizgame stats``: a profile's games, accuracy, streaks and progress, as text or JSON.

Arguments read from ``args`` (missing ones default to None/False): ``data_dir``, ``profile``,
``json``. Exit codes (:mod:`quizgame.cli.exits`): 0 ok, 2 no such profile.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, TextIO

from quizgame.cli.exits import BAD_INPUT, OK, say
from quizgame.cli.profiles import open_store
from quizgame.core.controls import escaped
from quizgame.store.names import ProfileError
from quizgame.store.stats import Stats, Tally, percent, percent_rows


def run_stats(args: Any, out: TextIO, err: TextIO) -> int:
    store = open_store(getattr(args, "data_dir", None), err)
    try:
        as_json = bool(getattr(args, "json", False))
        stats = store.stats(getattr(args, "profile", None), games=None if as_json else 10)
    except ProfileError as exc:
        say(err, str(exc))
        return BAD_INPUT
    finally:
        store.close()
    if as_json:
        # json escapes C0 controls itself; DEL and C1 (U+0080-009F, which some terminals obey)
        # are escaped too. They only occur inside strings, where \u escapes mean the same.
        text = json.dumps(stats.as_json(), indent=2, ensure_ascii=False)
        print(_escape_c1(text), file=out)
    else:
        out.write(format_stats(stats))
    return OK


_C1 = re.compile("[\x7f-\x9f]")


def _escape_c1(text: str) -> str:
    return _C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _shown(text: str) -> str:
    """What the database holds is not all ours: report reasons are typed (or pasted) by players,
    and an imported profile file can say anything; none of it may reach the terminal as an
    escape sequence."""
    return escaped(text, separators=False, named=False)


def _n(count: int) -> str:
    """A count or a score as the stats screen writes it too: with thousands separators."""
    return f"{count:,}"


def _when(text: str | None) -> str:
    if not text:
        return "never"
    return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _accuracy_table(title: str, tallies: dict[str, Tally]) -> list[str]:
    if not tallies:
        return []
    rows = [[title, "right", "answers", "accuracy"]]
    rows += [
        [_shown(row.key), _n(row.correct), _n(row.answers), row.percent]
        for row in percent_rows(tallies)
    ]
    return ["", *_table(rows, {1, 2, 3})]


def format_stats(stats: Stats) -> str:
    """The plain-text report of ``quizgame stats``."""
    lines = [f"Profile: {_shown(stats.profile)}"]
    extra = f" ({_n(stats.games_unfinished)} unfinished)" if stats.games_unfinished else ""
    lines.append(f"Games played: {_n(stats.games_played)}{extra}")
    lines.append(
        f"Answers: {_n(stats.answers)}, {_n(stats.correct)} right ({percent(stats.accuracy)})"
    )
    streak = stats.streak
    lines.append(f"Streak: {_n(streak.current)} right in a row now, best {_n(streak.best)}")
    facts = stats.facts
    lines.append(
        f"Facts: {_n(facts.seen)} seen, {_n(facts.learned)} learned, {_n(facts.due)} due for review"
    )

    if stats.best_scores:
        rows = [["pack", "mode", "best", "games"]]
        rows += [
            [_shown(b.pack), _shown(b.mode), "–" if b.best is None else _n(b.best), _n(b.games)]
            for b in stats.best_scores
        ]
        lines += ["", "Best scores", *_table(rows, {2, 3})]

    if stats.answers:
        lines += ["", "Accuracy"]
        lines += _accuracy_table("kind", stats.accuracy_by_kind)
        lines += _accuracy_table("mode", stats.accuracy_by_mode)
        lines += _accuracy_table("tag", stats.accuracy_by_tag)

    if stats.games:
        rows = [["#", "started", "pack", "mode", "seed", "score", "right", "finished"]]
        rows += [
            [
                str(g.id),
                _when(g.started),
                _shown(g.pack),
                _shown(g.mode),
                _shown(g.seed),
                _n(g.score),
                f"{_n(g.correct)}/{_n(g.total)}",
                "yes" if g.finished else "no",
            ]
            for g in stats.games
        ]
        lines += ["", "Recent games", *_table(rows, {0, 5, 6})]

    if stats.reported:
        lines += ["", "Reported questions"]
        for r in stats.reported:
            where = f"{r.pack_file}:{r.line}" if r.line is not None else r.pack_file
            reason = f": {r.reason}" if r.reason else ""
            lines.append(
                _shown(f"  {r.pack} fact {r.fact} ({where}), question {r.question_id}{reason}")
            )
    return "\n".join(lines) + "\n"
