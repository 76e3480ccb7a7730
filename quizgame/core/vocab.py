"""The game's vocabulary: question kinds, game modes and difficulties, named once.

Every other module takes these names from here. The enums are ``StrEnum``s, so a member *is* its
string (``Kind.CHOICE == "choice"``) and code that compares, stores or prints the plain strings
keeps working; the tuples hold the plain strings in the order the game shows them.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a question asks the player to do."""

    CHOICE = "choice"
    TRUEFALSE = "truefalse"
    TYPED = "typed"
    CLOZE = "cloze"
    ORDER = "order"


class Mode(StrEnum):
    """How a round is played and scored."""

    CLASSIC = "classic"
    BLITZ = "blitz"
    SURVIVAL = "survival"
    PRACTICE = "practice"
    HOTSEAT = "hotseat"


class Difficulty(StrEnum):
    """How close the wrong options are to the right answer."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
MODES: tuple[str, ...] = tuple(m.value for m in Mode)
DIFFICULTIES: tuple[str, ...] = tuple(d.value for d in Difficulty)

#: Kinds that need recall (the answer is typed, not picked): only these can rate as Easy.
RECALL_KINDS = frozenset({Kind.TYPED, Kind.CLOZE})
