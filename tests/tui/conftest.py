"""Fixtures for driving the real app with Pilot: a temporary profile, a clock the test controls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizgame.core.packs import Pack, load_pack
from quizgame.core.round import GameSetup, build_questions
from quizgame.store.profile import Store
from quizgame.tui.app import Launch, QuizApp
from quizgame.tui.storeclient import StoreClient

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"


class FakeClock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def bundled() -> Pack:
    return load_pack(BUNDLED)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


MakeApp = Callable[..., QuizApp]


@pytest.fixture
def make_app(data_dir: Path, clock: FakeClock, bundled: Pack) -> MakeApp:
    def make(
        setup: GameSetup | None = None,
        *,
        pack: Pack | None = None,
        timers: bool = False,
        questions: list | None = None,
        profile: str | None = None,
    ) -> QuizApp:
        pack = pack or bundled
        if setup is not None and questions is None:
            questions = build_questions(pack, setup)
        launch = Launch(
            data_dir=str(data_dir),
            profile=profile,
            pack=pack if setup else None,
            setup=setup,
            questions=questions or [],
        )
        return QuizApp(launch, StoreClient(data_dir), clock=clock, timers=timers)

    return make


def open_store(data_dir: Path) -> Store:
    return Store.open(data_dir)
