"""The Textual application: screens, keys, the profile connection, the theme."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import Event, Paste, Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizgame.core.packs import Pack
from quizgame.core.questions import Question
from quizgame.core.round import GameSetup
from quizgame.core.version import __version__
from quizgame.tui.base import AUTO_ADVANCE_SECONDS, Launch, off_thread
from quizgame.tui.storeclient import StoreClient
from quizgame.tui.text import literal, without_controls

MIN_WIDTH, MIN_HEIGHT = 60, 20


def _random_seed() -> str:
    import secrets

    return str(secrets.randbelow(1_000_000))


class QuizApp(App[int]):
    """quizgame in the terminal."""

    # What a round needs is read at start-up; the other screens bring their own rules (CSS_PATH)
    # when first shown. (A screen's own CSS_PATH makes Textual re-parse every stylesheet it has
    # when that screen first appears: about 9 ms, too much on the way to the first question or
    # between an answer and its feedback.)
    CSS_PATH = [
        "quizgame.tcss",
        "screens/game.tcss",
        "screens/feedback.tcss",
        "screens/dialogs.tcss",
    ]
    TITLE = "quizgame"
    SUB_TITLE = f"v{__version__}"
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            tooltip="Quit (every answer already given is saved).",
        ),
        # Textual only shows a hint on ctrl+c; in a terminal game a player expects it to quit
        # (every answer is already saved), even while typing an answer.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("f1,question_mark", "help", "Help", tooltip="This help: every key."),
    ]

    def __init__(
        self,
        launch: Launch,
        store: StoreClient,
        *,
        clock: Callable[[], float] = time.monotonic,
        timers: bool = True,
        new_seed: Callable[[], str] | None = None,
        handle_signals: bool = False,
        config_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.handle_signals = handle_signals  # the real game: SIGINT/TERM/HUP exit cleanly
        self.launch = launch
        self.store = store
        self.clock = clock
        self.timers = timers  # tests and snapshots turn the countdown off
        # the seed of a round started from the home or results screen
        self.new_seed: Callable[[], str] = new_seed or _random_seed
        self.profile_name: str | None = launch.profile
        self.notice: str | None = None  # a sentence for the player about their saved data
        self.startup_message: str | None = None  # e.g. "New profile ... created"
        self._theme_ready = False
        from quizgame.tui import config

        self.config_path = config_file if config_file is not None else config.config_file()
        #: App-wide settings (last theme, bell, auto-advance), read before the first frame.
        self.config, self.config_notice = config.load(self.config_path)

    def on_load(self) -> None:
        """Before the terminal is switched to full screen: make signals end the app cleanly.

        Killed by SIGTERM (``kill``), SIGHUP (terminal closed) or SIGINT, Textual would stop
        without restoring the terminal (left in raw mode, mouse reporting on, no cursor). Each
        now makes the app exit as ctrl+q does; the exit code says which signal (128 + number).
        """
        if not self.handle_signals:
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                loop.add_signal_handler(sig, self.exit, None, 128 + sig)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications are plain text: they carry names, paths and pack text, never markup."""
        super().notify(
            literal(message), title=literal(title), severity=severity, timeout=timeout, markup=False
        )

    async def on_event(self, event: Event) -> None:
        # A paste arrives as one event; text copied from a web page can hide escape sequences
        # that a text field would then echo to the terminal. Keep only the text.
        if isinstance(event, Paste) and not event.is_forwarded:
            clean = without_controls(event.text)
            if clean != event.text:
                event = Paste(clean)
        await super().on_event(event)

    async def on_mount(self) -> None:
        # The first frame needs only the theme, from the small settings file; the profile is
        # read while the first screen is drawn (a profile's own theme, if it has one, follows).
        self._apply_theme(self.config.theme)
        self._theme_ready = True
        if self.launch.setup is not None and self.launch.pack is not None:
            from quizgame.tui.screens.game import GameScreen

            # Straight into the round. The home screen is built only if the player goes there
            # (see go_home): composing it first would hold up the first question.
            await self.push_screen(
                GameScreen(self.launch.pack, self.launch.setup, self.launch.questions)
            )
        else:
            from quizgame.tui.screens.home import HomeScreen

            await self.push_screen(HomeScreen())
        self._check_size(self.size.width, self.size.height)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """The first screen is drawn: collect garbage as usual again (`play` starts with the
        cyclic collector off, see cli.main), then open the profile."""
        gc.enable()
        self._open_profile()

    @work(exclusive=True, group="profile")
    async def _open_profile(self) -> None:
        profile, self.notice, theme = await self.store.open_profile(self.profile_name)
        self.profile_name = profile.name
        if theme:
            self._theme_ready = False
            self._apply_theme(theme)
            self._theme_ready = True
        if self.startup_message:
            self.notify(self.startup_message, title="Your profile", timeout=8)
        if self.config_notice:
            self.notify(self.config_notice, title="Settings", severity="warning", timeout=12)
        if self.notice:
            self.notify(self.notice, title="Your profile", severity="warning", timeout=12)

    def _apply_theme(self, theme: str | None) -> None:
        if theme and theme in self.available_themes and theme != self.theme:
            self.theme = theme

    def watch_theme(self, theme: str) -> None:
        """A theme chosen is remembered for the profile and, app-wide, for profiles without one."""
        if not self._theme_ready:
            return
        if self.profile_name:
            name = self.profile_name
            self.store.set_setting(name, "theme", theme)
        self.config.theme = theme
        self.save_config()

    def save_config(self) -> None:
        from quizgame.tui import config

        try:
            config.save(self.config, self.config_path)
        except OSError as exc:
            self.notify(
                f"Settings not saved: {exc.strerror or exc} ({self.config_path}).",
                severity="warning",
                timeout=8,
            )

    async def switch_profile(self, name: str) -> None:
        self.profile_name = name
        await self.store.use_profile(name)
        theme = await self.store.setting(name, "theme")
        self._theme_ready = False
        self._apply_theme(theme or self.config.theme)
        self._theme_ready = True

    # -- the command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        yield SystemCommand(
            "Screenshot",
            "Save an SVG picture of the screen (the message says where)",
            lambda: self.set_timer(0.1, self.action_save_screenshot),
        )
        bell = "on" if self.config.bell else "off"
        yield SystemCommand(
            f"Bell: turn {'off' if self.config.bell else 'on'}",
            f"Ring the terminal bell on right answers (now {bell})",
            self.action_toggle_bell,
        )
        auto = "on" if self.config.auto_advance else "off"
        yield SystemCommand(
            f"Auto-advance: turn {'off' if self.config.auto_advance else 'on'}",
            f"Go to the next question {AUTO_ADVANCE_SECONDS} s after the feedback (now {auto})",
            self.action_toggle_auto_advance,
        )

    def action_toggle_bell(self) -> None:
        self.config.bell = not self.config.bell
        self.save_config()
        self.notify(f"Bell {'on' if self.config.bell else 'off'}.", timeout=3)
        if self.config.bell:
            self.bell()

    def action_toggle_auto_advance(self) -> None:
        self.config.auto_advance = not self.config.auto_advance
        self.save_config()
        state = "on" if self.config.auto_advance else "off"
        self.notify(f"Auto-advance {state}.", timeout=3)

    @work(exclusive=True, group="screenshot")
    async def action_save_screenshot(self) -> None:
        """Save where a person will find it and that exists: Downloads if there is one, else
        the folder quizgame was started from; say where in plain words."""
        import platformdirs

        svg = self.export_screenshot()
        downloads = Path(platformdirs.user_downloads_dir())
        folder = downloads if downloads.is_dir() else Path.cwd()
        stamp = time.strftime("%Y-%m-%d_%H-%M-%S")
        target = folder / f"quizgame-{stamp}.svg"
        try:
            await off_thread(
                self, partial(target.write_text, svg, encoding="utf-8"), group="screenshot-file"
            )
        except OSError as exc:
            self.notify(
                f"The screenshot could not be saved in {folder}: {exc.strerror or exc}.",
                title="Screenshot",
                severity="error",
                timeout=10,
            )
            return
        self.notify(f"Saved to {target}", title="Screenshot", timeout=10)

    async def prepare_round(self, pack: Pack, setup: GameSetup) -> Sequence[Question]:
        """The questions of a round for the current profile, made off the UI thread.

        Practice asks the profile's due facts; when none are due the round is empty and the
        player is told so here, once, for every screen that starts a round.
        """
        from quizgame.core.round import build_questions

        due = None
        if setup.mode == "practice":
            due = await self.store.due_for_practice(self.profile_name, pack)
            if not due:
                self.notify(
                    "Nothing is due for review today — well done! Try Classic.",
                    title="Practice",
                    timeout=6,
                )
                return []
        return await off_thread(
            self, partial(build_questions, pack, setup, due), group="build-questions"
        )

    def start_round(
        self,
        pack: Pack,
        setup: GameSetup,
        questions: Sequence[Question],
        *,
        replace_screen: bool = False,
    ) -> None:
        """Show a prepared round: over the current screen, or instead of it (from results)."""
        from quizgame.tui.screens.game import GameScreen

        screen = GameScreen(pack, setup, questions)
        if replace_screen:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_home(self) -> None:
        """Leave the round or its results for the home screen (built now after `play`)."""
        from quizgame.tui.screens.home import HomeScreen

        if any(isinstance(s, HomeScreen) for s in self.screen_stack[:-1]):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def action_help(self) -> None:
        from quizgame.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- a terminal too small to play in -----------------------------------------------------

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = type(self.screen).__name__ == "TooSmallScreen"  # imported only when needed
        if small and not showing:
            from quizgame.tui.screens.small import TooSmallScreen

            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        self.store.close()
