"""The wrong-option pool: every value a question may offer in place of the right answer.

One definition serves both sides: the checker asks whether every fact has enough usable wrong
options (:meth:`WrongOptionPool.shortfalls`), and the generator picks them for a question
(:meth:`WrongOptionPool.candidates`, :func:`pick_distinct`). The two cannot drift apart.

The values of a kind are the pack's answers and reverse answers of that kind, its pool entries
and its groups' members, each once (by normalised form, first as written), with everything the
pack says of it (its traits). Usable for one question means: not a right answer nor excluded, not
a near duplicate of a right answer, not near another option already chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from quizgame.core.answers import near_duplicates, normalise
from quizgame.core.models import Entity, Fact, FactDate, Group, also_true

#: A question offers at least this many wrong options; the checker refuses a fact with fewer.
MIN_WRONG_OPTIONS = 3
#: Kinds whose values are numbers: wrong options can also be made by moving the number.
NUMERIC_KINDS = frozenset({"year", "number", "age", "percent", "count"})
#: How many mutually distinct values per kind the checker tries before scanning them all.
_SPREAD = 12

_NUMBER = re.compile(r"\d+")


def has_number(answer: str) -> bool:
    """Does ``answer`` hold a number the generator can move ("1966" -> "1964")?"""
    return _NUMBER.search(answer) is not None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value that can be offered as a wrong option, with what ranks and filters it."""

    value: str
    norm: str
    date: FactDate | None
    tags: frozenset[str]
    traits: frozenset[str] = frozenset()


