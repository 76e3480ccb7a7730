"""The ``quizgame`` command: which subcommand runs, and how every one of them ends.

Only ``play`` (and the bare command, which opens the home screen) imports Textual; every other
subcommand stays a quick, plain command-line tool, and each imports only its own module of this
package. Exit codes and the ``quizgame: `` prefix of every message are in
:mod:`quizgame.cli.exits`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from quizgame.cli.exits import BAD_INPUT, FAILED, INTERRUPTED, OK, UsageError, say
from quizgame.cli.parser import build_parser, command_word, unknown_command

__all__ = ["COMMANDS", "UsageError", "build_parser", "main"]


def cmd_play(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.play import run_game

    return run_game(args, out, err)


def cmd_packs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.packs import cmd_packs

    return cmd_packs(args, out, err)


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.packs import cmd_check

    return cmd_check(args, out, err)


def cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.packs import cmd_review

    return cmd_review(args, out, err)


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.export import cmd_export

    return cmd_export(args, out, err)


def cmd_formats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.export import cmd_formats

    return cmd_formats(args, out, err)


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.stats import run_stats

    return run_stats(args, out, err)


def cmd_profiles(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.cli.profiles import run_profiles

    if args.action == "export":
        # `profiles export NAME PATH` and `profiles export NAME -o PATH` (as `export` takes it)
        if args.path is not None and args.output is not None and args.path != args.output:
            raise UsageError("profiles export: give the file once, as PATH or as -o PATH")
        args.path = args.path if args.path is not None else args.output
        if args.path is None:
            raise UsageError("profiles export: say where to write, e.g. -o profile.json")

    return run_profiles(args, out, err)


def cmd_classroom(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.classroom.host import ClassroomError, run_classroom

    try:
        return run_classroom(args, out, err)
    except ClassroomError as exc:
        raise UsageError(str(exc)) from None


#: Each subcommand (None: none typed, the home screen) and the function that runs it.
COMMANDS: dict[str | None, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    None: cmd_play,
    "play": cmd_play,
    "packs": cmd_packs,
    "check": cmd_check,
    "review": cmd_review,
    "export": cmd_export,
    "formats": cmd_formats,
    "stats": cmd_stats,
    "profiles": cmd_profiles,
    "classroom": cmd_classroom,
}


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if command_word(words) in (None, "play"):
        # The game: no cyclic garbage collection while it starts (tens of thousands of objects
        # are made by imports, and each collection walks them all); the app turns it back on
        # once its first screen is drawn (QuizApp), and this function whatever happens.
        gc.disable()
    try:
        return _main(words)
    finally:
        gc.enable()


def _main(words: list[str]) -> int:
    out, err = sys.stdout, sys.stderr
    try:  # ctrl+c this early (argparse loads its translations): a line, not a traceback
        command = command_word(words)
        parser = build_parser(only="play" if command == "play" else None)
        wrong = unknown_command(words, [c for c in COMMANDS if c is not None])
        if wrong:
            say(err, wrong)
            return BAD_INPUT
        args = parser.parse_args(words)
    except KeyboardInterrupt:
        say(err, "interrupted")
        return INTERRUPTED
    args.data_dir = getattr(args, "data_dir", None)
    try:
        return COMMANDS[args.command](args, out, err)
    except UsageError as exc:
        say(err, str(exc))
        return BAD_INPUT
    except KeyboardInterrupt:
        say(err, "interrupted")
        return INTERRUPTED
    except BrokenPipeError:  # `quizgame export ... | head`
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return OK
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("QUIZGAME_DEBUG"):
            raise
        say(err, f"unexpected error: {type(exc).__name__}: {exc}")
        err.write("Set QUIZGAME_DEBUG=1 to see the details, and please report it.\n")
        return FAILED
