"""Grammatical text when one answer is swapped for another in a sentence.

A false true/false statement is the true statement with the answer replaced by a wrong option.
Done naively that breaks English: "The Rolling Stones' 'Heart of Stone'" becomes "Shirley Bassey'
'Heart of Stone'", "the chance" becomes "the the chance", "a alchemist", "the singer The Doors".
:func:`swap` rebuilds the words around the answer (article, possessive, capital letter, verb
agreement, a role word before a name) for the new value, and returns ``None`` when it cannot
make the sentence grammatical, so the caller asks the fact some other way. Articles and plurals
come from ``inflect`` rather than hand-written rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = [
    "Site",
    "Value",
    "capitalise",
    "cloze_problem",
    "find",
    "grammatical_number",
    "possessive",
    "split_article",
    "swap",
]

ARTICLES = ("the", "a", "an")
# Words after which an article on the inserted value would be doubled ("no a run-through").
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "no",
        "any",
        "his",
        "her",
        "its",
        "their",
        "my",
        "your",
        "our",
        "this",
        "that",
        "these",
        "those",
        "every",
        "each",
        "some",
    ]
)
# Verbs whose form depends on the number of a subject right before them.
_AGREEING = frozenset(["is", "are", "was", "were", "has", "have", "does", "do"])
# Words naming what someone or something is, which the inserted value must also be.
ROLE_WORDS = frozenset(
    [
        "singer",
        "drummer",
        "bassist",
        "guitarist",
        "keyboardist",
        "organist",
        "pianist",
        "producer",
        "band",
        "group",
        "duo",
        "singer-songwriter",
        "vocalist",
    ]
)
# Kinds whose values are titles: a title is one thing, whatever its last word ("Good Vibrations").
TITLE_KINDS = frozenset(
    [
        "song",
        "album",
        "documentary",
        "film",
        "book",
        "quote",
        "work",
        "title",
        "single",
        "record",
        "show",
    ]
)
_APOSTROPHES = ("\u2019", "'")
_LAST_WORD = re.compile(r"(\w[\w-]*)(\s+)$")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_SENTENCE_END = re.compile(r"(^|[.!?:]\s+[\u201c\u2018\"']?|^[\u201c\u2018\"'])$")
# Pronouns and demonstratives that point at something the blanked sentence does not name.
_POINTERS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "i",
        "we",
        "you",
        "that",
        "this",
        "those",
        "these",
        "there",
        "his",
        "her",
        "its",
        "their",
        "him",
        "them",
    ]
)
MIN_CLOZE_WORDS = 6


@cache
def _engine():  # type: ignore[no-untyped-def]
    import inflect  # imported when first needed: starting the game does not pay for it

    return inflect.engine()


@dataclass(frozen=True, slots=True)
class Value:
    """A value as the grammar sees it: its text, its kind, and the traits the pack gives it."""

    text: str
    kind: str = ""
    traits: frozenset[str] = frozenset()


def find(text: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``text`` as whole words, ignoring case.

    Plain string search rather than a regular expression per needle: a big pack has thousands
    of different answers, which would thrash the ``re`` module's compiled-pattern cache.
    """
    if not needle.strip():
        return None
    hay, pin = text.casefold(), needle.casefold()
    if len(hay) != len(text) or len(pin) != len(needle):  # casefold changed lengths: be exact
        m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text, flags=re.IGNORECASE)
        return (m.start(), m.end()) if m else None
    start = hay.find(pin)
    while start != -1:
        end = start + len(pin)
        before = hay[start - 1] if start else " "
        after = hay[end] if end < len(hay) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return start, end
        start = hay.find(pin, start + 1)
    return None


def split_article(text: str) -> tuple[str, str]:
    """("the", "Marquee Club") for "the Marquee Club"; ("", "Cream") when there is none."""
    head, _, rest = text.partition(" ")
    if rest and head.casefold() in ARTICLES:
        return head, rest
    return "", text


@lru_cache(maxsize=4096)
def _plural_word(word: str) -> bool:
    return bool(word) and word[-1:].lower() == "s" and bool(_engine().singular_noun(word))


def grammatical_number(value: Value) -> str:
    """'plural' or 'singular': "The Kinks are", "Shirley Bassey is", "Good Vibrations is"."""
    if "plural" in value.traits:
        return "plural"
    if value.traits & {"singular", "solo", "person", "female", "male"} or value.kind in (
        TITLE_KINDS | {"person", "year", "age"}
    ):
        return "singular"
    last = value.text.split()[-1] if value.text.split() else ""
    if re.fullmatch(r"[\u2019']?\d+[\u2019']?s", last):
        return "plural"  # a decade: "the 1960s", "the '60s"
    # A name is plural when it is "The <plural noun>" (The Kinks, The Everly Brothers); other
    # names ending in -s are one thing (Mars, John Paul Jones, Keith Richards).
    words = re.findall(r"[A-Za-z]+", value.text)
    if len(words) > 1 and words[0] == "The" and _plural_word(words[-1]):
        return "plural"
    return "singular"


def possessive(value: Value, apostrophe: str = "\u2019") -> str:
    """ "The Rolling Stones’", "Petula Clark’s", "Jeff Beck’s"."""
    if value.text.endswith("s") and grammatical_number(value) == "plural":
        return value.text + apostrophe
    return value.text + apostrophe + "s"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_article(article: str, bare: str) -> str:
    """``bare`` with an article of the same sort as ``article`` ("a" -> "an" before a vowel)."""
    if article.casefold() in ("a", "an"):
        return str(_engine().a(bare))
    return f"{article} {bare}" if article else bare


