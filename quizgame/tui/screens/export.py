"""For teachers: export a reproducible quiz, previewing what the format will hold."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from quizgame.catalogue import load as load_pack
from quizgame.core.packs import Pack, PackLoadError
from quizgame.core.vocab import DIFFICULTIES
from quizgame.tui.base import QuizScreen, SetupProblem, off_thread
from quizgame.tui.text import count, plain
from quizgame.tui.widgets.kinds import KindPicker

if TYPE_CHECKING:
    from quizgame.export.command import ExportPlan


@dataclass(frozen=True)
class ExportOptions:
    """What the export screen's fields ask for, checked."""

    count: int | None  # None: every fact
    kinds: tuple[str, ...]
    variants: int
    seed: str
    difficulty: str
    format: str
    destination: str  # as typed; "" until the teacher says where


class ExportScreen(QuizScreen[None]):
    CSS_PATH = ["fields.tcss", "pages.tcss"]
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the home screen."),
        Binding("ctrl+s", "write", "Write files", priority=True, tooltip="Write the files."),
    ]

    def __init__(self, pack_path: Path | None) -> None:
        super().__init__()
        self.pack_path = pack_path
        self.pack: Pack | None = None

    def compose(self) -> ComposeResult:
        from quizgame.export.registry import all_formats

        formats = all_formats()
        with VerticalScroll(id="export"):
            yield Static("Export a quiz", id="export-title", markup=False)
            yield Static("", id="export-pack", markup=False)
            with Horizontal(classes="row"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(f"{f.name} ({f.extension}) — {f.description}", f.name) for f in formats],
                    id="format",
                    value="gift" if any(f.name == "gift" for f in formats) else "json",
                    allow_blank=False,
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Questions", classes="field-label")
                yield Input(placeholder="all facts", id="count", type="integer", compact=True)
                yield Label("Variants", classes="field-label")
                yield Input("1", id="variants", type="integer", compact=True)
            with Horizontal(classes="row"):
                yield Label("Seed", classes="field-label")
                yield Input("1", id="seed", compact=True)
                yield Label("Difficulty", classes="field-label")
                yield Select(
                    [(d, d) for d in DIFFICULTIES],
                    id="difficulty",
                    value="medium",
                    allow_blank=False,
                    compact=True,
                )
            yield KindPicker(classes="row", id="export-kinds")
            with Horizontal(classes="row"):
                yield Label("Save as", classes="field-label")
                yield Input(id="destination", compact=True)
            yield Static("", id="preview")
        with Horizontal(id="export-buttons"):
            yield Button("Write files (ctrl+s)", variant="primary", id="write", compact=True)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#format", Select).focus()  # focus shows, and Enter opens the formats
        if self.pack_path is None:
            self.query_one("#export-pack", Static).update("No pack selected.")
            return
        try:
            self.pack = await off_thread(self, partial(load_pack, self.pack_path), group="load")
        except PackLoadError as exc:
            self.query_one("#export-pack", Static).update(plain(str(exc.errors[0])))
            return
        self.query_one("#export-pack", Static).update(
            plain(f"{self.pack.title} — {len(self.pack.facts)} facts, version {self.pack.version}")
        )
        self._suggest_destination()
        self.preview()
        from quizgame.core.generate import QuizMaker

        made = await off_thread(self, QuizMaker(self.pack).kinds_made, group="load")
        for picker in self.query(KindPicker):  # none when the screen has closed meanwhile
            picker.offer(made)

    def _suggest_destination(self) -> None:
        from quizgame.export.registry import get_format

        fmt = get_format(str(self.query_one("#format", Select).value))
        if self.pack is None or fmt is None:
            return
        dest = self.query_one("#destination", Input)
        # Relative to where quizgame was started, like a path typed on the command line.
        current = Path(dest.value) if dest.value else Path(f"{self.pack.id}-quiz")
        dest.value = str(current.with_suffix(fmt.extension))

    def _options(self) -> ExportOptions:
        """The fields, checked; SetupProblem says what to change."""
        kinds = self.query_one(KindPicker).kinds
        if not kinds:
            raise SetupProblem("Pick at least one kind of question.")
        count_text = self.query_one("#count", Input).value.strip()
        variants_text = self.query_one("#variants", Input).value.strip() or "1"
        try:
            count = int(count_text) if count_text else None
            variants = int(variants_text)
        except ValueError:
            raise SetupProblem("Questions and variants must be whole numbers.") from None
        if (count is not None and count < 1) or not 1 <= variants <= 26:
            raise SetupProblem("Questions must be at least 1; variants from 1 to 26.")
        seed = self.query_one("#seed", Input).value.strip() or "1"
        return ExportOptions(
            count=count,
            kinds=kinds,
            variants=variants,
            seed=seed,
            difficulty=str(self.query_one("#difficulty", Select).value),
            format=str(self.query_one("#format", Select).value),
            destination=self.query_one("#destination", Input).value.strip(),
        )

    @on(Select.Changed, "#format")
    def _format_changed(self) -> None:
        self._suggest_destination()
        self.preview()

    @on(Input.Changed)
    @on(KindPicker.Changed)
    @on(Select.Changed, "#difficulty")
    def _changed(self) -> None:
        self.preview()

    @work(exclusive=True, group="preview")
    async def preview(self) -> None:
        from quizgame.export.command import ExportError, output_paths

        label = self.query_one("#preview", Static)
        try:
            options = self._options()
        except SetupProblem as problem:
            if self.pack is not None:
                label.update(plain(str(problem), "bold yellow"))
            return
        if self.pack is None:
            return
        try:
            plan = await off_thread(self, partial(_plan, self.pack, options), group="plan")
        except ExportError as exc:
            label.update(plain(str(exc), "bold yellow"))
            return
        n = len(plan.forms[0][1])
        text = Text.assemble(
            ("Preview: ", "bold"),
            f"{count(n, 'question')} per form, {count(plan.variants, 'form')}.",
        )
        for note in plan.notes:
            text.append("\n• ")
            text.append_text(plain(note))
        if options.destination:
            files = []
            try:
                for letter, _ in plan.forms:
                    form, key = output_paths(options.destination, plan.fmt, letter, plan.variants)
                    files.append(form.name)
                    if key is not None:
                        files.append(key.name)
            except ExportError as exc:  # "/" or "..": a folder, not a file name
                text.append("\n")
                text.append_text(plain(str(exc), "bold yellow"))
            else:
                text.append("\nWill write: ", style="bold")
                text.append_text(plain(", ".join(files)))
        label.update(text)

    @on(Button.Pressed, "#write")
    def _write_pressed(self) -> None:
        self.action_write()

    @work(exclusive=True, group="write")
    async def action_write(self) -> None:
        from quizgame.export.command import DestinationExists, ExportError, execute
        from quizgame.tui.screens.dialogs import ConfirmDialog

        try:
            options = self._options()
        except SetupProblem as problem:
            self.notify(str(problem), severity="warning")
            return
        if self.pack is None:
            self.notify("No pack.", severity="warning")
            return
        if not options.destination:
            self.notify("Say where to save the file.", severity="warning")
            return
        pack = self.pack

        def run(force: bool) -> tuple[list[Path], list[str]]:
            return execute(
                _plan(pack, options), pack, options.destination, force=force, strict=False
            )

        try:
            try:
                written, warnings = await off_thread(self, partial(run, False), group="files")
            except DestinationExists as exc:
                if not await self.app.push_screen_wait(
                    ConfirmDialog("Overwrite?", f"{exc.path} already exists", "Overwrite", "Cancel")
                ):
                    return
                written, warnings = await off_thread(self, partial(run, True), group="files")
        except (ExportError, OSError) as exc:
            self.notify(str(exc), title="Not written", severity="error", timeout=10)
            return
        message = "Wrote " + ", ".join(str(p) for p in written)
        if warnings:
            message += "\n" + "\n".join(warnings)
        self.notify(message, title="Exported", timeout=12)

    def action_close(self) -> None:
        self.app.pop_screen()


def _plan(pack: Pack, options: ExportOptions) -> ExportPlan:
    """The export the screen's fields describe (for the preview and for writing alike)."""
    from quizgame.export.command import plan_export
    from quizgame.export.registry import get_format

    fmt = get_format(options.format)
    assert fmt is not None
    return plan_export(
        pack,
        fmt,
        count=options.count,
        kinds=options.kinds,
        difficulty=options.difficulty,
        seed=options.seed,
        variants=options.variants,
    )
