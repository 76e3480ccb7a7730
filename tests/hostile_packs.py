"""Hostile packs, written to a folder: one copy for the tests that assert how ``quizgame check``
refuses (or passes) them and for the benchmark that times it.

Used by tests/unit/test_bad_packs.py, tests/reliability/test_boundaries.py and
benchmarks/bench_hostile.py (which puts the checkout on ``sys.path`` and imports
``tests.hostile_packs``). Standard library only, and no quizgame import: the benchmark measures
``quizgame check`` in a fresh process, so nothing of quizgame may be loaded to build its input.

Each writer takes the folder to write in and returns the path to check; the sizes are
parameters, so the benchmark can scale them down for a smoke run.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The source document of every pack here, and the fact's quote from it.
DOC = "In 1966 Jimmy Page joined The Yardbirds. In 1968 he formed Led Zeppelin.\n"
QUOTE = "In 1966 Jimmy Page joined The Yardbirds"

PACK = """\
id: ID
title: Hostile
description: A valid pack of one fact, which each case adds to or points elsewhere.
language: en
licence: CC0-1.0
authors: [Test]
version: '1'
sources:
  - {id: notes, file: FILE, title: Notes}
pools:
  band: [The Who, The Kinks, Cream, The Animals]
facts:
  - id: first-band
    statement: Jimmy Page joined The Yardbirds in 1966.
    questions: [Which band did Jimmy Page join in 1966?]
    answer: The Yardbirds
    kind: band
    source: {doc: notes, quote: 'QUOTE'}
"""
NOTES_LINE = "  - {id: notes, file: FILE, title: Notes}\n"


def pack_text(file: str = "doc.txt", quote: str = QUOTE, *, pack_id: str = "hostile") -> str:
    """The valid pack: one fact quoting ``quote`` from the source ``notes`` (``file``)."""
    return PACK.replace("ID", pack_id).replace("FILE", file).replace("QUOTE", quote)


def write_pack(folder: Path, text: str | None = None, *, name: str = "p.yaml") -> Path:
    """``text`` (the valid pack when None) as ``folder/name``, with doc.txt beside it."""
    (folder / "doc.txt").write_text(DOC)
    path = folder / name
    path.write_text(pack_text() if text is None else text)
    return path


def filler(size: int) -> str:
    """``size`` characters of text that holds no quote of any fact."""
    return ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]


# -- YAML that must not be expanded ------------------------------------------------------------


def billion_laughs() -> str:
    """The classic entity-expansion bomb: 9 levels of 9 aliases, 10**9 strings if expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def alias_bomb(folder: Path, name: str = "alias-bomb.yaml") -> Path:
    path = folder / name
    path.write_text(billion_laughs())
    return path


# -- files that are not files -------------------------------------------------------------------


def fifo(path: Path) -> Path:
    """A named pipe at ``path``: reading it would wait for a writer forever."""
    os.mkfifo(path)
    return path


def link_to_dev_zero(path: Path) -> Path:
    """A link at ``path`` to /dev/zero: reading it would never end."""
    path.symlink_to("/dev/zero")
    return path


# -- checks that were slow: sizes as parameters -----------------------------------------------


def sources_citing_one_document(folder: Path, size: int, sources: int = 40) -> Path:
    """``sources`` sources citing one document of ``size`` characters (then DOC); the fact cites
    the last of them. The document must be read once, not once per source."""
    (folder / "big.txt").write_text(filler(size) + "\n" + DOC)
    cites = "".join(f"  - {{id: s{i}, file: big.txt, title: Big {i}}}\n" for i in range(sources))
    text = pack_text("big.txt").replace(NOTES_LINE.replace("FILE", "big.txt"), cites)
    return write_pack(folder, text.replace("doc: notes", f"doc: s{sources - 1}"))


def quotes_missing_from_a_big_document(folder: Path, size: int, missing: int = 400) -> Path:
    """``missing`` facts whose quotes are not in a document of ``size`` characters (then DOC):
    the document must be scanned once for all of them, not once per quote."""
    facts = "".join(
        f"  - {{id: f{i}, statement: S{i}., questions: [Q{i}?], answer: The Yardbirds, "
        f"kind: band, source: {{doc: notes, quote: missing quote {i}}}}}\n"
        for i in range(missing)
    )
    path = write_pack(folder, pack_text() + facts)
    (folder / "doc.txt").write_text(filler(size) + "\n" + DOC)
    return path


def answers_one_letter_apart(folder: Path, count: int = 2000) -> Path:
    """``count`` facts of one kind whose answers differ in one letter: comparing every pair for
    near-duplicates would be quadratic."""
    facts = "".join(
        f"  - {{id: f{i}, statement: S{i}., questions: [Q{i}?], answer: 'Thing{chr(0x4E00 + i)}', "
        f"kind: thing, source: {{doc: notes, quote: {QUOTE}}}}}\n"
        for i in range(count)
    )
    return write_pack(folder, pack_text() + facts)


def unknown_keys(folder: Path, count: int) -> Path:
    """``count`` unknown top-level keys, each an error to report (up to the cap)."""
    keys = "".join(f"k{i}: 1\n" for i in range(count))
    return write_pack(folder, pack_text().replace("version:", keys + "version:"))


def facts_and_one_typo(folder: Path, count: int) -> Path:
    """``count`` copies of one fact, then a fact with a misspelt key."""
    fact = (
        "  - {id: f, statement: S., questions: [Q?], answer: B, kind: band, "
        "source: {doc: notes, quote: Jimmy}}\n"
    )
    return write_pack(folder, pack_text() + fact * count + "  - {id: typo, statemnt: x}\n")
