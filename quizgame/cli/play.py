"""Starting the game from the command line: check everything first, then open the terminal UI.

The pack is loaded (and the round's first question made) before Textual is imported, so a bad
pack is reported as plain lines and exit code 2 before the screen changes, and a good one is on
screen as soon as the UI is up. One thread does it all: loading the pack on a second thread
while this one imported Textual was measured slower (both are Python code holding the GIL, and
the two took turns): 1.22-1.27x the bare app's start-up against 1.18-1.23x.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from quizgame.cli.exits import OK, refuse, refuse_pack, say
from quizgame.core.vocab import KINDS

if TYPE_CHECKING:  # pragma: no cover - imported when needed, not at start-up
    from quizgame.core.packs import Pack
    from quizgame.core.questions import Question
    from quizgame.core.round import GameSetup
    from quizgame.store.profile import Store

#: Loading that takes longer than this (a blink) says so, as a plain line: the UI is not up yet.
BLINK = 0.3


def _new_seed() -> str:
    import secrets  # only when no --seed was given: it costs a few ms at start-up

    return str(secrets.randbelow(1_000_000))


def _prepare(
    args: argparse.Namespace,
) -> tuple[Pack | None, GameSetup | None, Sequence[Question]]:
    from quizgame.catalogue import open_pack
    from quizgame.core.round import GameSetup, build_questions

    if args.command != "play":
        return None, None, []  # the home screen lists and loads packs itself
    pack = open_pack(args.pack, args.data_dir)
    seats = getattr(args, "seats", None)  # checked by run_game; a replay test calls this alone
    if seats is None:
        from quizgame.core.session import parse_players

        seats = parse_players(args.players)
    setup = GameSetup(
        mode=args.mode,
        kinds=args.kinds or KINDS,
        difficulty=args.difficulty,
        seed=args.seed if args.seed is not None else _new_seed(),
        questions=args.questions,
        players=seats,
    )
    questions = [] if setup.mode == "practice" else build_questions(pack, setup)
    return pack, setup, questions


def _loading_notice(args: argparse.Namespace, err: TextIO) -> threading.Timer:
    """After a blink, a line tells the player the pack is still loading (cancel it when done).

    A timer thread, so that the line comes on time while this thread is busy loading.
    """

    def notice() -> None:
        say(err, f"Loading {args.pack or 'the pack'} …")
        err.flush()

    timer = threading.Timer(BLINK, notice)
    timer.daemon = True
    timer.start()
    return timer


def use_or_create_profile(store: Store, name: str) -> tuple[str, bool]:
    """Make ``name`` the current profile, creating it first if there is none of that name.

    As hot-seat does for its players: `play --profile kid` for a new player starts their
    profile (and says so) instead of refusing to play. Returns (the stored name, created?);
    a name that cannot be a profile's raises ProfileError.
    """
    from quizgame.store.names import name_key

    if not any(name_key(p.name) == name_key(name) for p in store.profiles()):
        created = store.create_profile(name)
        return store.use_profile(created.name).name, True
    return store.use_profile(name).name, False


def run_game(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for name in ("pack", "mode", "kinds", "difficulty", "seed", "questions", "profile", "players"):
        if not hasattr(args, name):
            setattr(args, name, None)
    if args.mode is None:
        args.mode = "classic"
    if args.difficulty is None:
        args.difficulty = "medium"
    if args.players and args.mode != "hotseat":
        return refuse(
            err,
            "--players is for hot-seat rounds; add --mode hotseat"
            f" (quizgame play --mode hotseat --players {args.players})",
        )
    args.seats = ()
    if args.mode == "hotseat":
        from quizgame.core.session import parse_players
        from quizgame.store.names import ProfileError, validate_players

        # The names are parsed here, once: the seats of the round are the names checked.
        try:  # each player becomes a profile: the profile rules, before anything starts
            args.seats = tuple(validate_players(parse_players(args.players)))
        except ProfileError as exc:
            return refuse(err, str(exc))

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    from quizgame.catalogue import PackNotFound
    from quizgame.core.packs import PackLoadError

    notice = _loading_notice(args, err) if interactive else None
    try:
        pack, setup, questions = _prepare(args)
    except PackNotFound as exc:
        return refuse(err, str(exc))
    except PackLoadError as exc:
        return refuse_pack(err, exc.errors)
    finally:
        if notice is not None:
            notice.cancel()
    from quizgame.tui.storeclient import StoreClient

    store = StoreClient(args.data_dir)  # opens the profile when first asked, on its own thread
    if not (interactive or os.environ.get("QUIZGAME_HEADLESS")):
        store.close()
        return refuse(
            err,
            "the game needs a terminal (stdin and stdout); for files, see `quizgame export --help`",
        )
    created_profile = None
    if args.profile is not None:
        from quizgame.store.names import ProfileError

        try:
            name, created = store.wait(lambda s: use_or_create_profile(s, args.profile))
        except ProfileError as exc:
            store.close()
            return refuse(err, f"--profile: {exc}")
        args.profile = name
        if created:
            created_profile = name
    if pack is not None and setup is not None and setup.mode == "practice":
        from quizgame.core.round import build_questions

        ids = [f.id for f in pack.facts]
        pack_id = pack.id
        due = store.wait(lambda s: s.due_facts(s.default_profile_name(), pack_id, ids))
        questions = build_questions(pack, setup, due)
        if not questions:
            store.close()
            say(err, "nothing is due for review today — well done! Try --mode classic.")
            return OK
    if setup is not None and not questions:
        store.close()
        from quizgame.core.generate import no_questions

        why = "no pack to ask from" if pack is None else no_questions(pack, setup.kinds)
        return refuse(err, why)
    from quizgame.tui.app import QuizApp
    from quizgame.tui.base import Launch

    app = QuizApp(
        Launch(
            data_dir=args.data_dir,
            profile=args.profile,
            pack=pack if setup is not None else None,
            setup=setup,
            questions=questions,
            pack_ref=args.pack,
        ),
        store,
        handle_signals=True,
    )
    if created_profile is not None:
        app.startup_message = (
            f'New profile "{created_profile}" created: its scores start with this round.'
        )
    app.run()
    if created_profile is not None:
        say(
            err,
            f'created the profile "{created_profile}"'
            " (`quizgame profiles list` shows every profile)",
        )
    if app.notice:
        say(err, app.notice)
    # Textual sets 1 when the app stopped on an unexpected error (after restoring the terminal);
    # a signal sets 128 + its number (130 for SIGINT), after restoring the terminal too.
    return app.return_code or OK
