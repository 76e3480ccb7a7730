"""Read a YAML document as plain data with the position of every key and value.

Packs come from strangers, so this reader is deliberately smaller than YAML: it builds the tree
straight from libyaml's event stream (no constructor runs, so no tag can execute anything), refuses
anchors, aliases and explicit tags, bounds the nesting depth without recursion, and reports
duplicate keys. Errors are located as an editor counts lines: CR LF and a lone CR are read as LF,
and the line separators that YAML 1.1 (but no editor) treats as line breaks are refused.

Scalars stay text (``None`` for an empty or ``null`` plain scalar); the schema decides what a
field's text means, so ``answer: yes`` is the word "yes", not ``True``.

Walking the event stream is also several times faster than ``yaml.load`` with ``CSafeLoader``,
whose constructor is pure Python.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# CONTROL and SEPARATOR are re-exported: the pack checker finds them here.
from quizgame.core.controls import CONTROL as CONTROL
from quizgame.core.controls import SEPARATOR as SEPARATOR
from quizgame.core.controls import escaped

if TYPE_CHECKING:  # pragma: no cover
    import yaml

# PyYAML is imported on the first read, not with this module: a pack loaded from the compiled
# cache (quizgame.core.cache) never needs it, and `quizgame play` starts faster without it.

MAX_DEPTH = 64
#: The most items one list, or keys one mapping, may hold. Ten thousand facts is a big pack; a
#: list past this bound is refused as soon as the reader reaches it, before the rest of the
#: file is parsed or anything is checked.
MAX_ITEMS = 20_000
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column in the source text."""

    line: int
    column: int


class YamlProblem(Exception):
    """The text is not a pack-shaped YAML document; carries where and what to do."""

    def __init__(self, mark: Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


class MapNode(dict[str, object]):
    """A mapping; ``keys_at[k]`` and ``values_at[k]`` say where key ``k`` and its value start."""

    __slots__ = ("at", "keys_at", "values_at", "duplicates")

    def __init__(self, at: Mark) -> None:
        super().__init__()
        self.at = at
        self.keys_at: dict[str, Mark] = {}
        self.values_at: dict[str, Mark] = {}
        self.duplicates: list[tuple[str, Mark, Mark]] = []


class ListNode(list[object]):
    """A sequence; ``items_at[i]`` says where item ``i`` starts."""

    __slots__ = ("at", "items_at")

    def __init__(self, at: Mark) -> None:
        super().__init__()
        self.at = at
        self.items_at: list[Mark] = []


def _mark(event: yaml.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1) if m is not None else Mark(1, 1)


def read(text: str) -> object:
    """Parse one YAML document into MapNode / ListNode / str / None, with marks."""
    return read_root(text)[0]


def _yaml() -> tuple[Any, Any]:
    """PyYAML and libyaml's parser (the pure-Python one gives the same events, only slower)."""
    import yaml

    try:
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as loader  # type: ignore[assignment]
    return yaml, loader


def _build(yaml: Any, loader: Any, text: str) -> tuple[object, Mark, bool]:
    """The tree of ``text`` from libyaml's events, refusing what a pack may not contain."""
    stack: list[MapNode | ListNode] = []
    pending_key: list[str | None] = []  # per open mapping: the key waiting for its value
    root: object = None
    root_at = Mark(1, 1)
    documents = 0
    have_root = False
    for event in yaml.parse(text, Loader=loader):
        cls = type(event)
        if (
            cls is yaml.ScalarEvent
            or cls is yaml.MappingStartEvent
            or (cls is yaml.SequenceStartEvent)
        ):
            m = event.start_mark
            at = Mark(m.line + 1, m.column + 1)
            if event.anchor is not None:
                raise YamlProblem(
                    at,
                    f"anchors are not allowed (&{printable(event.anchor)})",
                    "write the value out in full; packs are plain data",
                )
            if event.tag is not None:
                raise YamlProblem(
                    at,
                    f"YAML tags are not allowed ({printable(event.tag)})",
                    "remove the tag; packs are plain data and nothing in them is executed",
                )
            value: object
            if cls is yaml.ScalarEvent:
                value = event.value
                if not event.style and value in _NULLS:  # plain style: None or ""
                    value = None
            else:
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        at,
                        f"nested deeper than {MAX_DEPTH} levels",
                        "a pack needs only a few levels; check the indentation and brackets",
                    )
                value = MapNode(at) if cls is yaml.MappingStartEvent else ListNode(at)
            if stack:
                parent = stack[-1]
                if type(parent) is MapNode:
                    key = pending_key[-1]
                    if key is None:  # this node is a key
                        if cls is not yaml.ScalarEvent:
                            raise YamlProblem(
                                at,
                                "a key must be plain text",
                                "write `key: value` with a simple word as the key",
                            )
                        key = "" if value is None else value  # type: ignore[assignment]
                        if len(parent.keys_at) >= MAX_ITEMS:
                            raise _too_many(at, "keys in one mapping")
                        pending_key[-1] = key
                        first = parent.keys_at.setdefault(key, at)  # type: ignore[arg-type]
                        if key in parent.values_at:
                            parent.duplicates.append((key, first, at))  # type: ignore[arg-type]
                        continue
                    if key not in parent.values_at:  # a duplicate keeps the first value
                        parent[key] = value
                        parent.values_at[key] = at
                    pending_key[-1] = None
                else:
                    assert type(parent) is ListNode
                    if len(parent) >= MAX_ITEMS:
                        raise _too_many(at, "items in one list")
                    parent.append(value)
                    parent.items_at.append(at)
            else:
                root = value
                root_at = at
                have_root = True
            if cls is not yaml.ScalarEvent:
                stack.append(value)  # type: ignore[arg-type]
                pending_key.append(None)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            stack.pop()
            pending_key.pop()
        elif cls is yaml.AliasEvent:
            raise YamlProblem(
                _mark(event),
                f"aliases are not allowed (*{printable(event.anchor)})",
                "write the value out in full; packs are plain data",
            )
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    _mark(event),
                    "more than one YAML document in the file",
                    "a pack is one document: remove the extra `---` line and what follows",
                )
    return root, root_at, have_root


