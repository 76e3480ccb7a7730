"""What every ``quizgame`` subcommand ends with: its exit code, and its lines for the user.

Exit codes: 0 ok, 1 an unexpected failure or a profile database that cannot be changed,
2 bad input or usage (one line, no traceback), 130 interrupted. Every line the command writes to
standard error for the user starts with ``quizgame: ``, except a pack's own ``file:line:``
problems, which name their place instead.
"""

from __future__ import annotations

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


def refuse(err: TextIO, message: str) -> int:
    """Say ``message`` and return the exit code of bad input."""
    say(err, message)
    return BAD_INPUT
