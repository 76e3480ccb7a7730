"""Quizzes from a pack: which facts, in which kinds and in which order, from a seed alone.

The questions themselves are made by :class:`~quizgame.core.maker.QuizMaker` and typed per kind
in :mod:`quizgame.core.questions`; this module is where the rest of the game asks for them.
Forms (A, B, ...) ask the same facts in another order with other option orders.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

from quizgame.core.maker import (
    GENERATOR,
    QuizMaker,
    QuizSettings,
    capacity,
    form_letter,
    no_questions,
    rng_for,
)
from quizgame.core.models import Fact, Pack
from quizgame.core.questions import (
    BLANK,
    ORDER_PROMPT,
    ChoiceQuestion,
    Citation,
    Given,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.core.relations import (
    PASSAGE,
    find_passages,
    find_siblings,
    names_answers,
    same_sentence,
    shown_text,
)
from quizgame.core.vocab import KINDS

# The public API of making questions: kept here, where every caller imports it from.
__all__ = [
    "BLANK",
    "ChoiceQuestion",
    "Citation",
    "GENERATOR",
    "Given",
    "ORDER_PROMPT",
    "OrderQuestion",
    "PASSAGE",
    "Question",
    "QuizMaker",
    "QuizSettings",
    "TrueFalseQuestion",
    "TypedQuestion",
    "capacity",
    "find_passages",
    "find_siblings",
    "form_letter",
    "names_answers",
    "no_questions",
    "rng_for",
    "same_sentence",
    "shown_text",
    "LazyQuiz",
    "QuizForm",
    "generate_forms",
    "generate_quiz",
    "plan_quiz",
    "questions_for_facts",
    "select_facts",
    "interleave",
    "assign_kinds",
]


def _unit(seed: str, *parts: str) -> float:
    digest = hashlib.sha256("\x1f".join((seed, *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


SIBLING_GAP = 50  # facts that would answer each other are at least this far apart in a quiz


def select_facts(
    pool: Sequence[Fact],
    count: int,
    seed: str,
    siblings: Mapping[str, frozenset[str]] | None = None,
    passages: Mapping[str, frozenset[str]] | None = None,
) -> list[Fact]:
    """``count`` facts spread over the whole pack, in the order they are asked.

    Round by round, every fact is asked once. Within a round the facts are spread over topics
    in proportion to their number: each topic's facts sit at evenly spaced positions with a
    random offset, so a topic with one fact is asked as often as any other single fact, not in
    every quiz. A fact whose sibling (same sentence, or one shows the other's answer) was asked
    within the last SIBLING_GAP questions (or in the quiz, if it is shorter) waits: it comes
    first in the next round, where it is asked even if it must stand nearer a sibling. A fact of
    the same passage as one asked within that gap goes to the end of its round: a quiz shorter
    than the pack holds no two facts of one passage when the pack has enough others.
    """
    if not pool or count <= 0:
        return []
    siblings = siblings if siblings is not None else find_siblings(pool)
    passages = passages if passages is not None else find_passages(pool)
    gap = min(count, len(pool), SIBLING_GAP)
    out: list[Fact] = []
    recent: deque[str] = deque(maxlen=gap)  # the facts asked last
    waiting: list[Fact] = []
    round_no = 0
    by_tag: dict[str, list[Fact]] = {}
    for f in pool:
        by_tag.setdefault(f.tags[0] if f.tags else "", []).append(f)

    def near(f: Fact, table: Mapping[str, frozenset[str]]) -> bool:
        mine = table.get(f.id)
        return mine is not None and any(x in mine for x in recent)

    while len(out) < count:
        placed: list[tuple[float, float, Fact]] = []
        r = str(round_no)
        for tag, members in by_tag.items():
            ranked = sorted(members, key=lambda f: _unit(seed, r, "fact", f.id))
            offset = _unit(seed, r, "tag", tag)
            for i, f in enumerate(ranked):
                placed.append(((i + offset) / len(ranked), _unit(seed, r, "tie", f.id), f))
        placed.sort(key=lambda t: (t[0], t[1]))
        forced = waiting
        first = {f.id for f in forced}
        waiting = []
        deferred: list[Fact] = []
        for f in forced + [f for _, _, f in placed if f.id not in first]:
            if len(out) == count:
                break
            if f.id not in first and near(f, siblings):
                waiting.append(f)
            elif f.id not in first and near(f, passages):
                deferred.append(f)
            else:
                recent.append(f.id)
                out.append(f)
        for f in deferred:
            if len(out) == count:
                break
            if near(f, siblings):
                waiting.append(f)
            else:
                recent.append(f.id)
                out.append(f)
        round_no += 1
    return out


def _targets(possible: Sequence[Sequence[str]], kinds: Sequence[str]) -> dict[str, float]:
    """The share of a quiz each kind should have: equal, except that a kind few facts support
    gets what those facts allow, and the others share the rest."""
    n = max(1, len(possible))
    cap = {k: sum(k in p for p in possible) / n for k in kinds}
    target = dict.fromkeys(kinds, 0.0)
    open_kinds = [k for k in kinds if cap[k] > 0]
    left = 1.0
    while open_kinds and left > 1e-9:
        share = left / len(open_kinds)
        capped = [k for k in open_kinds if cap[k] - target[k] <= share]
        if not capped:
            for k in open_kinds:
                target[k] += share
            break
        for k in capped:
            left -= cap[k] - target[k]
            target[k] = cap[k]
            open_kinds.remove(k)
    return target


TIMELINE_GAP = 15  # the same timeline (the same events) is asked at most once in this many
LOOKAHEAD = 12  # how far ahead a quiz may reach for a fact that can be asked as a lagging kind


def assign_kinds(
    maker: QuizMaker, facts: Sequence[Fact], kinds: Sequence[str], seed: str
) -> list[str | None]:
    """A kind for each fact, in the facts' order (practice asks due facts in the order given)."""
    return interleave(maker, facts, kinds, seed, lookahead=0)[1]


def interleave(
    maker: QuizMaker,
    facts: Sequence[Fact],
    kinds: Sequence[str],
    seed: str,
    lookahead: int = LOOKAHEAD,
) -> tuple[list[Fact], list[str | None]]:
    """A kind for each fact, interleaved over every stretch of the quiz, however long.

    Each kind has a target share (equal, or what the facts allow for a kind few facts support).
    Question by question, the fact gets the kind it supports that is furthest behind its share,
    relative to the share, so a scarce kind is asked whenever it falls behind rather than all at
    the start; the kind just asked is avoided when another is as far behind. When the kind that
    is furthest behind cannot be asked of this fact, a fact a little further on that can is
    brought forward (``lookahead``), so a kind few facts support (a timeline) still comes round
    in every stretch. Each fact's own seeded preference breaks the remaining ties.
    """
    order = list(facts)
    # The share each kind can have, from the facts (a sample of them in a big quiz).
    step = max(1, len(order) // 500)
    sample = [[k for k in kinds if maker.supports(f, k)] for f in order[::step]]
    target = _targets(sample, kinds)
    # A pack with few dated years makes few different timelines: within TIMELINE_GAP questions,
    # no timeline shares more than half its events with another (it would be the same question).
    window = TIMELINE_GAP
    timelines: deque[tuple[int, frozenset[str]]] = deque()  # (position, events), recent only
    signatures: dict[str, frozenset[str]] = {}
    few_years = len(maker._years) < 8  # with more, timelines rarely share their events

    def signature(f: Fact) -> frozenset[str]:
        found = signatures.get(f.id)
        if found is None:
            found = signatures[f.id] = frozenset(x.id for x in maker.timeline(f, seed) or ())
        return found

    def fits(j: int, k: str, i: int) -> bool:
        """Can the fact at ``j`` be asked as ``k`` at position ``i``?"""
        if not maker.supports(order[j], k):
            return False
        if k != "order" or not few_years:
            return True
        while timelines and i - timelines[0][0] >= window:
            timelines.popleft()
        events = signature(order[j])
        return all(len(events & e) * 2 <= len(events) for _, e in timelines)

    def preference(f: Fact) -> list[str]:
        """The fact's own seeded order of kinds: it breaks ties."""
        turn = int(_unit(seed, "kind", f.id) * len(kinds))
        return [*kinds[turn:], *kinds[:turn]]

    used = dict.fromkeys(kinds, 0)
    out: list[str | None] = []
    previous: str | None = None
    for i in range(len(order)):

        def lag(k: str, i: int = i) -> float:
            return (target[k] * (i + 1) - used[k]) / max(target[k], 1e-9)

        # The kinds furthest behind, in turn: if this fact cannot be one, bring forward a fact a
        # little further on that can.
        for behind in sorted((k for k in kinds if target[k] > 0), key=lag, reverse=True):
            if lag(behind) < 0.5 or fits(i, behind, i):
                break
            ahead = next(
                (j for j in range(i + 1, min(len(order), i + 1 + lookahead)) if fits(j, behind, i)),
                None,
            )
            if ahead is not None:
                order.insert(i, order.pop(ahead))
                break
        prefs = preference(order[i])
        ranked = sorted(prefs, key=lambda k: (lag(k), k != previous), reverse=True)  # stable
        best = next((k for k in ranked if fits(i, k, i)), None)
        if best is None:
            out.append(None)
            continue
        if best == "order" and few_years:
            timelines.append((i, signature(order[i])))
        used[best] += 1
        out.append(best)
        previous = best
    return order, out


def plan_quiz(pack: Pack, settings: QuizSettings, maker: QuizMaker) -> list[tuple[Fact, str, int]]:
    """Which fact is asked in which kind, in order (with the how-many-th time it is asked).

    The cheap part of making a quiz: the questions themselves are made from this plan, all at
    once for an export, or one at a time as a game asks them.
    """
    kinds = tuple(k for k in KINDS if k in settings.kinds)
    if not kinds:
        raise ValueError("no question kinds selected")
    count = settings.count if settings.count is not None else len(pack.facts)
    # Facts that cannot be asked in any requested kind are skipped, not silently repeated.
    askable = [f for f in pack.facts if any(maker.supports(f, k) for k in kinds)]
    facts = select_facts(askable, count, settings.seed, maker._siblings, maker._passages)
    facts, chosen = interleave(maker, facts, kinds, settings.seed)
    serials: dict[str, int] = {}
    plan = []
    for fact, kind in zip(facts, chosen, strict=True):
        if kind is not None:
            serials[fact.id] = serials.get(fact.id, 0) + 1
            plan.append((fact, kind, serials[fact.id]))
    return plan


class LazyQuiz(Sequence[Question]):
    """The questions of a plan, each made the first time it is asked for (and then kept).

    A game shows its first question without waiting for the rest of the round to be made; the
    questions are exactly those :func:`generate_quiz` makes for form A, in the same order.
    """

    def __init__(
        self, maker: QuizMaker, plan: list[tuple[Fact, str, int]], settings: QuizSettings
    ) -> None:
        self._maker, self._plan, self._settings = maker, plan, settings
        self._made: list[Question | None] = [None] * len(plan)

    def __len__(self) -> int:
        return len(self._plan)

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> list[Question]: ...
    def __getitem__(self, index: int | slice) -> Question | list[Question]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        question = self._made[index]
        if question is None:
            fact, kind, serial = self._plan[index]
            question = self._made[index] = self._maker.question(fact, kind, self._settings, serial)
        return question


def generate_quiz(
    pack: Pack, settings: QuizSettings, maker: QuizMaker | None = None
) -> list[Question]:
    """The questions of one form of a quiz, in the order they are asked."""
    maker = maker or QuizMaker(pack)
    questions = list(LazyQuiz(maker, plan_quiz(pack, settings, maker), settings))
    if settings.form:
        rng_for(settings.seed, settings.form, "question-order").shuffle(questions)
    return questions


def questions_for_facts(
    pack: Pack, facts: Sequence[Fact], settings: QuizSettings, maker: QuizMaker | None = None
) -> list[Question]:
    """One question for each of ``facts``, in that order (practice asks what is due)."""
    maker = maker or QuizMaker(pack)
    kinds = tuple(k for k in KINDS if k in settings.kinds)
    chosen = assign_kinds(maker, facts, kinds, settings.seed)
    return [maker.question(f, k, settings) for f, k in zip(facts, chosen, strict=True) if k]


@dataclass
class QuizForm:
    letter: str
    questions: list[Question] = field(default_factory=list)


def generate_forms(pack: Pack, settings: QuizSettings, variants: int = 1) -> list[QuizForm]:
    """``variants`` forms of the same quiz: same facts, different order and option order."""
    maker = QuizMaker(pack)
    forms = []
    for form in range(variants):
        s = QuizSettings(settings.count, settings.kinds, settings.difficulty, settings.seed, form)
        forms.append(QuizForm(form_letter(form), generate_quiz(pack, s, maker)))
    return forms
