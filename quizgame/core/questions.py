"""Questions, typed per kind: what a player is asked, how an answer is checked, how the right
one is shown. Made by :mod:`quizgame.core.maker`; read by the front ends and the exporters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TypedDict

from quizgame.core.answers import is_accepted, normalise
from quizgame.core.vocab import Kind

BLANK = "_____"
ORDER_PROMPT = "Put these events in the order they happened, earliest first."


@dataclass(frozen=True, slots=True)
class Citation:
    doc: str  # the source file's name
    title: str
    quote: str
    citation: str  # title, publisher, date as a reader would cite it


class Common(TypedDict):
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
