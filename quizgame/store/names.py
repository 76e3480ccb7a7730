"""Profile names and the store's user-facing errors: the bottom of ``quizgame.store``.

``profile`` and ``transfer`` both import from here, so neither needs the other for a name rule.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

MAX_NAME_LENGTH = 32


class StoreError(Exception):
    """A problem the user can act on; ``str()`` is one plain sentence."""


class ProfileError(StoreError):
    """Unknown profile, invalid or duplicate name, unreadable import file."""


# -- names ---------------------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """The form a profile name is stored in: NFC, surrounding spaces removed."""
    return unicodedata.normalize("NFC", str(name)).strip()


def name_key(name: str) -> str:
    """Names are unique ignoring case: "Alice" and "alice" are the same player."""
    return normalize_name(name).casefold()


def validate_name(name: str) -> str:
    """The normalised name, or ProfileError saying what is wrong with it."""
    clean = normalize_name(name)
    if not clean:
        raise ProfileError("A profile name cannot be empty.")
    if len(clean) > MAX_NAME_LENGTH:
        raise ProfileError(
            f"A profile name can be at most {MAX_NAME_LENGTH} characters; "
            f"that one has {len(clean)}."
        )
    if not clean.isprintable():
        raise ProfileError(
            "A profile name can only contain printable characters (no tabs, line breaks "
            "or control characters)."
        )
    return clean


def validate_players(names: Sequence[str]) -> list[str]:
    """Hot-seat players' names, checked up front by the profile rules (each becomes a profile):
    2 to 4 valid names that are different ignoring case. ProfileError says what is wrong."""
    clean = []
    for name in names:
        try:
            clean.append(validate_name(name))
        except ProfileError as exc:
            shown = (name if name.isprintable() else ascii(name)[1:-1])[:40]
            raise ProfileError(f"Player name '{shown}': {exc}") from None
    if not 2 <= len(clean) <= 4 or len({name_key(n) for n in clean}) != len(clean):
        raise ProfileError(
            "Hot-seat needs 2 to 4 players with different names (ignoring case), "
            "e.g. --players Ana,Ben."
        )
    return clean
