"""The player's profile: SQLite store, paths, spaced-repetition memory, stats.

Never imports Textual. ``fsrs`` is loaded lazily, on the first answer recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.store.names import ProfileError, StoreError
    from quizgame.store.profile import ProfileInfo, Store

__all__ = ["ProfileError", "ProfileInfo", "Store", "StoreError"]


def __getattr__(name: str) -> Any:
    # Resolved on first use, not imported here: `quizgame play` imports quizgame.store.locations
    # (pack loader thread) and quizgame.store.profile (store thread) at the same time, and a
    # package whose __init__ imports a submodule that imports its siblings deadlocks two threads
    # doing that (Python raises _DeadlockError in one of them).
    if name in __all__:
        from quizgame.store import profile

        return getattr(profile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
