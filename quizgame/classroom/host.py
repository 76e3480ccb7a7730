"""Starting a class game: the questions, the record, the address, the web server, the host.

``quizgame classroom`` runs one process: uvicorn serves the Starlette app as an asyncio task in
the same event loop as the host (Textual's, or the headless console's), so the rules, the pages
and the projector all see one :class:`~quizgame.classroom.server.Classroom`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import os
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quizgame.classroom.hosting import Hosting
from quizgame.classroom.record import ClassroomRecord, GameRow, RecordError
from quizgame.classroom.results import default_path, write_results
from quizgame.classroom.server import Classroom, new_code
from quizgame.core.live import LiveError, LiveGame
from quizgame.core.vocab import KINDS

if TYPE_CHECKING:
    from quizgame.core.packs import Pack
    from quizgame.core.questions import Question


class ClassroomError(Exception):
    """Bad input or an unusable setup: one line for the teacher, exit code 2."""


def lan_address() -> str | None:
    """This machine's address on the local network (read from its interfaces, never by
    contacting anything): a private IPv4 address if there is one, else any non-loopback one."""
    import psutil

    stats = psutil.net_if_stats()
    found: list[ipaddress.IPv4Address] = []
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for a in addresses:
            if a.family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(a.address)
            if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                found.append(ip)
    found.sort(key=lambda ip: not ip.is_private)
    return str(found[0]) if found else None


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves, so a busy port is one plain line, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise ClassroomError(f"--host {host}: not an address of this machine") from None
    family, _type, _proto, _name, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == 98 or "in use" in str(exc).lower():
            raise ClassroomError(
                f"--port {port}: another program already uses it — choose another with --port"
            ) from None
        raise ClassroomError(
            f"--host {host}: cannot listen there ({exc.strerror or exc}) — "
            "use this machine's address, or --host 127.0.0.1"
        ) from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _settings(args: argparse.Namespace, pack_title: str) -> dict[str, object]:
    return {
        "seed": args.seed if args.seed is not None else str(secrets.randbelow(1_000_000)),
        "kinds": list(args.kinds or KINDS),
        "count": args.questions or 10,
        "difficulty": args.difficulty or "medium",
        "time": args.time,
        "speed_points": not args.no_speed_points,
        "title": pack_title,
    }


def _questions(pack: Pack, settings: Mapping[str, Any]) -> list[Question]:
    """The game's questions from its settings (as made by _settings, or read back as JSON)."""
    from quizgame.core.round import GameSetup, build_questions

    setup = GameSetup(
        mode="classic",
        kinds=tuple(settings["kinds"]),
        difficulty=str(settings["difficulty"]),
        seed=str(settings["seed"]),
        questions=int(settings["count"]),
    )
    return list(build_questions(pack, setup))


def prepare(args: argparse.Namespace, clock: Callable[[], float] | None = None) -> Hosting:
    """Load the pack, open the record, start (or resume) the game and bind the address."""
    import time

    from quizgame.catalogue import PackNotFound, open_pack
    from quizgame.core.packs import PackLoadError

    clock = clock or time.monotonic
    try:
        record = ClassroomRecord.open(args.data_dir)
    except RecordError as exc:
        raise ClassroomError(str(exc)) from None
    row: GameRow | None = None
    if args.resume:
        row = record.latest(unfinished=True)
        if row is None:
            record.close()
            raise ClassroomError("--resume: there is no unfinished class game to go on with")
        pack_ref: str | None = row.pack
        settings = row.settings
    else:
        pack_ref = args.pack
        settings = {}
    try:
        pack = open_pack(pack_ref or None, args.data_dir)
    except PackNotFound as exc:
        record.close()
        raise ClassroomError(str(exc)) from None
    except PackLoadError as exc:
        record.close()
        raise ClassroomError(str(exc.errors[0]) if exc.errors else str(exc)) from None
    if row is None:
        settings = _settings(args, pack.title)
    questions = _questions(pack, settings)
    if not questions:
        record.close()
        from quizgame.core.generate import no_questions

        raise ClassroomError(no_questions(pack, settings.get("kinds") or KINDS))
    if row is not None and [q.id for q in questions] != settings.get("ids"):
        record.close()
        raise ClassroomError(
            f"--resume: the pack {pack_ref} has changed since game {row.id} started, so its "
            "questions cannot be asked again — run `quizgame classroom results` for its file"
        )
    # The address and the results folder are checked before anything is recorded, so a busy
    # port or a typo leaves no empty game behind for --resume to find.
    host = args.host or lan_address()
    if host is None:
        record.close()
        raise ClassroomError(
            "no network address found — join a Wi-Fi network, or use --host 127.0.0.1 to try "
            "it on this machine"
        )
    folder = Path(args.results).expanduser().resolve().parent if args.results else Path.cwd()
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        record.close()
        where = f"-o {args.results}" if args.results else "the results file"
        raise ClassroomError(f"{where}: cannot write in {folder} — choose another place with -o")
    try:
        sock = listen(host, args.port)
    except ClassroomError:
        record.close()
        raise
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    time_limit = settings.get("time")
    speed = bool(settings.get("speed_points", True))
    if row is None:
        settings["questions"] = len(questions)
        settings["ids"] = [q.id for q in questions]
        code = new_code()
        if pack_ref and Path(pack_ref).is_file():  # a file: --resume may run from elsewhere
            pack_ref = str(Path(pack_ref).resolve())
        game_id = record.new_game(code, pack_ref or pack.id, settings)
        game = LiveGame(questions, time_limit=time_limit, speed_points=speed)
    else:
        answers: dict[int, list[tuple[int, object, float]]] = {}
        for a in record.answers(row.id):
            answers.setdefault(a.question, []).append((a.seat, a.given, a.response_ms / 1000))
        game = LiveGame.restore(
            questions,
            time_limit=time_limit,
            speed_points=speed,
            seats=record.players(row.id),
            answers=answers,
            index=row.question,
            phase=row.phase,
            now=clock(),
        )
        code, game_id = row.code, row.id
    classroom = Classroom(game, record, game_id, code, clock=clock)
    game_row = record.game(game_id)
    assert game_row is not None
    results = Path(args.results) if args.results else default_path(game_row)
    return Hosting(classroom, f"http://{shown}:{port}/", results, str(settings.get("title")), sock)


