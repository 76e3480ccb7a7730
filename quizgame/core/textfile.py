"""Bounded, safe reading of the files quizgame is given: packs, source documents, imports.

Every file quizgame reads on a user's say-so goes through here. Before a byte is read the file
must be a regular file (not a FIFO, which would block forever; not a device such as /dev/zero,
which never ends; not a socket or a folder), and no more than ``limit`` bytes are ever read,
whatever the file claims. The check is made twice: on the path (so that a FIFO is never even
opened) and on the opened descriptor (so that a file swapped for a FIFO in between is still
caught); the descriptor is opened non-blocking, so even that open cannot hang.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from quizgame.core.controls import escaped

__all__ = [
    "NotRegularFile",
    "TextFileProblem",
    "file_type",
    "read_bytes",
    "read_text",
    "regular_file_problem",
    "shown_path",
]


class TextFileProblem(ValueError):
    """A file that is not UTF-8 text within the size limit: what, where, and what to do.

    ``line`` is 0 when the problem is the whole file (its size, its type, its encoding).
    ``str()`` gives the message and the hint.
    """

    def __init__(self, message: str, hint: str, line: int = 0, column: int = 0) -> None:
        super().__init__(f"{message} — {hint}")
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


class NotRegularFile(TextFileProblem):
    """The path names a FIFO, a device, a socket or a folder: nothing to read as a file."""


def shown_path(path: Path | str) -> str:
    """A path as text that is safe to print on a terminal, on one line.

    File names can hold anything but "/" and NUL: escape sequences (``ESC ] 0 ; ... BEL``
    retitles the window, ``ESC [ 2 J`` clears the screen), line breaks, and bytes that are not
    UTF-8 (which Python carries as lone surrogates, and which would crash the print). Those are
    shown as ``\\x1b``, ``\\n``, ``\\u2028``, ``\\xff``; everything else as it is.
    """
    text = os.fsdecode(path) if not isinstance(path, str) else path
    if text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return escaped(text)


def file_type(mode: int) -> str:
    """What a non-regular file is, in words a user knows (``st_mode`` of ``os.stat``)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def regular_file_problem(path: Path | str) -> str | None:
    """None if ``path`` (followed through symlinks) is a regular file or does not exist;
    otherwise what it is instead, e.g. "a named pipe (FIFO)". Never opens the file."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return None  # the caller's open will say why (permission, loop, NUL in the name)
    return None if stat.S_ISREG(mode) else file_type(mode)


def _refuse(what: str, mode: int) -> NotRegularFile:
    kind = file_type(mode)
    return NotRegularFile(
        f"the {what} is {kind}, not a regular file", "give the path of an ordinary file"
    )


def read_bytes(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises :class:`NotRegularFile` or :class:`TextFileProblem` (both ValueErrors) for a file of
    the wrong type or size, ``IsADirectoryError`` for a folder, and other ``OSError`` as usual
    (missing, permission, loop of links).
    """
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(what, info.st_mode)
    _check_size(info.st_size, limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())  # what was opened, which may not be what was checked
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(what, info.st_mode)
        _check_size(info.st_size, limit, what)
        # read(n) allocates n bytes up front: ask for the size the file has, plus one byte to
        # notice a file that grew since; never past the limit.
        data = f.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TextFileProblem(
            f"the {what} is larger than the {_megabytes(limit)} limit",
            "split it into smaller files",
        )
    return data


def _megabytes(limit: int) -> str:
    return f"{limit // 1_048_576} MB"


def _check_size(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise TextFileProblem(
            f"the {what} is {size / 1_048_576:.1f} MB, over the {_megabytes(limit)} limit",
            "split it into smaller files",
        )


def read_text(path: Path | str, limit: int, what: str) -> str:
    """Read a UTF-8 text file, or raise :class:`TextFileProblem` (a ValueError) saying why not.

    Refuses what is not a regular file before opening it, never reads more than ``limit``
    bytes, and names UTF-16/UTF-32, binary files and the first byte that is not UTF-8.
    """
    data = read_bytes(path, limit, what)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise TextFileProblem(f"the {what} is UTF-32 text", "save it as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise TextFileProblem(f"the {what} is UTF-16 text", "save it as UTF-8")
    if b"\x00" in data:
        raise TextFileProblem(f"the {what} is a binary file, not text", "give a UTF-8 text file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark, as some editors write: harmless
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        # characters, as editors count
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise TextFileProblem(
            f"byte 0x{data[exc.start]:02x} is not UTF-8",
            f"save the {what} as UTF-8",
            line,
            column,
        ) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly ASCII text, so every other byte is zero."""
    head = data[:256]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > len(odd) * 3 // 4 and not even.count(0)) or (
        even.count(0) > len(even) * 3 // 4 and not odd.count(0)
    )
