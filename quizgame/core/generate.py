"""Questions from facts: five kinds, sound wrong options, reproducible from a seed.

Every random choice is made by a ``random.Random`` seeded from a sha256 of
(seed, form, purpose, fact id), never ``hash()``: the same pack, seed, form and settings give the
same questions on any machine, and adding a fact does not reshuffle the questions of other facts.
Forms (A, B, ...) ask the same facts in another order with other option orders.
"""

from __future__ import annotations

import hashlib
import random
import re
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, TypedDict, overload

from quizgame.core import grammar
from quizgame.core.answers import is_accepted, near_duplicates, normalise
from quizgame.core.distractors import (
    NUMERIC_KINDS,
    Candidate,
    WrongOptionPool,
    is_usable,
    pick_distinct,
)
from quizgame.core.models import Fact, FactDate, Pack
from quizgame.core.vocab import KINDS, Kind

GENERATOR = "quizgame-generator/2"
BLANK = "_____"
OPTIONS = 4
MAX_TYPED_ANSWER = 40  # longer answers (quotes) are not fair to type
SAMPLE = 32  # wrong-option candidates ranked per question when a kind has more than this
ORDER_PROMPT = "Put these events in the order they happened, earliest first."


@dataclass(frozen=True, slots=True)
class Citation:
    doc: str  # the source file's name
    title: str
    quote: str
    citation: str  # title, publisher, date as a reader would cite it


class _Common(TypedDict):
    """What every question made from one fact shares (passed on as ``**common``)."""

    fact: str
    explanation: str
    source: Citation
    difficulty: str
    tags: tuple[str, ...]
    answer_kind: str


