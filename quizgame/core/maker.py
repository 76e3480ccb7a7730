"""QuizMaker: the questions one pack can make, with sound wrong options and grammatical
statements, reproducible from a seed.

Every random choice is made by a ``random.Random`` seeded from a sha256 of
(seed, form, purpose, fact id), never ``hash()``: the same pack, seed, form and settings give the
same questions on any machine, and adding a fact does not reshuffle the questions of other facts.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from quizgame.core import grammar
from quizgame.core.answers import near_duplicates, normalise
from quizgame.core.distractors import (
    NUMERIC_KINDS,
    Candidate,
    WrongOptionPool,
    is_usable,
    pick_distinct,
)
from quizgame.core.models import Fact, FactDate, Pack
from quizgame.core.questions import (
    BLANK,
    ORDER_PROMPT,
    ChoiceQuestion,
    Citation,
    Common,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.core.relations import (
    find_passages,
    names_answers,
    same_sentence,
    symmetric,
    tied_events,
)
from quizgame.core.vocab import KINDS

GENERATOR = "quizgame-generator/2"
OPTIONS = 4
MAX_TYPED_ANSWER = 40  # longer answers (quotes) are not fair to type
SAMPLE = 32  # wrong-option candidates ranked per question when a kind has more than this


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
        self._siblings = symmetric(self.same_sentences, self.named_answers)
        self._passages = find_passages(pack.facts)
        # Timelines use facts from different years, so their order is never in doubt.
        self._by_year: dict[int, list[Fact]] = {}
        dated = [(f.date, f) for f in pack.facts if f.date is not None]
        for date, f in sorted(dated, key=lambda pair: (pair[0], pair[1].id)):
            self._by_year.setdefault(date.year, []).append(f)
        self._years = sorted(self._by_year)
        self.tied_events = tied_events(pack.facts)
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

    def _common(self, fact: Fact, difficulty: str) -> Common:
        """What every question of ``fact`` shares: its explanation, source, tags."""
        source = self.pack.source_of(fact)
        return Common(
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
                return self._reverse(fact, kind, qid + ":r", settings, rng, common)
        prompt = fact.questions[0] if len(fact.questions) == 1 else rng.choice(fact.questions)
        if kind in ("choice", "typed"):
            return self._forward(fact, kind, qid, prompt, settings, rng, common)
        if kind == "truefalse":
            return self._truefalse(fact, qid, difficulty, rng, common)
        if kind == "cloze":
            return self._cloze(fact, qid, rng, common)
        if kind == "order":
            return self._order(fact, qid, seed, form, common)
        raise ValueError(f"unknown kind {kind!r}")

    def _forward(
        self,
        fact: Fact,
        kind: str,
        qid: str,
        prompt: str,
        settings: QuizSettings,
        rng: random.Random,
        common: Common,
    ) -> Question:
        """``fact`` asked as written, with ``prompt``: its answer, aliases and group."""
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
            Common(**common),
            fact.wanted,
        )

    def _reverse(
        self,
        fact: Fact,
        kind: str,
        qid: str,
        settings: QuizSettings,
        rng: random.Random,
        common: Common,
    ) -> Question:
        """``fact`` asked the other way round (its ``reverse``), whose answer is of its own kind."""
        rev = fact.reverse
        assert rev is not None
        return self._ask(
            fact,
            kind,
            qid,
            rev.question,
            rev.answer,
            rev.aliases,
            (),
            rev.kind,
            (),
            settings,
            rng,
            Common(**{**common, "answer_kind": rev.kind}),
            rev.wanted,
        )

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
                qid = f"{fact.id}:{kind}:{i + 1}"
                out.append(self._forward(fact, kind, qid, prompt, settings, rng, common))
            if fact.reverse is not None and (kind == "choice" or self.typed_reverse(fact)):
                qid = f"{fact.id}:{kind}:r"
                out.append(self._reverse(fact, kind, qid, settings, rng, common))
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
        common: Common,
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
        self, fact: Fact, qid: str, difficulty: str, rng: random.Random, common: Common
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

    def _cloze(self, fact: Fact, qid: str, rng: random.Random, common: Common) -> TypedQuestion:
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
        if not self.tied_events:  # nothing is tied: any fact of any year will do
            chosen = [fact] + [pick.choice(self._by_year[y]) for y in pick.sample(others, size - 1)]
        else:
            found = self._untied(fact, others, size, pick) or self._untied(fact, others, 3, None)
            if found is None:
                return None
            chosen = found
        return sorted(chosen, key=_date_of)

    def _untied(
        self, fact: Fact, years: list[int], size: int, pick: random.Random | None
    ) -> list[Fact] | None:
        """``size`` facts, ``fact`` first, from different years and tied to none of the others:
        picked at random (``pick``), or else the first such set in the pack's order."""
        order = pick.sample(years, len(years)) if pick else years
        chosen = [fact]
        banned = set(self.tied_events.get(fact.id, ()))
        for year in order:
            members = self._by_year[year]
            if pick:
                members = pick.sample(members, len(members))
            free = next((f for f in members if f.id not in banned), None)
            if free is not None:
                chosen.append(free)
                banned |= self.tied_events.get(free.id, frozenset())
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
                            [*chosen, f],
                            banned | self.tied_events.get(f.id, frozenset()),
                            rest[i + 1 :],
                        )
                        if found:
                            return found
            return None

        return extend([fact], self.tied_events.get(fact.id, frozenset()), years)

    def _order(self, fact: Fact, qid: str, seed: str, form: int, common: Common) -> OrderQuestion:
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


def _date_of(fact: Fact) -> FactDate:
    """A timeline's fact's date (every fact in a timeline has one)."""
    assert fact.date is not None
    return fact.date


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