@dataclass(frozen=True, slots=True)
class Site:
    """Where an answer sits in a statement, and what the words around it demand of a value put
    there: worked out once per statement, then :meth:`fill` is cheap for every wrong option."""

    answer: Value
    left: str  # the text before the answer (without an "a"/"an" the value must choose)
    right: str  # the text after the answer (without a possessive the value must rebuild)
    article: str  # "a" when the statement's own "a"/"an" stood before the answer
    capital_article: bool  # that article started with a capital letter
    after_determiner: bool  # "the", "no", "his", a possessive ... just before the answer
    after_the: bool
    role: str  # a role word just before the answer ("drummer"), or ""
    possessive_mark: str  # the apostrophe of a possessive after the answer, or ""
    agrees: bool  # a verb after the answer agrees with it
    starts_sentence: bool

    @classmethod
    def find(cls, statement: str, answer: Value) -> Site | None:
        span = find(statement, answer.text)
        if span is None:
            return None
        start, end = span
        left, right = statement[:start], statement[end:]
        tail = len(left) - 60 if len(left) > 60 else 0  # only the words just before matter
        before = _LAST_WORD.search(left, tail)
        word = before.group(1).casefold() if before else ""
        article = ""
        capital = False
        if before is not None and word in ("a", "an"):
            article, capital = "a", before.group(1)[0].isupper()
            left = left[: before.start()]
        mark = ""
        for m in _APOSTROPHES:
            if right.startswith(m + "s") and not right[2:3].isalpha():
                mark, right = m, right[2:]
                break
            if right.startswith(m) and answer.text.endswith("s") and not right[1:2].isalpha():
                mark, right = m, right[1:]
                break
        follows = _NEXT_WORD.match(right)
        return cls(
            answer=answer,
            left=left,
            right=right,
            article=article,
            capital_article=capital,
            after_determiner=not article
            and (word in _DETERMINERS or left.rstrip().endswith(_possessive_ends())),
            after_the=word == "the",
            role=word if (word in ROLE_WORDS or word in answer.traits) else "",
            possessive_mark=mark,
            agrees=follows is not None and follows.group(1).casefold() in _AGREEING,
            starts_sentence=_SENTENCE_END.search(left, tail) is not None,
        )

    def fill(self, new: Value, *, render: bool = True) -> str | None:
        """The statement with ``new`` in the answer's place, or None if it cannot be
        grammatical (see :func:`swap`)."""
        if self.role and self.role not in new.traits:
            return None  # "singer The Doors", "drummer Ray Davies"
        new_article, new_bare = split_article(new.text)
        proper_the = new_article == "The"  # "The Kinks": the article is part of the name
        if self.article:
            # The statement carries the article: make it fit the new value's first sound.
            if proper_the:
                return None  # "a The Kinks"
            text = _with_article("a", new_bare) if render else f"a {new_bare}"
            if self.capital_article:
                text = capitalise(text)
        elif self.after_determiner:
            if proper_the and not self.after_the:
                return None  # "his The Kinks"
            text = new_bare  # "the chance", never "the the chance"; "no run-through"
        else:
            # The value carries its own article, if any, as the pack writes it ("a lift",
            # "The Kinks", "fame", "the 100 Club"): the pack lists values as they are said.
            text = new.text
        if self.possessive_mark:  # "The Rolling Stones’" -> "Petula Clark’s"
            text = possessive(Value(text, new.kind, new.traits), self.possessive_mark)
        if self.agrees and grammatical_number(self.answer) != grammatical_number(new):
            return None  # "The Kinks were" never becomes "Shirley Bassey were"
        if self.starts_sentence:
            text = capitalise(text)
        return self.left + text + self.right


def swap(statement: str, answer: Value, new: Value, *, render: bool = True) -> str | None:
    """``statement`` with ``answer`` replaced by ``new``, grammatical, or None if it cannot be.

    Handles: the article of the inserted value (matching the answer's, never doubled after
    "the"/"no"/"his" ..., "a"/"an" chosen by sound), a possessive after the answer, a capital at
    the start of a sentence, a verb that agrees with the answer, and a role word ("singer",
    "drummer") before the answer that the new value must also be.

    ``render=False`` only decides whether the swap is possible (the article's sound never
    decides that), without loading the inflection tables: a quiz plan asks this of every fact.
    """
    site = Site.find(statement, answer)
    return None if site is None else site.fill(new, render=render)


def _possessive_ends() -> tuple[str, ...]:
    return ("\u2019s", "'s", "s\u2019", "s'")


def cloze_problem(text: str, blank: str, context: str | None) -> str | None:
    """Why a fill-in-the-blank text cannot be answered from what it shows, or None if it can.

    A blank needs enough words around it, and the text must say whom it is about: it must not
    start with a pronoun that points outside it ("He remains ___", "I saw this ___", "That
    song's ___ status"), unless the fact gives a ``context`` that says who is speaking or what is
    described. (Whether only one answer fits is for the author to judge: ``quizgame review``.)
    """
    words = [w for w in text.replace(blank, " ").split() if any(c.isalnum() for c in w)]
    if len(words) < MIN_CLOZE_WORDS:
        return f"only {len(words)} words around the blank; at least {MIN_CLOZE_WORDS} are needed"
    if context:
        return None
    first = re.sub(r"^\W+", "", text.split()[0]).casefold() if text.split() else ""
    if first in _POINTERS:
        return f"it starts with '{first}', which points at something the text does not name"
    return None
