"""The host screen for a projector: the join address and code, a QR code, the lobby, each
question's countdown and answer count, the answers' distribution, the leaderboard, the podium.

The web server runs as an asyncio task in this app's event loop (see host.py); the screen reads
the game's host view four times a second and whenever the classroom reports a change.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

import segno
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits, Footer, Input, Label, Static

from quizgame.classroom.hosting import Hosting
from quizgame.core.live import LiveError

if TYPE_CHECKING:
    from uvicorn import Server

QUIET_ZONE = 2


def qr_text(url: str) -> Text:
    """The QR code of ``url`` in half-block characters, dark modules on a light background."""
    qr = segno.make(url, error="m", micro=False)
    rows = [[bool(cell & 1) for cell in row] for row in qr.matrix]
    width = len(rows[0]) + 2 * QUIET_ZONE
    blank = [False] * width
    padded = [blank] * QUIET_ZONE
    padded += [[False] * QUIET_ZONE + row + [False] * QUIET_ZONE for row in rows]
    padded += [blank] * (QUIET_ZONE + (len(padded) + QUIET_ZONE) % 2)
    lines = []
    for top, bottom in zip(padded[::2], padded[1::2], strict=True):
        lines.append(
            "".join(
                "█" if a and b else "▀" if a else "▄" if b else " "
                for a, b in zip(top, bottom, strict=True)
            )
        )
    return Text("\n".join(lines), style="black on white", no_wrap=True)


def bar(count: int, most: int, width: int = 30) -> str:
    filled = round(width * count / most) if most else 0
    return "█" * filled + "·" * (width - filled)


class KickDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Remove which student? Type the name as shown, then Enter.")
            yield Input(id="kick-name", max_length=40)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HostApp(App[None]):
    CSS_PATH = "host.tcss"
    TITLE = "quizgame classroom"
    BINDINGS = [
        Binding("space", "next", "Next"),
        Binding("p", "pause", "Pause"),
        Binding("s", "skip", "Skip"),
        Binding("k", "kick", "Kick"),
        Binding("e", "end", "End game"),
        Binding("q", "quit_host", "Quit"),
    ]

    def __init__(self, hosting: Hosting) -> None:
        super().__init__()
        self.hosting = hosting
        self.classroom = hosting.classroom
        self.report: list[str] = []
        self._results_written = False
        self._server: Server | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.hosting.title, id="title")
        with Horizontal(id="join"):
            yield Static(qr_text(self.hosting.url), id="qr")
            with Vertical(id="how"):
                yield Static("Join at", classes="caption")
                yield Static(Text(self.hosting.url, style="bold"), id="url")
                yield Static("Game code", classes="caption")
                yield Digits(self.classroom.code, id="code")
                yield Static("", id="lobby")
        with Vertical(id="stage"):
            yield Static("", id="status")
            with Horizontal(id="big"):
                yield Static("seconds left", classes="caption")
                yield Digits("", id="clock")
                yield Static("answered", classes="caption")
                yield Digits("", id="answered")
            yield Static("", id="prompt")
            yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self._server = self.hosting.server()
        self._serve(self._server)
        self.classroom.start()
        self.classroom.listeners.append(lambda _what: self.refresh_view())
        self.set_interval(0.25, self.refresh_view)
        self.refresh_view()

    @work(name="web", group="web")
    async def _serve(self, server: Server) -> None:
        """The web server for the students' browsers, for as long as the host screen runs."""
        await server.serve(sockets=[self.hosting.sock])

    # -- drawing -------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        game = self.classroom.game
        view = game.host_view(self.classroom.clock())
        phase = view["phase"]
        join = self.query_one("#join")
        join.display = phase == "lobby"
        big = self.query_one("#big")
        big.display = phase == "question"
        players = view["players"]
        status = self.query_one("#status", Static)
        prompt = self.query_one("#prompt", Static)
        detail = self.query_one("#detail", Static)
        if phase == "lobby":
            names = ", ".join(players) if players else "nobody yet"
            self.query_one("#lobby", Static).update(
                Text(f"{len(players)} joined: {names}\n\nPress space to start.")
            )
            status.update("")
            prompt.update("")
            detail.update("")
            return
        if phase == "finished":
            self._finish()
            status.update(Text("Game over", style="bold"))
            prompt.update(self._podium(view.get("leaderboard", [])))
            detail.update(Text("\n".join([*self.report, "q: quit"])))
            return
        q = view["question"]
        people = f"{len(players)} player" + ("" if len(players) == 1 else "s")
        head = f"Question {q['number']} of {q['total']}  ·  {people}  ·  "
        if phase == "question":
            seconds = f"{view['seconds_left']:.0f}"
            clock = f"{seconds} s" + (" PAUSED" if view["paused"] else "")
            status.update(Text(head + f"{clock}  ·  answered {view['answered']}/{len(players)}"))
            self.query_one("#clock", Digits).update(seconds)
            self.query_one("#answered", Digits).update(f"{view['answered']}")
        else:
            status.update(Text(head + f"answered {view['answered']}/{len(players)}"))
        body = Text(q["prompt"], style="bold")
        if phase == "question":
            for i, option in enumerate(q.get("options", []) or q.get("items", [])):
                body.append(f"\n  {i + 1}. {option}", style="not bold")
        prompt.update(body)
        if phase == "question":
            detail.update(Text("space or s: stop the time and reveal · p: pause", style="dim"))
        elif phase == "reveal":
            detail.update(self._distribution(view))
        else:
            detail.update(self._leaderboard(view.get("leaderboard", [])))

    def _distribution(self, view: dict[str, Any]) -> Text:
        rows = view["distribution"]
        most = max((r["count"] for r in rows), default=0)
        text = Text()
        text.append(f"Answer: {view['answer']}\n\n", style="bold green")
        for r in rows:
            mark = "✔" if r["right"] else " "
            line = f"{mark} {r['label'][:40]:<40} {bar(r['count'], most)} {r['count']}\n"
            text.append(line, style="green" if r["right"] else "")
        text.append(f"\n{view['citation']}\nspace: leaderboard", style="dim")
        return text

    def _leaderboard(self, rows: list[dict[str, Any]]) -> Text:
        text = Text("Leaderboard\n\n", style="bold")
        for r in rows:
            text.append(
                f"{r['rank']:>3}. {r['name']:<22} {r['correct']:>3} right {r['score']:>7}\n"
            )
        text.append("\nspace: next question", style="dim")
        return text

    def _podium(self, rows: list[dict[str, Any]]) -> Text:
        text = Text()
        medals = {1: "1st", 2: "2nd", 3: "3rd"}
        for r in rows[:3]:
            text.append(
                f"{medals.get(r['rank'], str(r['rank'])):>4}  {r['name']}  "
                f"{r['correct']} right, {r['score']} points\n",
                style="bold",
            )
        for r in rows[3:]:
            text.append(f"{r['rank']:>4}. {r['name']}  {r['correct']} right, {r['score']}\n")
        return text

    def _finish(self) -> None:
        if self._results_written:
            return
        self._results_written = True
        self.report = [self.hosting.write_results()]

    # -- the teacher's keys ----------------------------------------------------------------------

    async def _do(self, move: Awaitable[object]) -> None:
        try:
            await move
        except LiveError as exc:
            self.notify(exc.reason, severity="warning")
        self.refresh_view()

    async def action_next(self) -> None:
        await self._do(self.classroom.next())

    async def action_pause(self) -> None:
        await self._do(self.classroom.toggle_pause())

    async def action_skip(self) -> None:
        await self._do(self.classroom.skip())

    @work
    async def action_kick(self) -> None:
        name = await self.push_screen_wait(KickDialog())
        if name:
            await self._do(self.classroom.kick(name))

    async def action_end(self) -> None:
        await self._do(self.classroom.end())

    async def action_quit_host(self) -> None:
        game = self.classroom.game
        if game.phase != "finished" and game.active:
            self._finish()
        await self.classroom.stop()
        if self._server is not None:
            self._server.should_exit = True
        self.exit()

    def on_unmount(self) -> None:
        self.classroom.close()
        self.classroom.record.close()
