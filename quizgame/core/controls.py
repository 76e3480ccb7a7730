"""The one place that knows which characters must never reach a terminal (or a file) raw.

C0 controls, DEL and C1 controls drive a terminal (``ESC [ 2 J`` clears it, C1 CSI does the same
on some); LINE and PARAGRAPH SEPARATOR are line breaks to many programs. Text that is not ours
(pack files, file names, what players typed, imported profiles) passes through one of these
before it is shown:

* :func:`escaped`: as ``\\x1b`` (messages, reports, paths: the character stays visible);
* :func:`pictured`: as its Unicode control picture ``␛`` (the terminal UI, where a width of one
  cell per character matters);
* :func:`removed`: dropped (pasted text, files whose format cannot carry them).
"""

from __future__ import annotations

import functools
import re

_C0 = "\x00-\x1f"
_C1 = "\x7f-\x9f"  # DEL and the C1 controls
_SEPARATORS = "\u2028\u2029"

_CONTROLS = re.compile(f"[{_C0}{_C1}]")
_CONTROLS_AND_SEPARATORS = re.compile(f"[{_C0}{_C1}{_SEPARATORS}]")

#: Controls that have no place in any text shown in a terminal (escape sequences, NUL, ...):
#: every one but tab and line feed.
CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_C1}]")
#: LINE and PARAGRAPH SEPARATOR: not controls, but line breaks to many programs (JavaScript,
#: editors, log viewers); a message containing one would be two lines to them.
SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_NAMED = {"\n": "\\n", "\t": "\\t"}


def _code(m: re.Match[str]) -> str:
    code = ord(m[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _code_or_name(m: re.Match[str]) -> str:
    return _NAMED.get(m[0]) or _code(m)


def escaped(text: str, *, separators: bool = True, named: bool = True) -> str:
    """``text`` with every control character (and, with ``separators``, U+2028/U+2029) shown as
    an escape: ``\\x1b``, ``\\u2028``; with ``named``, a line break and a tab as ``\\n``, ``\\t``.
    """
    pattern = _CONTROLS_AND_SEPARATORS if separators else _CONTROLS
    return pattern.sub(_code_or_name if named else _code, text)


_PICTURES = {i: 0x2400 + i for i in range(0x20) if i not in (0x09, 0x0A)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({i: 0xFFFD for i in range(0x80, 0xA0)})


def pictured(text: str) -> str:
    """``text`` with each control character but tab and line feed as its control picture
    (``␛``; C1 controls, which have none, as ``�``): one visible cell each."""
    return text.translate(_PICTURES)


@functools.cache
def _dropped(keep: str, c1: bool) -> dict[int, None]:
    drop = {i: None for i in range(0x20) if chr(i) not in keep}
    if c1:
        drop.update({i: None for i in range(0x7F, 0xA0)})
    return drop


def removed(text: str, *, keep: str = "\t\n\r", c1: bool = True) -> str:
    """``text`` without its C0 controls other than ``keep`` and, with ``c1``, DEL and C1."""
    return text.translate(_dropped(keep, c1))
