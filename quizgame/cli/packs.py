"""``quizgame packs``, ``quizgame check`` and ``quizgame review``: the packs, listed and judged."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from quizgame.catalogue import (
    PackLoadError,
    PackNotFound,
    installed_pack_files,
    installed_packs,
    open_pack,
)
from quizgame.cli.exits import BAD_INPUT, OK, UsageError, refuse, refuse_pack
from quizgame.core.packs import Pack
from quizgame.core.textfile import shown_path


def cmd_packs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rows = installed_packs(args.data_dir)
    if not rows:
        out.write("No packs found.\n")
        return OK
    width = max(len(shown_path(r.id)) for r in rows)
    for r in rows:  # a file name can hold escape sequences and line breaks: shown escaped
        facts = f"{r.facts} facts" if r.facts is not None else "INVALID (run quizgame check)"
        out.write(
            f"{shown_path(r.id):<{width}}  {shown_path(r.title)}  [{facts}, {r.origin}]\n"
            f"{'':<{width}}  {shown_path(r.path)}\n"
        )
    return OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.core.generate import capacity
    from quizgame.core.packs import check_pack, problem_count

    files = [Path(f) for f in args.files] or installed_pack_files(args.data_dir)
    if not files:
        return refuse(err, "no packs to check")
    failed = 0
    for path in files:
        pack, errors = check_pack(path)
        for e in errors:
            err.write(f"{e}\n")
        if pack is None:
            failed += 1
            n = problem_count(errors)
            where = errors[0].file if errors else _rel(path)
            err.write(f"{where}: {n} error{'s' if n != 1 else ''}\n")
            continue
        if _report_lints(pack, _rel(path), args.strict, err):
            failed += 1
            continue
        kinds = capacity(pack)
        made = ", ".join(f"{k} {v}" for k, v in kinds.items())
        out.write(
            f"ok  {pack.id}: {len(pack.facts)} facts, {len(pack.sources)} sources; "
            f"questions: {made}  ({errors[0].file if errors else _rel(path)})\n"
        )
    return BAD_INPUT if failed else OK


def _report_lints(pack: Pack, file: str, strict: bool, err: TextIO) -> bool:
    """Print the pack's warnings; True when they fail the check (--strict)."""
    from quizgame.core.lint import lint_pack

    warnings = lint_pack(pack, file)
    for w in warnings:
        err.write(f"{w}\n")
    if warnings and strict:
        n = len(warnings)
        err.write(f"{file}: {n} warning{'s' if n != 1 else ''}, errors under --strict\n")
        return True
    return False


def cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.review import review_pack

    try:
        pack = open_pack(args.pack, args.data_dir)
    except PackNotFound as exc:
        raise UsageError(str(exc)) from None
    except PackLoadError as exc:
        return refuse_pack(err, exc.errors)
    out.write(review_pack(pack, args.fmt, seed=args.seed))
    return OK


def _rel(path: Path) -> str:
    from quizgame.core.packs import _display

    return _display(path)
