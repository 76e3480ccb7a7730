"""The real ``quizgame`` in a pseudo-terminal, read through a terminal emulator (pyte).

A test spawns the game exactly as a player starts it (``python -m quizgame play ...`` with a
pty as stdin, stdout and stderr), writes the bytes a keyboard would send, and reads what is on
screen from pyte. Every byte the game wrote is kept too, to check how it left the terminal.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyte

COLS, ROWS = 100, 30
#: How long to wait for the screen to show something, by default (generous for slow CI).
TIMEOUT = 20.0
#: A frame can reach us in several reads (pyte knows no synchronized output), so a screen is
#: judged only once no byte has arrived for this long: never half old frame, half new.
SETTLED = 0.05

#: What a terminal must get back when a full-screen program exits: leave the alternate screen,
#: show the cursor, stop reporting the mouse.
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
MOUSE_MODES = (1000, 1002, 1003, 1006, 1015)


def game_env(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment of its own for one game: XDG folders under ``tmp``, a real TERM."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "TEXTUAL", "QUIZGAME_", "PYTEST_", "COLUMNS", "LINES"))
    }
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        folder = tmp / "xdg" / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    if extra:
        env.update(extra)
    return env


def quizgame_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "quizgame", *args]


class TerminalGame:
    """One quizgame process in a pty of COLS x ROWS, its screen emulated by pyte."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        cwd: Path | None = None,
        cols: int = COLS,
        rows: int = ROWS,
    ) -> None:
        self.cols, self.rows = cols, rows
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.attrs_before = termios.tcgetattr(slave)
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,  # signals from the test reach only this game
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()
        self._last_byte = time.monotonic()
        self._lock = threading.Lock()
        self._closed = threading.Event()  # the reader has stopped
        self._stop = threading.Event()  # the test closes the terminal
        self._master_open = True
        self._reader = threading.Thread(target=self._read, daemon=True, name="pty-reader")
        self._reader.start()

    # -- reading -------------------------------------------------------------------------------

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                if self.proc.poll() is not None and not self._pending():
                    break
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: every copy of the slave is closed (the game exited)
                break
            if not data:
                break
            with self._lock:
                self.output += data
                self.stream.feed(data)
                self._last_byte = time.monotonic()
        self._closed.set()

    def _pending(self) -> bool:
        try:
            ready, _, _ = select.select([self.master], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def screen_text(self) -> str:
        """What the player sees now, one line per row."""
        with self._lock:
            return "\n".join(self.screen.display)

    def raw(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def wait_for(
        self,
        pattern: str | re.Pattern[str] | Callable[[str], bool],
        timeout: float = TIMEOUT,
    ) -> str:
        """Wait until the screen shows ``pattern`` (text, regex or predicate); return the screen.

        Only a settled screen counts: one whose frame has arrived in full (see SETTLED)."""
        if isinstance(pattern, str):
            test: Callable[[str], bool] = lambda screen: pattern in screen  # noqa: E731
        elif isinstance(pattern, re.Pattern):
            test = lambda screen: pattern.search(screen) is not None  # noqa: E731
        else:
            test = pattern
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                settled = time.monotonic() - self._last_byte >= SETTLED
            screen = self.screen_text()
            if settled and test(screen):
                return screen
            if self.proc.poll() is not None and self._closed.is_set():
                raise AssertionError(
                    f"the game exited ({self.proc.returncode}) before showing {pattern!r}; "
                    f"last screen:\n{screen}\noutput tail: {self.raw()[-600:]!r}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the screen never showed {pattern!r} in {timeout}s; screen:\n{screen}"
                )
            time.sleep(0.02)

    # -- writing -------------------------------------------------------------------------------

    def send(self, data: str | bytes) -> None:
        """Type: bytes go to the game exactly as a keyboard would send them."""
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def signal(self, sig: int) -> None:
        os.killpg(self.proc.pid, sig)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the game."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        code = self.proc.wait(timeout=timeout)
        self._closed.wait(timeout)
        return code

    def terminal_attrs(self) -> list:
        """The pty's termios settings now (the same for both ends)."""
        return termios.tcgetattr(self.master)

    def hang_up(self) -> None:
        """Close the terminal's side of the pty, as closing a terminal window does."""
        self._stop.set()
        self._closed.wait(5)
        if self._master_open:
            self._master_open = False
            os.close(self.master)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.kill()
        try:
            self.proc.wait(timeout=10)
        finally:
            self.hang_up()

    def __enter__(self) -> TerminalGame:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mouse_left_on(output: bytes) -> list[int]:
    """The mouse-reporting modes still switched on at the end of ``output``."""
    on = []
    for mode in MOUSE_MODES:
        enable = output.rfind(f"\x1b[?{mode}h".encode())
        disable = output.rfind(f"\x1b[?{mode}l".encode())
        if enable > disable:
            on.append(mode)
    return on


def restored(output: bytes) -> list[str]:
    """Why the terminal is not left as it was found ([] when it is)."""
    problems = []
    leave = output.rfind(LEAVE_ALT_SCREEN)
    enter = output.rfind(b"\x1b[?1049h")
    if leave < 0 or enter > leave:
        problems.append("still in the alternate screen")
    if output.rfind(SHOW_CURSOR) < output.rfind(b"\x1b[?25l"):
        problems.append("cursor left hidden")
    if mouse_left_on(output):
        problems.append(f"mouse reporting left on: {mouse_left_on(output)}")
    if output.rfind(b"\x1b[?2004l") < output.rfind(b"\x1b[?2004h"):
        problems.append("bracketed paste left on")
    return problems
