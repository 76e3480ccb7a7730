"""Warnings about a valid pack whose questions a teacher would have to edit.

A pack that loads is well formed; these checks look at the questions it makes, as an editor
would: a false statement that cannot be made grammatical, a blank with too little context, wrong
options of another sub-kind than the question asks for, a typed question over an open set, two
facts that quote one sentence or whose questions answer each other, a claim not attributed, a
date the quote does not state. Each warning names ``file:line`` and how to fix it;
``quizgame check --strict`` treats them as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from quizgame.core import grammar
from quizgame.core.distractors import MIN_WRONG_OPTIONS, NUMERIC_KINDS
from quizgame.core.generate import QuizMaker
from quizgame.core.models import Fact, Pack
from quizgame.core.schema import one_line

__all__ = ["CODES", "Lint", "lint_pack"]

# Every kind of warning, as docs/pack-format.md lists them.
CODES = frozenset(
    {
        "grammar",
        "truefalse",
        "cloze",
        "sub-kind",
        "open-set",
        "same-sentence",
        "giveaway",
        "attribution",
        "date",
        "pointer",
    }
)
# "He said ...", "those sessions": words that point at something the question does not name.
_POINTER = re.compile(
    r"^\W*(he|she|it|they|this|that|these|those)\b|\b(these|those|such)\s+\w{3,}s\b", re.IGNORECASE
)

SWAPS_CHECKED = 16  # wrong options tried per statement (true/false uses those that fit)

_OPEN_QUESTION = re.compile(r"^\s*(name|give|list)\s+(a|an|one|any)\b", re.IGNORECASE)
# "Which drummer ...", "Which of these British bands ...", "Name a British band ...".
_WHICH_ROLE = re.compile(
    r"\b(?:which|what|name\s+(?:a|an|one))\s+(?:of\s+these\s+)?(?:[\w-]+\s+)?([\w-]+?)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Lint:
    file: str
    line: int
    code: str
    message: str
    hint: str = ""
    fact: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fact = f" [{self.fact}]" if self.fact else ""
        hint = f" — {self.hint}" if self.hint else ""
        return one_line(f"{where}: warning: {self.message}{fact}{hint} ({self.code})")


class Warn(Protocol):
    """How a check reports one warning (``lint_pack`` collects them)."""

    def __call__(
        self, line: int, code: str, message: str, hint: str, fact: Fact | None = None
    ) -> None: ...


def lint_pack(pack: Pack, file: str) -> list[Lint]:
    """Every warning for ``pack`` (already validated), in the order of the file."""
    maker = QuizMaker(pack)
    out: list[Lint] = []

    def warn(line: int, code: str, message: str, hint: str, fact: Fact | None = None) -> None:
        assert code in CODES, code
        out.append(Lint(file, line, code, message, hint, fact.id if fact else None))

    for fact in pack.facts:
        _swaps(maker, fact, warn)
        _cloze(maker, fact, warn)
        _sub_kinds(maker, pack, fact, warn)
        _open_sets(pack, fact, warn)
        _attribution(pack, fact, warn)
        _dates(fact, warn)
        _pointers(fact, warn)
    _pools(pack, warn)
    _pairs(maker, pack, warn)
    out.sort(key=lambda w: (w.line, w.code))
    return out


def _swaps(maker: QuizMaker, fact: Fact, warn: Warn) -> None:
    if "truefalse" in fact.never:
        return
    if grammar.find(fact.statement, fact.answer) is None:
        warn(
            fact.line,
            "truefalse",
            "the statement does not contain the answer word for word, so it makes no "
            "true/false question",
            "write the answer into the statement, or add never: [truefalse]",
            fact,
        )
        return
    if fact.answer_kind in NUMERIC_KINDS:
        return  # numbers always swap cleanly
    right = {v.casefold() for v in (fact.answer, *fact.aliases, *fact.exclude)}
    if fact.group:
        right |= {m.casefold() for m in maker.pack.groups[fact.group].members}
    compatible: list[str] = []
    for c in maker.candidates(fact.answer_kind, fact.wanted):  # bounded: thousands in a big pack
        if c.value.casefold() not in right:
            compatible.append(c.value)
            if len(compatible) == SWAPS_CHECKED:
                break
    broken = [v for v in compatible if maker.swap(fact, v, render=False) is None]
    if broken and len(broken) == len(compatible):
        warn(
            fact.line,
            "grammar",
            "no wrong option can be swapped into the statement grammatically (e.g. "
            f"'{broken[0]}'), so it makes no true/false question",
            "reword the statement, give the wrong options the traits it needs, or add "
            "never: [truefalse]",
            fact,
        )
    elif broken:
        warn(
            fact.line,
            "grammar",
            f"{len(broken)} of {len(compatible)} wrong options would break the statement's "
            f"grammar when swapped in (e.g. '{broken[0]}'); true/false never uses them",
            "give those values the traits the statement needs (a role word before the answer), "
            "or exclude them",
            fact,
        )


def _cloze(maker: QuizMaker, fact: Fact, warn: Warn) -> None:
    if "cloze" in fact.never or not maker.typed_forward(fact):
        return
    target = maker._cloze_target(fact)
    if target is None:
        return  # the answer is not in the quote: no blank to make, nothing to warn about
    problem = maker.cloze_problem(fact)
    if problem is not None:
        warn(
            fact.line,
            "cloze",
            f"the fill-in-the-blank is not asked: {problem}",
            "add 'context: ...' saying who speaks or what is described, quote a sentence that "
            "holds the answer once, or add never: [cloze]",
            fact,
        )


def _roles_asked(text: str) -> set[str]:
    found = set()
    for m in _WHICH_ROLE.finditer(text):
        words = m.group(0).split()
        for word in words[-2:]:  # the noun, or the word before it ("which drummer did")
            word = (
                word.casefold().rstrip("s")
                if word.casefold() not in grammar.ROLE_WORDS
                else word.casefold()
            )
            if word in grammar.ROLE_WORDS:
                found.add(word)
    return found


def _sub_kinds(maker: QuizMaker, pack: Pack, fact: Fact, warn: Warn) -> None:
    checks: list[tuple[frozenset[str], tuple[str, ...], str]] = [(fact.wanted, fact.questions, "")]
    if fact.reverse is not None:
        checks.append((fact.reverse.wanted, (fact.reverse.question,), "reverse "))
    for (kind, right, exclude), (wanted, questions, which) in zip(
        maker.pool.asked(fact), checks, strict=True
    ):
        if "choice" in fact.never and "truefalse" in fact.never:
            continue
        for q in questions:
            missing = _roles_asked(q) - wanted
            if missing and kind not in NUMERIC_KINDS:
                role = sorted(missing)[0]
                warn(
                    fact.line,
                    "sub-kind",
                    f"the {which}question asks for a {role}, but its wrong options need not be "
                    f"one (they could be any {kind})",
                    f"add '{role}' to the {which}answer's traits or asks, and the trait to the "
                    "pool entries that are one",
                    fact,
                )
        if fact.group and not which:
            for member in pack.groups[fact.group].members:
                known = maker.traits_of(kind, member)
                if known and not wanted <= known:
                    warn(
                        fact.line,
                        "sub-kind",
                        f"group '{fact.group}' member '{member}' is not {sorted(wanted)}, but "
                        "the question asks for that, and the group makes every member right",
                        "keep in the group only answers of the sub-kind the question asks for",
                        fact,
                    )
        traited = [c for c in maker.candidates(kind) if c.traits]
        if traited and not wanted:
            warn(
                fact.line,
                "sub-kind",
                f"wrong options of kind '{kind}' have traits, but this {which}fact asks for "
                f"none, so any {kind} can be offered (a drummer for a guitarist)",
                f"give the {which}answer its traits, or 'asks: [...]' for what a wrong option "
                "must be",
                fact,
            )
        if wanted and kind not in NUMERIC_KINDS:
            usable = maker.pool.usable(kind, right, exclude, wanted)
            if len(usable) < MIN_WRONG_OPTIONS:
                warn(
                    fact.line,
                    "sub-kind",
                    f"only {len(usable)} wrong option{'s' if len(usable) != 1 else ''} of kind "
                    f"'{kind}' have the traits {sorted(wanted)}; {MIN_WRONG_OPTIONS} are needed",
                    f"add pool entries under '{kind}' with traits {sorted(wanted)}",
                    fact,
                )


def _open_sets(pack: Pack, fact: Fact, warn: Warn) -> None:
    if fact.group:
        group = pack.groups[fact.group]
        if group.closed is None and "typed" not in fact.never:
            warn(
                fact.line,
                "open-set",
                f"group '{group.id}' does not say whether it lists every right answer, so the "
                "fact is not asked as a typed question",
                "add 'closed: true' to the group if its members are every right answer, or "
                "'closed: false' to say they are not",
                fact,
            )
        return
    for q in fact.questions:
        if _OPEN_QUESTION.search(q) and "typed" not in fact.never:
            warn(
                fact.line,
                "open-set",
                "the question asks for any one of several answers, but the fact lists only "
                "one (a player typing another true answer would be marked wrong)",
                "declare the answers in a group (closed: true if it lists them all), or add "
                "never: [typed]",
                fact,
            )
            return


def _attribution(pack: Pack, fact: Fact, warn: Warn) -> None:
    source = pack.sources[fact.source]
    if source.attribute and fact.according_to is None:
        warn(
            fact.line,
            "attribution",
            f"source '{source.id}' says its facts are asked as its claims, but this fact is not "
            "attributed",
            f"add 'according_to: {source.id}' and start the statement and questions with "
            f"'According to {source.name}, ...'",
            fact,
        )
    if fact.according_to is not None:
        named = pack.sources[fact.according_to].name
        texts = [fact.statement, *fact.questions]
        if fact.reverse is not None:
            texts.append(fact.reverse.question)
        for text in texts:
            if named.casefold() not in text.casefold():
                warn(
                    fact.line,
                    "attribution",
                    f"the fact is {fact.according_to}'s claim, but '{text[:50]}...' does not "
                    f"name it",
                    f"say 'According to {named}, ...' in the statement and every question",
                    fact,
                )
                break


def _dates(fact: Fact, warn: Warn) -> None:
    if fact.date is not None and str(fact.date.year) not in fact.quote:
        warn(
            fact.line,
            "date",
            f"the fact is dated {fact.date} but its quote does not state that year, so a "
            "timeline would rank it on a date no source gives",
            "remove 'date:' (and 'event:'), or quote the sentence that states the date",
            fact,
        )


def _pointers(fact: Fact, warn: Warn) -> None:
    texts = [fact.statement, *fact.questions]
    if fact.reverse is not None:
        texts.append(fact.reverse.question)
    for text in texts:
        m = _POINTER.search(text)
        if m:
            warn(
                fact.line,
                "pointer",
                f"'{m.group(0).strip()}' in '{text[:50]}...' points at something the question "
                "does not name",
                "name who or what is meant (a question is read on its own)",
                fact,
            )
            return


def _pools(pack: Pack, warn: Warn) -> None:
    for kind, entities in pack.pools.items():
        if any(e.traits for e in entities):
            for e in entities:
                if not e.traits:
                    warn(
                        e.line,
                        "sub-kind",
                        f"pool '{kind}' entry '{e.value}' has no traits, so it is never offered "
                        "where a question asks for a sub-kind",
                        "give it traits like the other entries of the pool",
                    )


def _pairs(maker: QuizMaker, pack: Pack, warn: Warn) -> None:
    line = {f.id: f.line for f in pack.facts}
    by_id = {f.id: f for f in pack.facts}
    for a, others in maker.same_sentences.items():
        for b in sorted(others):
            if line[a] < line[b]:
                warn(
                    line[b],
                    "same-sentence",
                    f"this fact quotes the same sentence as '{a}' (line {line[a]}); asked in one "
                    "quiz, one would give the other away (they are never asked together)",
                    "keep one fact per sentence, or quote another sentence for one of them",
                    by_id[b],
                )
    for a, others in maker.named_answers.items():
        fact = by_id[a]
        questions = [*fact.questions, *((fact.reverse.question,) if fact.reverse else ())]
        for b in sorted(others):
            other = by_id[b]
            answers = [other.answer, *((other.reverse.answer,) if other.reverse else ())]
            if any(grammar.find(q, ans) for q in questions for ans in answers):
                warn(
                    fact.line,
                    "giveaway",
                    f"a question of this fact names the answer of '{b}' (line {line[b]})",
                    "reword the question (the two are never asked in one quiz, but the question "
                    "still tells the answer to anyone who knows the other)",
                    fact,
                )
