"""The pack format's schema and the checker that reads a YAML tree against it.

What each mapping may hold (the ``*_KEYS`` tables), converting a field to its type with a precise
error for anything else, and collecting every problem as a :class:`PackError` that names
``file:line:column``, the fact, and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from quizgame.core.models import FactDate
from quizgame.core.yamlread import CONTROL, SEPARATOR, ListNode, MapNode, Mark, printable

FORMAT_VERSION = 1
#: A check reports at most this many problems (and says how many more there were): a file of
#: 200,000 misspelt keys is refused in a blink, with a screenful an author can act on.
MAX_ERRORS = 100

ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
WORD_RE = re.compile(r"\w[\w -]{0,40}")
_WS_RE = re.compile(r"\s+")
_BOOLS = {"true": True, "yes": True, "false": False, "no": False}


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
        return one_line(f"{where}: {self.message}{fact}{hint}")


def some(names: Iterable[str], shown: int = 8) -> str:
    """A list of names for a hint, at most ``shown`` of them: a hint is one short line."""
    names = list(names)
    if not names:
        return "(none yet)"
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def problem_count(errors: Iterable[PackError]) -> int:
    """How many problems a list of errors reports, counting those it says were not shown."""
    return sum(e.hidden or 1 for e in errors)


def one_line(text: str) -> str:
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

PACK_KEYS = {
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
SOURCE_KEYS = {
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
FACT_KEYS = {
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
CITE_KEYS = {"doc": (True, "id"), "quote": (True, "text")}
REVERSE_KEYS = {
    "question": (True, "text"),
    "answer": (True, "text"),
    "kind": (True, "word"),
    "aliases": (False, "texts"),
    "traits": (False, "words"),
    "asks": (False, "words"),
}
GROUP_KEYS = {
    "kind": (True, "word"),
    "members": (True, "texts"),
    "description": (False, "text"),
    "closed": (False, "bool"),
}
ENTITY_KEYS = {
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


class Checker:
    """Reads mappings of the YAML tree against the schema, collecting every problem."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.errors: list[PackError] = []
        self.found = 0  # problems found, including those past MAX_ERRORS that are not kept

    def duplicates(self, node: MapNode, what: str, hint: str, fact: str | None = None) -> None:
        """A key given twice in one mapping (a key, a pool, a group): one error at the second."""
        for key, first, again in node.duplicates:
            self.error(
                again,
                f"duplicate {what} '{printable(key)}' (first at line {first.line})",
                hint,
                fact,
            )

    def error(self, at: Mark | None, message: str, hint: str = "", fact: str | None = None) -> None:
        self.found += 1
        if self.found > MAX_ERRORS:
            return
        line, col = (at.line, at.column) if at else (0, 0)
        if fact is not None and not ID_RE.match(fact):  # an invalid id: never echoed whole
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
                f"{what} must be {_TYPE_WORDS['map']}, not {describe(node)}",
                "see docs/pack-format.md for its fields",
                fact,
            )
            return None
        self.duplicates(node, "key", "keep one of them", fact)
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
                    f"{name} must be {_TYPE_WORDS[kind]}, not {describe(value)}",
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
            if kind == "id" and not ID_RE.match(text):
                self.error(
                    at,
                    f"{name} '{printable(text)}' is not a valid id",
                    "use lower-case letters, digits and hyphens, like 'first-session'",
                    fact,
                )
                return None
            if kind == "word" and not WORD_RE.fullmatch(text):
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
                    f"{name} must be {_TYPE_WORDS[kind]}, not {describe(value)}",
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
                    f"{name} must be a list, not {describe(value)}",
                    "start each item with '- '",
                    fact,
                )
                return None
            return value
        if kind == "map":
            if not isinstance(value, MapNode):
                self.error(
                    at,
                    f"{name} must be {_TYPE_WORDS['map']}, not {describe(value)}",
                    "see docs/pack-format.md",
                    fact,
                )
                return None
            return value
        raise AssertionError(kind)


def describe(value: object) -> str:
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
