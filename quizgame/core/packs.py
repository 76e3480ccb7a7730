"""Fact packs: the typed, immutable models, and loading them from YAML with precise errors.

A pack is validated completely before anything uses it: every problem is collected (not only the
first) as a :class:`PackError` that names ``file:line:column``, the fact, and how to fix it.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import cast

from quizgame.core import yamlread
from quizgame.core.answers import near_duplicates, normalise
from quizgame.core.packrules import check_generatable
from quizgame.core.sources import (
    MAX_SOURCE_BYTES as MAX_SOURCE_BYTES,  # re-exported: the limit belongs to the pack format
)
from quizgame.core.sources import (
    Documents,
    missing_quotes,
    resolve_source,
    squash,
)
from quizgame.core.textfile import TextFileProblem, read_text, shown_path
from quizgame.core.yamlread import CONTROL, SEPARATOR, ListNode, MapNode, Mark, printable

MAX_PACK_BYTES = 16 * 1024 * 1024
MIN_WRONG_OPTIONS = 3
#: A check reports at most this many problems (and says how many more there were): a file of
#: 200,000 misspelt keys is refused in a blink, with a screenful an author can act on.
MAX_ERRORS = 100
FORMAT_VERSION = 1

# Kinds whose values are numbers: wrong options can also be made by moving the number.
NUMERIC_KINDS = frozenset({"year", "number", "age", "percent", "count"})

_ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
_WORD_RE = re.compile(r"\w[\w -]{0,40}")
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_WS_RE = re.compile(r"\s+")
_BOOLS = {"true": True, "yes": True, "false": False, "no": False}


# --------------------------------------------------------------------------------------------
# Models


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
        if fact.group is None:
            return ()
        return tuple(m for m in self.groups[fact.group].members if m != fact.answer)


# --------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True, slots=True)
class PackError:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    fact: str | None = None
    hidden: int = 0  # > 0: this line stands for that many problems not shown

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        fact = f" [{self.fact}]" if self.fact else ""
        hint = f" — {self.hint}" if self.hint else ""
        return _one_line(f"{where}: {self.message}{fact}{hint}")


def _some(names: Iterable[str], shown: int = 8) -> str:
    """A list of names for a hint, at most ``shown`` of them: a hint is one short line."""
    names = list(names)
    if not names:
        return "(none yet)"
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def problem_count(errors: Iterable[PackError]) -> int:
    """How many problems a list of errors reports, counting those it says were not shown."""
    return sum(e.hidden or 1 for e in errors)


def _one_line(text: str) -> str:
    """One problem, one line: a line break or a terminal escape from a pack never gets through."""
    if (
        CONTROL.search(text) is None
        and SEPARATOR.search(text) is None
        and "\n" not in text
        and "\t" not in text
    ):
        return text
    return printable(text, limit=len(text) * 4)


class PackLoadError(Exception):
    """A pack could not be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: list[PackError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


# --------------------------------------------------------------------------------------------
# Schema: what each mapping may hold. (required, type) where type is "text", "texts", "map" ...

_PACK_KEYS = {
    "format": (False, "int"),
    "id": (True, "id"),
    "title": (True, "text"),
    "description": (True, "text"),
    "language": (True, "text"),
    "licence": (True, "text"),
    "authors": (True, "texts"),
    "version": (True, "text"),
    "sources": (True, "list"),
    "pools": (False, "map"),
    "groups": (False, "map"),
    "facts": (True, "list"),
}
_SOURCE_KEYS = {
    "id": (True, "id"),
    "file": (True, "text"),
    "title": (True, "text"),
    "publisher": (False, "text"),
    "date": (False, "text"),
    "url": (False, "text"),
    "author": (False, "text"),
    "cite_as": (False, "text"),
    "attribute": (False, "bool"),
}
_FACT_KEYS = {
    "id": (True, "id"),
    "statement": (True, "text"),
    "questions": (True, "texts"),
    "answer": (True, "text"),
    "aliases": (False, "texts"),
    "kind": (True, "word"),
    "date": (False, "date"),
    "event": (False, "text"),
    "tags": (False, "words"),
    "source": (True, "map"),
    "group": (False, "id"),
    "exclude": (False, "texts"),
    "reverse": (False, "map"),
    "traits": (False, "words"),
    "asks": (False, "words"),
    "context": (False, "text"),
    "never": (False, "words"),
    "according_to": (False, "id"),
    "follows": (False, "words"),
    "episode": (False, "id"),
}
_CITE_KEYS = {"doc": (True, "id"), "quote": (True, "text")}
_REVERSE_KEYS = {
    "question": (True, "text"),
    "answer": (True, "text"),
    "kind": (True, "word"),
    "aliases": (False, "texts"),
    "traits": (False, "words"),
    "asks": (False, "words"),
}
_GROUP_KEYS = {
    "kind": (True, "word"),
    "members": (True, "texts"),
    "description": (False, "text"),
    "closed": (False, "bool"),
}
_ENTITY_KEYS = {
    "value": (True, "text"),
    "date": (False, "date"),
    "tags": (False, "words"),
    "traits": (False, "words"),
}

_TYPE_WORDS = {
    "text": "text",
    "id": "an id",
    "word": "a word",
    "int": "a whole number",
    "bool": "true or false",
    "date": "a date",
    "texts": "a list of text",
    "words": "a list of words",
    "list": "a list",
    "map": "a mapping of keys to values",
}


class _Checker:
    """Walks the read YAML tree, collecting errors and building the models."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.errors: list[PackError] = []
        # Declared ids, valid or not: a fact citing a source whose declaration has an error gets
        # that one error, not a second "unknown source" as well.
        self.declared_sources: set[str] = set()
        self.declared_groups: set[str] = set()
        self.groups_invalid = False  # 'groups:' is there but is not a mapping (already reported)
        self.documents: dict[str, str | None] = {}  # source id -> its whitespace-squashed text
        self.docs = Documents()  # each document read once, however many sources cite it
        self.quotes: list[tuple[str, str, Mark, str | None]] = []  # (source, quote, at, fact)
        self.sentence_breaks: dict[str, list[int]] = {}  # per source: where sentences begin
        self.kind_at: dict[tuple[str, str], Mark] = {}  # (fact id, kind) -> where it is given
        self.marks: dict[tuple[str, str], Mark] = {}  # (fact id, field) -> where it is given
        self.found = 0  # problems found, including those past MAX_ERRORS that are not kept

    def error(self, at: Mark | None, message: str, hint: str = "", fact: str | None = None) -> None:
        self.found += 1
        if self.found > MAX_ERRORS:
            return
        line, col = (at.line, at.column) if at else (0, 0)
        if fact is not None and not _ID_RE.match(fact):  # an invalid id: never echoed whole
            fact = printable(fact, 40)
        self.errors.append(PackError(self.display, line, col, message, hint, fact))

    def finish(self) -> None:
        """Sort the problems into reading order; say how many were not kept."""
        self.errors.sort(key=lambda e: (e.line, e.column))  # stable otherwise
        if self.found > MAX_ERRORS:
            more = self.found - MAX_ERRORS
            self.errors.append(
                PackError(
                    self.display,
                    0,
                    0,
                    f"and {more} more problem{'s' if more != 1 else ''} not shown",
                    "fix these and run quizgame check again",
                    hidden=more,
                )
            )

    # -- generic field reading ---------------------------------------------------------------

    def fields(
        self,
        node: object,
        at: Mark,
        spec: dict[str, tuple[bool, str]],
        what: str,
        fact: str | None = None,
    ) -> dict[str, object] | None:
        """Check a mapping against ``spec``; return the converted values of the valid fields."""
        if not isinstance(node, MapNode):
            self.error(
                at,
                f"{what} must be {_TYPE_WORDS['map']}, not {_describe(node)}",
                "see docs/pack-format.md for its fields",
                fact,
            )
            return None
        for key, first, again in node.duplicates:
            self.error(
                again,
                f"duplicate key '{printable(key)}' (first at line {first.line})",
                "keep one of them",
                fact,
            )
        out: dict[str, object] = {}
        meant: set[str] = set()  # keys that a misspelt key was probably meant to be
        for key, value in node.items():
            if key not in spec:
                close = (
                    difflib.get_close_matches(key, list(spec), n=1)
                    if len(key) < 40 and self.found < MAX_ERRORS  # a hint nobody will see: skip
                    else []
                )
                meant.update(close)
                hint = (
                    f"did you mean '{close[0]}'?" if close else ("allowed here: " + ", ".join(spec))
                )
                self.error(
                    node.keys_at[key], f"unknown key '{printable(key)}' in {what}", hint, fact
                )
                continue
            converted = self.convert(value, node.values_at[key], spec[key][1], f"'{key}'", fact)
            if converted is not None:
                out[key] = converted
        for key, (required, _) in spec.items():
            if required and key not in node and key not in meant:  # one typo, one error
                self.error(node.at, f"{what} has no '{key}'", f"add a line '{key}: ...'", fact)
        return out

    def convert(self, value: object, at: Mark, kind: str, name: str, fact: str | None) -> object:
        if kind in ("text", "id", "word", "int", "date", "bool"):
            if value is None:
                self.error(at, f"{name} is empty", "give it a value", fact)
                return None
            if not isinstance(value, str):
                self.error(
                    at,
                    f"{name} must be {_TYPE_WORDS[kind]}, not {_describe(value)}",
                    _list_hint(value),
                    fact,
                )
                return None
            text = value.strip()
            if not text:
                self.error(at, f"{name} is empty", "give it a value", fact)
                return None
            bad = CONTROL.search(text)
            if bad is not None:  # e.g. "\e[2J" in double quotes: it would drive the terminal
                self.error(
                    at,
                    f"{name} contains a control character (U+{ord(bad[0]):04X})",
                    "delete it; pack text is plain text",
                    fact,
                )
                return None
            bad = SEPARATOR.search(text)
            if bad is not None:  # "\L" or "\P" in double quotes: a line break to many programs
                self.error(
                    at,
                    f"{name} contains an invisible line separator (U+{ord(bad[0]):04X})",
                    "replace it with a space, or write \\n for a line break",
                    fact,
                )
                return None
            if kind == "id" and not _ID_RE.match(text):
                self.error(
                    at,
                    f"{name} '{printable(text)}' is not a valid id",
                    "use lower-case letters, digits and hyphens, like 'first-session'",
                    fact,
                )
                return None
            if kind == "word" and not _WORD_RE.fullmatch(text):
                self.error(
                    at,
                    f"{name} '{printable(text)}' is not a simple word",
                    "use a short word such as band, person, year",
                    fact,
                )
                return None
            if kind == "int":
                if not (text.isascii() and text.isdigit()):
                    self.error(
                        at,
                        f"{name} must be a whole number, not '{printable(text)}'",
                        "write digits only, like 1",
                        fact,
                    )
                    return None
                if len(text.lstrip("0")) > 9:
                    self.error(
                        at,
                        f"{name} is too large ({len(text)} digits)",
                        "write a small whole number, like 1",
                        fact,
                    )
                    return None
                return int(text)
            if kind == "bool":
                if text.casefold() not in _BOOLS:
                    self.error(
                        at,
                        f"{name} must be true or false, not '{printable(text)}'",
                        "write true or false",
                        fact,
                    )
                    return None
                return _BOOLS[text.casefold()]
            if kind == "date":
                date = FactDate.parse(text)
                if date is None:
                    self.error(
                        at,
                        f"{name} '{printable(text)}' is not a date",
                        "write a year (1966), a month (1966-06) or a day (1966-06-21)",
                        fact,
                    )
                return date
            return _WS_RE.sub(" ", text) if kind != "text" or "\n" not in text else text.strip()
        if kind in ("texts", "words"):
            if value is None:
                return ()
            if not isinstance(value, ListNode):
                self.error(
                    at,
                    f"{name} must be {_TYPE_WORDS[kind]}, not {_describe(value)}",
                    "write one '- ' line per item under it, or [item, item]",
                    fact,
                )
                return None
            items = []
            for item, item_at in zip(value, value.items_at, strict=True):
                got = self.convert(
                    item, item_at, "text" if kind == "texts" else "word", f"an item of {name}", fact
                )
                if got is not None:
                    items.append(got)
            return tuple(items)
        if kind == "list":
            if not isinstance(value, ListNode):
                self.error(
                    at,
                    f"{name} must be a list, not {_describe(value)}",
                    "start each item with '- '",
                    fact,
                )
                return None
            return value
        if kind == "map":
            if not isinstance(value, MapNode):
                self.error(
                    at,
                    f"{name} must be {_TYPE_WORDS['map']}, not {_describe(value)}",
                    "see docs/pack-format.md",
                    fact,
                )
                return None
            return value
        raise AssertionError(kind)


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, MapNode):
        return "a mapping"
    if isinstance(value, ListNode):
        return "a list"
    return f"the text '{_short(value)}'"


def _short(value: object) -> str:
    return printable(str(value), 30) if not isinstance(value, (MapNode, ListNode)) else "..."


def _list_hint(value: object) -> str:
    if isinstance(value, ListNode):
        return "give one value, not a list"
    if isinstance(value, MapNode):
        return "give one value, not a mapping; check the indentation"
    return ""


# --------------------------------------------------------------------------------------------
# Reading files


def _display(path: Path) -> str:
    """A path as the user would like to read it: relative to the working directory if inside."""
    try:
        return shown_path(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return shown_path(path)


# --------------------------------------------------------------------------------------------
# Loading


def load_pack(path: str | Path) -> Pack:
    """Load and validate a pack; raise :class:`PackLoadError` with every problem found."""
    pack, errors = check_pack(path)
    if errors or pack is None:
        raise PackLoadError(errors)
    return pack


def check_pack(path: str | Path) -> tuple[Pack | None, list[PackError]]:
    """Load and validate a pack, returning it (when valid) and every problem found."""
    path = Path(path)
    display = _display(path)
    checker = _Checker(display)
    try:
        text = read_text(path, MAX_PACK_BYTES, "pack")
    except FileNotFoundError:
        return None, [
            PackError(display, 0, 0, "no such file", "check the path, or run `quizgame packs`")
        ]
    except IsADirectoryError:
        return None, [
            PackError(display, 0, 0, "this is a folder, not a pack file", "give a .yaml file")
        ]
    except OSError as exc:
        return None, [PackError(display, 0, 0, f"cannot read the file: {exc.strerror or exc}", "")]
    except TextFileProblem as exc:
        return None, [PackError(display, exc.line, exc.column, exc.message, exc.hint)]
    except ValueError as exc:  # e.g. a path with a NUL character in it
        return None, [PackError(display, 0, 0, f"cannot read the file: {exc}", "")]
    try:
        tree, where = yamlread.read_root(text)
    except yamlread.YamlProblem as exc:
        return None, [PackError(display, exc.mark.line, exc.mark.column, exc.message, exc.hint)]
    except RecursionError:  # pragma: no cover - the reader is iterative; belt and braces
        return None, [
            PackError(display, 1, 1, "nested too deeply", "a pack needs only a few levels")
        ]
    if not isinstance(tree, MapNode):
        checker.error(
            where,
            f"a pack must be a mapping of fields, not {_describe(tree)}",
            "start with 'id:', 'title:' ... as in docs/pack-format.md",
        )
        return None, checker.errors
    pack = _build(checker, tree, path)
    checker.finish()
    return (pack if not checker.errors else None), checker.errors


def _build(c: _Checker, tree: MapNode, path: Path) -> Pack | None:
    top = c.fields(tree, tree.at, _PACK_KEYS, "the pack")
    if top is None:
        return None
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        c.error(
            tree.values_at["format"],
            f"unknown pack format {printable(str(top['format']))}",
            f"this quizgame reads format {FORMAT_VERSION}; upgrade quizgame",
        )

    sources = _build_sources(c, top.get("sources"), path)
    pools = _build_pools(c, tree, top.get("pools"))
    c.groups_invalid = "groups" in tree and "groups" not in top
    groups = _build_groups(c, top.get("groups"))
    facts = _build_facts(c, top.get("facts"), sources, groups, path)
    if isinstance(top.get("facts"), ListNode) and not top["facts"]:  # not: every fact had errors
        c.error(tree.values_at["facts"], "the pack has no facts", "add at least one fact")
    _check_quotes(c, sources)
    if facts:
        _check_follows(c, facts)
        _check_wrong_options(c, tree, facts, pools, groups)
        check_generatable(c.error, facts, c.marks, NUMERIC_KINDS)
    if c.errors:
        return None
    index = {f.id: f for f in facts or ()}
    return Pack(
        id=str(top["id"]),
        title=str(top["title"]),
        description=str(top["description"]),
        language=str(top["language"]),
        licence=str(top["licence"]),
        authors=tuple(top["authors"]),  # type: ignore[arg-type]
        version=str(top["version"]),
        sources=MappingProxyType(sources),
        pools=MappingProxyType(pools),
        groups=MappingProxyType(groups),
        facts=tuple(facts or ()),
        path=path.resolve(),
        _index=MappingProxyType(index),
    )


def _build_sources(c: _Checker, node: object, path: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    if not isinstance(node, ListNode):
        return sources
    for item, at in zip(node, node.items_at, strict=True):
        if isinstance(item, MapNode) and isinstance(item.get("id"), str):
            c.declared_sources.add(str(item["id"]).strip())
        f = c.fields(item, at, _SOURCE_KEYS, "a source")
        if f is None or "id" not in f or "file" not in f or "title" not in f:
            continue
        assert isinstance(item, MapNode)
        sid = str(f["id"])
        if sid in sources:
            c.error(
                item.values_at["id"], f"duplicate source id '{sid}'", "give each source its own id"
            )
            continue
        file_at = item.values_at["file"]
        resolved = resolve_source(path, str(f["file"]))
        if isinstance(resolved, str):
            c.error(
                file_at,
                resolved,
                "put the document beside the pack, or in a seeds/ folder next to the pack's folder",
            )
            resolved = Path()
            c.documents[sid] = None
        else:
            c.documents[sid] = _document(c, resolved, str(f["file"]), file_at)
        sources[sid] = Source(
            id=sid,
            file=str(f["file"]),
            path=resolved,
            title=str(f["title"]),
            publisher=_opt(f, "publisher"),
            date=_opt(f, "date"),
            url=_opt(f, "url"),
            author=_opt(f, "author"),
            cite_as=_opt(f, "cite_as"),
            attribute=bool(f.get("attribute", False)),
        )
    if not node:
        c.error(node.at, "the pack lists no sources", "add the documents the facts come from")
    return sources


def _opt(f: dict[str, object], key: str) -> str | None:
    value = f.get(key)
    return None if value is None else str(value)


def _build_pools(c: _Checker, tree: MapNode, node: object) -> dict[str, tuple[Entity, ...]]:
    pools: dict[str, tuple[Entity, ...]] = {}
    if not isinstance(node, MapNode):
        return pools
    for key, first, again in node.duplicates:
        c.error(
            again,
            f"duplicate pool '{printable(key)}' (first at line {first.line})",
            "merge the two lists",
        )
    for kind, values in node.items():
        at = node.values_at[kind]
        if not _WORD_RE.fullmatch(kind) or CONTROL.search(kind):
            c.error(
                node.keys_at[kind],
                f"pool name '{printable(kind)}' is not a simple word",
                "name a pool after the kind of its values: band, person, year ...",
            )
            continue
        if not isinstance(values, ListNode):
            c.error(
                at,
                f"pool '{kind}' must be a list, not {_describe(values)}",
                f"write it as {kind}: [value, value, ...]",
            )
            continue
        entities = []
        for item, item_at in zip(values, values.items_at, strict=True):
            if isinstance(item, MapNode):
                f = c.fields(item, item_at, _ENTITY_KEYS, f"an entry of pool '{kind}'")
                if f and "value" in f:
                    entities.append(
                        Entity(
                            str(f["value"]),
                            f.get("date"),  # type: ignore[arg-type]
                            tuple(f.get("tags", ())),  # type: ignore[arg-type]
                            tuple(f.get("traits", ())),  # type: ignore[arg-type]
                            item_at.line,
                        )
                    )
            else:
                got = c.convert(item, item_at, "text", f"an entry of pool '{kind}'", None)
                if got is not None:
                    entities.append(Entity(str(got), line=item_at.line))
        pools[kind] = tuple(entities)
    return pools


def _build_groups(c: _Checker, node: object) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    if not isinstance(node, MapNode):
        return groups
    for key, first, again in node.duplicates:
        c.error(
            again,
            f"duplicate group '{printable(key)}' (first at line {first.line})",
            "merge the two",
        )
    for gid, body in node.items():
        c.declared_groups.add(gid)
        if not _ID_RE.match(gid):
            c.error(
                node.keys_at[gid],
                f"group id '{printable(gid)}' is not a valid id",
                "use lower-case letters, digits and hyphens",
            )
            continue
        f = c.fields(body, node.values_at[gid], _GROUP_KEYS, f"group '{gid}'")
        if f is None or "kind" not in f or "members" not in f:
            continue
        members = _strs(f, "members")
        if len(members) < 2:
            c.error(
                node.values_at[gid],
                f"group '{gid}' has fewer than two members",
                "a group lists answers that are all true together",
            )
        closed = f.get("closed")
        groups[gid] = Group(
            gid,
            str(f["kind"]),
            members,
            _opt(f, "description"),
            None if closed is None else bool(closed),
            node.keys_at[gid].line,
        )
    return groups


def _build_facts(
    c: _Checker, node: object, sources: dict[str, Source], groups: dict[str, Group], path: Path
) -> list[Fact] | None:
    if not isinstance(node, ListNode):
        return None
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for item, at in zip(node, node.items_at, strict=True):
        fid = None
        if isinstance(item, MapNode) and isinstance(item.get("id"), str):
            fid = str(item["id"]).strip()
        f = c.fields(item, at, _FACT_KEYS, "a fact", fid)
        if f is None:
            continue
        assert isinstance(item, MapNode)
        if fid is not None and "id" in f:
            if fid in seen:
                c.error(
                    item.values_at["id"],
                    f"duplicate fact id '{fid}' (first at line {seen[fid]})",
                    "every fact needs its own id",
                    fid,
                )
            else:
                seen[fid] = at.line
        cite = f.get("source")
        cited = (
            None
            if cite is None
            else c.fields(
                cite, item.values_at.get("source", at), _CITE_KEYS, "a fact's source", fid
            )
        )
        reverse = None
        if "reverse" in f:
            r = c.fields(f["reverse"], item.values_at["reverse"], _REVERSE_KEYS, "'reverse'", fid)
            if r and {"question", "answer", "kind"} <= r.keys():
                reverse = Reverse(
                    str(r["question"]),
                    str(r["answer"]),
                    str(r["kind"]),
                    tuple(r.get("aliases", ())),  # type: ignore[arg-type]
                    tuple(r.get("traits", ())),  # type: ignore[arg-type]
                    None if "asks" not in r else tuple(r["asks"]),  # type: ignore[arg-type]
                )
        questions = f.get("questions")
        if questions == ():
            c.error(
                item.values_at["questions"],
                "'questions' is empty",
                "give at least one way to ask for the answer",
                fid,
            )
        if (
            "answer" in f
            and "statement" in f
            and "kind" in f
            and questions
            and cited
            and {"doc", "quote"} <= cited.keys()
            and "id" in f
        ):
            doc = str(cited["doc"])
            quote = str(cited["quote"])
            sentences: tuple[int, ...] = ()
            assert isinstance(cite, MapNode)
            if doc not in sources:
                # A source that is declared with an error, or a pack with no sources at all,
                # is already reported: one mistake, one line.
                if c.declared_sources and doc not in c.declared_sources:
                    c.error(
                        cite.values_at["doc"],
                        f"unknown source '{doc}'",
                        "use the id of one of the pack's sources: " + _some(sources),
                        fid,
                    )
            else:
                c.quotes.append((doc, quote, cite.values_at["quote"], fid))  # checked at once
                text = c.documents.get(doc)
                if text is not None:
                    breaks = c.sentence_breaks.get(doc)
                    if breaks is None:
                        breaks = c.sentence_breaks[doc] = sentence_breaks(text)
                    sentences = quoted_sentences(text, squash(quote), breaks)
            group = _opt(f, "group")
            if group is not None and group not in groups:
                if group not in c.declared_groups and not c.groups_invalid:
                    c.error(
                        item.values_at["group"],
                        f"unknown group '{group}'",
                        "declare it under 'groups:' at the top of the pack",
                        fid,
                    )
                group = None
            elif group is not None and normalise(str(f["answer"])) not in {
                normalise(m) for m in groups[group].members
            }:
                c.error(
                    item.values_at["answer"],
                    f"the answer is not a member of group '{group}'",
                    f"add '{printable(str(f['answer']))}' to the group's members",
                    fid,
                )
            elif group is not None and groups[group].kind != f["kind"]:
                c.error(
                    item.values_at["group"],
                    f"group '{group}' is of kind '{groups[group].kind}', "
                    f"the fact's answer is '{f['kind']}'",
                    "use one kind for both",
                    fid,
                )
            c.kind_at[(str(f["id"]), str(f["kind"]))] = item.values_at["kind"]
            for key in ("answer", "event", "statement", "follows"):
                if key in item.values_at:
                    c.marks[(str(f["id"]), key)] = item.values_at[key]
            if reverse is not None:
                reverse_node = f["reverse"]
                assert isinstance(reverse_node, MapNode)
                c.kind_at.setdefault((str(f["id"]), reverse.kind), reverse_node.values_at["kind"])
                c.marks[(str(f["id"]), "reverse")] = reverse_node.values_at["answer"]
            facts.append(
                Fact(
                    id=str(f["id"]),
                    statement=str(f["statement"]),
                    questions=tuple(questions),  # type: ignore[arg-type]
                    answer=str(f["answer"]),
                    answer_kind=str(f["kind"]),
                    source=doc,
                    quote=quote,
                    aliases=_strs(f, "aliases"),
                    date=cast("FactDate | None", f.get("date")),
                    event=_opt(f, "event"),
                    tags=_strs(f, "tags"),
                    group=group,
                    exclude=_strs(f, "exclude"),
                    reverse=reverse,
                    line=at.line,
                    traits=_strs(f, "traits"),
                    asks=None if "asks" not in f else tuple(f["asks"]),  # type: ignore[arg-type]
                    context=_opt(f, "context"),
                    never=_never(c, f, item, fid),
                    according_to=_according_to(c, f, item, sources, fid),
                    follows=_strs(f, "follows"),
                    episode=_opt(f, "episode"),
                    sentences=sentences,
                )
            )
    return facts


def _check_follows(c: _Checker, facts: Sequence[Fact]) -> None:
    """``follows`` names dated facts that are not dated later than the fact itself."""
    index = {f.id: f for f in facts}
    for f in facts:
        at = c.marks.get((f.id, "follows"))
        if not f.follows or at is None:
            continue
        if f.date is None:
            c.error(
                at,
                "'follows' on a fact without a date",
                "give the fact the date its quote states, or remove 'follows'",
                f.id,
            )
            continue
        for other_id in f.follows:
            other = index.get(other_id)
            if other is None or other.id == f.id:
                c.error(
                    at,
                    f"'follows' names '{printable(other_id)}', not another fact of the pack",
                    "use the id of the dated fact whose event comes first",
                    f.id,
                )
            elif other.date is None:
                c.error(
                    at,
                    f"'follows' names '{other_id}', which has no date",
                    "name a dated fact (timelines use dated facts only)",
                    f.id,
                )
            elif other.date > f.date:
                c.error(
                    at,
                    f"'follows' names '{other_id}', dated {other.date}, after this fact's {f.date}",
                    "check both dates against their quotes",
                    f.id,
                )


def _check_quotes(c: _Checker, sources: Mapping[str, Source]) -> None:
    """Every cited quote is in its document: all quotes of a document looked up in one pass."""
    by_doc: dict[str, list[str]] = {}
    for doc, quote, _at, _fid in c.quotes:
        by_doc.setdefault(doc, []).append(squash(quote))
    missing = {
        doc: missing_quotes(text, quotes)
        for doc, quotes in by_doc.items()
        if (text := c.documents.get(doc)) is not None
    }
    for doc, quote, at, fid in c.quotes:
        if squash(quote) in missing.get(doc, ()):
            c.error(
                at,
                f"quote not found in {printable(sources[doc].file)}",
                "copy the sentence from the document exactly; only spacing may differ",
                fid,
            )


_KIND_NAMES = ("choice", "truefalse", "typed", "cloze", "order")
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


def _strs(f: Mapping[str, object], key: str) -> tuple[str, ...]:
    """A list field the schema has already checked to hold text, as a tuple."""
    return tuple(cast("Iterable[str]", f.get(key, ())))


def _never(c: _Checker, f: dict[str, object], item: MapNode, fid: str | None) -> tuple[str, ...]:
    """The question kinds a fact is not asked as; an unknown kind is an error."""
    never: tuple[str, ...] = tuple(f.get("never", ()))  # type: ignore[arg-type]
    for kind in never:
        if kind not in _KIND_NAMES:
            c.error(
                item.values_at["never"],
                f"unknown question kind '{printable(kind)}' in 'never'",
                "use " + ", ".join(_KIND_NAMES),
                fid,
            )
    return tuple(k for k in never if k in _KIND_NAMES)


def _according_to(
    c: _Checker, f: dict[str, object], item: MapNode, sources: dict[str, Source], fid: str | None
) -> str | None:
    """The source a fact is attributed to; it must be one of the pack's sources."""
    sid = _opt(f, "according_to")
    if sid is not None and sid not in sources and sid not in c.declared_sources:
        c.error(
            item.values_at["according_to"],
            f"unknown source '{sid}' in 'according_to'",
            "use the id of one of the pack's sources: " + ", ".join(sources),
            fid,
        )
        return None
    return sid


def _document(c: _Checker, path: Path, name: str, at: Mark) -> str | None:
    """The source's text, whitespace squashed, or None after reporting why it cannot be read."""
    try:
        return c.docs.text(path)
    except TextFileProblem as exc:
        message = exc.message
        if exc.line:  # "byte 0xe9 at line 2, column 4 is not UTF-8"
            head, _, tail = message.partition(" is ")
            message = f"{head} at line {exc.line}, column {exc.column} is {tail}"
        c.error(at, f"cannot read source '{printable(name)}': {message}", exc.hint)
    except (OSError, ValueError) as exc:
        c.error(
            at,
            f"cannot read source '{printable(name)}': {getattr(exc, 'strerror', None) or exc}",
            "",
        )
    return None


def wrong_option_values(
    pack_facts: Iterable[Fact], pools: Mapping[str, tuple[Entity, ...]]
) -> dict[str, dict[str, str]]:
    """Every value per kind (normalised -> as written): answers, reverse answers and pools."""
    values: dict[str, dict[str, str]] = {}
    for fact in pack_facts:
        values.setdefault(fact.answer_kind, {}).setdefault(normalise(fact.answer), fact.answer)
        if fact.reverse:
            values.setdefault(fact.reverse.kind, {}).setdefault(
                normalise(fact.reverse.answer), fact.reverse.answer
            )
    for kind, entities in pools.items():
        bucket = values.setdefault(kind, {})
        for e in entities:
            bucket.setdefault(normalise(e.value), e.value)
    return values


def wrong_option_shortfalls(
    facts: Iterable[Fact],
    pools: Mapping[str, tuple[Entity, ...]],
    groups: Mapping[str, Group],
    *,
    first_per_kind: bool = False,
) -> list[tuple[Fact, str, int]]:
    """(fact, kind, how many usable wrong options) for every fact with fewer than needed.

    Usable means what the generator would offer: not right (answer, alias, group member,
    excluded), not a near duplicate of a right answer, and not near another chosen option.
    ``first_per_kind``: stop looking at a kind once one of its facts is short (the check
    reports one line per kind).

    Near-linear: a few mutually distinct values per kind are picked once (:func:`_spread`);
    a fact with three of them usable needs no scan of every value, and only a fact whose right
    answers rule out the spread is measured against all of them.
    """
    facts = list(facts)
    values = wrong_option_values(facts, pools)
    spreads: dict[str, list[str]] = {}
    short = []
    done: set[str] = set()
    for fact in facts:
        right = [fact.answer, *fact.aliases, *fact.exclude]
        if fact.group:
            right += groups[fact.group].members
        checks = [(fact.answer_kind, right, fact.answer)]
        if fact.reverse:
            checks.append(
                (
                    fact.reverse.kind,
                    [fact.reverse.answer, *fact.reverse.aliases],
                    fact.reverse.answer,
                )
            )
        for kind, exclude, answer in checks:
            if kind in NUMERIC_KINDS and (_HAS_NUMBER.search(answer) or kind == "year"):
                continue  # the number is moved to make wrong options (a year without one is
                # refused by packrules: one mistake, one line)
            if first_per_kind and kind in done:
                continue
            banned = {normalise(v) for v in exclude}
            if kind not in spreads:
                spreads[kind] = _spread(values.get(kind, {}))
            quick = 0
            for v in spreads[kind]:
                if normalise(v) in banned or any(near_duplicates(v, r) for r in exclude):
                    continue
                quick += 1
                if quick == MIN_WRONG_OPTIONS:
                    break
            if quick >= MIN_WRONG_OPTIONS:
                continue
            usable: list[str] = []
            for norm, value in values.get(kind, {}).items():
                if norm in banned or any(near_duplicates(value, r) for r in exclude):
                    continue
                if any(near_duplicates(value, u) for u in usable):
                    continue
                usable.append(value)
                if len(usable) == MIN_WRONG_OPTIONS:
                    break
            if len(usable) < MIN_WRONG_OPTIONS:
                short.append((fact, kind, len(usable)))
                done.add(kind)
    return short


_HAS_NUMBER = re.compile(r"\d")
_SPREAD = 12


def _spread(values: Mapping[str, str]) -> list[str]:
    """Up to ``_SPREAD`` values that are not near duplicates of each other, picked in order."""
    chosen: list[str] = []
    for value in values.values():
        if not any(near_duplicates(value, c) for c in chosen):
            chosen.append(value)
            if len(chosen) == _SPREAD:
                break
    return chosen


def _check_wrong_options(
    c: _Checker,
    tree: MapNode,
    facts: list[Fact],
    pools: Mapping[str, tuple[Entity, ...]],
    groups: Mapping[str, Group],
) -> None:
    """Every fact needs at least three values of its kind that are not also right."""
    reported: set[str] = set()
    for fact, kind, n in wrong_option_shortfalls(facts, pools, groups, first_per_kind=True):
        if kind in reported:
            continue
        reported.add(kind)
        c.error(
            c.kind_at.get((fact.id, kind), Mark(fact.line, 1)),  # the `kind:` line of the fact
            f"kind '{kind}' has only {n} possible wrong option{'s' if n != 1 else ''}"
            f" for this fact, {MIN_WRONG_OPTIONS} are needed",
            f"add values under 'pools: {kind}: [...]' (distinct from the answer)",
            fact.id,
        )


def iter_pack_files(*dirs: Path) -> Iterator[Path]:
    """The .yaml/.yml files in the given folders, sorted by name."""
    for d in dirs:
        if d.is_dir():
            yield from sorted(
                p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
