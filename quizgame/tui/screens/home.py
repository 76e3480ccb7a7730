"""Home: who is playing, which pack, which mode and kinds; then Start."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static

from quizgame.catalogue import load as load_pack
from quizgame.core.packs import Pack, PackLoadError
from quizgame.core.round import RULES, GameSetup
from quizgame.core.session import parse_players
from quizgame.core.vocab import DIFFICULTIES, MODES
from quizgame.tui.base import QuizScreen, SetupProblem, off_thread
from quizgame.tui.text import count, plain
from quizgame.tui.widgets.kinds import KindPicker

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.catalogue import PackInfo

NEW_PROFILE = "\x00new"
LOADING_VALUE = "\x00loading"
LOADING = [("Loading…", LOADING_VALUE)]
NO_PACK = "\x00none"


class HomeScreen(QuizScreen[None]):
    CSS_PATH = ["fields.tcss", "home.tcss"]
    # s, t and e are written on the buttons they press; the key bar keeps room for the rest
    # (down to 60 columns).
    BINDINGS = [
        Binding(
            "s",
            "start",
            "Start",
            show=False,
            tooltip="Start a round with the settings shown (Enter too, on Start or in Players).",
        ),
        Binding("n", "new_profile", "New profile", tooltip="Make a new profile."),
        Binding("t", "stats", "Stats", show=False, tooltip="Your stats."),
        Binding(
            "e",
            "export",
            "Export",
            show=False,
            tooltip="Export a quiz for a class (Moodle, Canvas, Anki, Kahoot, print…).",
        ),
    ]

    @dataclass
    class PacksFound(Message):
        """The packs installed, listed by the thread worker that read the packs folders."""

        packs: list[PackInfo]

    def __init__(self) -> None:
        super().__init__()
        self.packs: list[PackInfo] = []
        self._loaded: dict[Path, Pack] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("quizgame", id="home-title", markup=False)
            yield Static("Every question comes from a cited fact.", id="home-tagline", markup=False)
            with Horizontal(classes="row"):
                yield Label("Profile", classes="field-label")
                # "Loading…" is an option of its own until the list arrives, then it is gone:
                # never a blank entry that could be chosen later.
                yield Select(LOADING, id="profile", allow_blank=False, compact=True)
            with Horizontal(classes="row"):
                yield Label("Pack", classes="field-label")
                yield Select(LOADING, id="pack", allow_blank=False, compact=True)
            yield Static("", id="pack-info", markup=False)
            with Horizontal(classes="row"):
                yield Label("Mode", classes="field-label")
                yield Select(
                    [(f"{RULES[m].title} — {RULES[m].blurb}", m) for m in MODES],
                    id="mode",
                    value="classic",
                    allow_blank=False,
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Difficulty", classes="field-label")
                yield Select(
                    [(d, d) for d in DIFFICULTIES],
                    id="difficulty",
                    value="medium",
                    allow_blank=False,
                    compact=True,
                )
            yield KindPicker(classes="row", id="kinds")
            with Horizontal(classes="row", id="players-row"):
                yield Label("Players", classes="field-label")
                yield Input(
                    placeholder="2–4 names, separated by commas", id="players", compact=True
                )
            with Horizontal(id="home-buttons"):
                yield Button("Start (s)", variant="primary", id="start", compact=True)
                yield Button("Stats (t)", id="go-stats", compact=True)
                yield Button("Export (e)", id="go-export", compact=True)
                yield Button("Help (?)", id="go-help", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#players-row").display = False
        # Enter does what the screen suggests: the Start button is the one in focus (and shows
        # it), not the first drop-down.
        self.query_one("#start", Button).focus()
        self._load_packs()
        self._refresh_profiles()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < 24, "-short")
        self.set_class(event.size.width < 80, "-narrow")
        self.query_one(KindPicker).set_narrow(event.size.width < 80)

    def on_screen_resume(self) -> None:
        self._refresh_profiles()

    # -- lists -------------------------------------------------------------------------------

    @work(exclusive=True, group="profiles")
    async def _refresh_profiles(self) -> None:
        await self._load_profiles()

    async def _load_profiles(self) -> None:
        wanted = self.qapp.profile_name  # None until the app has read the profile

        profiles, current = await self.qapp.store.profiles_and_current(wanted)
        if self.qapp.profile_name is None:
            self.qapp.profile_name = current
        found = self.query("#profile").results(Select)
        select = next(found, None)
        if select is None:  # the screen closed while the profile was read
            return
        # Labels are Text, not str: Select reads a str label as markup (names come from users
        # and imported files, titles from packs).
        options = [(plain(p.name), p.name) for p in profiles] + [
            (plain("+ New profile…"), NEW_PROFILE)
        ]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if self.qapp.profile_name:
                select.value = self.qapp.profile_name

    @work(thread=True, exclusive=True, group="packs")
    def _load_packs(self) -> None:
        from quizgame.catalogue import installed_packs

        self.post_message(self.PacksFound(installed_packs(self.qapp.launch.data_dir)))

    @on(PacksFound)
    def _show_packs(self, event: PacksFound) -> None:
        packs = self.packs = event.packs
        select = self.query_one("#pack", Select)
        usable = [p for p in packs if p.facts is not None]
        select.set_options(
            [(plain(p.title), str(p.path)) for p in usable] or [("No packs found", NO_PACK)]
        )
        preferred = self.qapp.launch.pack.path if self.qapp.launch.pack else None
        chosen = next((p for p in usable if preferred and p.path.resolve() == preferred), None)
        chosen = chosen or next(
            (p for p in usable if p.id == "jimmy-page"), usable[0] if usable else None
        )
        if chosen:
            select.value = str(chosen.path)
        broken = [p for p in packs if p.facts is None]
        if broken:
            one = len(broken) == 1
            self.notify(
                f"{count(len(broken), 'pack')} {'has' if one else 'have'} errors and"
                f" {'is' if one else 'are'} not listed; run `quizgame check`.",
                severity="warning",
                timeout=8,
            )

    @on(Select.Changed, "#pack")
    def _pack_changed(self, event: Select.Changed) -> None:
        info = next((p for p in self.packs if str(p.path) == event.value), None)
        text = (
            ""
            if info is None or info.facts is None  # a pack with errors is not offered
            else f"{count(info.facts, 'fact')} · {info.origin} · {info.path.name}"
        )
        self.query_one("#pack-info", Static).update(plain(text))
        if info is not None and info.facts is not None:
            self._offer_kinds(info.path)

    @work(exclusive=True, group="kinds")
    async def _offer_kinds(self, path: Path) -> None:
        """Dim the kinds of question the chosen pack cannot make (worked out off the screen)."""
        from quizgame.core.generate import QuizMaker

        try:
            pack = self._loaded.get(path)
            if pack is None:
                pack = await off_thread(self, partial(load_pack, path), group="load")
                self._loaded[path] = pack
            made = await off_thread(self, QuizMaker(pack).kinds_made, group="load")
        except PackLoadError:
            return  # Start says what is wrong with it
        for picker in self.query(KindPicker):  # none when the screen has closed meanwhile
            picker.offer(made)

    @on(Select.Changed, "#mode")
    def _mode_changed(self, event: Select.Changed) -> None:
        self.query_one("#players-row").display = event.value == "hotseat"

    @on(Input.Submitted, "#players")
    def _players_submitted(self) -> None:
        self.action_start()  # Enter in the names field starts the round

    @on(Select.Changed, "#profile")
    async def _profile_changed(self, event: Select.Changed) -> None:
        if event.value == LOADING_VALUE:
            return
        if event.value == NEW_PROFILE:
            self.action_new_profile()
        elif isinstance(event.value, str) and event.value != self.qapp.profile_name:
            await self.qapp.switch_profile(event.value)
            self.notify(f"Playing as {event.value}.", timeout=3)

    # -- actions -----------------------------------------------------------------------------

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#go-stats")
    def _stats_pressed(self) -> None:
        self.action_stats()

    @on(Button.Pressed, "#go-export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#go-help")
    def _help_pressed(self) -> None:
        self.qapp.action_help()

    def action_stats(self) -> None:
        from quizgame.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_export(self) -> None:
        from quizgame.tui.screens.export import ExportScreen

        value = self.query_one("#pack", Select).value
        if value == LOADING_VALUE:
            self.notify("The packs are still loading; a moment…", timeout=3)
            return
        chosen = value if isinstance(value, str) and not value.startswith("\x00") else None
        self.app.push_screen(ExportScreen(Path(chosen) if chosen else None))

    @work(exclusive=True, group="new-profile")
    async def action_new_profile(self) -> None:
        from quizgame.store.names import ProfileError
        from quizgame.tui.screens.dialogs import NewProfileDialog

        while True:
            name = await self.app.push_screen_wait(NewProfileDialog())
            if name is None:
                break
            try:
                created = await self.qapp.store.create_profile(name)
            except ProfileError as exc:
                self.notify(str(exc), severity="error", timeout=6)
                continue
            await self.qapp.switch_profile(created.name)
            self.notify(f"Created profile {created.name}.", timeout=3)
            break
        await self._load_profiles()

    def current_setup(self) -> GameSetup:
        """The settings on screen; SetupProblem says why they cannot start a round."""
        kinds = self.query_one(KindPicker).kinds
        if not kinds:
            raise SetupProblem("Pick at least one kind of question.")
        mode = str(self.query_one("#mode", Select).value)
        players: tuple[str, ...] = ()
        if mode == "hotseat":
            from quizgame.store.names import ProfileError, validate_players

            # As `play --players` does: the names parsed once, repeats kept so that the profile
            # rules refuse them ("Ana, Ana, Ben" is not three players), and the seats of the
            # round are the names checked.
            raw = self.query_one("#players", Input).value
            try:
                players = tuple(validate_players(parse_players(raw)))
            except ProfileError as exc:
                raise SetupProblem(str(exc)) from None
        return GameSetup(
            mode=mode,
            kinds=kinds,
            difficulty=str(self.query_one("#difficulty", Select).value),
            seed=self.qapp.new_seed(),
            players=players,
        )

    @work(exclusive=True, group="start")
    async def action_start(self) -> None:
        from quizgame.tui.screens.game import GameScreen

        try:
            setup = self.current_setup()
        except SetupProblem as problem:
            self.notify(str(problem), severity="warning", timeout=5)
            return
        value = self.query_one("#pack", Select).value
        if value == LOADING_VALUE:
            self.notify("The packs are still loading; a moment…", timeout=3)
            return
        if not isinstance(value, str) or value == NO_PACK:
            self.notify(
                "No pack to play: add one to your packs folder (see `quizgame packs`).",
                severity="warning",
                timeout=6,
            )
            return
        path = Path(value)
        self.query_one("#start", Button).loading = True
        try:
            pack = self._loaded.get(path)
            if pack is None:
                pack = await off_thread(self, partial(load_pack, path), group="load")
                self._loaded[path] = pack
            questions = await self.qapp.prepare_round(pack, setup)
            if not questions and setup.mode == "practice":
                return  # prepare_round said why
        except PackLoadError as exc:
            self.notify(
                str(exc.errors[0]), title="This pack has errors", severity="error", timeout=10
            )
            return
        finally:
            self.query_one("#start", Button).loading = False
        if not questions:
            self.notify("This pack cannot make questions of the kinds picked.", severity="warning")
            return
        await self.app.push_screen(GameScreen(pack, setup, questions))
