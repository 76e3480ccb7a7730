"""The ``quizgame profiles`` and ``quizgame stats`` subcommands (argparse is wired in cli.py).

Arguments read from ``args`` (missing ones default to None/False):

* ``profiles``: ``data_dir``, ``action`` (list, create, rename, delete, export, import),
  ``name``, ``new_name``, ``path``, ``yes``.
  ``create NAME`` · ``rename NAME NEW_NAME`` · ``delete NAME [--yes]`` · ``export NAME PATH
  [--yes to overwrite]`` · ``import PATH [NEW_NAME]`` (the new name may come as ``new_name`` or
  ``name``; without one, the name in the file is used).
* ``stats``: ``data_dir``, ``profile``, ``json``.

Exit codes: 0 ok, 2 bad input (one line on ``err``, no traceback), 1 the profile database cannot
be changed (unwritable folder, full disk).
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from quizgame.store.owned import refuse_own_file
from quizgame.store.profile import ProfileError, Store

OK, FAILED, BAD_INPUT = 0, 1, 2


def _arg(args: Any, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def _open(args: Any, err: TextIO) -> Store:
    store = Store.open(_arg(args, "data_dir"))
    if store.notice:
        print(store.notice, file=err)
    return store


def _when(text: str | None) -> str:
    if not text:
        return "never"
    return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")


# -- profiles ------------------------------------------------------------------------------------


def run_profiles(args: Any, out: TextIO, err: TextIO, stdin: TextIO | None = None) -> int:
    action = _arg(args, "action") or "list"
    handler = _PROFILE_ACTIONS.get(action)
    if handler is None:
        print(
            f"Unknown profiles action {action!r}; use one of {', '.join(_PROFILE_ACTIONS)}.",
            file=err,
        )
        return BAD_INPUT
    store = _open(args, err)
    try:
        if action not in ("list", "export") and not store.saving:
            print("Profiles cannot be changed while scores are not being saved.", file=err)
            return FAILED
        return handler(store, args, out, err, stdin or sys.stdin)
    except ProfileError as exc:
        print(str(exc), file=err)
        return BAD_INPUT
    finally:
        store.close()


def _need_arg(args: Any, name: str, what: str) -> str:
    value = _arg(args, name)
    if value is None or str(value) == "":
        raise ProfileError(f"Give the {what}.")
    return str(value)


def _list(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    current = store.profile(None).name
    rows = store.profiles()
    width = max([len("NAME")] + [len(p.name) for p in rows])
    print(f"  {'NAME':<{width}}  GAMES  LAST PLAYED", file=out)
    for info in rows:
        mark = "*" if info.name == current else " "
        last = (
            info.last_played.astimezone().strftime("%Y-%m-%d %H:%M")
            if info.last_played
            else "never"
        )
        print(f"{mark} {info.name:<{width}}  {info.games:>5}  {last}", file=out)
    return OK


def _create(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    info = store.create_profile(_need_arg(args, "name", "new profile's name"))
    print(f'Created profile "{info.name}".', file=out)
    return OK


def _rename(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    old = _need_arg(args, "name", "profile to rename")
    info = store.rename_profile(old, _need_arg(args, "new_name", "new name"))
    print(f'Renamed profile "{old}" to "{info.name}".', file=out)
    return OK


def _delete(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    name = store.profile(_need_arg(args, "name", "profile to delete")).name
    if not _arg(args, "yes", False):
        if not (hasattr(stdin, "isatty") and stdin.isatty()):
            print(f'Not deleting profile "{name}" without confirmation; pass --yes.', file=err)
            return BAD_INPUT
        print(f"Delete profile {name} and all its history? [y/N] ", end="", file=out, flush=True)
        answer = stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing deleted.", file=out)
            return OK
    store.delete_profile(name)
    print(f'Deleted profile "{name}".', file=out)
    return OK


def _export(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    name = store.profile(_need_arg(args, "name", "profile to export")).name
    path = Path(_need_arg(args, "path", "file to export to"))
    own = refuse_own_file(path, _arg(args, "data_dir"))  # not even with --yes
    if own is not None:
        raise ProfileError(f"{own}.")
    # lexists: a symlink there (even a dangling one) is not ours to replace without asking.
    if os.path.lexists(path) and not _arg(args, "yes", False):
        remedy = "pass --yes to overwrite it" if hasattr(args, "yes") else "choose another name"
        print(f"{path} already exists; {remedy}.", file=err)
        return BAD_INPUT
    store.export_profile(name, path)
    print(f'Exported profile "{name}" to {path}.', file=out)
    return OK


def _import(store: Store, args: Any, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    path = Path(_need_arg(args, "path", "file to import"))
    new_name = _arg(args, "new_name") or _arg(args, "name")
    info = store.import_profile(path, new_name)
    print(f'Imported profile "{info.name}" ({info.games} games) from {path}.', file=out)
    return OK


_PROFILE_ACTIONS = {
    "list": _list,
    "create": _create,
    "rename": _rename,
    "delete": _delete,
    "export": _export,
    "import": _import,
}


# -- stats ---------------------------------------------------------------------------------------


def run_stats(args: Any, out: TextIO, err: TextIO) -> int:
    store = _open(args, err)
    try:
        as_json = bool(_arg(args, "json", False))
        stats = store.stats(_arg(args, "profile"), games=None if as_json else 10)
    except ProfileError as exc:
        print(str(exc), file=err)
        return BAD_INPUT
    finally:
        store.close()
    if as_json:
        # json escapes C0 controls itself; DEL and C1 (U+0080-009F, which some terminals obey)
        # are escaped too. They only occur inside strings, where \u escapes mean the same.
        text = json.dumps(stats, indent=2, ensure_ascii=False)
        print(_C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text), file=out)
    else:
        out.write(format_stats(stats))
    return OK


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


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


def _accuracy_table(title: str, tallies: dict[str, dict[str, Any]]) -> list[str]:
    if not tallies:
        return []
    rows = [[title, "right", "answers", "accuracy"]]
    rows += [
        [key, str(t["correct"]), str(t["answers"]), _percent(t["accuracy"])]
        for key, t in tallies.items()
    ]
    return ["", *_table(rows, {1, 2, 3})]


# C0 and C1 controls: printed raw they would drive the terminal (an escape sequence).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x7f-\x9f]")


def _printable(value: Any) -> Any:
    """``value`` with every string's control characters shown as ``\\xNN``.

    What the database holds is not all ours: report reasons are typed (or pasted) by players,
    and an imported profile file can say anything; none of it may reach the terminal as an
    escape sequence.
    """
    if isinstance(value, str):
        return _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


def format_stats(stats: dict[str, Any]) -> str:
    """The plain-text report of ``quizgame stats``."""
    stats = _printable(stats)
    lines = [f"Profile: {stats['profile']}"]
    played, unfinished = stats["games_played"], stats["games_unfinished"]
    extra = f" ({unfinished} unfinished)" if unfinished else ""
    lines.append(f"Games played: {played}{extra}")
    lines.append(
        f"Answers: {stats['answers']}, {stats['correct']} right ({_percent(stats['accuracy'])})"
    )
    streak = stats["streak"]
    lines.append(f"Streak: {streak['current']} right in a row now, best {streak['best']}")
    facts = stats["facts"]
    lines.append(
        f"Facts: {facts['seen']} seen, {facts['learned']} learned, {facts['due']} due for review"
    )

    if stats["best_scores"]:
        rows = [["pack", "mode", "best", "games"]]
        rows += [
            [b["pack"], b["mode"], "–" if b["best"] is None else str(b["best"]), str(b["games"])]
            for b in stats["best_scores"]
        ]
        lines += ["", "Best scores", *_table(rows, {2, 3})]

    if stats["answers"]:
        lines += ["", "Accuracy"]
        lines += _accuracy_table("kind", stats["accuracy_by_kind"])
        lines += _accuracy_table("mode", stats["accuracy_by_mode"])
        lines += _accuracy_table("tag", stats["accuracy_by_tag"])

    if stats["games"]:
        rows = [["#", "started", "pack", "mode", "seed", "score", "right", "finished"]]
        rows += [
            [
                str(g["id"]),
                _when(g["started"]),
                g["pack"],
                g["mode"],
                g["seed"],
                str(g["score"]),
                f"{g['correct']}/{g['total']}",
                "yes" if g["finished"] else "no",
            ]
            for g in stats["games"]
        ]
        lines += ["", "Recent games", *_table(rows, {0, 5, 6})]

    if stats["reported"]:
        lines += ["", "Reported questions"]
        for r in stats["reported"]:
            where = f"{r['pack_file']}:{r['line']}" if r["line"] is not None else r["pack_file"]
            reason = f": {r['reason']}" if r["reason"] else ""
            lines.append(
                f"  {r['pack']} fact {r['fact']} ({where}), question {r['question_id']}{reason}"
            )
    return "\n".join(lines) + "\n"
