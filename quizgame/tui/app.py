"""The Textual application: screens, keys, the profile connection, the theme."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.events import Resize

from quizgame import __version__
from quizgame.core.packs import Pack
from quizgame.core.round import GameSetup
from quizgame.tui.storeclient import StoreClient

MIN_WIDTH, MIN_HEIGHT = 60, 20


@dataclass
class Launch:
    """What the command line asked for: the home screen, or straight into a round."""

    data_dir: str | None = None
    profile: str | None = None
    pack: Pack | None = None  # preloaded (play) or None (home picks one)
    setup: GameSetup | None = None  # play: start this round at once
    questions: list = field(default_factory=list)  # play: the round's questions, prepared
    pack_ref: str | None = None


class QuizApp(App[int]):
    """quizgame in the terminal."""

    CSS_PATH = "quizgame.tcss"
    TITLE = "quizgame"
    SUB_TITLE = f"v{__version__}"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        launch: Launch,
        store: StoreClient,
        *,
        clock: Callable[[], float] = time.monotonic,
        timers: bool = True,
        new_seed: Callable[[], str] = lambda: str(secrets.randbelow(1_000_000)),
    ) -> None:
        super().__init__()
        self.launch = launch
        self.store = store
        self.clock = clock
        self.timers = timers  # tests and snapshots turn the countdown off
        self.new_seed = new_seed  # the seed of a round started from the home or results screen
        self.profile_name: str | None = launch.profile
        self.notice: str | None = None  # a sentence for the player about their saved data
        self._theme_ready = False

    async def on_mount(self) -> None:
        from quizgame.tui.screens.home import HomeScreen

        info = await self.store.call(lambda s: (s.profile(self.profile_name), s.notice))
        profile, self.notice = info
        self.profile_name = profile.name
        theme = await self.store.call(lambda s: s.setting(profile.name, "theme"))
        if theme and theme in self.available_themes:
            self.theme = theme
        self._theme_ready = True
        if self.launch.setup is not None and self.launch.pack is not None:
            from quizgame.tui.screens.game import GameScreen

            await self.push_screen(HomeScreen())
            await self.push_screen(
                GameScreen(self.launch.pack, self.launch.setup, self.launch.questions)
            )
        else:
            await self.push_screen(HomeScreen())
        if self.notice:
            self.notify(self.notice, title="Your profile", severity="warning", timeout=12)
        self._check_size(self.size.width, self.size.height)

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and self.profile_name:
            name = self.profile_name
            self.store.submit(lambda s: s.set_setting(name, "theme", theme))

    async def switch_profile(self, name: str) -> None:
        self.profile_name = name
        await self.store.call(lambda s: s.use_profile(name))
        theme = await self.store.call(lambda s: s.setting(name, "theme"))
        self._theme_ready = False
        if theme and theme in self.available_themes:
            self.theme = theme
        self._theme_ready = True

    def action_help(self) -> None:
        from quizgame.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- a terminal too small to play in -----------------------------------------------------

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        from quizgame.tui.screens.small import TooSmallScreen

        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        self.store.close()


def pack_label(path: Path | None) -> str:
    return path.name if path else ""
