"""The player's profile: SQLite store, paths, spaced-repetition memory, stats.

Never imports Textual. ``fsrs`` is loaded lazily, on the first answer recorded.
"""

from __future__ import annotations

from quizgame.store.profile import ProfileError, ProfileInfo, Store, StoreError

__all__ = ["ProfileError", "ProfileInfo", "Store", "StoreError"]
