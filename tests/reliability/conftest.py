"""Fixtures for the reliability tests: real games in pseudo-terminals, each with its own folders.

``QUIZGAME_STRESS=1`` turns the short CI campaigns into long ones (see docs/security.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .terminal import TerminalGame, game_env, quizgame_argv

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

STRESS = os.environ.get("QUIZGAME_STRESS", "") not in ("", "0")


@pytest.fixture
def stress() -> bool:
    return STRESS


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a game started by this test (XDG folders under tmp_path)."""
    return game_env(tmp_path)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


Spawn = Callable[..., TerminalGame]


@pytest.fixture
def spawn(tmp_path: Path, env: dict[str, str]) -> Iterator[Spawn]:
    """Start ``quizgame ARGS...`` in a pty; every game still running at the end is killed."""
    started: list[TerminalGame] = []

    def start(*args: str, env_extra: dict[str, str] | None = None, **kw: object) -> TerminalGame:
        game = TerminalGame(quizgame_argv(*args), {**env, **(env_extra or {})}, cwd=tmp_path, **kw)
        started.append(game)
        return game

    yield start
    for game in started:
        game.close()
