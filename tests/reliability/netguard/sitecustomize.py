"""Loaded by every Python process started with this folder on PYTHONPATH (the no-network tests).

Any attempt to reach the network — resolving a name, connecting a socket, sending a datagram —
is written to the file named by QUIZGAME_NET_LOG (with where it came from) and then fails with
an OSError, so the code that tried can be found, and a program that swallows the error is still
caught by the log.
"""

from __future__ import annotations

import os
import socket
import traceback

_LOG = os.environ.get("QUIZGAME_NET_LOG")


def _refuse(what: str, detail: object) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"pid {os.getpid()}: {what} {detail!r}\n")
            log.write("".join(traceback.format_stack(limit=12)) + "\n")
    raise OSError(f"quizgame tests: network access refused: {what} {detail!r}")


def _install() -> None:
    def connect(self: socket.socket, address: object) -> None:
        _refuse("connect", address)

    def connect_ex(self: socket.socket, address: object) -> int:
        _refuse("connect_ex", address)
        return 1

    def sendto(self: socket.socket, *args: object) -> int:
        _refuse("sendto", args[-1])
        return 0

    def sendmsg(self: socket.socket, *args: object) -> int:
        _refuse("sendmsg", args[3:] or "")
        return 0

    def refuser(what: str) -> object:
        return lambda target, *args, **kwargs: _refuse(what, target)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign, assignment]
    socket.socket.sendmsg = sendmsg  # type: ignore[method-assign, assignment]
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
    ):
        setattr(socket, name, refuser(name))


if _LOG:
    _install()
