"""A pack's typed, immutable models: what the loader builds and everything else reads.

Frozen dataclasses with no behaviour beyond what they say of themselves; building them from YAML
(with every problem reported) is :mod:`quizgame.core.packbuild`'s work.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True, slots=True, order=True)
class FactDate:
    """A year, a month or a day. Orders chronologically; ``precision`` is 1, 2 or 3 parts."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> int:
        return 3 if self.day else 2 if self.month else 1

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @classmethod
    def parse(cls, text: str) -> FactDate | None:
        """``1966``, ``1966-06`` or ``1966-06-21`` (a day that exists); otherwise None."""
        m = _DATE_RE.fullmatch(text.strip())
        if not m:
            return None
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if m[2] and not 1 <= month <= 12:
            return None
        if m[3]:
            try:
                datetime.date(max(year, 1), month, day)  # 1966-02-30 is not a day
            except ValueError:
                return None
        return cls(year, month, day)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    file: str
    path: Path
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    cite_as: str | None = None  # how a question names it: "According to <cite_as>, ..."
    attribute: bool = False  # every fact from it is asked as its claim

    @property
    def name(self) -> str:
        """How a question names the document when it attributes a claim to it."""
        return self.cite_as or self.publisher or self.title

    def citation(self) -> str:
        """The document as a reader would cite it: title, publisher, date."""
        parts = [self.title]
        if self.author:
            parts.append(self.author)
        if self.publisher:
            parts.append(self.publisher)
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Entity:
    """A value of some kind that can be offered as a wrong option."""

    value: str
    date: FactDate | None = None
    tags: tuple[str, ...] = ()
    traits: tuple[str, ...] = ()  # what sort of thing it is: guitarist, band, british, london...
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Reverse:
    question: str
    answer: str
    kind: str
    aliases: tuple[str, ...] = ()
    traits: tuple[str, ...] = ()
    asks: tuple[str, ...] | None = None

    @property
    def wanted(self) -> frozenset[str]:
        """The traits every wrong option must have (default: the answer's own traits)."""
        return frozenset(self.traits if self.asks is None else self.asks)


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    kind: str
    members: tuple[str, ...]
    description: str | None = None
    closed: bool | None = None  # True: the members are every right answer (typed questions ok)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    statement: str
    questions: tuple[str, ...]
    answer: str
    answer_kind: str  # what sort of thing the answer is (band, person, year...): YAML 'kind'
    source: str
    quote: str
    aliases: tuple[str, ...] = ()
    date: FactDate | None = None
    event: str | None = None
    tags: tuple[str, ...] = ()
    group: str | None = None
    exclude: tuple[str, ...] = ()
    reverse: Reverse | None = None
    line: int = 0
    traits: tuple[str, ...] = ()  # what sort of thing the answer is (guitarist, band, ...)
    asks: tuple[str, ...] | None = None  # traits every wrong option must have
    context: str | None = None  # said before a fill-in-the-blank: who speaks, what about
    never: tuple[str, ...] = ()  # question kinds this fact is not asked as
    according_to: str | None = None  # a source id: the fact is that source's claim
    # Dated facts whose events come before this one by what they mean ("the band dissolves"
    # follows "he joins the band"): a timeline holding both would test logic, not knowledge.
    follows: tuple[str, ...] = ()
    # Facts of one episode (one session, one band's beginnings) hint at each other: a quiz holds
    # one of them where it can.
    episode: str | None = None
    # Which sentences of its document the quote overlaps (found by the loader; not compared).
    sentences: tuple[int, ...] = field(default=(), compare=False)

    @property
    def wanted(self) -> frozenset[str]:
        """The traits every wrong option must have (default: the answer's own traits)."""
        return frozenset(self.traits if self.asks is None else self.asks)

    @property
    def label(self) -> str:
        """How the fact appears in a timeline."""
        return self.event or self.statement


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    description: str
    language: str
    licence: str
    authors: tuple[str, ...]
    version: str
    sources: Mapping[str, Source]
    pools: Mapping[str, tuple[Entity, ...]]
    groups: Mapping[str, Group]
    facts: tuple[Fact, ...]
    path: Path | None = None
    _index: Mapping[str, Fact] = field(default_factory=dict, repr=False, compare=False)

    def fact(self, fact_id: str) -> Fact:
        return self._index[fact_id]

    def source_of(self, fact: Fact) -> Source:
        return self.sources[fact.source]

    def also_true(self, fact: Fact) -> tuple[str, ...]:
        """Other answers that the fact's questions accept: its group's members."""
        return also_true(fact, self.groups)


def also_true(fact: Fact, groups: Mapping[str, Group]) -> tuple[str, ...]:
    """Other answers that the fact's questions accept: the other members of its group."""
    if fact.group is None:
        return ()
    return tuple(m for m in groups[fact.group].members if m != fact.answer)
