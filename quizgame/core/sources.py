"""Where a pack's source documents may be, reading each one once, finding quotes in them.

**The pack folder is a boundary.** A source is looked up beside the pack (in the pack's real
folder) and in ``seeds/`` beside that folder, and must *really* be there: the file, followed
through every symbolic link, has to lie under the folder it was looked up in, where that folder
is named as it is, never as a link makes it. A ``seeds`` that is itself a link to ``/etc`` is a
link leading out, like a ``doc.txt`` that links to ``/etc/passwd``. A source that leads out is
refused with the same sentence whether or not its target exists, so a pack can never learn
anything about files outside (not even whether one exists, let alone which quotes it contains).

**Each document is read once.** Forty sources citing one 8 MB document share one copy of it.

**Quotes are found in one pass.** All the quotes of a document are looked up together with an
Aho-Corasick automaton (``pyahocorasick``), so checking many quotes against a big document takes
time proportional to the document plus the quotes, not to their product.

**Quotes are placed in sentences.** The sentences a quote overlaps are numbered: a quiz keeps
apart two facts that quote one sentence (each would give the other away).
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from quizgame.core.textfile import TextFileProblem, file_type, read_text
from quizgame.core.yamlread import printable

MAX_SOURCE_BYTES = 16 * 1024 * 1024
#: All the documents of one pack together: a thousand sparse 16 MB files must not mean reading
#: (and holding) 16 GB.
MAX_DOCUMENTS_BYTES = 64 * 1024 * 1024
#: Below this many characters times quotes, plain substring search is quicker than building an
#: automaton.
_AUTOMATON_FROM = 4_000_000


def source_dirs(pack_path: Path) -> tuple[Path, ...]:
    """Where a pack's sources are looked up: beside it, then in ``seeds/`` beside its folder.

    The pack's own folder is its real location; ``seeds`` is named, not resolved, so that a
    ``seeds`` link leading elsewhere is caught by :func:`resolve_source`.
    """
    here = pack_path.resolve().parent
    return (here, here.parent / "seeds")


def _leads_out(name: str) -> str:
    return (
        f"source file '{printable(name)}' is reached through a symbolic link that leads "
        "outside the pack's folder"
    )


def resolve_source(pack_path: Path, name: str) -> Path | str:
    """The real file for the source ``name``, or why it is refused or missing (one sentence)."""
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts or name.startswith(("~", "\\")) or ":" in name:
        return f"source path '{printable(name)}' leads outside the pack's folder"
    outside = False
    for base in source_dirs(pack_path):
        try:
            real = (base / rel).resolve()
        except RuntimeError:  # Path.resolve on a loop of symbolic links
            return f"source file '{printable(name)}' is a loop of symbolic links"
        except OSError as exc:
            return f"source file '{printable(name)}' cannot be opened: {exc.strerror or exc}"
        if not real.is_relative_to(base):
            # Said the same way whether the target exists or not: no oracle for outside files.
            outside = True
            continue
        try:
            mode = os.stat(real).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:  # a name too long for the file system, a permission ...
            return f"source file '{printable(name)}' cannot be opened: {exc.strerror or exc}"
        if stat.S_ISREG(mode):
            return real
        if stat.S_ISDIR(mode):
            return f"source file '{printable(name)}' is a folder, not a document"
        return f"source file '{printable(name)}' is {file_type(mode)}, not a document"
    if outside:
        return _leads_out(name)
    return f"source file '{printable(name)}' does not exist"


def squash(text: str) -> str:
    """Whitespace-normalised text in Unicode NFC: how quotes are compared with documents.

    NFC makes an "é" typed as one character equal to "e" plus a combining accent, so a quote
    copied from a document through an editor that normalises differently is still found.
    """
    # Not split-and-join, nor one substitution of every run of spaces: both hold a piece per
    # word, ten times a 16 MB document's size in memory. Other white space (line breaks, tabs,
    # no-break spaces: str.isspace, as split() uses) becomes a space, then runs of spaces are
    # halved until none is left: a few passes over one string.
    text = unicodedata.normalize("NFC", text)
    if _OTHER_SPACE.search(text) is not None:
        text = _OTHER_SPACE.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


_OTHER_SPACE = re.compile(r"[^\S ]+")


class Documents:
    """The source documents of one check, each read (and squashed) once, by real path."""

    def __init__(self) -> None:
        self._texts: dict[Path, str | Exception] = {}
        self._total = 0  # bytes read so far, all documents together

    def text(self, path: Path) -> str:
        """The squashed text of ``path``; raises what reading it raised (again, if asked)."""
        got = self._texts.get(path)
        if got is None:
            try:
                size = os.stat(path).st_size
                if self._total + size > MAX_DOCUMENTS_BYTES:
                    raise TextFileProblem(
                        f"the pack's source documents add up to more than "
                        f"{MAX_DOCUMENTS_BYTES // 1_048_576} MB",
                        "split the pack into several packs with fewer documents each",
                    )
                self._total += size
                got = squash(read_text(path, MAX_SOURCE_BYTES, "source document"))
            except (OSError, ValueError) as exc:
                got = exc
            self._texts[path] = got
        if isinstance(got, Exception):
            raise got
        return got


def missing_quotes(text: str, quotes: Iterable[str]) -> set[str]:
    """The quotes (already squashed) that do not occur in ``text`` (a squashed document)."""
    wanted = set(quotes)
    if len(wanted) * len(text) < _AUTOMATON_FROM or len(wanted) < 3:
        return {q for q in wanted if q not in text}
    import ahocorasick  # imported when needed: most checks never build an automaton

    # The automaton holds each quote's first _PREFIX characters, not the whole quote (its
    # memory is some 50 bytes per character: 16 MB of quotes would take most of a gigabyte);
    # where a prefix is found, the quotes that start with it are compared in place.
    by_prefix: dict[str, set[str]] = {}
    for quote in wanted:
        by_prefix.setdefault(quote[:_PREFIX], set()).add(quote)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for prefix in by_prefix:
        automaton.add_word(prefix, prefix)
    automaton.make_automaton()
    missing = set(wanted)
    for end, prefix in automaton.iter(text):
        pending = by_prefix[prefix]
        if not pending:
            continue
        start = end - len(prefix) + 1
        found = [q for q in pending if text.startswith(q, start)]
        for quote in found:
            pending.discard(quote)
            missing.discard(quote)
        if found and not missing:
            break
    return missing


_PREFIX = 48


__all__ = [
    "MAX_SOURCE_BYTES",
    "Documents",
    "TextFileProblem",
    "missing_quotes",
    "resolve_source",
    "source_dirs",
    "squash",
]


# Where a sentence ends: . ! ? (and a closing quote or bracket) followed by a space.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+")


def sentence_breaks(document: str) -> list[int]:
    """Where each sentence of ``document`` after the first begins (found once per document)."""
    return [m.end() for m in _SENTENCE_BREAK.finditer(document)]


def quoted_sentences(document: str, quote: str, breaks: list[int] | None = None) -> tuple[int, ...]:
    """The numbers of the sentences of ``document`` that ``quote`` overlaps (both squashed):
    two facts quoting one sentence would give each other away in a quiz."""
    start = document.find(quote)
    if start < 0:
        return ()
    end = start + len(quote)
    if breaks is None:
        breaks = sentence_breaks(document)
    first = bisect.bisect_right(breaks, start)
    last = bisect.bisect_right(breaks, max(start, end - 1))
    return tuple(range(first, last + 1))
