"""What every ``quizgame`` subcommand ends with: its exit code, and its lines for the user.

Exit codes: 0 ok, 1 an unexpected failure or a profile database that cannot be changed,
2 bad input or usage (one line, no traceback), 130 interrupted. Every line the command writes to
standard error for the user starts with ``quizgame: ``, except a pack's own ``file:line:``
problems, which name their place instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TextIO

OK: Final = 0
FAILED: Final = 1
BAD_INPUT: Final = 2
INTERRUPTED: Final = 130

PREFIX: Final = "quizgame: "


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def say(err: TextIO, message: str) -> None:
    """Write ``message`` to ``err`` as the command's one line (with the prefix)."""
    err.write(f"{PREFIX}{message}\n")


def refuse_pack(err: TextIO, problems: Iterable[object]) -> int:
    """Write a pack's own problems, one ``file:line:`` line each (they name their place, so no
    prefix), and return the exit code of bad input."""
    for problem in problems:
        err.write(f"{problem}\n")
    return BAD_INPUT


def refuse(err: TextIO, message: str) -> int:
    """Say ``message`` and return the exit code of bad input."""
    say(err, message)
    return BAD_INPUT