#: A player's answer: an option's position or text (choice), a truth (true/false), the text
#: typed (typed, cloze), or the items in the order the player put them (order).
Given = str | int | bool | Sequence[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(ABC):
    """One question, ready to show or export: what every kind shares. Each kind is a subclass
    that holds its own answer, checks a given answer and says what the right answer is."""

    id: str
    fact: str
    prompt: str
    explanation: str
    source: Citation
    difficulty: str
    tags: tuple[str, ...]
    answer_kind: str  # what sort of thing the answer is (the fact's, or its reverse's)

    @property
    @abstractmethod
    def kind(self) -> Kind:
        """The kind's name in the vocabulary (what exports and statistics write)."""

    @abstractmethod
    def check(self, given: Given) -> tuple[bool, bool]:
        """Is ``given`` right? Returns (correct, exact) — exact is False for a forgiven typo."""

    @abstractmethod
    def answer_text(self, *, numbered: bool = False) -> str:
        """The right answer as a teacher marks it: options by letter (or by number, as in the
        game when ``numbered``)."""

    def given_text(self, given: Given) -> str:
        """The player's answer as it is shown back and stored."""
        return str(given)

    def answer_words(self) -> tuple[str, ...]:
        """The right answer's texts as the source quote may have them (to mark them there)."""
        return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceQuestion(Question):
    """Pick the right one of the options."""

    answer: str
    options: tuple[str, ...]  # in presented order, the answer among them

    @property
    def kind(self) -> Kind:
        return Kind.CHOICE

    @property
    def correct_index(self) -> int:
        """The position of the right option."""
        return self.options.index(self.answer)

    def check(self, given: Given) -> tuple[bool, bool]:
        text = self.options[given] if isinstance(given, int) else str(given)
        return text == self.answer, True

    def answer_text(self, *, numbered: bool = False) -> str:
        index = self.correct_index
        return f"{index + 1}  {self.answer}" if numbered else f"{'ABCDEFGH'[index]}) {self.answer}"

    def given_text(self, given: Given) -> str:
        return self.options[given] if isinstance(given, int) else str(given)

    def answer_words(self) -> tuple[str, ...]:
        return (self.answer,)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseQuestion(Question):
    """Is the statement (the prompt, true or made false) true?"""

    answer: bool
    options: ClassVar[tuple[str, str]] = ("True", "False")

    @property
    def kind(self) -> Kind:
        return Kind.TRUEFALSE

    @property
    def correct_index(self) -> int:
        """The position of the right option in ``options``."""
        return 0 if self.answer else 1

    def check(self, given: Given) -> tuple[bool, bool]:
        return bool(given) is self.answer, True

    def answer_text(self, *, numbered: bool = False) -> str:
        return "True" if self.answer else "False"

    def given_text(self, given: Given) -> str:
        return "True" if given else "False"


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedQuestion(Question):
    """Type the answer: to a question (typed), or into the blank of a quote (cloze, ``blank``)."""

    answer: str
    accepted: tuple[str, ...]  # every accepted form
    rivals: tuple[str, ...]  # same-kind values a typo must not be nearer to
    blank: bool = False  # cloze: the prompt is the quote with the answer blanked out

    @property
    def kind(self) -> Kind:
        return Kind.CLOZE if self.blank else Kind.TYPED

    def check(self, given: Given) -> tuple[bool, bool]:
        text = str(given)
        norm = normalise(text)
        if norm and norm in {normalise(a) for a in self.accepted}:
            return True, True
        return is_accepted(text, self.answer, self.accepted, self.rivals), False

    def answer_text(self, *, numbered: bool = False) -> str:
        extra = [a for a in self.accepted if a != self.answer]
        return self.answer + (f"  (also accepted: {'; '.join(extra)})" if extra else "")

    def answer_words(self) -> tuple[str, ...]:
        return (self.answer, *self.accepted)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderQuestion(Question):
    """Put the events of a timeline in the order they happened."""

    answer: tuple[str, ...]  # the items, earliest first
    items: tuple[str, ...]  # as presented
    item_facts: tuple[str, ...]  # the fact of each presented item
    item_dates: tuple[str, ...]  # the date of each presented item

    @property
    def kind(self) -> Kind:
        return Kind.ORDER

    def check(self, given: Given) -> tuple[bool, bool]:
        if isinstance(given, (str, int)):  # not a sequence of items (a bool is an int)
            return False, True
        return tuple(given) == self.answer, True

    def answer_text(self, *, numbered: bool = False) -> str:
        return " → ".join(self.answer)

    def given_text(self, given: Given) -> str:
        if isinstance(given, (str, int)):  # not a sequence of items
            return str(given)
        return " → ".join(given)


@dataclass(frozen=True, slots=True)
class QuizSettings:
    count: int | None = None  # None: one question per fact
    kinds: tuple[str, ...] = KINDS
    difficulty: str = "medium"
    seed: str = "1"
    form: int = 0  # 0 = A, 1 = B, ...

    @property
    def form_letter(self) -> str:
        return form_letter(self.form)


def form_letter(form: int) -> str:
    letters = ""
    n = form
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


# --------------------------------------------------------------------------------------------
# Randomness


def rng_for(seed: str, form: int | str, purpose: str, key: str = "") -> random.Random:
    """A generator for one purpose: stable across machines, runs and Python versions."""
    digest = hashlib.sha256(f"{seed}\x1f{form}\x1f{purpose}\x1f{key}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def _shuffled(rng: random.Random, items: Sequence[str]) -> list[str]:
    out = list(items)
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------------------------
# Wrong options


_INT_RE = re.compile(r"\d+")


class QuizMaker:
    """Makes questions from one pack. Build it once per pack: it indexes values by kind."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.pool = WrongOptionPool(pack.facts, pack.pools, pack.groups)
        self._swaps: dict[str, list[str]] = {}
        self._sites: dict[str, grammar.Site | None] = {}
        self.same_sentences = same_sentence(pack.facts)
        self.named_answers = names_answers(pack.facts)
        self._siblings = _symmetric(self.same_sentences, self.named_answers)
        self._passages = find_passages(pack.facts)
        # Timelines use facts from different years, so their order is never in doubt.
        self._by_year: dict[int, list[Fact]] = {}
        for f in sorted(
            (f for f in pack.facts if f.date is not None), key=lambda f: (f.date, f.id)
        ):
            self._by_year.setdefault(f.date.year, []).append(f)  # type: ignore[union-attr]
        self._years = sorted(self._by_year)
        self._tied = _tied(pack.facts)
        self._supports: dict[tuple[str, str], bool] = {}

    def traits_of(self, kind: str, value: str) -> frozenset[str]:
        """Everything the pack says a value is (a guitarist, a band, British ...)."""
        return self.pool.traits_of(kind, value)

    def candidates(self, kind: str, wanted: frozenset[str] = frozenset()) -> list[Candidate]:
        """The values of ``kind`` that have every trait in ``wanted``: compatible wrong options."""
        return self.pool.candidates(kind, wanted)

    def siblings(self, fact: Fact) -> frozenset[str]:
        """The facts that quote the same sentence as ``fact``, or that show its answer (or it
        theirs): never asked in one quiz."""
        return self._siblings.get(fact.id, frozenset())

    def value(self, kind: str, text: str) -> grammar.Value:
        return grammar.Value(text, kind, self.traits_of(kind, text))

    def false_statements(self, fact: Fact) -> list[str]:
        """The wrong options that make a grammatical false statement, in pool order."""
        found = self._swaps.get(fact.id)
        if found is None:
            found = self._swaps[fact.id] = [
                c.value
                for c in self.candidates(fact.answer_kind, fact.wanted)
                if is_usable(c.value, c.norm, self._right(fact), self._right_values(fact))
                and self.swap(fact, c.value, render=False) is not None
            ]
        return found

    def _can_swap(self, fact: Fact) -> bool:
        """Does some wrong option make a grammatical false statement? (Stops at the first.)"""
        right = self._right(fact)
        return any(
            is_usable(c.value, c.norm, right, self._right_values(fact))
            and self.swap(fact, c.value, render=False) is not None
            for c in self.candidates(fact.answer_kind, fact.wanted)
        ) or (fact.answer_kind in NUMERIC_KINDS and _INT_RE.search(fact.answer) is not None)

    def swap(self, fact: Fact, wrong: str, *, render: bool = True) -> str | None:
        """The statement with ``wrong`` in place of the answer, or None if not grammatical."""
        if fact.id in self._sites:
            site = self._sites[fact.id]
        else:
            answer = grammar.Value(
                fact.answer, fact.answer_kind, self.traits_of(fact.answer_kind, fact.answer)
            )
            site = self._sites[fact.id] = grammar.Site.find(fact.statement, answer)
        if site is None:
            return None
        return site.fill(self.value(fact.answer_kind, wrong), render=render)

    def _right_values(self, fact: Fact) -> tuple[str, ...]:
        return (fact.answer, *fact.aliases, *self.pack.also_true(fact))

    def _right(self, fact: Fact) -> set[str]:
        return {normalise(v) for v in (*self._right_values(fact), *fact.exclude)}

    # -- what a fact can make ----------------------------------------------------------------

    def supports(self, fact: Fact, kind: str) -> bool:
        """Can ``fact`` be asked as a question of ``kind``? (Remembered: quizzes ask often.)"""
        key = (fact.id, kind)
        known = self._supports.get(key)
        if known is None:
            known = self._supports[key] = self._supports_uncached(fact, kind)
        return known

    def _supports_uncached(self, fact: Fact, kind: str) -> bool:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if kind in fact.never:
            return False
        if kind == "choice":
            return True
        if kind == "truefalse":
            # A group that does not list every right answer: a false statement could not be
            # checked against the sources ("Page played on songs by Cream" may be true).
            return (
                self._closed_or_alone(fact)
                and _find(fact.statement, fact.answer) is not None
                and self._can_swap(fact)
            )
        if kind == "typed":
            return self.typed_forward(fact) or self.typed_reverse(fact)
        if kind == "cloze":
            return self.cloze_problem(fact) is None
        return self.timeline_problem(fact) is None  # order

    def kinds_made(self) -> tuple[str, ...]:
        """The kinds of question the pack can make, in the usual order."""
        return tuple(k for k in KINDS if any(self.supports(f, k) for f in self.pack.facts))

    def timeline_problem(self, fact: Fact) -> str | None:
        """Why ``fact`` makes no timeline, or None when it makes one."""
        if fact.date is None:
            return "the fact has no date"
        if len(self._years) < 3:
            return "fewer than three dated years"
        if self.timeline(fact, "") is None:
            return (
                "every timeline would hold events tied by 'follows': their order is plain from"
                " what they mean"
            )
        return None

    def _closed_or_alone(self, fact: Fact) -> bool:
        """Is every right answer known: no group, or a group that says it is ``closed``?"""
        group = self.pack.groups.get(fact.group) if fact.group else None
        return group is None or group.closed is True

    def typed_forward(self, fact: Fact) -> bool:
        """Can the answer be typed? Not a long one, and not one of an open set the pack cannot
        list (a group that does not say it is ``closed``: a player would type a true answer
        that the pack does not know)."""
        return _typable(fact.answer, fact.answer_kind) and self._closed_or_alone(fact)

    def typed_reverse(self, fact: Fact) -> bool:
        return fact.reverse is not None and _typable(fact.reverse.answer, fact.reverse.kind)

    def cloze_problem(self, fact: Fact) -> str | None:
        """Why the fact makes no fill-in-the-blank question, or None when it makes one."""
        if "cloze" in fact.never:
            return "the fact says never: [cloze]"
        if not self.typed_forward(fact):
            return "the answer cannot be typed"
        target = self._cloze_target(fact)
        if target is None:
            return "neither the answer nor an alias is in the quote"
        text = self._blanked(fact, target)
        if text.count(BLANK) > 1:
            return "the answer occurs more than once in the quote, so it would have several blanks"
        return grammar.cloze_problem(text, BLANK, self._cloze_lead(fact))

    def _cloze_lead(self, fact: Fact) -> str | None:
        """What is said before the blanked quote: the fact's context, and for a claim of one
        source, that source's name."""
        lead = fact.context
        if fact.according_to is not None:
            name = self.pack.sources[fact.according_to].name
            # "On what Page did besides Led Zeppelin, according to one article …:"
            lead = f"{lead.rstrip(':')}, according to {name}:" if lead else f"According to {name}:"
        return lead

    def _cloze_target(self, fact: Fact) -> str | None:
        for form in sorted((fact.answer, *fact.aliases), key=len, reverse=True):
            if _find(fact.quote, form) is not None:
                return form
        return None

    def _blanked(self, fact: Fact, target: str) -> str:
        text = " ".join(fact.quote.split())
        forms = sorted({fact.answer, *fact.aliases, target}, key=len, reverse=True)
        for form in forms:  # blank every occurrence, so the answer is not shown elsewhere
            while (span := _find(text, form)) is not None:
                text = text[: span[0]] + BLANK + text[span[1] :]
        return text

    # -- wrong options -----------------------------------------------------------------------

    def wrong_options(
        self,
        fact: Fact,
        kind: str,
        answer: str,
        aliases: Sequence[str],
        n: int,
        difficulty: str,
        rng: random.Random,
        *,
        also_true: Sequence[str] = (),
        exclude: Sequence[str] = (),
        date: FactDate | None = None,
        tags: Iterable[str] = (),
        wanted: frozenset[str] = frozenset(),
        fits: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """``n`` values of ``kind`` that are wrong, distinct, not near the right answers, and of
        the sub-kind the question asks for (every trait in ``wanted``)."""
        right = [answer, *aliases, *also_true]
        banned = {normalise(v) for v in (*right, *exclude)}
        tagset = frozenset(tags)
        pool = self.candidates(kind, wanted)
        # A sample bounds the work on big packs; difficulty then ranks the sample.
        sample = (
            pool if len(pool) <= SAMPLE else [pool[rng.randrange(len(pool))] for _ in range(SAMPLE)]
        )
        numeric = (
            _numeric_neighbours(answer, difficulty, rng)
            if kind in NUMERIC_KINDS and _INT_RE.search(answer)
            else []
        )
        if difficulty == "medium":  # any wrong option will do: no need to rank them
            ordered = [c.value for c in sample if c.norm not in banned] + numeric
            rng.shuffle(ordered)
        else:
            ranked = sorted(
                (
                    (self._closeness(c, date, tagset, answer), rng.random(), c)
                    for c in sample
                    if c.norm not in banned
                ),
                key=lambda t: (t[0], t[1]),
                reverse=True,
            )
            candidates = [c.value for _, _, c in ranked]
            candidates = (numeric + candidates) if difficulty == "hard" else (candidates + numeric)
            ordered = candidates if difficulty == "hard" else candidates[::-1]
            # Prefer the chosen end of the ranking, but keep some variety inside it.
            third = max(n, len(ordered) // 3)
            ordered = _shuffled(rng, ordered[:third]) + ordered[third:]
        chosen = pick_distinct(ordered, n, banned, right, fits)
        if len(chosen) < n and len(sample) < len(pool):  # the sample was unlucky: use everything
            rest = [c.value for c in pool if c.norm not in banned]
            rng.shuffle(rest)
            chosen = pick_distinct(chosen + rest, n, banned, right, fits)
        return chosen

    @staticmethod
    def _closeness(c: Candidate, date: FactDate | None, tags: frozenset[str], answer: str) -> float:
        """How confusable a candidate is: same era and same topics score higher."""
        score = 0.0
        if date is not None and c.date is not None:
            score += max(0.0, 3.0 - abs(c.date.year - date.year) / 2)
        score += len(c.tags & tags)
        # Similar length makes the right option harder to spot by its shape.
        score += 1.0 - min(1.0, abs(len(c.value) - len(answer)) / max(8, len(answer)))
        return score

    # -- questions ---------------------------------------------------------------------------

    def _common(self, fact: Fact, difficulty: str) -> _Common:
        """What every question of ``fact`` shares: its explanation, source, tags."""
        source = self.pack.source_of(fact)
        return _Common(
            fact=fact.id,
            explanation=fact.statement,
            source=Citation(source.file, source.title, fact.quote, source.citation()),
            difficulty=difficulty,
            tags=fact.tags,
            answer_kind=fact.answer_kind,
        )

    def question(self, fact: Fact, kind: str, settings: QuizSettings, serial: int = 1) -> Question:
        seed, form, difficulty = settings.seed, settings.form, settings.difficulty
        rng = rng_for(seed, form, kind, fact.id)
        common = self._common(fact, difficulty)
        qid = f"{fact.id}:{kind}" + (f":{serial}" if serial > 1 else "")
        if kind in ("choice", "typed") and fact.reverse is not None:
            reverse_ok = kind == "choice" or self.typed_reverse(fact)
            forward_ok = kind == "choice" or self.typed_forward(fact)
            if reverse_ok and (not forward_ok or rng.random() < 0.5):
                rev = fact.reverse
                common["answer_kind"] = rev.kind
                return self._ask(
                    fact,
                    kind,
                    qid + ":r",
                    rev.question,
                    rev.answer,
                    rev.aliases,
                    (),
                    rev.kind,
                    (),
                    settings,
                    rng,
                    common,
                    rev.wanted,
                )
        prompt = fact.questions[0] if len(fact.questions) == 1 else rng.choice(fact.questions)
        if kind in ("choice", "typed"):
            return self._ask(
                fact,
                kind,
                qid,
                prompt,
                fact.answer,
                fact.aliases,
                self.pack.also_true(fact),
                fact.answer_kind,
                fact.exclude,
                settings,
                rng,
                common,
                fact.wanted,
            )
        if kind == "truefalse":
            return self._truefalse(fact, qid, difficulty, rng, common)
        if kind == "cloze":
            return self._cloze(fact, qid, rng, common)
        if kind == "order":
            return self._order(fact, qid, seed, form, common)
        raise ValueError(f"unknown kind {kind!r}")

    def every_question(self, fact: Fact, kind: str, settings: QuizSettings) -> list[Question]:
        """Every question of ``kind`` that ``fact`` can produce, for an author to read: each
        phrasing and the reverse question; for true/false the true statement and every false one.
        Wrong options are one seeded draw (the pools can give others)."""
        if not self.supports(fact, kind):
            return []
        rng = rng_for(settings.seed, settings.form, "review", fact.id)
        common = self._common(fact, settings.difficulty)
        out: list[Question] = []
        if kind in ("choice", "typed"):
            forward = kind == "choice" or self.typed_forward(fact)
            for i, prompt in enumerate(fact.questions if forward else ()):
                out.append(
                    self._ask(
                        fact,
                        kind,
                        f"{fact.id}:{kind}:{i + 1}",
                        prompt,
                        fact.answer,
                        fact.aliases,
                        self.pack.also_true(fact),
                        fact.answer_kind,
                        fact.exclude,
                        settings,
                        rng,
                        _Common(**common),
                        fact.wanted,
                    )
                )
            rev = fact.reverse
            if rev is not None and (kind == "choice" or self.typed_reverse(fact)):
                out.append(
                    self._ask(
                        fact,
                        kind,
                        f"{fact.id}:{kind}:r",
                        rev.question,
                        rev.answer,
                        rev.aliases,
                        (),
                        rev.kind,
                        (),
                        settings,
                        rng,
                        _Common(**{**common, "answer_kind": rev.kind}),
                        rev.wanted,
                    )
                )
            return out
        if kind == "truefalse":
            statements = [(fact.statement, True)] + [
                (s, False) for w in self.false_statements(fact) if (s := self.swap(fact, w))
            ]
            return [
                TrueFalseQuestion(
                    id=f"{fact.id}:truefalse:{i + 1}", prompt=text, answer=truth, **common
                )
                for i, (text, truth) in enumerate(statements)
            ]
        return [self.question(fact, kind, settings)]

    def _ask(
        self,
        fact: Fact,
        kind: str,
        qid: str,
        prompt: str,
        answer: str,
        aliases: Sequence[str],
        also_true: Sequence[str],
        answer_kind: str,
        exclude: Sequence[str],
        settings: QuizSettings,
        rng: random.Random,
        common: _Common,
        wanted: frozenset[str] = frozenset(),
    ) -> ChoiceQuestion | TypedQuestion:
        wrong = self.wrong_options(
            fact,
            answer_kind,
            answer,
            aliases,
            OPTIONS - 1,
            settings.difficulty,
            rng,
            also_true=also_true,
            exclude=exclude,
            date=fact.date,
            tags=fact.tags,
            wanted=wanted,
        )
        if kind == "typed":
            return TypedQuestion(
                id=qid,
                prompt=prompt,
                answer=answer,
                accepted=_accepted(answer, *aliases, *also_true),
                rivals=tuple(wrong),
                **common,
            )
        # Keep "the longest option is the right one" from becoming a tell.
        longest = max((len(w) for w in wrong), default=0)
        if len(answer) > longest and rng.random() < 0.6:
            longer = self.wrong_options(
                fact,
                answer_kind,
                answer,
                aliases,
                12,
                "medium",
                rng,
                also_true=also_true,
                exclude=(*exclude, *wrong),
                date=fact.date,
                tags=fact.tags,
                wanted=wanted,
            )
            longer = [
                w
                for w in longer
                if len(w) >= len(answer) and not any(near_duplicates(w, x) for x in wrong)
            ]
            if longer and wrong:
                wrong[rng.randrange(len(wrong))] = rng.choice(longer)
        options = _shuffled(rng, wrong)
        options.insert(rng.randrange(len(options) + 1), answer)
        return ChoiceQuestion(
            id=qid, prompt=prompt, answer=answer, options=tuple(options), **common
        )

    def _truefalse(
        self, fact: Fact, qid: str, difficulty: str, rng: random.Random, common: _Common
    ) -> TrueFalseQuestion:
        span = _find(fact.statement, fact.answer)
        assert span is not None, "truefalse needs the answer inside the statement"
        truth = rng.random() < 0.5
        statement = fact.statement
        if not truth:
            # Only wrong options that make a grammatical sentence (see grammar.swap).
            ranked = self.wrong_options(
                fact,
                fact.answer_kind,
                fact.answer,
                fact.aliases,
                1,
                difficulty,
                rng,
                also_true=self.pack.also_true(fact),
                exclude=fact.exclude,
                date=fact.date,
                tags=fact.tags,
                wanted=fact.wanted,
                fits=lambda w: self.swap(fact, w, render=False) is not None,
            )
            if not ranked:  # supports() promised a swap: the ranking sample missed them all
                ranked = self.false_statements(fact)[:1]
            swapped = self.swap(fact, ranked[0])
            assert swapped is not None
            statement = swapped
        return TrueFalseQuestion(id=qid, prompt=statement, answer=truth, **common)

    def _cloze(self, fact: Fact, qid: str, rng: random.Random, common: _Common) -> TypedQuestion:
        target = self._cloze_target(fact)
        assert target is not None, "cloze needs the answer inside the quote"
        text = self._blanked(fact, target)
        quote = " ".join(fact.quote.split())
        span = _find(quote, target)
        shown = quote[span[0] : span[1]] if span is not None else target  # "Muzak" as written
        lead = self._cloze_lead(fact)
        if lead:
            text = f"{lead} {_quoted(text) if lead.endswith(':') else text}"
        wrong = self.wrong_options(
            fact,
            fact.answer_kind,
            fact.answer,
            fact.aliases,
            3,
            "medium",
            rng,
            also_true=self.pack.also_true(fact),
            exclude=fact.exclude,
            wanted=fact.wanted,
        )
        return TypedQuestion(
            id=qid,
            prompt=text,
            answer=shown,  # what fills the blank as the sentence has it ("lift", not "a lift")
            accepted=_accepted(shown, fact.answer, *fact.aliases),
            rivals=tuple(wrong),
            blank=True,
            **common,
        )

    def timeline(self, fact: Fact, seed: str) -> list[Fact] | None:
        """The facts of ``fact``'s timeline for ``seed``, in order: one from each of 2 or 3 other
        years, no two tied by ``follows`` (an order that meaning alone gives away is not asked);
        None when there are no such facts. The work is bounded by the number of years, not of
        facts, so big packs stay fast."""
        if fact.date is None or len(self._years) < 3:
            return None
        pick = rng_for(seed, "", "order-items", fact.id)
        others = [y for y in self._years if y != fact.date.year]
        size = 4 if len(others) >= 3 and pick.random() < 0.5 else 3
        if not self._tied:  # nothing is tied: any fact of any year will do
            chosen = [fact] + [pick.choice(self._by_year[y]) for y in pick.sample(others, size - 1)]
        else:
            found = self._untied(fact, others, size, pick) or self._untied(fact, others, 3, None)
            if found is None:
                return None
            chosen = found
        return sorted(chosen, key=lambda f: f.date)  # type: ignore[arg-type, return-value]

    def _untied(
        self, fact: Fact, years: list[int], size: int, pick: random.Random | None
    ) -> list[Fact] | None:
        """``size`` facts, ``fact`` first, from different years and tied to none of the others:
        picked at random (``pick``), or else the first such set in the pack's order."""
        order = pick.sample(years, len(years)) if pick else years
        chosen = [fact]
        banned = set(self._tied.get(fact.id, ()))
        for year in order:
            members = self._by_year[year]
            if pick:
                members = pick.sample(members, len(members))
            free = next((f for f in members if f.id not in banned), None)
            if free is not None:
                chosen.append(free)
                banned |= self._tied.get(free.id, frozenset())
                if len(chosen) == size:
                    return chosen
        if pick is None and len(chosen) < size:
            return self._search(fact, years, size)
        return None

    def _search(self, fact: Fact, years: list[int], size: int) -> list[Fact] | None:
        """Every combination, in order, for the rare pack where the first free fact of each
        year blocks a later year: bounded by the tied facts, which authors list by hand."""

        def extend(
            chosen: list[Fact], banned: frozenset[str], rest: list[int]
        ) -> list[Fact] | None:
            if len(chosen) == size:
                return chosen
            for i, year in enumerate(rest):
                for f in self._by_year[year]:
                    if f.id not in banned:
                        found = extend(
                            [*chosen, f], banned | self._tied.get(f.id, frozenset()), rest[i + 1 :]
                        )
                        if found:
                            return found
            return None

        return extend([fact], self._tied.get(fact.id, frozenset()), years)

    def _order(self, fact: Fact, qid: str, seed: str, form: int, common: _Common) -> OrderQuestion:
        # The facts of a timeline depend on the seed only; forms differ in presentation.
        # One fact from each of 2 or 3 other years: the work is bounded by the number of years,
        # not of facts, so big packs stay fast.
        ordered = self.timeline(fact, seed)
        assert ordered is not None  # only asked of a fact that supports it
        shown = rng_for(seed, form, "order", fact.id)
        presented = list(ordered)
        while presented == ordered:
            shown.shuffle(presented)
        # Every event with its date, not only the fact's own: the answer is the order of all.
        common["explanation"] = (
            "In order: " + "; ".join(f"{f.date}, {f.label}" for f in ordered) + "."
        )
        return OrderQuestion(
            id=qid,
            prompt=ORDER_PROMPT,
            answer=tuple(f.label for f in ordered),
            items=tuple(f.label for f in presented),
            item_facts=tuple(f.id for f in presented),
            item_dates=tuple(str(f.date) for f in presented),
            **common,
        )


_ARTICLE = re.compile(r"(?i)(?:the|an?)\s+(?=\S)")


def _accepted(*values: str) -> tuple[str, ...]:
    """Every accepted answer, and each one that starts with an article without it ("the
    diversity of his work" and "diversity of his work"): the game's matcher ignores a leading
    article, and a quiz imported elsewhere (Moodle, Canvas) must accept what the game does."""
    out: dict[str, None] = {}
    for value in values:
        out[value] = None
        bare = _ARTICLE.sub("", value, count=1) if _ARTICLE.match(value) else value
        if bare != value:
            out[bare] = None
    return tuple(out)


def no_questions(pack: Pack, asked: Sequence[str], maker: QuizMaker | None = None) -> str:
    """Why a quiz of the kinds ``asked`` is empty, and which kinds to ask for instead."""
    made = (maker or QuizMaker(pack)).kinds_made()
    if not made:
        return f"pack {pack.id} can make no questions at all; see `quizgame check {pack.id}`"
    return (
        f"pack {pack.id} makes no {' or '.join(asked)} questions; it makes "
        f"{', '.join(made)} (choose with --kinds)"
    )


def _quoted(text: str) -> str:
    """``text`` as a quotation after a lead ("Jimmy Page, on …:"): in curly double quotes, with
    the quotation marks it holds turned into single ones."""
    if text[:1] in '\u201c"' and text.rstrip(".")[-1:] in '\u201d"':
        return text  # already a quotation from end to end
    inner = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    inner = re.sub(r'"(?=\w)', "\u2018", inner).replace('"', "\u2019")
    return f"\u201c{inner}\u201d"


def _typable(answer: str, kind: str) -> bool:
    return kind != "quote" and len(answer) <= MAX_TYPED_ANSWER and len(answer.split()) <= 6


_find = grammar.find


def _numeric_neighbours(answer: str, difficulty: str, rng: random.Random) -> list[str]:
    """Nearby values for a number or year: the same text with the number moved."""
    m = _INT_RE.search(answer)
    assert m is not None
    value = int(m.group())
    is_year = 1000 <= value <= 2999 and len(m.group()) == 4
    if is_year:
        steps = {"hard": (1, 2, 3), "medium": (1, 2, 3, 4, 5), "easy": (4, 5, 6, 7, 8, 10)}[
            difficulty
        ]
    else:
        base = max(1, round(value * 0.05)) if value >= 20 else 1  # 81 → 77, 85, 89…
        steps = tuple(
            base * k for k in {"hard": (1, 2), "medium": (1, 2, 3), "easy": (3, 4, 5)}[difficulty]
        )
    values = {value + s for s in steps} | {value - s for s in steps if value - s >= 0}
    values.discard(value)
    out = [answer[: m.start()] + str(v) + answer[m.end() :] for v in sorted(values)]
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------------------------
# Quizzes


def capacity(pack: Pack) -> dict[str, int]:
    """How many questions of each kind the pack can make (one per fact)."""
    maker = QuizMaker(pack)
    return {kind: sum(maker.supports(f, kind) for f in pack.facts) for kind in KINDS}


_SHINGLE = 6  # quotes sharing a run of this many words come from one sentence


def _shingles(quote: str) -> set[tuple[str, ...]]:
    words = normalise(quote).split()
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


#: Facts quoting neighbouring sentences tell one passage of a document: asked in one quiz, one
#: confirms or hints at the other (a song, the session it came from). Further apart, the pack's
#: ``episode`` says which facts tell one story; a wider reach would keep apart facts that do not.
PASSAGE = 1


def same_sentence(facts: Iterable[Fact], reach: int = 0) -> dict[str, frozenset[str]]:
    """For each fact, the other facts whose quotes share a sentence with it (or, with
    ``reach``, quote sentences at most that far apart): sentences of the same document, as the
    loader located the quote, or, for facts made without a document, a run of six words in
    common."""
    by_shingle: dict[tuple[str, object], list[str]] = {}
    for f in facts:
        keys: Iterable[object] = (
            {n + step for n in f.sentences for step in range(reach + 1)}
            if f.sentences
            else _shingles(f.quote)
        )
        for key in keys:
            by_shingle.setdefault((f.source, key), []).append(f.id)
    out: dict[str, set[str]] = {}
    for ids in by_shingle.values():
        if len(ids) > 1:
            for a in ids:
                out.setdefault(a, set()).update(b for b in ids if b != a)
    return {k: frozenset(v) for k, v in out.items()}


def shown_text(fact: Fact) -> tuple[str, ...]:
    """Everything a player may read before answering one of the fact's questions."""
    texts = [*fact.questions, fact.statement, fact.quote, fact.context or ""]
    if fact.reverse is not None:
        texts.append(fact.reverse.question)
    return tuple(t for t in texts if t)


_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped and "&" read as "and": a quick cousin of
    :func:`normalise` for scanning long texts."""
    text = text.casefold().replace("\u2019", "").replace("'", "").replace("&", " and ")
    return _TOKEN.findall(text)


def names_answers(facts: Sequence[Fact]) -> dict[str, frozenset[str]]:
    """For each fact, the other facts whose answer (or an alias of it) it shows (in a question,
    its statement, its quote or its context): asked in one quiz, one would answer the other.

    Compared as words: each text's runs of words are looked up among the answers, so the work
    grows with the length of the texts, not with facts times answers.
    """
    owners: dict[str, set[str]] = {}
    for f in facts:
        forms = (
            f.answer,
            *f.aliases,
            *((f.reverse.answer, *f.reverse.aliases) if f.reverse else ()),
        )
        for a in forms:
            words = _tokens(a)
            while len(words) > 1 and words[0] in ("the", "a", "an"):
                words = words[1:]
            norm = " ".join(words)
            if len(norm) >= 3:
                owners.setdefault(norm, set()).add(f.id)
    # A value that answers many facts ("1967" in a pack of years) tells nothing about any one.
    owners = {norm: ids for norm, ids in owners.items() if len(ids) <= 3}
    if not owners:
        return {}
    import ahocorasick  # imported when a quiz is planned, not when the game starts

    # Every answer as words between spaces; a one-word answer also as the start of a longer word
    # ("bass" in "bassist"). One pass of an Aho-Corasick automaton over each text finds them all.
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for norm, ids in owners.items():
        automaton.add_word(f" {norm}" if " " not in norm and len(norm) >= 4 else f" {norm} ", ids)
    automaton.make_automaton()
    out: dict[str, set[str]] = {}
    for f in facts:
        found: set[str] = set()
        for text in shown_text(f):
            for _end, ids in automaton.iter(f" {' '.join(_tokens(text))} "):
                found |= ids
        found.discard(f.id)
        if found:
            out[f.id] = found
    return {k: frozenset(v) for k, v in out.items()}


def _tied(facts: Sequence[Fact]) -> dict[str, frozenset[str]]:
    """For each fact in a ``follows`` chain, every fact before or after it in the chain."""
    after: dict[str, set[str]] = {}
    for f in facts:
        for earlier in f.follows:
            after.setdefault(earlier, set()).add(f.id)
    if not after:
        return {}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in after.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    out: dict[str, set[str]] = {}
    for start in {*after, *(x for xs in after.values() for x in xs)}:
        for later in reach(start) - {start}:
            out.setdefault(start, set()).add(later)
            out.setdefault(later, set()).add(start)
    return {k: frozenset(v) for k, v in out.items()}


def find_siblings(facts: Sequence[Fact]) -> dict[str, frozenset[str]]:
    """Facts never asked in one quiz: same sentence, or one shows the other's answer (both
    ways round)."""
    return _symmetric(same_sentence(facts), names_answers(facts))


def find_passages(facts: Iterable[Fact]) -> dict[str, frozenset[str]]:
    """Facts that hint at each other, kept apart when the quiz allows: one passage (sentences
    at most PASSAGE apart) or one ``episode`` (as the pack says)."""
    facts = list(facts)
    episodes: dict[str, list[str]] = {}
    for f in facts:
        if f.episode:
            episodes.setdefault(f.episode, []).append(f.id)
    same_episode = {
        a: frozenset(b for b in ids if b != a)
        for ids in episodes.values()
        if len(ids) > 1
        for a in ids
    }
    return _symmetric(same_sentence(facts, PASSAGE), same_episode)


def _symmetric(*tables: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for table in tables:
        for a, bs in table.items():
            for b in bs:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


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
        return bool(mine) and any(x in mine for x in recent)  # type: ignore[operator]

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
