"""Checks that keep a valid-looking pack within what the generator and the exporters can make.

`quizgame check` must refuse any pack the generator cannot turn into questions, rather than let
it through to crash a game or an export later. Each rule here looks at the built facts as a whole
and reports through the checker's ``error(at, message, hint, fact)``; :mod:`quizgame.core.packs`
calls :func:`check_generatable` once the facts are built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from quizgame.core.answers import normalise
from quizgame.core.yamlread import Mark, printable


# What these rules read of a fact: packs.py calls them with its Fact, and this module does not
# import packs.py, so the two do not import each other.
class _Dated(Protocol):
    @property
    def year(self) -> int: ...


class _Answer(Protocol):
    @property
    def answer(self) -> str: ...
    @property
    def kind(self) -> str: ...


class Fact(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def answer_kind(self) -> str: ...
    @property
    def statement(self) -> str: ...
    @property
    def event(self) -> str | None: ...
    @property
    def date(self) -> _Dated | None: ...
    @property
    def reverse(self) -> _Answer | None: ...


#: Numbers the generator moves to make wrong options ("1966" -> "1964") are ints measured as
#: floats: beyond 15 digits they lose precision, far beyond they overflow.
MAX_NUMBER_DIGITS = 15
_NUMBER = re.compile(r"\d+")


Report = Callable[[Mark, str, str, str | None], None]


def number_problem(answer: str) -> str | None:
    """Why the generator cannot move the number in a numeric answer, or None."""
    m = _NUMBER.search(answer)
    if m is None:
        return None
    digits = len(m.group())
    if digits > MAX_NUMBER_DIGITS:
        return f"the number in the answer has {digits} digits"
    return None


def check_generatable(
    report: Report,
    facts: Sequence[Fact],
    marks: Mapping[tuple[str, str], Mark],
    numeric_kinds: frozenset[str],
) -> None:
    """Numbers the generator can move, years that are years, timelines whose items differ."""

    def at(fact: Fact, key: str) -> Mark:
        return marks.get((fact.id, key)) or Mark(fact.line, 1)

    for fact in facts:
        answers = [("answer", fact.answer, fact.answer_kind)]
        if fact.reverse is not None:
            answers.append(("reverse", fact.reverse.answer, fact.reverse.kind))
        for key, answer, kind in answers:
            if kind not in numeric_kinds:
                continue
            problem = number_problem(answer)
            if problem is not None:
                report(
                    at(fact, key),
                    f"{problem}; a '{kind}' answer can have at most {MAX_NUMBER_DIGITS}",
                    "give the number in a larger unit (millions, light years ...)",
                    fact.id,
                )
            elif kind == "year" and _NUMBER.search(answer) is None:
                report(
                    at(fact, key),
                    f"a 'year' answer must contain a year in digits, not '{printable(answer, 30)}'",
                    "write the year, like 1966, or use another kind for this answer",
                    fact.id,
                )
    _check_timeline_labels(report, facts, at)


def _check_timeline_labels(
    report: Report, facts: Sequence[Fact], at: Callable[[Fact, str], Mark]
) -> None:
    """A timeline shows dated facts by their label: two from different years must differ."""
    first: dict[str, Fact] = {}
    for fact in facts:
        date = fact.date
        if date is None:
            continue
        label = normalise(fact.event or fact.statement) or (fact.event or fact.statement)
        other = first.setdefault(label, fact)
        if other is fact or other.date is None or other.date.year == date.year:
            continue  # facts of one year never share a timeline
        key = "event" if fact.event is not None else "statement"
        report(
            at(fact, key),
            f"this fact's timeline label is the same as fact '{other.id}' (line {other.line})"
            f", so a timeline could not tell them apart",
            "give each dated fact its own 'event:' label",
            fact.id,
        )
