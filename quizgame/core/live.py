"""A live class game as a state machine: the rules of ``quizgame classroom``, with no network.

The classroom server owns the sockets and the clock; :class:`LiveGame` owns the rules: who is
seated, which question is open and until when, whether an answer counts and what it is worth,
and what each student and the teacher may see. Every method that depends on time takes ``now``
(seconds on a monotonic clock) from the caller, so the tests drive time by hand.

Phases::

    lobby ──open_next──► question ──close (time up, all answered, skip)──► reveal
                            ▲  pause/resume                                   │
                            │                                           show_leaderboard
                            └───────────────open_next────────────── leaderboard
    any phase ──end──► finished   (open_next after the last question also finishes)

A student never sees a question's answer before its reveal: :meth:`LiveGame.student_view` builds
the page's data from an explicit list of public fields.

Points are the game's own (:mod:`quizgame.core.scoring`): speed and streak count, and rankings
go by right answers first. With ``speed_points=False`` every right answer is worth the same
:data:`FLAT_POINTS` and no streak bonus is given, so only the number of right answers ranks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizgame.core.questions import (
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
)
from quizgame.core.scoring import answer_points, rank_key
from quizgame.core.scoring import time_limit as kind_time_limit

PHASES = ("lobby", "question", "reveal", "leaderboard", "finished")
MAX_NAME = 20  # characters: fits a phone's lobby line and the projector's leaderboard
MAX_TYPED = 200  # characters of a typed answer
FLAT_POINTS = 1000  # a right answer without speed points
LEADERBOARD_SIZE = 5


class LiveError(Exception):
    """A request the rules refuse; ``reason`` is a sentence for the person who made it."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def clean_name(raw: object) -> str:
    """A student's name as shown everywhere, or LiveError saying what is wrong with it.

    NFC, surrounding spaces trimmed, inner runs of spaces collapsed; 1 to MAX_NAME characters;
    no control, format (bidi overrides, zero-width) or unassigned characters.
    """
    if not isinstance(raw, str):
        raise LiveError("bad-name", "Type a name.")
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise LiveError("bad-name", "Type a name.")
    if len(name) > MAX_NAME:
        raise LiveError("bad-name", f"A name can be at most {MAX_NAME} characters.")
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise LiveError(
                "bad-name", "A name can only use letters, digits, spaces and punctuation."
            )
    return name


@dataclass
class Seat:
    """One student: a seat keeps its name, token and score across reloads and reconnections."""

    seat: int
    name: str
    token: str
    score: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    kicked: bool = False


@dataclass(frozen=True, slots=True)
class LiveAnswer:
    seat: int
    question: int  # 0-based index
    given: Any  # int (choice), bool (truefalse), str (typed, cloze), tuple[str, ...] (order)
    given_text: str
    correct: bool
    exact: bool
    points: int
    elapsed: float


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int  # 1-based; equal results share a rank (1, 1, 3)
    seat: Seat


def public_question(q: Question, number: int, total: int) -> dict[str, Any]:
    """What a student's page may know about a question while it is open: never the answer."""
    data: dict[str, Any] = {"number": number, "total": total, "kind": q.kind, "prompt": q.prompt}
    if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
        data["options"] = list(q.options)
    elif isinstance(q, OrderQuestion):
        data["items"] = list(q.items)
    return data


def parse_answer(q: Question, raw: object) -> Any:
    """The answer a page sent, in the form :meth:`Question.check` takes, or LiveError."""
    bad = LiveError("bad-answer", "That answer does not fit this question.")
    if isinstance(q, ChoiceQuestion):
        if type(raw) is not int or not 0 <= raw < len(q.options):
            raise bad
        return raw
    if isinstance(q, TrueFalseQuestion):
        if type(raw) is not bool:
            raise bad
        return raw
    if isinstance(q, OrderQuestion):
        if (
            not isinstance(raw, list)
            or not all(isinstance(x, str) for x in raw)
            or sorted(raw) != sorted(q.items)
        ):
            raise bad
        return tuple(raw)
    if not isinstance(raw, str):
        raise bad
    text = " ".join(raw.split())
    if not text:
        raise LiveError("bad-answer", "Type an answer first.")
    if len(text) > MAX_TYPED:
        raise LiveError("bad-answer", f"An answer can be at most {MAX_TYPED} characters.")
    return text


def _answer_shown(q: Question) -> str:
    """The right answer as the page and projector show it (no option letters: the page has
    coloured buttons, not lettered ones)."""
    return q.answer if isinstance(q, ChoiceQuestion) else q.answer_text()


