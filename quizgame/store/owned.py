"""Is this path one of quizgame's own files? The one test every command that writes a file asks.

No command may write over the profile database (or its ``-wal``/``-shm`` files, its check
marker, the copies of a damaged one that were moved aside) or anything in the compiled-pack
cache, whatever flag is given: ``profiles export NAME <data dir>/profile.sqlite3 --yes`` or
``export -o <data dir>/profile.sqlite3 --force`` would otherwise replace every profile with one
file that the next start calls damaged.

A destination is compared as it will be written: its folder followed through links to where it
really is (and compared by identity too, so a bind mount or a second spelling of the same folder
is caught), its last part taken as it is (writers rename onto it; they never write through it).
The data folders checked are the one the command was given, the default one, and every folder
whose database this process has opened.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from quizgame.store import locations

_opened: set[Path] = set()


def remember_database(path: Path) -> None:
    """Note a database this process opened, so that no write in this process replaces it."""
    _opened.add(Path(path))


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _same_folder(a: Path, b: Path) -> bool:
    if _real(a) == _real(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def own_file(
    path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> str | None:
    """What quizgame file ``path`` is, as the start of a sentence, or None if it is not one.

    >>> own_file("/tmp/quiz.gift") is None
    True
    """
    target = Path(path)
    if str(target) in ("", ".") or target.name in ("", ".", ".."):
        return None
    folder = target.parent if str(target.parent) else Path(".")
    databases = {locations.database_path(data_dir), *_opened}
    with contextlib.suppress(Exception):  # no home folder, no default data folder to protect
        databases.add(locations.database_path(None))
    for database in databases:
        if target.name.startswith(database.name) and _same_folder(folder, database.parent):
            if target.name == database.name:
                return f"{target} is quizgame's profile database"
            return f"{target} belongs to quizgame's profile database ({database.name})"
    try:
        cache = _real(locations.cache_dir())
    except Exception:
        return None
    where = _real(folder) / target.name
    if where == cache or where.is_relative_to(cache):
        return f"{target} is in quizgame's cache folder"
    return None


def refuse_own_file(
    path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> str | None:
    """The one-sentence refusal for writing ``path``, or None when it may be written."""
    what = own_file(path, data_dir)
    if what is None:
        return None
    return f"{what}; quizgame never writes over its own files, choose another file name"
