"""Where quizgame keeps the player's files.

Everything is computed, nothing is created here: the store creates the data folder when it opens
the database, so merely asking for a path never touches the disk.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizgame"
DATABASE_NAME = "profile.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the profile database and the user's packs.

    ``--data-dir`` wins; otherwise ``platformdirs.user_data_dir("quizgame")``, which honours
    ``XDG_DATA_HOME`` on Linux.
    """
    if override is not None and str(override) != "":
        return Path(override).expanduser()
    import platformdirs  # cheap, but only needed when no override is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def packs_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's own packs: ``<data dir>/packs``."""
    return data_dir(override) / "packs"


def cache_dir() -> Path:
    """Disposable files (parsed-pack cache): ``platformdirs.user_cache_dir("quizgame")``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite profile database: ``<data dir>/profile.sqlite3``."""
    return data_dir(override) / DATABASE_NAME


def config_path() -> Path:
    """App-wide settings (the last theme, the bell, auto-advance):
    ``platformdirs.user_config_dir("quizgame")/settings.json``, honouring ``XDG_CONFIG_HOME``."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"
