"""``quizgame export`` and ``quizgame formats``: the export, asked for and reported in a terminal.

Planning and writing the files is ``quizgame.export.command``'s (the export screen uses it too);
this module reads the options and says what was written.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TextIO

from quizgame.catalogue import PackLoadError, PackNotFound, open_pack
from quizgame.cli.exits import OK, PREFIX, refuse, refuse_pack, say
from quizgame.core.questions import Question
from quizgame.export.command import ExportError, ExportPlan, execute, new_seed, plan_export
from quizgame.export.registry import all_formats, get_format


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    fmt = get_format(args.fmt)
    if fmt is None:
        names = ", ".join(f.name for f in all_formats())
        return refuse(err, f"unknown format '{args.fmt}'; choose one of: {names}")
    try:
        pack = open_pack(args.pack, args.data_dir)  # no --pack: the game's own default pack
    except PackNotFound as exc:
        return refuse(err, str(exc))
    except PackLoadError as exc:
        return refuse_pack(err, exc.errors)
    seed = args.seed if args.seed is not None else new_seed()
    try:
        plan = plan_export(
            pack,
            fmt,
            count=args.count,
            kinds=args.kinds,
            difficulty=args.difficulty,
            seed=seed,
            variants=args.variants,
        )
        written, warnings = execute(
            plan,
            pack,
            args.output,
            force=args.force,
            strict=args.strict,
            stdout=out,
            data_dir=args.data_dir,
        )
    except ExportError as exc:
        return refuse(err, str(exc))
    if args.pack is None:
        say(err, f"pack {pack.id} (the default; choose another with --pack)")
    for w in warnings:
        say(err, f"warning: {w}")
    if args.seed is None:
        say(err, f"seed {seed} (pass --seed {seed} to make the same quiz again)")
    for line in summary(plan, written):
        err.write(f"{line}\n")
    return OK


def summary(plan: ExportPlan, written: list[Path]) -> list[str]:
    """One line per file written, saying how many questions it holds (and what was left out)."""

    def held(letter: str, questions: list[Question]) -> str:
        kept = plan.written.get(letter, len(questions))
        text = f"{kept} question{'s' if kept != 1 else ''}"
        if kept < len(questions):
            text += f"; {len(questions) - kept} of the {len(questions)} left out, listed above"
        if plan.cut.get(letter):
            n = plan.cut[letter]
            text += f"; {n} text{'s' if n != 1 else ''} cut short, listed above"
        return text

    if not written:  # standard output
        letter, questions = plan.forms[0]
        return [f"{PREFIX}{plan.fmt.name} to standard output ({held(letter, questions)})"]
    lines = []
    files = iter(written)
    for letter, questions in plan.forms:
        lines.append(f"wrote {next(files)} ({held(letter, questions)})")
        if plan.variants > 1:
            lines.append(f"wrote {next(files)} (answer key of form {letter})")
    return lines


def format_table(width: int = 80) -> str:
    """``quizgame formats``: each format, its file type and kinds, and what it is, in ``width``
    columns (the description on its own lines below)."""
    rows = []
    for f in all_formats():
        # Converted kinds in short ("order→matching"); the export itself explains them.
        converted = [
            f"{k}→{v.split(' (')[0].replace('term → definition ', '')}"
            for k, v in f.converts.items()
        ]
        rows.append((f.name, f.extension, ", ".join([*f.kinds, *converted]), f.description))
    name_w = max(len(r[0]) for r in rows)
    ext_w = max(len(r[1]) for r in rows)
    lines = [f"{'format':<{name_w}}  {'file':<{ext_w}}  question kinds"]
    indent = " " * 4
    for name, ext, kinds, about in rows:
        lines.append(f"{name:<{name_w}}  {ext:<{ext_w}}  {kinds}")
        lines += textwrap.wrap(about, width, initial_indent=indent, subsequent_indent=indent)
    return "\n".join(lines) + "\n"


def cmd_formats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    out.write(format_table())
    return OK
