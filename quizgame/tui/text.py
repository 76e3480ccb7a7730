"""Text from packs, made safe to show: never markup, never a terminal control sequence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from quizgame.core.controls import pictured, removed

if TYPE_CHECKING:
    from quizgame.core.round import GameSetup


def literal(text: str) -> str:
    """``text`` with control characters replaced by their visible pictures, so an escape
    sequence in a pack prints as "␛[31m" instead of changing the terminal."""
    return pictured(text)


def without_controls(text: str) -> str:
    """``text`` with control characters (but not tab and line breaks) removed: for pastes."""
    return removed(text, keep="\t\n\r")


def plain(text: str, style: str = "") -> Text:
    """A Rich Text that shows ``text`` exactly: square brackets and all."""
    return Text(literal(text), style=style)


def highlight(quote: str, needles: list[str], style: str = "bold reverse") -> Text:
    """The quote with every occurrence of the answer (or an accepted form) highlighted."""
    text = plain(" ".join(quote.split()))
    for needle in sorted({n for n in needles if n.strip()}, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(literal(needle)) + r"(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text.plain):
            text.stylize(style, m.start(), m.end())
    return text


#: How each kind of question is named on screen: in full (question header, stats) and short
#: (the checkboxes that pick kinds).
KIND_TITLES = {
    "choice": "Multiple choice",
    "truefalse": "True or false",
    "typed": "Type the answer",
    "cloze": "Fill in the blank",
    "order": "Timeline",
}
#: Where even the short names do not fit on one line (the home screen under 80 columns).
KIND_TINY = {
    "choice": "choice",
    "truefalse": "t/f",
    "typed": "typed",
    "cloze": "blank",
    "order": "order",
}
KIND_SHORT = {
    "choice": "choice",
    "truefalse": "true/false",
    "typed": "typed",
    "cloze": "fill-in",
    "order": "timeline",
}


def number(n: int) -> str:
    """Every number on screen is written one way: with thousands separators (5,319)."""
    return f"{n:,}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun agreeing with it: "1 answer", "2 answers", "3 lives"."""
    return f"{number(n)} {noun if n == 1 else plural or noun + 's'}"


def replay_command(setup: GameSetup, pack_id: str, pack_ref: str | None = None) -> str | None:
    """The command that plays the same round again, or None when no command can (practice asks
    whatever is due on the day, so the same seed does not give the same questions).

    Every setting that changes the questions is spelled out: pack (unless it is the default),
    mode, questions, kinds, difficulty, seed, and for hot-seat the players.
    """
    import shlex

    from quizgame.core.vocab import KINDS

    if setup.mode == "practice":
        return None
    parts = ["quizgame", "play"]
    if pack_ref or pack_id != "jimmy-page":
        parts += ["--pack", pack_ref or pack_id]
    if setup.mode != "classic":
        parts += ["--mode", setup.mode]
    if setup.questions is not None:
        parts += ["--questions", str(setup.questions)]
    if tuple(setup.kinds) != tuple(KINDS):
        parts += ["--kinds", ",".join(setup.kinds)]
    if setup.difficulty != "medium":
        parts += ["--difficulty", setup.difficulty]
    if setup.mode == "hotseat" and setup.players:
        parts += ["--players", ",".join(setup.players)]
    parts += ["--seed", str(setup.seed)]
    return shlex.join(parts)