# --------------------------------------------------------------------------------------------
# The headless host: a console for tests, benchmarks and teachers without a big terminal

HELP = (
    "commands: next (or Enter) · skip · pause · kick NAME · end · quit; "
    "the game moves on by itself only when a question's time is up"
)


async def _console(hosting: Hosting, out: TextIO) -> int:
    classroom = hosting.classroom
    game = classroom.game
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    seen = {"phase": game.phase, "index": game.index, "players": len(game.active)}

    def changed(what: str) -> None:
        if what == "answered":
            say(f"answered {game.answered_count()}/{len(game.active)}")
        elif what == "joined" and len(game.active) != seen["players"]:
            seen["players"] = len(game.active)
            say(f"joined {game.active[-1].name} ({len(game.active)} players)")
        elif what == "phase" and (game.phase, game.index) != (seen["phase"], seen["index"]):
            seen["phase"], seen["index"] = game.phase, game.index
            current = game.current
            if game.phase == "question" and current is not None:
                say(f"question {game.index + 1}/{len(game.questions)} open ({current.kind})")
            else:
                say(game.phase)
            if game.phase == "finished":
                say(hosting.write_results())

    classroom.listeners.append(changed)
    server = hosting.server()
    serving = loop.create_task(server.serve(sockets=[hosting.sock]))
    classroom.start()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    threading.Thread(target=read, daemon=True, name="classroom-console").start()
    while not server.started and not serving.done():
        await asyncio.sleep(0.01)
    say(f"quizgame classroom: {hosting.title}")
    say(f"url {hosting.url}")
    say(f"code {classroom.code}")
    say(f"phase {game.phase} {game.index + 1}/{len(game.questions)}")
    say(HELP)
    stopping = loop.create_task(stop.wait())
    try:
        while True:
            reading = loop.create_task(lines.get())
            done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                reading.cancel()
                break
            line = reading.result()
            if line is None:
                break
            command, _, rest = line.strip().partition(" ")
            try:
                if command in ("", "next"):
                    await classroom.next()
                elif command == "skip":
                    await classroom.skip()
                elif command == "pause":
                    say("paused" if await classroom.toggle_pause() else "resumed")
                elif command == "kick":
                    seat = await classroom.kick(rest)
                    say(f"kicked {seat.name}")
                elif command == "end":
                    await classroom.end()
                elif command == "quit":
                    break
                else:
                    say(f"unknown command {command!r}; {HELP}")
            except LiveError as exc:
                say(f"refused: {exc.reason}")
    finally:
        if game.phase != "finished" and game.active:
            say(hosting.write_results())
        await classroom.stop()
        server.should_exit = True
        await serving
        classroom.close()
        classroom.record.close()
    return 0


def run_classroom(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for name in ("pack", "kinds", "difficulty", "seed", "questions", "time", "host", "results"):
        if not hasattr(args, name):
            setattr(args, name, None)
    if getattr(args, "action", None) == "results":
        return run_results(args, out, err)
    if args.time is not None and not 5 <= args.time <= 600:
        raise ClassroomError("--time: give 5 to 600 seconds per question")
    hosting = prepare(args)
    if args.headless:
        return asyncio.run(_console(hosting, out))
    from quizgame.classroom.screen import HostApp

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        hosting.sock.close()
        hosting.classroom.record.close()
        raise ClassroomError("the host screen needs a terminal; use --headless for a plain console")
    app = HostApp(hosting)
    app.run()
    for line in app.report:
        out.write(line + "\n")
    return app.return_code or 0


def run_results(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        record = ClassroomRecord.open(args.data_dir)
    except RecordError as exc:
        raise ClassroomError(str(exc)) from None
    try:
        game = record.game(args.game) if args.game is not None else record.latest()
        if game is None:
            which = f"game {args.game}" if args.game is not None else "any class game"
            raise ClassroomError(f"no record of {which} — play one with `quizgame classroom`")
        path = Path(args.output) if args.output else default_path(game)
        written = write_results(record, game, path)
    finally:
        record.close()
    out.write(f"{written}\n")
    return 0
