"""quizgame: a terminal trivia game whose every question is generated from a cited fact.

The public API is imported lazily so that ``import quizgame`` stays instant and never pulls in
Textual: ``quizgame.is_accepted`` is the typed-answer matcher, ``quizgame.load_pack`` loads a pack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizgame.core.version import __version__

__all__ = ["__version__", "generate_quiz", "is_accepted", "load_pack"]

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.core.answers import is_accepted
    from quizgame.core.generate import generate_quiz
    from quizgame.core.packs import load_pack

_LAZY = {
    "is_accepted": "quizgame.core.answers",
    "load_pack": "quizgame.core.packs",
    "generate_quiz": "quizgame.core.generate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quizgame' has no attribute {name!r}")
