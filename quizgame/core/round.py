"""A game as a state machine, shared by the terminal UI and the tests.

The UI owns the clock and the screen; the Round owns the rules: whose turn it is, what an
answer is worth, when the game is over. Nothing here waits, draws or touches the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quizgame.core.generate import (
    Given,
    LazyQuiz,
    Question,
    QuizMaker,
    QuizSettings,
    plan_quiz,
    questions_for_facts,
)
from quizgame.core.packs import Pack
from quizgame.core.scoring import (
    BLITZ_SECONDS,
    SURVIVAL_LIVES,
    Points,
    accuracy,
    answer_points,
    rank_key,
    time_limit,
)
from quizgame.core.vocab import KINDS


@dataclass(frozen=True, slots=True)
class ModeRules:
    name: str
    title: str
    blurb: str
    questions: int | None  # default number of questions (per player in hot-seat); None: open-ended
    per_question_timer: bool = True
    total_seconds: float | None = None  # blitz: the whole round's clock
    lives: int | None = None  # survival: wrong answers allowed


RULES: dict[str, ModeRules] = {
    "classic": ModeRules("classic", "Classic", "10 mixed questions, a timer on each", 10),
    "blitz": ModeRules(
        "blitz",
        "Blitz",
        f"{BLITZ_SECONDS:.0f} seconds: as many as you can",
        None,
        per_question_timer=False,
        total_seconds=BLITZ_SECONDS,
    ),
    "survival": ModeRules(
        "survival",
        "Survival",
        f"go on until {SURVIVAL_LIVES} wrong answers",
        None,
        lives=SURVIVAL_LIVES,
    ),
    "practice": ModeRules(
        "practice",
        "Practice",
        "the facts you are due to review, no timer",
        10,
        per_question_timer=False,
    ),
    "hotseat": ModeRules("hotseat", "Hot-seat", "2–4 players take turns on one keyboard", 5),
}


@dataclass
class PlayerState:
    name: str
    score: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    best_streak: int = 0
    wrong: int = 0
    time_spent: float = 0.0

    @property
    def accuracy(self) -> float:
        """The share of this seat's answers that were right (0 before the first)."""
        return accuracy(self.correct, self.answered) or 0.0


@dataclass(frozen=True, slots=True)
class Outcome:
    question: Question
    player: str
    given: str  # what the player answered, as text ("" for a time-out)
    correct: bool
    exact: bool  # False when a typed answer was accepted despite a typo
    points: Points
    elapsed: float
    timed_out: bool = False
    number: int = 0  # 1-based position in the round


def given_text(question: Question, given: Given) -> str:
    """The player's answer as it is shown back and stored."""
    return question.given_text(given)


