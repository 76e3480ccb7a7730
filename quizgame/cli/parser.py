"""The ``quizgame`` command line: every subcommand's options, and which subcommand was typed.

``build_parser(only="play")`` builds the play subcommand alone, so that starting the game does
not build (or import for) the options of the other subcommands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from quizgame.core.version import __version__
from quizgame.core.vocab import DIFFICULTIES, KINDS, MODES


def _kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip().lower() for k in text.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown) or '(none)'}; choose from {','.join(KINDS)}"
        )
    return tuple(dict.fromkeys(kinds))


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only="play"`` stops after the play subcommand (all that `play` needs:
    the others' options are not built while the game starts)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep profiles and packs in DIR instead of the usual data folder",
    )
    parser = argparse.ArgumentParser(
        prog="quizgame",
        description="A trivia game for the terminal whose every question comes from a cited fact.",
        epilog="Run `quizgame` with no command to open the game.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"quizgame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def quiz_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--kinds",
            type=_kinds,
            metavar="K[,K...]",
            help=f"question kinds to use: {','.join(KINDS)} (default: all)",
        )
        p.add_argument(
            "--difficulty",
            choices=DIFFICULTIES,
            default="medium",
            help="how close the wrong options are to the answer (default: medium)",
        )
        p.add_argument("--seed", metavar="S", help="the same seed gives the same questions")

    play = sub.add_parser(
        "play",
        parents=[common],
        help="start a round straight away",
        description="Start a round straight away, skipping the home screen.",
    )
    play.add_argument(
        "--pack", metavar="ID|FILE", help="a pack id from `quizgame packs`, or a file"
    )
    play.add_argument(
        "--mode", choices=MODES, default="classic", help="game mode (default: classic)"
    )
    play.add_argument(
        "--questions", type=_count, metavar="N", help="how many questions (default: 10)"
    )
    play.add_argument("--profile", metavar="NAME", help="play as this profile")
    play.add_argument("--players", metavar="A,B[,C,D]", help="hot-seat players' names")
    quiz_options(play)
    if only == "play":
        return parser

    sub.add_parser(
        "packs",
        parents=[common],
        help="list the bundled packs and your own",
        description="List the bundled packs and those in your packs folder.",
    )

    check = sub.add_parser(
        "check",
        parents=[common],
        help="validate packs (exit 2 on any error)",
        description="Validate packs and report every problem as file:line.",
    )
    check.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="pack files to check (default: every installed pack)",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings about the questions (grammar, context, sub-kinds ...) as errors",
    )

    review = sub.add_parser(
        "review",
        parents=[common],
        help="list every question a pack can produce, to read before using it",
        description="List every question a pack can produce: every kind of every fact, with "
        "its options, accepted answers and source.",
    )
    review.add_argument(
        "pack", nargs="?", metavar="PACK", help="a pack id or file (default: jimmy-page)"
    )
    review.add_argument(
        "--format",
        dest="fmt",
        choices=("text", "markdown"),
        default="text",
        help="plain text or Markdown (default: text)",
    )
    review.add_argument("--seed", metavar="S", default="review", help="seed for wrong options")

    export = sub.add_parser(
        "export",
        parents=[common],
        help="write a quiz for another tool",
        description="Write a reproducible quiz in a format other tools import.",
    )
    export.add_argument(
        "--pack", metavar="ID|FILE", help="a pack id or file (default: the game's default pack)"
    )
    export.add_argument(
        "--format",
        dest="fmt",
        metavar="FMT",
        default="json",
        help="output format; `quizgame formats` lists them (default: json)",
    )
    export.add_argument(
        "--count", type=_count, metavar="N", help="questions per form (default: all facts)"
    )
    export.add_argument(
        "--variants",
        type=_count,
        metavar="K",
        default=1,
        help="make K forms (A, B, ...) with the same facts in a different order",
    )
    export.add_argument(
        "-o", "--output", metavar="PATH", help="write to PATH (default or '-': stdout)"
    )
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    export.add_argument(
        "--strict",
        action="store_true",
        help="fail instead of leaving out questions the format cannot hold",
    )
    quiz_options(export)

    sub.add_parser(
        "formats",
        parents=[common],
        help="list the export formats",
        description="List every export format, its file type and the kinds it holds.",
    )

    stats = sub.add_parser(
        "stats",
        parents=[common],
        help="show a profile's scores and progress",
        description="Show a profile's games, accuracy, streaks and progress.",
    )
    stats.add_argument("--profile", metavar="NAME")
    stats.add_argument("--json", action="store_true", help="print JSON for scripts")

    profiles = sub.add_parser(
        "profiles",
        parents=[common],
        help="manage player profiles",
        description="List, create, rename, delete, export and import profiles.",
    )
    psub = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    psub.add_parser("list", help="list profiles")
    p = psub.add_parser("create", help="create a profile")
    p.add_argument("name")
    p = psub.add_parser("rename", help="rename a profile")
    p.add_argument("name")
    p.add_argument("new_name", metavar="NEW_NAME")
    p = psub.add_parser("delete", help="delete a profile and its history")
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p = psub.add_parser("export", help="write a profile to a portable file")
    p.add_argument("name")
    p.add_argument("path", type=Path, nargs="?", help="the file to write (or -o PATH)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="the file to write, as `export` takes it"
    )
    p.add_argument("--yes", action="store_true", help="overwrite PATH if it exists")
    p = psub.add_parser("import", help="read a profile from a file written by export")
    p.add_argument("path", type=Path)
    p.add_argument("name", nargs="?", help="import under this name")
    add_classroom_parser(sub, common, quiz_options)
    return parser


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None


def _port(text: str) -> int:
    value = _count(text) if text != "0" else 0
    if value > 65535:
        raise argparse.ArgumentTypeError("a port is at most 65535")
    return value


def add_classroom_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    quiz_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    room = sub.add_parser(
        "classroom",
        parents=[common],
        help="host a live class game; students join from browsers on the same network",
        description="Host a live class game from this terminal: students join from their "
        "phones' or laptops' browsers on the same network. See docs/classroom.md.",
    )
    room.add_argument("--pack", metavar="ID|FILE", help="a pack id or file (default: bundled)")
    room.add_argument(
        "--questions", type=_count, metavar="N", help="how many questions (default: 10)"
    )
    quiz_options(room)
    room.add_argument(
        "--time", type=_seconds, metavar="SECONDS", help="seconds per question (default: by kind)"
    )
    room.add_argument(
        "--no-speed-points",
        action="store_true",
        help="every right answer is worth the same: rank by right answers alone",
    )
    room.add_argument(
        "--host", metavar="ADDR", help="address to listen on (default: this machine's LAN one)"
    )
    room.add_argument("--port", type=_port, default=8765, metavar="P", help="default: 8765")
    room.add_argument("--resume", action="store_true", help="go on with the last unfinished game")
    room.add_argument("-o", "--results", metavar="PATH", help="where to write the results CSV")
    room.add_argument(
        "--headless", action="store_true", help="a plain console instead of the host screen"
    )
    rsub = room.add_subparsers(dest="action", metavar="ACTION")
    res = rsub.add_parser(
        "results",
        parents=[common],
        help="write a game's results CSV again from the record",
        description="Write a class game's per-student results CSV again from the record.",
    )
    res.add_argument("--game", type=_count, metavar="ID", help="which game (default: the last)")
    res.add_argument("-o", "--output", metavar="PATH", help="where to write it")


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand as typed (the first word that is not a global option), or None."""
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--data-dir":
            i += 2
            continue
        if word.startswith("--data-dir="):
            i += 1
            continue
        return None if word.startswith("-") else word
    return None


def unknown_command(argv: Sequence[str], commands: Sequence[str]) -> str | None:
    """A sentence for a mistyped subcommand (`quizgame plya`): did you mean play?"""
    word = command_word(argv)
    if word is None or word in commands:
        return None  # no command, a known one, or an option argparse will judge (--help...)
    import difflib

    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}?" if close else "`quizgame --help` lists them"
    return f"unknown command '{word}' — {hint} (commands: {', '.join(commands)})"
