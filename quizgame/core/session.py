"""A round from start to finish, for every front end (the command line, the terminal UI, and a
future network one): who sits at the keyboard, which questions are asked, where each answer is
recorded, how the round ends and who won.

``Round`` (core/round.py) holds the rules of play; a ``Session`` wraps one round with the
bookkeeping around it. It never imports Textual or the store: the store is anything with the
methods of ``RoundStore`` (``quizgame.store.profile.Store`` is the real one), called on whatever
thread the front end runs the store on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from quizgame.core.packs import Pack
from quizgame.core.questions import Question
from quizgame.core.round import GameSetup, Outcome, Round
from quizgame.core.scoring import rank_key
from quizgame.core.vocab import Mode

#: The one seat of a round that is not hot-seat.
SOLO = "You"


def parse_players(text: str | None) -> tuple[str, ...]:
    """Hot-seat names as typed (``--players Ana,Ben`` or the home screen's field): split at
    commas, spaces around each name dropped, empty names skipped. Repeats are kept, so that the
    profile rules can refuse them (``Ana,Ana,Ben`` is two players, not three)."""
    return tuple(name.strip() for name in (text or "").split(",") if name.strip())


class Named(Protocol):
    @property
    def name(self) -> str: ...


class RoundStore(Protocol):
    """What a session needs from the player's profile store."""

    @property
    def saving(self) -> bool: ...

    def default_profile_name(self) -> str: ...

    def profiles(self) -> Sequence[Named]: ...

    def create_profile(self, name: str) -> object: ...

    def use_profile(self, name: str) -> object: ...

    def start_game(
        self, profile: str | None, *, pack: str, mode: str, seed: str, settings: dict[str, Any]
    ) -> int: ...

    def record_answer(
        self,
        game_id: int,
        *,
        question_id: str,
        fact: str,
        kind: str,
        given: str,
        correct: bool,
        points: int,
        response_ms: int,
        exact: bool = True,
        tags: Sequence[str] = (),
    ) -> int: ...

    def next_review(self, profile: str | None, pack: str, fact: str) -> datetime | None: ...

    def best_result(
        self, profile: str | None, pack: str, mode: str, *, exclude_game: int | None = None
    ) -> tuple[int, int] | None: ...

    def finish_game(self, game_id: int, *, score: int) -> None: ...

    def due_facts(self, profile: str | None, pack: str, fact_ids: Sequence[str]) -> list[str]: ...


class Saved:
    """What the profile says once an answer is committed (a plain class: it is imported on the
    way to the first frame)."""

    __slots__ = ("next_review", "profile", "saving")

    def __init__(self, saving: bool, profile: str, next_review: datetime | None = None) -> None:
        self.saving = saving  # False: the store runs in memory (its notice says why)
        self.profile = profile  # the profile it was saved to
        self.next_review = next_review  # practice: when the fact comes back


def due_for_practice(store: RoundStore, profile: str | None, pack: Pack) -> list[str]:
    """The facts of ``pack`` the profile is due to review, in the order practice asks them."""
    return store.due_facts(profile, pack.id, [f.id for f in pack.facts])


class Session:
    """One round being played: its seats, its answers in the profiles, its end and its winner.

    ``record`` and ``finish`` take the store as an argument and do their work in the caller's
    thread: the terminal UI calls them on its store thread, tests call them directly.
    """

    def __init__(self, pack: Pack, setup: GameSetup, questions: Sequence[Question]) -> None:
        self.pack = pack
        self.setup = setup
        seats = setup.players if setup.mode == Mode.HOTSEAT and setup.players else ()
        self.round = Round.start(questions, setup.mode, seats or (SOLO,))
        #: player -> the id of their game in their profile, set with their first answer
        self.game_ids: dict[str, int] = {}

    @property
    def hotseat(self) -> bool:
        return len(self.round.players) > 1

    def profile_for(self, player: str, current: str | None) -> str | None:
        """The profile a seat's answers go to: each hot-seat player plays in a profile of their
        own name; otherwise the current profile (None: the store's current one)."""
        return player if self.hotseat else current

    def record(self, store: RoundStore, outcome: Outcome, current: str | None) -> Saved:
        """Write one answer in its own transaction (durable on return).

        A game is not history until it has an answer: the player's game is started in their
        profile with their first answer, so quitting before answering leaves nothing behind.
        ``current`` is the profile that set the round up; it stays the current profile.
        """
        player, q, s = outcome.player, outcome.question, self.setup
        name = self.profile_for(player, current) or store.default_profile_name()
        game = self.game_ids.get(player)
        if game is None:
            known = {p.name.casefold() for p in store.profiles()} if self.hotseat else set()
            if self.hotseat and name.casefold() not in known:
                store.create_profile(name)
            settings = {
                "kinds": list(s.kinds),
                "difficulty": s.difficulty,
                "questions": len(self.round.questions),
            }
            game = store.start_game(
                name, pack=self.pack.id, mode=s.mode, seed=s.seed, settings=settings
            )
            if self.hotseat and current:
                # Starting a game marks its profile as the last used; the person who set up the
                # round stays the current profile for the next launch and for `stats`.
                store.use_profile(current)
            self.game_ids[player] = game
        store.record_answer(
            game,
            question_id=q.id,
            fact=q.fact,
            kind=q.kind,
            given=outcome.given,
            correct=outcome.correct,
            points=outcome.points.total,
            response_ms=round(outcome.elapsed * 1000),
            exact=outcome.exact,
            tags=q.tags,
        )
        due = store.next_review(name, self.pack.id, q.fact) if s.mode == Mode.PRACTICE else None
        return Saved(bool(store.saving), name, due)

    def finish_player(
        self,
        store: RoundStore,
        player: str,
        current: str | None,
        unknown_profile: type[Exception] | tuple[type[Exception], ...] = (),
    ) -> tuple[int, int] | None:
        """Close ``player``'s game (if they answered) and return their best earlier result in
        this pack and mode, to compare with. A hot-seat player who never answered may have no
        profile: the store's ``unknown_profile`` error then means "no earlier result"."""
        state = next(p for p in self.round.players if p.name == player)
        game = self.game_ids.get(player)  # None: no answer, so no game to finish
        try:
            best = store.best_result(
                self.profile_for(player, current),
                self.pack.id,
                self.setup.mode,
                exclude_game=game,
            )
        except unknown_profile:
            best = None
        if game is not None:
            store.finish_game(game, score=state.score)
        return best

    def winner(self) -> str:
        return winner_text(self.round)


def winner_text(round: Round) -> str:
    """Who won a hot-seat round; equal right answers and points are a tie, not a coin toss."""
    standings = round.standings()
    best = rank_key(standings[0].correct, standings[0].score)
    top = [p.name for p in standings if rank_key(p.correct, p.score) == best]
    if len(top) == 1:
        return f"🏆 {top[0]} wins!"
    return f"🤝 It's a tie between {', '.join(top[:-1])} and {top[-1]}!"
