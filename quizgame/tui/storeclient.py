"""The profile store, used from the UI without blocking it.

SQLite work runs on one dedicated thread, in the order it was asked for: an answer is written
before the next one, and the screen learns that an answer is saved only once its transaction has
committed. The UI awaits the result from the event loop.

The screens use the typed methods below (one per thing they ask of the profile); ``call`` and
``submit`` are the mechanism underneath.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.core.packs import Pack
    from quizgame.core.round import Outcome
    from quizgame.core.session import Saved, Session
    from quizgame.store.profile import ProfileInfo, Store
    from quizgame.store.stats import Stats

T = TypeVar("T")


class StoreClient:
    """The database is opened by the first piece of work, on the store thread.

    Nothing is opened before that: `play` draws its first question before the profile is
    needed (the first answer, the notice, the theme a profile may have), so importing SQLite
    and the store and opening the file happen just after the first frame, not before it.
    """

    def __init__(self, data_dir: str | Path | None = None, store: Store | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quizgame-store")
        self._store: Store | None = store
        self._data_dir = data_dir

    def _run(self, work: Callable[[Store], T]) -> T:
        if self._store is None:  # only ever on the store thread
            from quizgame.store.profile import Store

            self._store = Store.open(Path(self._data_dir) if self._data_dir else None)
        return work(self._store)

    def submit(self, work: Callable[[Store], T]) -> Future[T]:
        """Queue work on the store thread; the future resolves once it is done (and committed)."""
        return self._pool.submit(self._run, work)

    async def call(self, work: Callable[[Store], T]) -> T:
        return await asyncio.wrap_future(self.submit(work))

    def wait(self, work: Callable[[Store], T]) -> T:
        """Blocking call, for start-up and shut-down only."""
        return self.submit(work).result()

    # -- what the screens ask of the profile --------------------------------------------------

    async def open_profile(self, name: str | None) -> tuple[ProfileInfo, str | None, str | None]:
        """The profile to play in (``name``, or the last used), the store's notice, and the
        profile's own theme if it has one."""

        def work(s: Store) -> tuple[ProfileInfo, str | None, str | None]:
            profile = s.profile(name)
            return profile, s.notice, s.setting(profile.name, "theme")

        return await self.call(work)

    async def profiles_and_current(self, wanted: str | None) -> tuple[list[ProfileInfo], str]:
        """Every profile, and the name of ``wanted`` (None: the current profile)."""
        return await self.call(lambda s: (s.profiles(), s.profile(wanted).name))

    async def create_profile(self, name: str) -> ProfileInfo:
        return await self.call(lambda s: s.create_profile(name))

    async def use_profile(self, name: str) -> ProfileInfo:
        return await self.call(lambda s: s.use_profile(name))

    async def setting(self, profile: str, key: str) -> str | None:
        return await self.call(lambda s: s.setting(profile, key))

    def set_setting(self, profile: str, key: str, value: str) -> Future[None]:
        """Queued, not awaited: a setting is saved in order with everything else."""
        return self.submit(lambda s: s.set_setting(profile, key, value))

    async def notice(self) -> str | None:
        """Why scores are not being saved, in the store's own sentence (None: they are)."""
        return await self.call(lambda s: s.notice)

    async def stats(self, profile: str | None, games: int) -> Stats:
        return await self.call(lambda s: s.stats(profile, games=games))

    async def due_for_practice(self, profile: str | None, pack: Pack) -> list[str]:
        from quizgame.core.session import due_for_practice

        return await self.call(lambda s: due_for_practice(s, profile, pack))

    def record(self, session: Session, outcome: Outcome, current: str | None) -> Future[Saved]:
        """Write an answer (see ``Session.record``); the future resolves once it is committed."""
        return self.submit(lambda s: session.record(s, outcome, current))

    async def finish_player(
        self, session: Session, player: str, current: str | None
    ) -> tuple[int, int] | None:
        """Close a player's game; their best earlier result (see ``Session.finish_player``)."""

        def work(s: Store) -> tuple[int, int] | None:
            from quizgame.store.names import ProfileError

            # a hot-seat player who never answered has no profile: no earlier result
            return session.finish_player(s, player, current, ProfileError)

        return await self.call(work)

    async def report_question(
        self,
        profile: str | None,
        *,
        pack: str,
        pack_file: str,
        fact: str,
        line: int | None,
        question_id: str,
        reason: str,
    ) -> None:
        def work(s: Store) -> None:
            s.report_question(
                profile,
                pack=pack,
                pack_file=pack_file,
                fact=fact,
                line=line,
                question_id=question_id,
                reason=reason,
            )

        await self.call(work)

    def close(self) -> None:
        """Finish queued writes, then close the database (if it was ever opened)."""

        def shut() -> None:
            if self._store is not None:
                self._store.close()

        # Closing must never stop the app from exiting.
        with contextlib.suppress(Exception):
            self._pool.submit(shut).result(timeout=10)
        self._pool.shutdown(wait=True)
