"""What the screens know of the app, below both: the app module imports the screens, so the
screens take the app's shape from here (``GameHost``) instead of importing it, and reach it as
``self.qapp`` through their base class (``QuizScreen``, or ``QuizModal`` for a modal one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerCancelled, WorkerFailed

from quizgame.core.session import Saved as Saved  # the screens' name for it

if TYPE_CHECKING:
    from quizgame.core.packs import Pack
    from quizgame.core.questions import Question
    from quizgame.core.round import GameSetup
    from quizgame.tui.config import AppConfig
    from quizgame.tui.storeclient import StoreClient

#: Seconds the feedback stays when auto-advance is on (see screens/feedback.py).
AUTO_ADVANCE_SECONDS = 3


class Launch:
    """What the command line asked for: the home screen, or straight into a round.

    (A plain class rather than a dataclass: it is made on the way to the first frame.)
    """

    __slots__ = ("data_dir", "pack", "pack_ref", "profile", "questions", "setup")

    def __init__(
        self,
        data_dir: str | None = None,
        profile: str | None = None,
        pack: Pack | None = None,  # preloaded (play) or None (home picks one)
        setup: GameSetup | None = None,  # play: start this round at once
        questions: Sequence[Question] = (),  # play: the round's questions (made lazily)
        pack_ref: str | None = None,  # play: the --pack value as typed
    ) -> None:
        self.data_dir = data_dir
        self.profile = profile
        self.pack = pack
        self.setup = setup
        self.questions = questions
        self.pack_ref = pack_ref


class GameHost(Protocol):
    """The app as the round's screens use it (``QuizApp`` is the one implementation)."""

    launch: Launch
    store: StoreClient
    config: AppConfig  # app-wide settings: bell, auto-advance, theme
    clock: Callable[[], float]
    timers: bool
    new_seed: Callable[[], str]
    profile_name: str | None
    notice: str | None  # the store's sentence on why scores are not saved, said again on exit

    async def prepare_round(self, pack: Pack, setup: GameSetup) -> Sequence[Question]: ...

    def start_round(
        self,
        pack: Pack,
        setup: GameSetup,
        questions: Sequence[Question],
        *,
        replace_screen: bool = False,
    ) -> None: ...

    def go_home(self) -> None: ...

    async def switch_profile(self, name: str) -> None: ...

    def action_help(self) -> None: ...

    def bell(self) -> None: ...


class SetupProblem(Exception):
    """Why the fields on a screen cannot start what they describe; ``str()`` is the one
    sentence to show the player."""


ResultT = TypeVar("ResultT")
T = TypeVar("T")


async def off_thread(node: DOMNode, work: Callable[[], T], *, group: str) -> T:
    """Blocking work (reading a pack, building questions, writing files) in a Textual thread
    worker of ``node``, awaited by the async worker that needs its result; its exception is
    raised here, as if the work had been called inline.

    The one idiom for background work in the terminal UI: flows are ``@work`` async workers;
    what would block the screen runs in a thread worker, through here (the profile has its own
    thread, behind ``StoreClient``).
    """
    worker = node.run_worker(work, thread=True, group=group, exit_on_error=False)
    try:
        return await worker.wait()
    except WorkerFailed as failed:
        raise failed.error from None
    except WorkerCancelled:
        # The worker waiting was cancelled (a newer preview replaces it; its screen closed):
        # Worker.wait reports that as the thread's cancellation; it is the waiter's own.
        raise asyncio.CancelledError from None


class QuizScreen(Screen[ResultT]):
    """A screen of the game."""

    @property
    def qapp(self) -> GameHost:
        """The app, typed as what the screens may use of it."""
        return cast(GameHost, self.app)


class QuizModal(ModalScreen[ResultT]):
    """A modal screen of the game (over a round)."""

    @property
    def qapp(self) -> GameHost:
        """The app, typed as what the screens may use of it."""
        return cast(GameHost, self.app)
