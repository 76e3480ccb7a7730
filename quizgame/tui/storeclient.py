"""The profile store, used from the UI without blocking it.

SQLite work runs on one dedicated thread, in the order it was asked for: an answer is written
before the next one, and the screen learns that an answer is saved only once its transaction has
committed. The UI awaits the result (``await client.call(...)``) from the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.store.profile import Store

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

    def close(self) -> None:
        """Finish queued writes, then close the database (if it was ever opened)."""

        def shut() -> None:
            if self._store is not None:
                self._store.close()

        # Closing must never stop the app from exiting.
        with contextlib.suppress(Exception):
            self._pool.submit(shut).result(timeout=10)
        self._pool.shutdown(wait=True)
