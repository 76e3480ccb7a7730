"""Deciding whether a typed answer counts as right.

Pure Python (standard library only), no UI imports: the TUI calls :func:`is_accepted` for every
typed answer and the exporters call it in bulk, so both functions are cheap and
:func:`normalise` is memoised.

The rules, in order (see ``docs/answers.md`` for the player-facing version and the table of
examples that ``tests/unit/test_answers.py`` checks row by row):

1. Both sides are normalised (:func:`normalise`): accents, case, apostrophes, punctuation,
   ``&``, a leading "the"/"a"/"an" and extra spaces stop mattering.
2. Nothing typed (after normalising) is never right.
3. An exact match with the answer or one of its aliases is right.
4. Otherwise small typos are forgiven, per target (the answer or alias compared with):
   none below 5 characters, 1 from 5 characters, 2 from 10 characters (the length of the
   normalised target, spaces between words included). A transposition ("Paeg") is one typo
   (optimal string alignment distance).
5. No typos at all when the target or the typed text contains a digit (years, numbers).
6. Not when the typed text equals a rival (another option / another thing of the same kind),
   nor when some rival is at least as close as the best matching target.
7. Not across a different number of words: a fragment ("Jeff" for "Jeff Beck") or extra words
   ("Yardbirds band") is wrong. The only word-count difference forgiven is spacing alone:
   "LedZeppelin" differs from "Led Zeppelin" by one missing space, which is one typo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["is_accepted", "near_duplicates", "normalise", "typo_budget"]

#: Words dropped from the front of an answer ("The Yardbirds" == "Yardbirds").
ARTICLES = frozenset({"the", "a", "an"})

# Apostrophe-like characters: removed outright, so "Page's" == "Pages" == "Page’s".
# They are removed before NFKD too, because NFKD turns the acute accent (U+00B4) into
# "space + combining accent", which would split the word.
_APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u2032\u00b4`\uff07"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_APOSTROPHE_SET = frozenset(_APOSTROPHES)

# Letters that carry a "stroke" rather than a combining accent, so NFKD leaves them alone.
_TRANSLITERATE = {
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ł": "l",
    "ŀ": "l",
    "ı": "i",
    "ŧ": "t",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
}

# A comma used as a thousands separator ("1,000" == "1000"); any other comma is a space.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

# Typo budget by normalised target length: (minimum length, edits allowed), longest first.
_BUDGET = ((10, 2), (5, 1))


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Return the comparison form of ``text``.

    Unicode NFKD with combining marks stripped ("Beyoncé" -> "beyonce"), case-folded,
    apostrophes removed ("Page's" -> "pages"; ’ ‘ count as apostrophes), ``&`` -> "and",
    thousands commas removed ("1,000" -> "1000"), every other punctuation mark, symbol, hyphen
    or dash -> a space, decimal digits of any script -> ASCII, leading articles ("the", "a",
    "an") dropped unless the article is the only word, whitespace collapsed and stripped.

    The result contains only letters, ASCII digits and single spaces, and
    ``normalise(normalise(x)) == normalise(x)``.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise() needs a str, not {type(text).__name__}")
    s = unicodedata.normalize("NFKD", text.translate(_DROP_APOSTROPHES)).casefold()
    # casefold can produce new precomposed/compatibility characters ("ǰ", "ΐ"): decompose again.
    s = unicodedata.normalize("NFKD", s)
    s = _THOUSANDS.sub("", s)
    out: list[str] = []
    for ch in s:
        if ch.isascii() and ch.isalnum():  # fast path for the common case
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        major = cat[0]
        if major == "M" or cat == "Cf" or ch in _APOSTROPHE_SET:
            continue  # accents, zero-width characters, soft hyphens, apostrophes
        if ch == "&":
            out.append(" and ")
        elif cat == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        elif major in "LN":
            out.append(_TRANSLITERATE.get(ch, ch))
        else:
            out.append(" ")  # punctuation, symbols, hyphens, dashes, whitespace, controls
    words = "".join(out).split()
    start = 0
    while len(words) - start > 1 and words[start] in ARTICLES:
        start += 1
    return " ".join(words[start:])


def typo_budget(target: str) -> int:
    """How many typos are forgiven against ``target`` (already normalised).

    0 below 5 characters, 1 from 5, 2 from 10; always 0 when the target contains a digit.
    """
    if _has_digit(target):
        return 0
    length = len(target)
    for minimum, edits in _BUDGET:
        if length >= minimum:
            return edits
    return 0


def is_accepted(
    given: str,
    answer: str,
    aliases: Iterable[str] | None = (),
    rivals: Iterable[str] | None = (),
) -> bool:
    """Is the typed ``given`` an acceptable answer for ``answer`` (or one of its ``aliases``)?

    ``rivals`` are the other options / other things of the same kind: the typed text must be
    strictly nearer the answer than any of them. Rivals equal (after normalising) to the answer
    or an alias are ignored. A single string passed as ``aliases`` or ``rivals`` is treated as
    one value, not as a sequence of characters; ``None`` means none.
    """
    typed = normalise(given)
    if not typed:
        return False
    targets = {normalise(answer)}
    targets.update(normalise(alias) for alias in _values(aliases))
    targets.discard("")
    if typed in targets:
        return True

    others = {normalise(rival) for rival in _values(rivals)}
    others -= targets
    others.discard("")
    if typed in others:
        return False
    if _has_digit(typed):
        return False  # numbers and years: exact only

    best: int | None = None
    typed_words = typed.count(" ")
    for target in targets:
        budget = typo_budget(target)
        if budget == 0 or abs(len(target) - len(typed)) > budget:
            continue
        if target.count(" ") != typed_words and target.replace(" ", "") != typed.replace(" ", ""):
            continue  # a different number of words is only forgiven when it is just spacing
        distance = _distance(typed, target, budget)
        if distance <= budget and (best is None or distance < best):
            best = distance
    if best is None:
        return False

    # Ambiguous: some rival is at least as close as the answer we would accept.
    return all(_distance(typed, rival, best) > best for rival in others)


def _distance(a: str, b: str, cutoff: int) -> int:
    """The optimal string alignment distance of ``a`` and ``b``, or ``cutoff + 1`` if larger.

    Optimal string alignment counts insertions, deletions, substitutions and swaps of two
    neighbouring characters, no character edited twice ("Paeg" is one typo from "Page"):
    rapidfuzz's ``OSA``. Two exact bounds skip it for most pairs: lengths differing by more than
    the cutoff, and character sets differing by more than ``2 * cutoff`` (an edit adds or
    removes at most two of the characters a text is made of; a swap none). rapidfuzz is
    imported on the first real comparison, so starting the game does not pay for it.
    """
    if abs(len(a) - len(b)) > cutoff or len(set(a).symmetric_difference(b)) > 2 * cutoff:
        return cutoff + 1
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b, score_cutoff=cutoff))


def _values(values: Iterable[str] | None) -> Iterable[str]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return values


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


@lru_cache(maxsize=16384)
def _shape(norm: str) -> tuple[frozenset[str], str, bool, int, int, frozenset[str]]:
    """What near_duplicates compares of a normalised text, worked out once per text: its words,
    its characters without spaces, whether it has a digit, its spaces, its typo budget and the
    set of its characters."""
    return (
        frozenset(norm.split()),
        norm.replace(" ", ""),
        _has_digit(norm),
        norm.count(" "),
        typo_budget(norm),
        frozenset(norm),
    )


def near_duplicates(a: str, b: str) -> bool:
    """Would two options look like the same thing? ("Neil Christian" / "... and the Crusaders")"""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return True
    words_a, joined_a, digit_a, spaces_a, budget_a, chars_a = _shape(na)
    words_b, joined_b, digit_b, spaces_b, budget_b, chars_b = _shape(nb)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True
    if joined_a == joined_b:
        return True
    # A typo apart (one or two edits on long values) reads as the same option. More than two
    # characters longer or shorter can never be that close: skip the fuzzy match.
    if abs(len(na) - len(nb)) > 2:
        return False
    # is_accepted(a, b) or is_accepted(b, a), in one measurement: both need texts without digits
    # and with as many words (equal but for spacing returned above), and then accept a distance
    # up to the budget of the text typed against (which bounds the difference in length too).
    if not na or not nb or digit_a or digit_b or spaces_a != spaces_b:
        return False
    budget = max(budget_a, budget_b)
    if budget == 0 or len(chars_a ^ chars_b) > 2 * budget:  # see _distance
        return False
    return _distance(na, nb, budget) <= budget
