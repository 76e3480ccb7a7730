"""Where the bundled packs and seed documents are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding ``questions/`` and ``seeds/``.

    A wheel carries them as ``quizgame/_data/``; a checkout (or an editable install) has them at
    the top of the repository, beside the package.
    """
    packaged = _HERE / "_data"
    if (packaged / "questions").is_dir():
        return packaged
    return _HERE.parent


def bundled_packs_dir() -> Path:
    return bundled_root() / "questions"
