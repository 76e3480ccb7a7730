"""Every test runs with its own XDG folders: nothing reads or writes the real user's data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path_factory.mktemp("xdg")
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(base / name.lower()))
    monkeypatch.delenv("QUIZGAME_DEBUG", raising=False)


@pytest.fixture
def xdg_cache() -> Path:
    import os

    return Path(os.environ["XDG_CACHE_HOME"])