@dataclass
class Round:
    questions: Sequence[Question]
    rules: ModeRules
    players: list[PlayerState] = field(default_factory=lambda: [PlayerState("You")])
    index: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    clock_used: float = 0.0  # blitz: seconds spent so far
    ended_early: bool = False

    @classmethod
    def start(
        cls, questions: Sequence[Question], mode: str, players: Sequence[str] = ("You",)
    ) -> Round:
        # Not copied: a LazyQuiz makes each question only when the round reaches it.
        return cls(questions, RULES[mode], [PlayerState(p) for p in players])

    # -- where we are ------------------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        return None if self.finished else self.questions[self.index]

    @property
    def player(self) -> PlayerState:
        return self.players[self.index % len(self.players)]

    @property
    def total(self) -> int | None:
        """How many questions the round has, when that is known in advance."""
        if self.rules.total_seconds is not None or self.rules.lives is not None:
            return None
        return len(self.questions)

    @property
    def finished(self) -> bool:
        if self.ended_early or self.index >= len(self.questions):
            return True
        if self.rules.total_seconds is not None and self.clock_used >= self.rules.total_seconds:
            return True
        return self.rules.lives is not None and all(
            p.wrong >= self.rules.lives for p in self.players
        )

    def time_limit(self) -> float | None:
        """Seconds for the current question, or None when only the round is timed (or nothing)."""
        q = self.current
        if q is None or not self.rules.per_question_timer:
            return None
        return time_limit(q.kind)

    def seconds_left(self) -> float | None:
        """Blitz: what is left of the round's clock."""
        if self.rules.total_seconds is None:
            return None
        return max(0.0, self.rules.total_seconds - self.clock_used)

    def lives_left(self) -> int | None:
        if self.rules.lives is None:
            return None
        return max(0, self.rules.lives - self.player.wrong)

    def turn_changes(self) -> bool:
        """Hot-seat: is the next question someone else's?"""
        return len(self.players) > 1 and not self.finished

    # -- moves -------------------------------------------------------------------------------

    def answer(self, given: Given, elapsed: float) -> Outcome:
        """Score an answer to the current question (index for choice, bool, text, or items)."""
        q = self._require_current()
        correct, exact = q.check(given)
        return self._record(q, q.given_text(given), correct, exact, elapsed, timed_out=False)

    def time_out(self, elapsed: float) -> Outcome:
        """The current question's time ran out: it counts as wrong."""
        q = self._require_current()
        return self._record(q, "", False, True, elapsed, timed_out=True)

    def advance(self) -> None:
        """Move on after the feedback has been seen."""
        self.index += 1

    def end(self) -> None:
        """Stop the round early (the player quit or the blitz clock ran out mid-question)."""
        self.ended_early = True

    def tick(self, seconds: float) -> None:
        """Blitz: spend time from the round's clock while a question is on screen."""
        self.clock_used += seconds

    def _require_current(self) -> Question:
        q = self.current
        if q is None:
            raise RuntimeError("the round is over")
        return q

    def _record(
        self, q: Question, given: str, correct: bool, exact: bool, elapsed: float, timed_out: bool
    ) -> Outcome:
        p = self.player
        limit = self.time_limit()
        if self.rules.name == "blitz":
            limit = 10.0  # a quick answer still earns more in blitz, over a 10-second scale
        elif self.rules.name == "practice":
            limit = None
        points = answer_points(correct, elapsed, limit, p.streak)
        p.answered += 1
        p.time_spent += elapsed
        if correct:
            p.correct += 1
            p.streak += 1
            p.best_streak = max(p.best_streak, p.streak)
            p.score += points.total
        else:
            p.streak = 0
            p.wrong += 1
        outcome = Outcome(
            q, p.name, given, correct, exact, points, elapsed, timed_out, number=self.index + 1
        )
        self.outcomes.append(outcome)
        if self.rules.lives is not None and len(self.players) == 1 and p.wrong >= self.rules.lives:
            self.ended_early = True
        return outcome

    # -- results -----------------------------------------------------------------------------

    def standings(self) -> list[PlayerState]:
        """Players best first: right answers decide, points only break ties."""
        return sorted(self.players, key=lambda p: rank_key(p.correct, p.score), reverse=True)


# --------------------------------------------------------------------------------------------
# Setting up a round


@dataclass(frozen=True, slots=True)
class GameSetup:
    """Everything chosen on the home screen (or on the command line) for one round."""

    mode: str = "classic"
    kinds: tuple[str, ...] = KINDS
    difficulty: str = "medium"
    seed: str = "1"
    questions: int | None = None  # None: the mode's default
    players: tuple[str, ...] = ()  # hot-seat only

    @property
    def rules(self) -> ModeRules:
        return RULES[self.mode]

    def question_count(self, facts: int) -> int:
        """How many questions to prepare: open-ended modes get enough to never run dry."""
        if self.questions is not None and self.rules.questions is not None:
            return self.questions * max(1, len(self.players))
        if self.rules.questions is None:  # blitz, survival
            return max(self.questions or 0, min(300, max(60, facts * 2)))
        return self.rules.questions * max(1, len(self.players))


def build_questions(
    pack: Pack, setup: GameSetup, due: Sequence[str] | None = None, maker: QuizMaker | None = None
) -> Sequence[Question]:
    """The questions of a round, made as the round reaches them (form A of the same quiz that
    ``quizgame export`` writes). Practice asks the ``due`` facts, in that order."""
    settings = QuizSettings(
        count=setup.question_count(len(pack.facts)),
        kinds=setup.kinds,
        difficulty=setup.difficulty,
        seed=setup.seed,
    )
    if setup.mode == "practice":
        index = {f.id: f for f in pack.facts}
        facts = [index[fid] for fid in (due or ()) if fid in index][: settings.count]
        return questions_for_facts(pack, facts, settings, maker)
    maker = maker or QuizMaker(pack)
    return LazyQuiz(maker, plan_quiz(pack, settings, maker), settings)
