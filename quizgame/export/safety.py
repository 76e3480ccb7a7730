"""Text made safe for each kind of file, and the bits of text every format carries.

Pack text is plain text. Each target reads some characters as syntax: XML and HTML (``<``,
``&``), spreadsheets (a leading ``=``), GIFT (``~ = # { } :``), Markdown (``* _ [``...). The
writers never build markup from pack text without passing it through one of these first.
"""

from __future__ import annotations

import hashlib
import html
import re

from quizgame.core.controls import removed
from quizgame.core.questions import Question

# --------------------------------------------------------------------------------------------
# XML and HTML

# Characters XML 1.0 cannot hold at all: C0 controls other than tab/LF/CR (DEL and C1 it can),
# lone surrogates, U+FFFE/U+FFFF. YAML packs cannot contain them either, but a writer must never
# emit a file a parser rejects, so they are dropped rather than trusted away.
_XML_NONCHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry removed (escaping is lxml's job)."""
    text = removed(text.replace("\r\n", "\n").replace("\r", "\n"), keep="\t\n", c1=False)
    return _XML_NONCHARACTERS.sub("", text)


def html_text(text: str) -> str:
    """Plain text as an HTML fragment: ``<``, ``>``, ``&`` and quotes escaped, line breaks kept."""
    return html.escape(xml_text(text), quote=True).replace("\n", "<br>")


# --------------------------------------------------------------------------------------------
# Spreadsheets and CSV

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# when a CSV is opened (OWASP "CSV injection"); tab and CR are on OWASP's list too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """A CSV/TSV cell a spreadsheet shows as text: a leading ``'`` if it would start a formula.

    The apostrophe is what Excel itself uses to mean "this is text"; importers show it, so it is
    added only where the cell would otherwise start a formula.
    """
    return "'" + text if starts_like_formula(text) else text


def one_line(text: str) -> str:
    """Text for a format whose records are lines (Quizlet): tabs and line breaks become spaces."""
    return " ".join(text.replace("\t", " ").splitlines()).strip() if text else text


def utf16_len(text: str) -> int:
    """Length as JavaScript counts it (an emoji is 2): what web importers' limits mean."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# What every format says about a question


def source_text(q: Question) -> str:
    """The citation shown with an answer: where the fact comes from, quoted."""
    return f"Source: {q.source.citation} — “{q.source.quote}”"


def feedback_text(q: Question) -> str:
    """General feedback: the true statement, then its source."""
    return f"{q.explanation}\n{source_text(q)}"


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex identifier that is the same for the same inputs on every machine (never ``hash()``)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def stable_int(*parts: object, low: int = 1 << 30, high: int = 1 << 31) -> int:
    """An integer in [low, high) derived from ``parts`` (Anki model and deck ids)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return low + int.from_bytes(digest[:8], "big") % (high - low)