@dataclass
class LiveGame:
    """One class game from lobby to podium. See the module docstring for the phases."""

    questions: Sequence[Question]
    time_limit: float | None = None  # seconds per question; None: by kind (docs/scoring.md)
    speed_points: bool = True
    phase: str = "lobby"
    index: int = -1  # the current (or last) question; -1 in the lobby
    seats: dict[int, Seat] = field(default_factory=dict)
    answers: dict[int, dict[int, LiveAnswer]] = field(default_factory=dict)
    opened_at: float = 0.0
    deadline: float = 0.0
    paused_left: float | None = None  # seconds left when paused; None when running
    _tokens: dict[str, int] = field(default_factory=dict)

    # -- seats -------------------------------------------------------------------------------

    def join(self, raw_name: object, token: str) -> Seat:
        """Seat a new student (also after the game has started). Duplicate names get a suffix."""
        if self.phase == "finished":
            raise LiveError("finished", "This game has ended.")
        name = self._unique(clean_name(raw_name))
        if token in self._tokens:
            raise LiveError("bad-token", "That seat is taken.")
        seat = Seat(seat=len(self.seats) + 1, name=name, token=token)
        self.seats[seat.seat] = seat
        self._tokens[token] = seat.seat
        return seat

    def _unique(self, name: str) -> str:
        taken = {s.name.casefold() for s in self.seats.values() if not s.kicked}
        if name.casefold() not in taken:
            return name
        n = 2
        while True:
            suffix = f" {n}"
            candidate = name[: MAX_NAME - len(suffix)] + suffix
            if candidate.casefold() not in taken:
                return candidate
            n += 1

    def seat_for(self, token: object) -> Seat:
        """The seat a browser's token belongs to (a reload or reconnection), or LiveError."""
        seat = self.seats.get(self._tokens.get(token, 0)) if isinstance(token, str) else None
        if seat is None:
            raise LiveError("unknown-player", "This browser has no seat in this game; join again.")
        if seat.kicked:
            raise LiveError("kicked", "The teacher removed you from this game.")
        return seat

    def kick(self, seat_number: int) -> Seat:
        seat = self.seats.get(seat_number)
        if seat is None or seat.kicked:
            raise LiveError("unknown-player", "No such player.")
        seat.kicked = True
        return seat

    def find(self, name: str) -> Seat | None:
        """The active seat with this name (ignoring case), for the teacher's kick command."""
        key = " ".join(name.split()).casefold()
        for seat in self.seats.values():
            if not seat.kicked and seat.name.casefold() == key:
                return seat
        return None

    @property
    def active(self) -> list[Seat]:
        return [s for s in self.seats.values() if not s.kicked]

    # -- the clock ---------------------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def limit(self, index: int | None = None) -> float:
        q = self.questions[self.index if index is None else index]
        return self.time_limit if self.time_limit is not None else kind_time_limit(q.kind)

    def seconds_left(self, now: float) -> float:
        if self.phase != "question":
            return 0.0
        if self.paused_left is not None:
            return self.paused_left
        return max(0.0, self.deadline - now)

    @property
    def paused(self) -> bool:
        return self.paused_left is not None

    def pause(self, now: float) -> None:
        if self.phase != "question" or self.paused:
            raise LiveError("not-open", "Only an open question can be paused.")
        self.paused_left = max(0.0, self.deadline - now)

    def resume(self, now: float) -> None:
        if self.paused_left is None:
            raise LiveError("not-paused", "The game is not paused.")
        self.deadline = now + self.paused_left
        self.opened_at = self.deadline - self.limit()
        self.paused_left = None

    def is_due(self, now: float) -> bool:
        """Should the open question close now: time up, or every seated student has answered?"""
        if self.phase != "question" or self.paused:
            return False
        if now >= self.deadline:
            return True
        active = self.active
        given = self.answers.get(self.index, {})
        return bool(active) and all(s.seat in given for s in active)

    # -- moves -------------------------------------------------------------------------------

    def open_next(self, now: float) -> str:
        """Lobby, reveal or leaderboard → the next question (or finished after the last)."""
        if self.phase not in ("lobby", "reveal", "leaderboard"):
            raise LiveError("wrong-phase", f"Cannot move on during {self.phase}.")
        if self.index + 1 >= len(self.questions):
            self.phase = "finished"
            return self.phase
        self.index += 1
        self._open(now)
        return self.phase

    def _open(self, now: float) -> None:
        self.phase = "question"
        self.paused_left = None
        self.opened_at = now
        self.deadline = now + self.limit()
        self.answers.setdefault(self.index, {})

    def reopen(self, now: float) -> None:
        """After a restart: the interrupted question opens again with its full time; the
        answers it already had stay, and those students cannot answer it twice."""
        if self.phase != "question":
            raise LiveError("wrong-phase", "No question was open.")
        self._open(now)

    def submit(self, token: object, question: object, raw: object, now: float) -> LiveAnswer:
        """Score one student's answer, or LiveError with the reason the page shows."""
        seat = self.seat_for(token)
        q = self.current
        if type(question) is not int or question != self.index or q is None:
            raise LiveError("not-open", "That question is not open.")
        if self.phase != "question":
            late = self.phase == "reveal" and question == self.index
            raise LiveError(
                "late" if late else "not-open",
                "Too late: the time for this question is up."
                if late
                else "That question is not open.",
            )
        if seat.seat in self.answers[self.index]:
            raise LiveError("twice", "You have already answered this question.")
        if self.paused:
            raise LiveError("paused", "The game is paused; answer when it goes on.")
        if now >= self.deadline:
            raise LiveError("late", "Too late: the time for this question is up.")
        given = parse_answer(q, raw)
        return self._score(seat, q, given, now - self.opened_at)

    def _score(self, seat: Seat, q: Question, given: Any, elapsed: float) -> LiveAnswer:
        correct, exact = q.check(given)
        elapsed = min(max(elapsed, 0.0), self.limit())
        if not correct:
            points = 0
        elif self.speed_points:
            points = answer_points(True, elapsed, self.limit(), seat.streak).total
        else:
            points = FLAT_POINTS
        answer = LiveAnswer(
            seat.seat, self.index, given, q.given_text(given), correct, exact, points, elapsed
        )
        self.answers[self.index][seat.seat] = answer
        seat.answered += 1
        seat.score += points
        if correct:
            seat.correct += 1
            seat.streak += 1
        else:
            seat.streak = 0
        return answer

    def close(self) -> None:
        """Question → reveal (time up, everyone answered, or the teacher skipped the rest of the
        time). Whoever did not answer scores nothing and loses their streak."""
        if self.phase != "question":
            raise LiveError("wrong-phase", "No question is open.")
        given = self.answers[self.index]
        for seat in self.seats.values():
            if seat.seat not in given:
                seat.streak = 0
        self.phase = "reveal"
        self.paused_left = None

    def show_leaderboard(self) -> None:
        if self.phase != "reveal":
            raise LiveError("wrong-phase", "The leaderboard follows a reveal.")
        self.phase = "leaderboard"

    def end(self) -> None:
        """The teacher ends the game: an open question closes first, so its answers count."""
        if self.phase == "question":
            self.close()
        self.phase = "finished"

    # -- results -----------------------------------------------------------------------------

    def _key(self, seat: Seat) -> tuple[int, ...]:
        return rank_key(seat.correct, seat.score) if self.speed_points else (seat.correct,)

    def standings(self) -> list[Standing]:
        """Active students best first; equal results share a rank."""
        seats = sorted(self.active, key=lambda s: (self._key(s), -s.seat), reverse=True)
        out: list[Standing] = []
        for i, seat in enumerate(seats):
            tied = out and self._key(out[-1].seat) == self._key(seat)
            out.append(Standing(out[-1].rank if tied else i + 1, seat))
        return out

    def ranks(self) -> dict[int, int]:
        """Seat number → rank, for every active student (one sort for a whole class)."""
        return {s.seat.seat: s.rank for s in self.standings()}

    def rank_of(self, seat: Seat, ranks: Mapping[int, int] | None = None) -> int | None:
        return (self.ranks() if ranks is None else ranks).get(seat.seat)

    def distribution(self, index: int | None = None) -> list[dict[str, Any]]:
        """How many chose each answer to a question, the right one marked (reveal and host)."""
        i = self.index if index is None else index
        q = self.questions[i]
        given = [a for a in self.answers.get(i, {}).values() if not self.seats[a.seat].kicked]
        if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
            labels = list(q.options)
            right = q.correct_index
            return [
                {
                    "label": label,
                    "count": sum(1 for a in given if a.given_text == label),
                    "right": n == right,
                }
                for n, label in enumerate(labels)
            ]
        right_count = sum(1 for a in given if a.correct)
        return [
            {"label": "right", "count": right_count, "right": True},
            {"label": "wrong", "count": len(given) - right_count, "right": False},
        ]

    def answered_count(self) -> int:
        given = self.answers.get(self.index, {})
        return sum(1 for s in self.active if s.seat in given)

    # -- what people see ---------------------------------------------------------------------

    def student_view(
        self, seat: Seat, now: float, ranks: Mapping[int, int] | None = None
    ) -> dict[str, Any]:
        """Everything one student's page shows now, and nothing it must not know yet.
        ``ranks`` (from :meth:`ranks`) saves sorting the class again for every student."""
        view: dict[str, Any] = {
            "phase": self.phase,
            "name": seat.name,
            "score": seat.score,
            "correct": seat.correct,
            "players": len(self.active),
            "total": len(self.questions),
        }
        q = self.current
        if self.phase in ("lobby", "finished") or q is None:
            if self.phase == "finished":
                view["rank"] = self.rank_of(seat, ranks)
                view["podium"] = self._top(3)
            return view
        view["question"] = public_question(q, self.index + 1, len(self.questions))
        mine = self.answers.get(self.index, {}).get(seat.seat)
        view["answered"] = mine is not None
        if mine is not None:
            view["given"] = mine.given_text
        if self.phase == "question":
            view["seconds_left"] = round(self.seconds_left(now), 1)
            view["limit"] = self.limit()
            view["paused"] = self.paused
            return view
        view["rank"] = self.rank_of(seat, ranks)
        view["result"] = {
            "correct": bool(mine and mine.correct),
            "points": mine.points if mine else 0,
            "answer": _answer_shown(q),
            "explanation": q.explanation,
            "quote": q.source.quote,
            "citation": q.source.citation,
        }
        if self.phase == "leaderboard":
            view["leaderboard"] = self._top(LEADERBOARD_SIZE)
        return view

    def _top(self, n: int) -> list[dict[str, Any]]:
        return [
            {"rank": s.rank, "name": s.seat.name, "score": s.seat.score, "correct": s.seat.correct}
            for s in self.standings()[:n]
        ]

    def host_view(self, now: float) -> dict[str, Any]:
        """What the projector shows (the teacher may see the answer once it is revealed)."""
        view: dict[str, Any] = {
            "phase": self.phase,
            "players": [s.name for s in self.active],
            "total": len(self.questions),
            "number": self.index + 1,
        }
        q = self.current
        if q is not None and self.phase in ("question", "reveal", "leaderboard"):
            view["question"] = public_question(q, self.index + 1, len(self.questions))
            view["answered"] = self.answered_count()
            view["seconds_left"] = round(self.seconds_left(now), 1)
            view["paused"] = self.paused
        if self.phase in ("reveal", "leaderboard") and q is not None:
            view["answer"] = _answer_shown(q)
            view["distribution"] = self.distribution()
            view["citation"] = q.source.citation
        if self.phase in ("leaderboard", "finished"):
            view["leaderboard"] = self._top(10)
        return view

    # -- restarting --------------------------------------------------------------------------

    @classmethod
    def restore(
        cls,
        questions: Sequence[Question],
        *,
        time_limit: float | None,
        speed_points: bool,
        seats: Sequence[tuple[int, str, str, bool]],
        answers: Mapping[int, Sequence[tuple[int, Any, float]]],
        index: int,
        phase: str,
        now: float,
    ) -> LiveGame:
        """Rebuild a game from its record: seats (number, name, token, kicked), answers by
        question (seat, given, elapsed seconds) and where it was (index, phase).

        Points and streaks are recomputed by the same rules, in the order the questions were
        asked. A question that was open when the host stopped opens again with its full time.
        """
        game = cls(questions, time_limit=time_limit, speed_points=speed_points)
        for number, name, token, _kicked in sorted(seats):
            game.seats[number] = Seat(number, name, token)
            game._tokens[token] = number
        for i in range(max(index + 1, 0)):
            game.index = i
            game._open(now)
            q = questions[i]
            for seat_number, given, elapsed in answers.get(i, ()):
                seat = game.seats.get(seat_number)
                if seat is not None and seat_number not in game.answers[i]:
                    game._score(seat, q, given, elapsed)
            if i < index or phase != "question":
                game.close()
        for number, _name, _token, kicked in seats:
            game.seats[number].kicked = kicked
        if index >= 0 and phase in ("reveal", "leaderboard"):
            game.phase = phase
        elif phase == "finished":
            game.phase = "finished"
        elif index < 0:
            game.phase = "lobby"
        return game