def read_root(text: str) -> tuple[object, Mark]:
    """Like :func:`read`, also returning where the root value starts (a scalar has no ``at``).

    The cyclic garbage collector is paused while the tree is built: the tree holds no cycles,
    and a collection every few hundred new containers, each walking the whole growing tree,
    made reading big packs several times slower than the parse itself.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read_root(text)
    finally:
        if paused:
            gc.enable()


def _read_root(text: str) -> tuple[object, Mark]:
    yaml, _Loader = _yaml()
    if "\r" in text:  # one kind of line break, so that lines are counted as editors count them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        # YAML 1.1 reads NEL, LINE and PARAGRAPH SEPARATOR as line breaks, editors do not: a value
        # pasted from a web page would be cut in two, and every line number after it be wrong.
        bad = _ODD_BREAK.search(text)
        assert bad is not None
        raise YamlProblem(
            _line_col(text, bad.start()),
            f"the file contains an invisible line separator (U+{ord(bad[0]):04X})",
            "YAML reads it as a line break: replace it with a space or a real line break",
        )
    try:
        root, root_at, have_root = _build(yaml, _Loader, text)
    except yaml.MarkedYAMLError as exc:
        # libyaml reads ahead, so a syntax error (or its own nesting limit) can be raised before
        # the events of what comes earlier reach our checks. Read only the text before the error:
        # a problem of ours there is the first one in the file, and the one to report.
        mark = exc.problem_mark
        if mark is not None and 0 < mark.index < len(text):
            try:
                _build(yaml, _Loader, text[: mark.index])
            except YamlProblem as earlier:
                raise earlier from None
            except yaml.YAMLError:
                pass
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
        raise _reader_problem(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is one of the above
        raise YamlProblem(
            Mark(1, 1),
            f"not readable as YAML: {printable(str(exc).splitlines()[0])}",
            "save it as plain UTF-8 text",
        ) from None
    if not have_root:
        raise YamlProblem(
            Mark(1, 1), "the file has no content", "start from the example in docs/pack-format.md"
        )
    return root, root_at


# Characters a YAML file may not contain (YAML 1.1, 5.1): the C0 and C1 controls other than
# tab, line feed, carriage return and NEL, DEL, surrogates and the two non-characters U+FFFE/F.
# Compiled on first use (an error message): the class spans most of Unicode and takes ~5 ms.
_FORBIDDEN = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def printable(text: str, limit: int = 60) -> str:
    """``text`` made safe for a one-line message: control characters and line separators
    escaped (``\\n``, ``\\x1b``, ``\\u2028``), length bounded."""
    shown = escaped(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _too_many(at: Mark, what: str) -> YamlProblem:
    return YamlProblem(
        at,
        f"more than {MAX_ITEMS:,} {what}",
        "split the pack into several packs of a few thousand facts each",
    )


def _line_col(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return Mark(line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    bad = re.search(_FORBIDDEN, text)  # the re module caches the compiled pattern
    at = _line_col(text, bad.start()) if bad else Mark(1, 1)
    code = ord(bad[0]) if bad else exc.character
    if isinstance(code, int):
        what = f"control character U+{code:04X}" if code < 0xA0 else f"character U+{code:04X}"
    else:  # pragma: no cover - libyaml always names the character
        what = "character"
    return YamlProblem(
        at,
        f"the file contains a {what}, which YAML does not allow",
        "delete it (it is often invisible: retype the line); write \\t or \\n inside double quotes"
        " if you need a tab or a line break",
    )


def _line(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, or "" past the end."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _odd_indent(line: str) -> tuple[int, int] | None:
    """(column, code point) of a space other than U+0020 or tab in a line's indentation."""
    for i, ch in enumerate(line):
        if ch in " \t":
            continue
        if ch.isspace():
            return i + 1, ord(ch)
        return None
    return None


