"""Every test runs with its own XDG folders: nothing reads or writes the real user's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgame.core.packs import Pack, load_pack

from .timelines import write_timeline_pack


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


@pytest.fixture(scope="session")
def timeline_pack_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts without their ``follows`` ties: they make timelines (see timelines.py)."""
    return write_timeline_pack(tmp_path_factory.mktemp("timelines"))


@pytest.fixture(scope="session")
def timeline_pack(timeline_pack_path: Path) -> Pack:
    return load_pack(timeline_pack_path)
