"""``quizgame profiles``: list, create, rename, delete, export and import player profiles.

Arguments read from ``args`` (missing ones default to None/False): ``data_dir``, ``action``
(list, create, rename, delete, export, import), ``name``, ``new_name``, ``path``, ``yes``.
``create NAME`` · ``rename NAME NEW_NAME`` · ``delete NAME [--yes]`` · ``export NAME PATH
[--yes to overwrite]`` · ``import PATH [NEW_NAME]`` (the new name may come as ``new_name`` or
``name``; without one, the name in the file is used).

Exit codes (:mod:`quizgame.cli.exits`): 0 ok, 2 bad input (one line on ``err``, no traceback),
1 the profile database cannot be changed (unwritable folder, full disk).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from quizgame.cli.exits import BAD_INPUT, FAILED, OK, say
from quizgame.store.names import ProfileError
from quizgame.store.owned import refuse_own_file
from quizgame.store.profile import Store


def _arg(args: Any, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def open_store(data_dir: str | None, err: TextIO) -> Store:
    """The profile database, after saying why scores are not being saved (if they are not)."""
    store = Store.open(data_dir)
    if store.notice:
        say(err, store.notice)
    return store


# -- profiles ------------------------------------------------------------------------------------


def run_profiles(args: Any, out: TextIO, err: TextIO, stdin: TextIO | None = None) -> int:
    action = _arg(args, "action") or "list"
    handler = _PROFILE_ACTIONS.get(action)
    if handler is None:
        say(err, f"Unknown profiles action {action!r}; use one of {', '.join(_PROFILE_ACTIONS)}.")
        return BAD_INPUT
    store = open_store(_arg(args, "data_dir"), err)
    try:
        if action not in ("list", "export") and not store.saving:
            say(err, "Profiles cannot be changed while scores are not being saved.")
            return FAILED
        return handler(store, args, out, err, stdin or sys.stdin)
    except ProfileError as exc:
        say(err, str(exc))
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
            say(err, f'Not deleting profile "{name}" without confirmation; pass --yes.')
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
        say(err, f"{path} already exists; {remedy}.")
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


_Action = Callable[[Store, Any, TextIO, TextIO, TextIO], int]

_PROFILE_ACTIONS: dict[str, _Action] = {
    "list": _list,
    "create": _create,
    "rename": _rename,
    "delete": _delete,
    "export": _export,
    "import": _import,
}