def _indent(line: str) -> int:
    """Where a line's content starts, counting a list dash as indentation (`  - id:` -> 4)."""
    stripped = line.lstrip(" ")
    while stripped.startswith("- "):
        stripped = stripped[2:].lstrip(" ")
    return len(line) - len(stripped)


def _long_key(at: Mark) -> YamlProblem:
    return YamlProblem(
        at,
        "YAML syntax error: this key is longer than 1024 characters",
        "use one of the keys listed in docs/pack-format.md",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A libyaml error as the line an author should look at, and what to do there."""
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    context = (exc.context or "").strip()
    pm, cm = exc.problem_mark, exc.context_mark
    at = Mark(pm.line + 1, pm.column + 1) if pm else Mark(1, 1)
    started = Mark(cm.line + 1, cm.column + 1) if cm else None
    line = _line(text, at.line)
    char = line[at.column - 1] if 0 < at.column <= len(line) else ""
    message = f"YAML syntax error: {problem}"

    odd = _odd_indent(line) or (_odd_indent(_line(text, at.line - 1)) if at.line > 1 else None)
    if odd is not None:
        row = at.line if _odd_indent(line) else at.line - 1
        column, code = odd
        name = unicodedata.name(chr(code), "space").lower()
        return YamlProblem(
            Mark(row, column),
            f"YAML syntax error: a {name} (U+{code:04X}) is used for indentation",
            "indent with ordinary spaces (it looks like one but YAML does not count it)",
        )
    if char == "\t" or "tab character" in problem:
        return YamlProblem(
            at, "YAML syntax error: a tab is used for indentation", "indent with spaces, not tabs"
        )
    if context == "while scanning a quoted scalar" and started is not None:
        return YamlProblem(
            started,
            "YAML syntax error: this quotation mark is never closed",
            "add the closing quotation mark at the end of the value",
        )
    if context == "while scanning a simple key" and started is not None:
        key_line = _line(text, started.line)
        colon = key_line.find(":", started.column - 1)
        if colon - (started.column - 1) >= 1024:  # libyaml's limit on the length of a key
            return _long_key(started)
        return YamlProblem(
            started,
            "YAML syntax error: this line has no ':' after its key",
            "write `key: value`; a value that goes on over several lines must be "
            "indented under its key, or quoted",
        )
    if context in ("while parsing a flow sequence", "while parsing a flow mapping") and started:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if started.line != at.line:  # the author must look where the bracket opens
            return YamlProblem(
                started,
                f"YAML syntax error: this '{bracket}' is never closed",
                f"add the closing '{closing}' at the end of the list, or quote a value in it",
            )
        return YamlProblem(
            at,
            message,
            f"a value inside '{bracket}...{closing}' that contains a comma, a bracket or ': '"
            " must be quoted",
        )
    if context in ("while scanning an anchor", "while scanning an alias", "while scanning a tag"):
        first = {"while scanning an anchor": "&", "while scanning an alias": "*"}.get(context, "!")
        return YamlProblem(
            started or at,
            message,
            f"a value that starts with '{first}' must be quoted, e.g. key: \"{first}value\"",
        )
    if context == "while scanning a directive" or "YAML document" in problem:
        return YamlProblem(
            started or at,
            message,
            "delete the lines that start with '%'; a pack needs no directives",
        )
    if "mapping values are not allowed" in problem:
        before = _line(text, at.line - 1) if at.line > 1 else ""
        if at.column > 1024 and ":" not in line[: at.column - 1]:
            return _long_key(Mark(at.line, len(line) - len(line.lstrip(" ")) + 1))
        if (
            line.strip()
            and before.strip()
            and not before.rstrip().endswith(":")
            and (_indent(line) > _indent(before))
        ):
            hint = (
                "this line is indented further than the line above; line up keys of the same level"
            )
        else:
            hint = "a value containing ': ' must be quoted, e.g. key: \"a: b\""
        return YamlProblem(at, message, hint)
    if "found character" in problem and "cannot start any token" in problem:
        return YamlProblem(
            at,
            message,
            f"a value that starts with '{printable(char)}' must be quoted, "
            f'e.g. key: "{printable(char)}value"'
            if char
            else "quote the value",
        )
    if "expected <document start>" in problem:
        if any(ln.rstrip() == "..." for ln in text.splitlines()[: at.line]):
            hint = "a pack is one document: remove the '...' line and what follows"
        else:
            hint = "check the indentation of this line: it is outside the pack's mapping"
        return YamlProblem(at, message, hint)
    if "could not find expected ':'" in problem:
        return YamlProblem(
            at,
            message,
            "every key needs a colon, and a multi-line value must be quoted or indented",
        )
    return YamlProblem(
        at, message, "check the indentation and quoting on this line and the one before"
    )
