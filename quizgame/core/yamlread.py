"""Read a YAML document as plain data with the position of every key and value.

Packs come from strangers, so this reader is deliberately smaller than YAML: it builds the tree
straight from libyaml's event stream (no constructor runs, so no tag can execute anything), refuses
anchors, aliases and explicit tags, bounds the nesting depth without recursion, and reports
duplicate keys. Scalars stay text (``None`` for an empty or ``null`` plain scalar); the schema
decides what a field's text means, so ``answer: yes`` is the word "yes", not ``True``.

Walking the event stream is also several times faster than ``yaml.load`` with ``CSafeLoader``,
whose constructor is pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

try:  # libyaml's parser; the pure-Python one gives the same events, only slower
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
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
    return Mark(m.line + 1, m.column + 1)


def read(text: str) -> object:
    """Parse one YAML document into MapNode / ListNode / str / None, with marks."""
    stack: list[MapNode | ListNode] = []
    pending_key: list[str | None] = []  # per open mapping: the key waiting for its value
    root: object = None
    documents = 0
    have_root = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            cls = type(event)
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or (
                cls is yaml.SequenceStartEvent
            ):
                if event.anchor is not None:
                    raise YamlProblem(
                        _mark(event),
                        f"anchors are not allowed (&{event.anchor})",
                        "write the value out in full; packs are plain data",
                    )
                if event.tag is not None:
                    raise YamlProblem(
                        _mark(event),
                        f"YAML tags are not allowed ({event.tag})",
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
                            _mark(event),
                            f"nested deeper than {MAX_DEPTH} levels",
                            "a pack needs only a few levels; check the indentation",
                        )
                    value = MapNode(_mark(event)) if cls is yaml.MappingStartEvent else (
                        ListNode(_mark(event))
                    )
                if stack:
                    parent = stack[-1]
                    if type(parent) is MapNode:
                        key = pending_key[-1]
                        if key is None:  # this node is a key
                            if cls is not yaml.ScalarEvent:
                                raise YamlProblem(
                                    _mark(event),
                                    "a key must be plain text",
                                    "write `key: value` with a simple word as the key",
                                )
                            pending_key[-1] = "" if value is None else str(value)
                            parent.keys_at.setdefault(pending_key[-1], _mark(event))
                            if pending_key[-1] in parent.values_at:
                                parent.duplicates.append(
                                    (pending_key[-1], parent.keys_at[pending_key[-1]], _mark(event))
                                )
                            continue
                        if key in parent.values_at:
                            pass  # duplicate: keep the first value, the error is already noted
                        else:
                            parent[key] = value
                            parent.values_at[key] = _mark(event)
                        pending_key[-1] = None
                    else:
                        assert type(parent) is ListNode
                        parent.append(value)
                        parent.items_at.append(_mark(event))
                else:
                    root = value
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
                    f"aliases are not allowed (*{event.anchor})",
                    "write the value out in full; packs are plain data",
                )
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        _mark(event),
                        "more than one YAML document in the file",
                        "a pack is one document: remove the extra `---` line",
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise YamlProblem(at, f"YAML syntax error: {problem}", _syntax_hint(problem)) from None
    except yaml.YAMLError as exc:  # unmarked: reader errors such as control characters
        raise YamlProblem(Mark(1, 1), f"not readable as YAML: {exc}", "save it as plain UTF-8 text") from None
    if not have_root:
        raise YamlProblem(Mark(1, 1), "the file has no content", "start from the example in docs/pack-format.md")
    return root


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem or "\\t" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. key: \"a: b\""
    if "could not find expected ':'" in problem:
        return "check the line above: every key needs a colon, and a multi-line value must be quoted or indented"
    if "found character" in problem and "cannot start any token" in problem:
        return "quote the value, e.g. key: \"@value\""
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "a quotation mark is not closed"
    return "check the indentation and quoting on this line and the one before"
