"""A classroom being hosted: what the host's screen or console needs (below both of them)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizgame.classroom.results import write_results
from quizgame.classroom.server import Classroom, build_app

if TYPE_CHECKING:
    import uvicorn

MAX_CONNECTIONS = 1000  # pages at once: a big class opening a few tabs each
WS_MAX_SIZE = 4096  # uvicorn closes a connection sending a bigger frame (the app allows 2048)


@dataclass
class Hosting:
    """Everything a host (screen or console) needs."""

    classroom: Classroom
    url: str
    results_path: Path
    title: str
    sock: socket.socket

    def server(self) -> uvicorn.Server:
        import uvicorn  # here: only a host needs it

        class HostServer(uvicorn.Server):
            # The host owns the signals (Textual, or the console's handlers): uvicorn must not
            # replace them.
            @contextlib.contextmanager
            def capture_signals(self) -> Iterator[None]:
                yield

        config = uvicorn.Config(
            build_app(self.classroom),
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws_max_size=WS_MAX_SIZE,
            limit_concurrency=MAX_CONNECTIONS,  # past this, new connections get a 503
            ws_ping_interval=10.0,
            ws_ping_timeout=10.0,
        )
        return HostServer(config)

    def write_results(self) -> str:
        """Write the results file; return one line saying where, or why it could not be."""
        record = self.classroom.record
        game = record.game(self.classroom.game_id)
        assert game is not None
        try:
            return f"Results written to {write_results(record, game, self.results_path)}"
        except OSError as exc:
            return (
                f"Could not write the results to {self.results_path} ({exc.strerror or exc}) — "
                f"run `quizgame classroom results --game {game.id} -o PATH`"
            )
