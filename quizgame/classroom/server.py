"""The classroom's web side: a Starlette app serving the student page and one websocket each.

The rules are :class:`quizgame.core.live.LiveGame`'s; this module only carries messages, keeps
the clock running, and writes to the record. Order of events for an answer: the rules accept
it, the record commits it (its own transaction, on the record's thread), and only then is the
student told "received" — so nothing acknowledged is lost if the host is killed.

The websocket protocol (JSON text frames, at most MAX_MESSAGE bytes):

page → server   {"type": "hello", "token": T}          a reload or reconnection
                {"type": "join", "code": "123456", "name": N}
                {"type": "answer", "question": I, "answer": A}
server → page   {"type": "welcome", "token": T}         keep it to come back to the same seat
                {"type": "state", ...}                   LiveGame.student_view
                {"type": "received", "question": I}
                {"type": "refused", "code": C, "reason": R}
                {"type": "kicked", "reason": R}          then the socket closes
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from quizgame.classroom.record import ClassroomRecord
from quizgame.core.live import LiveError, LiveGame, Seat

MAX_MESSAGE = 2048  # bytes of one websocket message from a page
RATE = 4.0  # messages a second a connection may send, on average ...
BURST = 12  # ... with this many at once
MAX_WRONG_CODES = 5  # wrong join codes on one connection before it is closed
MAX_WRONG_CODES_PER_ADDRESS = 20  # ... and from one address in WRONG_CODE_WINDOW seconds
WRONG_CODE_WINDOW = 600.0
TICK = 0.1  # seconds between checks of the question clock

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")

_MESSAGES: dict[str, dict[str, tuple[type, ...]]] = {
    "hello": {"token": (str,)},
    "join": {"code": (str,), "name": (str,)},
    "answer": {"question": (int,), "answer": (int, bool, str, list)},
}


class BadMessage(Exception):
    pass


def parse_message(text: str) -> dict[str, Any]:
    """A page's message, checked against the protocol's schema, or BadMessage."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("That message is not JSON.") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadMessage("That message has no type.")
    fields = _MESSAGES.get(data["type"])
    if fields is None:
        raise BadMessage("Unknown message type.")
    if set(data) != {"type", *fields}:
        raise BadMessage("That message has missing or extra fields.")
    for name, types in fields.items():
        value = data[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise BadMessage(f"The field {name} has the wrong type.")
    if data["type"] == "hello" and not 10 <= len(data["token"]) <= 64:
        raise BadMessage("That token is not one of ours.")
    if data["type"] == "answer" and isinstance(data["answer"], list) and len(data["answer"]) > 20:
        raise BadMessage("That answer is too long.")
    return data


@dataclass
class Bucket:
    """A token bucket: RATE messages a second on average, BURST at once."""

    rate: float = RATE
    burst: float = BURST
    tokens: float = BURST
    stamp: float = 0.0  # when tokens was last brought up to date (the classroom's clock)

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass(eq=False)  # compared by identity: a set of live connections
class Connection:
    socket: WebSocket
    address: str
    bucket: Bucket = field(default_factory=Bucket)
    seat: Seat | None = None
    wrong_codes: int = 0
    refused_in_a_row: int = 0


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


class Classroom:
    """One live game being hosted: the rules, the record, the connected pages and the clock."""

    def __init__(
        self,
        game: LiveGame,
        record: ClassroomRecord,
        game_id: int,
        code: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.game = game
        self.record = record
        self.game_id = game_id
        self.code = code
        self.clock = clock
        self.connections: set[Connection] = set()
        self.listeners: list[Callable[[str], None]] = []  # the host screen: called on changes
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classroom-record")
        self._wrong_by_address: dict[str, list[float]] = {}
        self._lock = asyncio.Lock()
        self._ticker: asyncio.Task[None] | None = None

    # -- the record, off the event loop --------------------------------------------------------

    async def _save(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._writer, fn, *args)

    async def _save_position(self) -> None:
        await self._save(self.record.set_position, self.game_id, self.game.index, self.game.phase)

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    # -- telling people ----------------------------------------------------------------------

    def _notify_host(self, what: str) -> None:
        for listener in list(self.listeners):
            listener(what)

    async def _send(self, conn: Connection, message: dict[str, Any]) -> None:
        if conn.socket.client_state != WebSocketState.CONNECTED:
            return
        with contextlib.suppress(Exception):  # a page that just went away
            await conn.socket.send_text(json.dumps(message, ensure_ascii=False))

    async def _send_state(self, conn: Connection, ranks: dict[int, int] | None = None) -> None:
        if conn.seat is not None and not conn.seat.kicked:
            view = self.game.student_view(conn.seat, self.clock(), ranks)
            await self._send(conn, {"type": "state", **view})

    async def broadcast(self) -> None:
        """Every seated page gets its own view; the host screen is told too."""
        ranks = self.game.ranks()
        await asyncio.gather(*(self._send_state(c, ranks) for c in list(self.connections)))
        self._notify_host("phase")

    # -- the clock ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._ticker is None:
            self._ticker = asyncio.get_running_loop().create_task(self._tick_forever())

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            await self.tick()

    async def tick(self) -> None:
        """Close the open question when its time is up (or everyone has answered)."""
        async with self._lock:
            if not self.game.is_due(self.clock()):
                return
            self.game.close()
            await self._save_position()
        await self.broadcast()

    # -- the teacher's moves -----------------------------------------------------------------

    async def next(self) -> str:
        """Reveal → leaderboard → next question (the teacher's one key to move on)."""
        async with self._lock:
            if self.game.phase == "question":
                self.game.close()
            elif self.game.phase == "reveal":
                self.game.show_leaderboard()
            elif self.game.phase in ("lobby", "leaderboard"):
                self.game.open_next(self.clock())
            else:
                return self.game.phase
            await self._save_position()
        await self.broadcast()
        return self.game.phase

    async def skip(self) -> None:
        """End the open question's time now; the answers given so far count."""
        async with self._lock:
            if self.game.phase != "question":
                raise LiveError("not-open", "No question is open.")
            self.game.close()
            await self._save_position()
        await self.broadcast()

    async def toggle_pause(self) -> bool:
        async with self._lock:
            if self.game.paused:
                self.game.resume(self.clock())
            else:
                self.game.pause(self.clock())
        await self.broadcast()
        return self.game.paused

    async def kick(self, name: str) -> Seat:
        async with self._lock:
            seat = self.game.find(name)
            if seat is None:
                raise LiveError("unknown-player", f"Nobody called {name!r} is playing.")
            self.game.kick(seat.seat)
            await self._save(self.record.kick, self.game_id, seat.seat)
        for conn in list(self.connections):
            if conn.seat is not None and conn.seat.seat == seat.seat:
                await self._send(conn, {"type": "kicked", "reason": "The teacher removed you."})
                with contextlib.suppress(Exception):
                    await conn.socket.close(code=4003)
        await self.broadcast()
        return seat

    async def end(self) -> None:
        async with self._lock:
            if self.game.phase != "finished":
                self.game.end()
                await self._save_position()
        await self.broadcast()

    # -- a page --------------------------------------------------------------------------------

    async def serve(self, socket: WebSocket) -> None:
        if not _same_origin(socket):
            await socket.close(code=4001)
            return
        await socket.accept()
        client = socket.client
        conn = Connection(socket, client.host if client else "?", Bucket(stamp=self.clock()))
        self.connections.add(conn)
        try:
            while True:
                event = await socket.receive()
                if event["type"] == "websocket.disconnect":
                    return
                text = event.get("text")
                if not await self._allowed(conn, text):
                    if conn.refused_in_a_row > 3 * BURST:
                        await socket.close(code=4008)
                        return
                    continue
                assert text is not None
                try:
                    message = parse_message(text)
                except BadMessage as exc:
                    await self._refuse(conn, "bad-message", str(exc))
                    continue
                if not await self._handle(conn, message):
                    await socket.close(code=4008)
                    return
        except WebSocketDisconnect:
            return
        finally:
            self.connections.discard(conn)

    async def _allowed(self, conn: Connection, text: str | None) -> bool:
        if not conn.bucket.take(self.clock()):
            conn.refused_in_a_row += 1
            await self._refuse(conn, "slow-down", "Too many messages; wait a moment.")
            return False
        if text is None:
            conn.refused_in_a_row += 1
            await self._refuse(conn, "bad-message", "Messages must be text.")
            return False
        if len(text.encode("utf-8", "replace")) > MAX_MESSAGE:
            conn.refused_in_a_row += 1
            await self._refuse(conn, "too-big", "That message is too long.")
            return False
        conn.refused_in_a_row = 0
        return True

    async def _refuse(self, conn: Connection, code: str, reason: str) -> None:
        await self._send(conn, {"type": "refused", "code": code, "reason": reason})

    async def _handle(self, conn: Connection, message: dict[str, Any]) -> bool:
        """Act on one checked message; False when the connection must close."""
        kind = message["type"]
        if kind == "hello":
            try:
                conn.seat = self.game.seat_for(message["token"])
            except LiveError as exc:
                await self._refuse(conn, exc.code, exc.reason)
                return exc.code != "kicked"
            await self._send_state(conn)
            return True
        if kind == "join":
            return await self._join(conn, message["code"], message["name"])
        if conn.seat is None:
            await self._refuse(conn, "unknown-player", "Join the game first.")
            return True
        await self._answer(conn, message["question"], message["answer"])
        return True

    async def _join(self, conn: Connection, code: str, name: str) -> bool:
        if conn.seat is not None:
            await self._refuse(conn, "joined", "You have already joined.")
            return True
        now = self.clock()
        recent = [
            t for t in self._wrong_by_address.get(conn.address, []) if now - t < WRONG_CODE_WINDOW
        ]
        self._wrong_by_address[conn.address] = recent
        if len(recent) >= MAX_WRONG_CODES_PER_ADDRESS:
            await self._refuse(conn, "too-many-codes", "Too many wrong codes; ask your teacher.")
            return False
        if not secrets.compare_digest(code.strip().encode(), self.code.encode()):
            conn.wrong_codes += 1
            recent.append(now)
            if conn.wrong_codes >= MAX_WRONG_CODES:
                await self._refuse(
                    conn, "too-many-codes", "Too many wrong codes; reload the page to try again."
                )
                return False
            await self._refuse(conn, "wrong-code", "That is not the code on the board.")
            return True
        async with self._lock:
            try:
                seat = self.game.join(name, secrets.token_urlsafe(18))
            except LiveError as exc:
                await self._refuse(conn, exc.code, exc.reason)
                return True
            await self._save(self.record.add_player, self.game_id, seat)
        conn.seat = seat
        await self._send(conn, {"type": "welcome", "token": seat.token, "name": seat.name})
        await self._send_state(conn)
        self._notify_host("joined")
        return True

    async def _answer(self, conn: Connection, question: int, raw: object) -> None:
        assert conn.seat is not None
        async with self._lock:
            try:
                answer = self.game.submit(conn.seat.token, question, raw, self.clock())
            except LiveError as exc:
                await self._refuse(conn, exc.code, exc.reason)
                return
            q = self.game.questions[answer.question]
            await self._save(self.record.record_answer, self.game_id, q, answer)
        await self._send(conn, {"type": "received", "question": question})
        await self._send_state(conn)
        self._notify_host("answered")


def _same_origin(socket: WebSocket) -> bool:
    """Refuse websockets opened by another site's page (cross-site websocket hijacking)."""
    origin = socket.headers.get("origin")
    if origin is None:  # not a browser (the tests' and benchmark's clients)
        return True
    host = socket.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def _static(name: str) -> bytes:
    return resources.files("quizgame.classroom").joinpath("static", name).read_bytes()


def build_app(classroom: Classroom) -> Starlette:
    page = _static("index.html")

    async def index(request: Request) -> Response:
        # Name the page's own websocket address too: older browsers do not count ws:// as
        # 'self'. The Host header is only echoed when it is a plain host[:port].
        host = request.headers.get("host", "")
        headers = dict(SECURITY_HEADERS)
        if _HOST.fullmatch(host):
            headers["Content-Security-Policy"] = CSP.replace(
                "connect-src 'self'", f"connect-src 'self' ws://{host} wss://{host}"
            )
        return HTMLResponse(page, headers=headers)

    async def websocket(socket: WebSocket) -> None:
        await classroom.serve(socket)

    static = StaticFiles(packages=[("quizgame.classroom", "static")])

    async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await static(scope, receive, send_with_headers)

    return Starlette(
        routes=[
            Route("/", index),
            WebSocketRoute("/ws", websocket),
            Mount("/static", app=with_headers),
        ]
    )