class WrongOptionPool:
    """The candidates of each kind in a pack, built once (the checker and each ``QuizMaker``)."""

    def __init__(
        self,
        facts: Iterable[Fact],
        pools: Mapping[str, Iterable[Entity]],
        groups: Mapping[str, Group],
    ) -> None:
        facts = tuple(facts)
        self._groups = groups
        self._by_kind: dict[str, list[Candidate]] = {}
        self._compatible: dict[tuple[str, frozenset[str]], list[Candidate]] = {}
        # A value's traits are everything the pack says of it, wherever it says it.
        self._traits: dict[tuple[str, str], frozenset[str]] = {}
        for fact in facts:
            self._note(fact.answer_kind, fact.answer, fact.traits)
            if fact.reverse:
                self._note(fact.reverse.kind, fact.reverse.answer, fact.reverse.traits)
        for kind, entities in pools.items():
            for e in entities:
                self._note(kind, e.value, e.traits)

        seen: dict[str, set[str]] = {}

        def add(kind: str, value: str, date: FactDate | None, tags: Iterable[str]) -> None:
            norm = normalise(value)
            if not norm or norm in seen.setdefault(kind, set()):
                return
            seen[kind].add(norm)
            traits = self._traits.get((kind, norm), frozenset())
            self._by_kind.setdefault(kind, []).append(
                Candidate(value, norm, date, frozenset(tags), traits)
            )

        for fact in facts:
            add(fact.answer_kind, fact.answer, fact.date, fact.tags)
            if fact.reverse:
                add(fact.reverse.kind, fact.reverse.answer, fact.date, fact.tags)
        for kind, entities in pools.items():
            for e in entities:
                add(kind, e.value, e.date, e.tags)
        for group in groups.values():
            for member in group.members:
                add(group.kind, member, None, ())

    def _note(self, kind: str, value: str, traits: Iterable[str]) -> None:
        key = (kind, normalise(value))
        self._traits[key] = self._traits.get(key, frozenset()) | frozenset(traits)

    def traits_of(self, kind: str, value: str) -> frozenset[str]:
        """Everything the pack says a value is (a guitarist, a band, British ...)."""
        return self._traits.get((kind, normalise(value)), frozenset())

    def candidates(self, kind: str, wanted: frozenset[str] = frozenset()) -> list[Candidate]:
        """The values of ``kind`` that have every trait in ``wanted``: compatible wrong options."""
        if not wanted:
            return self._by_kind.get(kind, [])
        key = (kind, wanted)
        found = self._compatible.get(key)
        if found is None:
            found = self._compatible[key] = [
                c for c in self._by_kind.get(kind, []) if wanted <= c.traits
            ]
        return found

    def also_true(self, fact: Fact) -> tuple[str, ...]:
        """Other answers that the fact's questions accept: its group's members."""
        return also_true(fact, self._groups)

    def asked(self, fact: Fact) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """What each of the fact's questions needs wrong options for: (kind, right answers,
        excluded values), the forward question then the reverse one."""
        out = [
            (fact.answer_kind, (fact.answer, *fact.aliases, *self.also_true(fact)), fact.exclude)
        ]
        if fact.reverse:
            rev = fact.reverse
            out.append((rev.kind, (rev.answer, *rev.aliases), ()))
        return out

    def usable(
        self,
        kind: str,
        right: Sequence[str],
        exclude: Sequence[str] = (),
        wanted: frozenset[str] = frozenset(),
        n: int = MIN_WRONG_OPTIONS,
    ) -> list[str]:
        """The first ``n`` usable wrong options of ``kind`` with the traits ``wanted``, in pool
        order: how many a question can have, at most ``n``."""
        banned = {normalise(v) for v in (*right, *exclude)}
        return pick_distinct((c.value for c in self.candidates(kind, wanted)), n, banned, right)

    def shortfalls(
        self, facts: Iterable[Fact], *, first_per_kind: bool = False
    ) -> list[tuple[Fact, str, int]]:
        """(fact, kind, how many usable wrong options) for every fact with fewer than
        :data:`MIN_WRONG_OPTIONS`, whatever traits its question asks for (those are
        ``check --strict``'s business). A number the generator can move is never short.
        ``first_per_kind``: stop looking at a kind once one of its facts is short (the check
        reports one line per kind).

        Near-linear: a few mutually distinct values per kind are picked once (:meth:`_spread`);
        a fact with three of them usable needs no scan of every value, and only a fact whose
        right answers rule out the spread is measured against all of them.
        """
        spreads: dict[str, list[Candidate]] = {}
        short = []
        done: set[str] = set()
        for fact in facts:
            for kind, right, exclude in self.asked(fact):
                if kind in NUMERIC_KINDS and (has_number(right[0]) or kind == "year"):
                    continue  # the number is moved to make wrong options (a year without one is
                    # refused by packrules: one mistake, one line)
                if first_per_kind and kind in done:
                    continue
                banned = {normalise(v) for v in (*right, *exclude)}
                if kind not in spreads:
                    spreads[kind] = self._spread(kind)
                quick = 0
                for c in spreads[kind]:
                    if is_usable(c.value, c.norm, banned, right):
                        quick += 1
                        if quick == MIN_WRONG_OPTIONS:
                            break
                if quick >= MIN_WRONG_OPTIONS:
                    continue
                usable = self.usable(kind, right, exclude)
                if len(usable) < MIN_WRONG_OPTIONS:
                    short.append((fact, kind, len(usable)))
                    done.add(kind)
        return short

    def _spread(self, kind: str) -> list[Candidate]:
        """Up to ``_SPREAD`` values that are not near duplicates of each other, picked in order."""
        chosen: list[Candidate] = []
        for c in self.candidates(kind):
            if not any(near_duplicates(c.value, o.value) for o in chosen):
                chosen.append(c)
                if len(chosen) == _SPREAD:
                    break
        return chosen


def is_usable(value: str, norm: str, banned: Set[str], right: Sequence[str]) -> bool:
    """Can ``value`` (normalised: ``norm``) be offered? Not a right answer nor excluded
    (``banned``, normalised), nor a near duplicate of a right answer."""
    return norm not in banned and not any(near_duplicates(value, r) for r in right)


def pick_distinct(
    values: Iterable[str],
    n: int,
    banned: set[str],
    right: Sequence[str],
    fits: Callable[[str], bool] | None = None,
) -> list[str]:
    """The first ``n`` values that are usable (see :func:`_usable`) and not near each other
    (and that ``fits``, when given: a grammatical swap)."""
    chosen: list[str] = []
    for value in values:
        if len(chosen) == n:
            break
        if not is_usable(value, normalise(value), banned, right):
            continue
        if any(near_duplicates(value, c) for c in chosen):
            continue
        if fits is not None and not fits(value):
            continue
        chosen.append(value)
    return chosen


def wrong_option_shortfalls(
    facts: Iterable[Fact],
    pools: Mapping[str, Iterable[Entity]],
    groups: Mapping[str, Group],
    *,
    first_per_kind: bool = False,
) -> list[tuple[Fact, str, int]]:
    """:meth:`WrongOptionPool.shortfalls` of the pool these facts, pools and groups make."""
    facts = tuple(facts)
    return WrongOptionPool(facts, pools, groups).shortfalls(facts, first_per_kind=first_per_kind)
