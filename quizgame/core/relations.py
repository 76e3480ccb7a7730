"""Facts that must not share a quiz, or should not: one quotes the other's sentence, shows the
other's answer, tells the same passage or episode, or is tied to it in time (``follows``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from quizgame.core.answers import normalise
from quizgame.core.models import Fact

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


def tied_events(facts: Sequence[Fact]) -> dict[str, frozenset[str]]:
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
    return symmetric(same_sentence(facts), names_answers(facts))


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
    return symmetric(same_sentence(facts, PASSAGE), same_episode)


def symmetric(*tables: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for table in tables:
        for a, bs in table.items():
            for b in bs:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}
