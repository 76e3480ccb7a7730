"""App-wide settings: a small JSON file in the platformdirs config folder.

The last theme chosen (used by any profile that has none of its own), the terminal bell and
auto-advance after feedback. Read once at start-up, before the first frame (a few hundred bytes,
no database); written with temp-file-and-rename so a crash never leaves half a file. A file that
is not valid JSON is moved aside with a timestamp and reported, never silently replaced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class AppConfig:
    """The settings, with their defaults (a plain class: it is made at every start)."""

    __slots__ = ("auto_advance", "bell", "theme")

    def __init__(
        self, theme: str | None = None, bell: bool = False, auto_advance: bool = False
    ) -> None:
        self.theme = theme  #: the last theme chosen, on any profile
        self.bell = bell  #: ring the terminal bell on right answers and personal bests
        self.auto_advance = auto_advance  #: move on by itself a few seconds after feedback

    def as_dict(self) -> dict[str, object]:
        return {"auto_advance": self.auto_advance, "bell": self.bell, "theme": self.theme}

    @classmethod
    def from_dict(cls, data: object) -> AppConfig:
        """The settings in ``data``; a value of the wrong type keeps its default."""
        config = cls()
        if isinstance(data, dict):
            if isinstance(data.get("theme"), str):
                config.theme = data["theme"]
            for name in ("bell", "auto_advance"):
                if isinstance(data.get(name), bool):
                    setattr(config, name, data[name])
        return config


def config_file() -> Path:
    from quizgame.store.locations import config_path

    return config_path()


def load(path: Path | None = None) -> tuple[AppConfig, str | None]:
    """The settings, and a sentence for the player if the file was damaged (then moved aside)."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return AppConfig(), None  # no file yet (or unreadable): the defaults
    import json  # only when there is a file: a first start never needs it

    try:
        return AppConfig.from_dict(json.loads(text)), None
    except ValueError:
        from datetime import datetime

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, aside)
        except OSError:
            return AppConfig(), f"The settings file {path} is damaged; the defaults are used."
        return AppConfig(), (
            f"The settings file was damaged; it was moved to {aside} and the defaults are used."
        )


def save(config: AppConfig, path: Path | None = None) -> None:
    """Write the settings atomically; raises OSError if the folder cannot be written."""
    import json
    import tempfile

    path = path or config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(config.as_dict(), handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
