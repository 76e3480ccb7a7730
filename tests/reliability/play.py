"""Playing the real game in its terminal: wait for a question, press a key, wait for "Saved to".

What is on screen is the only thing these helpers trust: a question counts as answerable when its
number, its prompt and its answer keys (in the footer) are showing; an answer counts as saved
when the feedback panel says "Saved to".
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizgame.core.generate import Question
from quizgame.core.packs import Pack, load_pack
from quizgame.core.round import GameSetup, build_questions

from .terminal import TIMEOUT, TerminalGame

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"
KINDS = ("choice", "truefalse")

_PACK: Pack | None = None


def bundled() -> Pack:
    global _PACK
    if _PACK is None:
        _PACK = load_pack(BUNDLED)
    return _PACK


def planned(seed: str, count: int) -> list[Question]:
    """The questions ``quizgame play --seed S --questions N --kinds choice,truefalse`` asks."""
    return build_questions(bundled(), GameSetup(kinds=KINDS, seed=seed, questions=count))


def play_args(data_dir: Path, seed: str, count: int, *extra: str) -> list[str]:
    return [
        "--data-dir",
        str(data_dir),
        "play",
        "--seed",
        seed,
        "--questions",
        str(count),
        "--kinds",
        ",".join(KINDS),
        *extra,
    ]


def collapsed(screen: str) -> str:
    """The screen as one line of words (a prompt wraps over several rows)."""
    return " ".join(screen.split())


@dataclass(frozen=True)
class Given:
    """One answer as the player gave it: which question, which key, what it means."""

    number: int
    question_id: str
    key: str
    given: str


class Player:
    """Answers the questions of one round in a TerminalGame, by key, at random (seeded)."""

    def __init__(self, game: TerminalGame, questions: list[Question], rng: random.Random) -> None:
        self.game = game
        self.questions = questions
        self.rng = rng
        self.saved: list[Given] = []  # answers the screen said were saved, in order
        self.pressed: Given | None = None  # an answer key sent, not yet shown as saved
        #: False when the game cannot save (a notice said so): each answer must say "Not saved".
        self.expect_saved = True

    @property
    def total(self) -> int:
        return len(self.questions)

    def question_ready(self, number: int) -> Callable[[str], bool]:
        """On screen: question ``number``'s header, prompt and every answer it offers."""
        q = self.questions[number - 1]
        if q.kind == "choice":
            labels = [f"{n} {collapsed(opt)}" for n, opt in enumerate(q.options, 1)]
        else:
            labels = ["t True", "f False"]

        def ready(screen: str) -> bool:
            words = collapsed(screen)
            return (
                f"Question {number}/{self.total}" in screen.splitlines()[0]
                and collapsed(q.prompt) in words
                and all(label in words for label in labels)
                and "Your answer:" not in words
            )

        return ready

    def wait_question(self, number: int, timeout: float = TIMEOUT) -> None:
        self.game.wait_for(self.question_ready(number), timeout)

    def press_answer(self, number: int) -> Given:
        """Send the key for an answer to question ``number`` (on screen) and remember it."""
        q = self.questions[number - 1]
        if q.kind == "choice":
            index = self.rng.randrange(len(q.options))
            key = self.rng.choice((str(index + 1), "abcd"[index]))
            given = Given(number, q.id, key, q.options[index])
        else:
            key = self.rng.choice("tf")
            given = Given(number, q.id, key, "True" if key == "t" else "False")
        self.pressed = given
        self.game.send(key)
        return given

    def wait_saved(self, timeout: float = TIMEOUT) -> None:
        """Wait until the feedback says the answer is saved (or, if not expected, "Not saved").

        A key that arrives in the instant between a question being drawn and the game taking
        answers is ignored, as it would be for a player; the key is then pressed again (once
        the answer is taken, further presses do nothing).
        """
        assert self.pressed is not None
        try:
            self.game.wait_for(lambda s: "Your answer:" in s, timeout=2)
        except AssertionError:
            self.game.send(self.pressed.key)
        screen = self.game.wait_for(lambda s: "Saved to" in s or "Not saved" in s, timeout)
        if self.expect_saved:
            assert "Not saved" not in screen, screen
            self.saved.append(self.pressed)
        else:
            assert "Saved to" not in screen, screen
        self.pressed = None

    def answer(self, number: int) -> Given:
        """Answer question ``number`` and wait until the screen says it is saved."""
        self.wait_question(number)
        given = self.press_answer(number)
        self.wait_saved()
        return given

    def next(self) -> None:
        self.game.send("\r")

    def play_through(self) -> None:
        """Answer every question, then wait for the results screen."""
        for number in range(1, self.total + 1):
            self.answer(number)
            self.next()
        self.game.wait_for("Round over")


# -- reading the profile back ---------------------------------------------------------------------


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def integrity(db: Path) -> list[tuple]:
    with connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def games(db: Path) -> list[tuple]:
    """(id, seed, finished, total, correct) of every game, oldest first."""
    with connect(db) as conn:
        return conn.execute(
            "SELECT id, seed, finished, total, correct FROM games ORDER BY id"
        ).fetchall()


def answers(db: Path, game: int) -> list[tuple[str, str]]:
    """(question id, given) of a game's answers, in the order given."""
    with connect(db) as conn:
        return conn.execute(
            "SELECT question_id, given FROM answers WHERE game_id = ? ORDER BY id", (game,)
        ).fetchall()


def toast_text(screen: str) -> str:
    """The text of the notifications on screen (drawn right of a ▌ bar), without spaces."""
    parts = [line.split("▌", 1)[1] for line in screen.splitlines() if "▌" in line]
    return "".join("".join(parts).split())


def no_spaces(text: str) -> str:
    return "".join(text.split())
