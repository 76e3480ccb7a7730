"""``quizgame export``: generate the forms of a quiz and write them in the chosen format."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quizgame.core.generate import KINDS, Question, QuizSettings, generate_forms
from quizgame.core.packs import Pack
from quizgame.export.job import ExportJob
from quizgame.export.registry import ExportFormat, all_formats, get_format


class ExportError(Exception):
    """A problem with the request, said in one line (exit code 2)."""


def new_seed() -> str:
    """A seed for a quiz the user did not give one for; printed so it can be repeated."""
    return str(secrets.randbelow(1_000_000))


@dataclass
class ExportPlan:
    """What will be written, worked out before anything touches the disk (also for previews)."""

    fmt: ExportFormat
    settings: QuizSettings
    variants: int
    forms: list[tuple[str, list[Question]]]
    notes: list[str] = field(default_factory=list)  # what was converted or left out, and why


def plan_export(
    pack: Pack,
    fmt: ExportFormat,
    *,
    count: int | None,
    kinds: tuple[str, ...] | None,
    difficulty: str,
    seed: str,
    variants: int,
) -> ExportPlan:
    """Generate the forms and fit them to the format: convert what converts, note what cannot."""
    asked = kinds or KINDS
    usable = tuple(k for k in asked if fmt.accepts(k))
    notes: list[str] = []
    refused = [k for k in asked if not fmt.accepts(k)]
    if refused and kinds:  # the user asked for kinds this format cannot hold
        notes.append(
            f"{fmt.name} cannot hold {', '.join(refused)} questions; they were not generated"
        )
    if not usable:
        raise ExportError(
            f"{fmt.name} holds only {', '.join(fmt.kinds + tuple(fmt.converts))} questions"
        )
    settings = QuizSettings(count=count, kinds=usable, difficulty=difficulty, seed=seed)
    forms = [(f.letter, f.questions) for f in generate_forms(pack, settings, variants)]
    made = len(forms[0][1]) if forms else 0
    if count is not None and made < count:
        notes.append(
            f"only {made} different question{'s' if made != 1 else ''} of the kinds asked "
            f"could be made (the pack's facts allow no more without repeating one)"
        )
    converted = Counter(q.kind for q in forms[0][1] if q.kind in fmt.converts)
    for kind, n in sorted(converted.items()):
        notes.append(f"{n} {kind} question{'s' if n != 1 else ''} written as {fmt.converts[kind]}")
    return ExportPlan(fmt, settings, variants, forms, notes)


def output_paths(
    output: str, fmt: ExportFormat, letter: str, variants: int
) -> tuple[Path, Path | None]:
    """The form's file and its answer key: ``quiz.gift`` or ``quiz-A.gift`` + ``quiz-A-key.txt``.

    Every file goes beside ``output``, named from its last part only: nothing in the pack (id or
    title) is ever part of a file name, so nothing can lead the files somewhere else.
    """
    path = Path(output)
    if not output or output.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        example = (path if path.name not in ("", "..") else Path(output or ".")) / "quiz"
        what = f"'{output}' is a folder, not a file name" if output else "the file name is empty"
        raise ExportError(f"{what}; give one, such as {example.with_suffix(fmt.extension)}")
    if variants == 1:
        return path, None
    stem = path.stem if path.suffix else path.name
    suffix = path.suffix or fmt.extension
    return (
        path.with_name(f"{stem}-{letter}{suffix}"),
        path.with_name(f"{stem}-{letter}-key{fmt.key_extension}"),
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file and rename: a reader never sees half a file, a crash never leaves one.

    The file gets the permissions any new file would (mkstemp alone makes it owner-only, which
    is wrong for a quiz a teacher shares).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute(
    plan: ExportPlan,
    pack: Pack,
    output: str | None,
    *,
    force: bool,
    strict: bool,
    stdout: TextIO | None = None,
) -> tuple[list[Path], list[str]]:
    """Write every form (and key); returns the files written and the warnings to show."""
    warnings = list(plan.notes)
    to_stdout = output in (None, "-")
    if to_stdout and plan.variants > 1:
        raise ExportError("--variants writes several files: give -o PATH")
    outputs: list[tuple[Path | None, bytes]] = []
    for letter, questions in plan.forms:
        job = ExportJob(pack, questions, plan.settings, letter, plan.variants)
        data = plan.fmt.write(job)
        if job.warnings:
            if strict:
                raise ExportError(job.warnings[0] + " (--strict)")
            if letter == plan.forms[0][0]:
                warnings.extend(job.warnings)
        if to_stdout:
            outputs.append((None, data))
            continue
        form_path, key_path = output_paths(str(output), plan.fmt, letter, plan.variants)
        outputs.append((form_path, data))
        if key_path is not None:
            key = ExportJob(pack, questions, plan.settings, letter, plan.variants, answer_key=True)
            outputs.append((key_path, plan.fmt.write(key)))
    # Check every destination before writing any, so a refusal leaves nothing half-done.
    for path, _ in outputs:
        if path is None:
            continue
        if "\x00" in str(path):  # typed or pasted in the export screen; the OS refuses it
            raise ExportError("a file name cannot contain a NUL character")
        if path.is_dir() and not path.is_symlink():
            raise ExportError(f"{path} is a folder; give a file name")
        # lexists: a symlink is something already there, even one pointing nowhere. With
        # --force it is replaced by the file (rename), never written through.
        if os.path.lexists(path) and not force:
            raise ExportError(f"{path} already exists; pass --force to overwrite it")
        if not path.parent.is_dir():
            raise ExportError(f"{path.parent} is not a folder")
    written = []
    for path, data in outputs:
        if path is None:
            stream = stdout or sys.stdout
            stream.flush()
            stream.buffer.write(data) if hasattr(stream, "buffer") else stream.write(data.decode())
            stream.flush()
        else:
            write_atomically(path, data)
            written.append(path)
    return written, warnings


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from quizgame.catalogue import PackNotFound, open_pack
    from quizgame.core.packs import PackLoadError

    fmt = get_format(args.fmt)
    if fmt is None:
        names = ", ".join(f.name for f in all_formats())
        err.write(f"quizgame: unknown format '{args.fmt}'; choose one of: {names}\n")
        return 2
    try:
        pack = open_pack(args.pack, args.data_dir)
    except PackNotFound as exc:
        err.write(f"quizgame: {exc}\n")
        return 2
    except PackLoadError as exc:
        for e in exc.errors:
            err.write(f"{e}\n")
        return 2
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
            plan, pack, args.output, force=args.force, strict=args.strict, stdout=out
        )
    except ExportError as exc:
        err.write(f"quizgame: {exc}\n")
        return 2
    for w in warnings:
        err.write(f"quizgame: warning: {w}\n")
    if args.seed is None:
        err.write(f"quizgame: seed {seed} (pass --seed {seed} to make the same quiz again)\n")
    for path in written:
        err.write(f"wrote {path}\n")
    return 0
