"""``quizgame export``: generate the forms of a quiz and write them in the chosen format."""

from __future__ import annotations

import errno
import os
import secrets
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quizgame.core.generate import Question, QuizSettings, generate_forms, no_questions
from quizgame.core.packs import Pack
from quizgame.core.vocab import KINDS
from quizgame.export.job import ExportJob
from quizgame.export.registry import ExportFormat
from quizgame.store.owned import refuse_own_file


class ExportError(Exception):
    """A problem with the request, said in one line (exit code 2)."""


class DestinationExists(ExportError):
    """A file to write is already there and ``force`` was not given (the screen asks first)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; pass --force to overwrite it")
        self.path = path


# An export is made in memory before it is written: bound what one command can ask for, so a
# typo (``--count 1000000000``) is a sentence, not minutes of work and then a MemoryError.
MAX_QUESTIONS = 20_000  # questions in all forms together (--count × --variants)
MAX_VARIANTS = 26  # forms A to Z


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
    written: dict[str, int] = field(default_factory=dict)  # form letter → questions in its file
    cut: dict[str, int] = field(default_factory=dict)  # form letter → texts cut short in it


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
    if variants > MAX_VARIANTS:
        raise ExportError(f"--variants {variants} is too many: at most {MAX_VARIANTS} (A to Z)")
    per_form = count if count is not None else len(pack.facts)
    if per_form * variants > MAX_QUESTIONS:
        what = f"--count {count}" if count is not None else f"the pack's {len(pack.facts)} facts"
        forms_text = f" × {variants} forms" if variants > 1 else ""
        raise ExportError(
            f"{what}{forms_text}: more than one export holds ({MAX_QUESTIONS:,} questions); "
            "give a smaller --count"
        )
    settings = QuizSettings(count=count, kinds=usable, difficulty=difficulty, seed=seed)
    forms = [(f.letter, f.questions) for f in generate_forms(pack, settings, variants)]
    made = len(forms[0][1]) if forms else 0
    if made == 0:
        raise ExportError(no_questions(pack, usable))
    if count is not None and made < count:
        notes.append(
            f"only {made} different question{'s' if made != 1 else ''} of the kinds asked "
            f"could be made (the pack's facts allow no more without repeating one)"
        )
    converted = Counter(q.kind for q in forms[0][1] if q.kind in fmt.converts)
    for kind, n in sorted(converted.items()):
        notes.append(f"{n} {kind} question{'s' if n != 1 else ''} written as {fmt.converts[kind]}")
    asked_about = Counter(q.fact for q in forms[0][1])
    if asked_about and max(asked_about.values()) > 1:
        n, facts = len(forms[0][1]), len(asked_about)
        notes.append(
            f"{n} questions from {facts} facts: each fact is asked up to "
            f"{max(asked_about.values())} times (--count {facts} or less asks each fact once)"
        )
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


def _cannot_write(path: Path | str, exc: OSError) -> ExportError:
    """A write that failed, as one sentence (the same for every reason: full disk, no
    permission, a file-size limit, a place that is not a folder)."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.EFBIG:
        reason += " (a file-size limit is set for this shell: see ulimit -f)"
    return ExportError(f"cannot write {path}: {reason}; nothing was written there")


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
    data_dir: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Write every form (and key); returns the files written and the warnings to show."""
    warnings = list(plan.notes)
    to_stdout = output in (None, "-")
    stream = stdout or sys.stdout
    if to_stdout and plan.variants > 1:
        raise ExportError("--variants writes several files: give -o PATH")
    if to_stdout and plan.fmt.binary and _is_terminal(stream):
        example = f"quiz{plan.fmt.extension}"
        raise ExportError(
            f"{plan.fmt.name} is a binary file ({plan.fmt.extension}) and would garble the "
            f"terminal; write it to a file with -o {example} (or redirect: > {example})"
        )
    outputs: list[tuple[Path | None, bytes]] = []
    for letter, questions in plan.forms:
        job = ExportJob(pack, questions, plan.settings, letter, plan.variants)
        data = plan.fmt.write(job)
        plan.written[letter] = len(questions) - job.left_out
        plan.cut[letter] = job.cut
        if job.warnings:
            if strict:
                raise ExportError(" ".join(job.warnings[0].split()) + " (--strict)")
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
        own = refuse_own_file(
            path, data_dir
        )  # the profile database, the cache: never, even --force
        if own is not None:
            raise ExportError(own)
        if path.is_dir() and not path.is_symlink():
            raise ExportError(f"{path} is a folder; give a file name")
        # lexists: a symlink is something already there, even one pointing nowhere. With
        # --force it is replaced by the file (rename), never written through.
        if os.path.lexists(path) and not force:
            raise DestinationExists(path)
        if not path.parent.is_dir():
            raise ExportError(f"{path.parent} is not a folder")
    written: list[Path] = []
    created: list[Path] = []  # new files of this export, taken back if a later one fails
    for path, data in outputs:
        if path is None:
            try:
                stream.flush()
                if hasattr(stream, "buffer"):
                    stream.buffer.write(data)
                else:
                    stream.write(data.decode())
                stream.flush()
            except BrokenPipeError:  # `quizgame export ... | head`: the reader has enough
                raise
            except OSError as exc:
                raise _cannot_write("standard output", exc) from exc
            continue
        existed = os.path.lexists(path)
        try:
            write_atomically(path, data)
        except OSError as exc:
            for done in created:
                done.unlink(missing_ok=True)
            raise _cannot_write(path, exc) from exc
        written.append(path)
        if not existed:
            created.append(path)
    return written, warnings


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream is not a terminal
        return False
