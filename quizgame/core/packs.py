"""Fact packs: loading one from YAML with precise errors, and the names the rest of the game uses.

A pack is validated completely before anything uses it: every problem is collected (not only the
first) as a :class:`PackError` that names ``file:line:column``, the fact, and how to fix it.

The work is split along its seams, and this module puts it together:

- :mod:`quizgame.core.models`: the typed, immutable models (Pack, Fact, Source, Entity ...);
- :mod:`quizgame.core.schema`: the format's fields and the checker that reads a tree against them;
- :mod:`quizgame.core.packbuild`: building each section, then the checks of the whole pack;
- :mod:`quizgame.core.sources`: finding the documents, the quotes and their sentences in them;
- :mod:`quizgame.core.distractors`: the wrong-option pool, shared with the generator.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quizgame.core import yamlread
from quizgame.core.distractors import MIN_WRONG_OPTIONS as MIN_WRONG_OPTIONS
from quizgame.core.distractors import NUMERIC_KINDS as NUMERIC_KINDS
from quizgame.core.distractors import wrong_option_shortfalls as wrong_option_shortfalls
from quizgame.core.models import Entity as Entity
from quizgame.core.models import Fact as Fact
from quizgame.core.models import FactDate as FactDate
from quizgame.core.models import Group as Group
from quizgame.core.models import Pack as Pack
from quizgame.core.models import Reverse as Reverse
from quizgame.core.models import Source as Source
from quizgame.core.packbuild import Builder, build
from quizgame.core.schema import FORMAT_VERSION as FORMAT_VERSION
from quizgame.core.schema import MAX_ERRORS as MAX_ERRORS
from quizgame.core.schema import PackError as PackError
from quizgame.core.schema import PackLoadError as PackLoadError
from quizgame.core.schema import describe
from quizgame.core.schema import problem_count as problem_count
from quizgame.core.sources import (
    MAX_SOURCE_BYTES as MAX_SOURCE_BYTES,  # re-exported: the limit belongs to the pack format
)
from quizgame.core.sources import quoted_sentences as quoted_sentences
from quizgame.core.sources import sentence_breaks as sentence_breaks
from quizgame.core.textfile import TextFileProblem, read_text, shown_path
from quizgame.core.yamlread import MapNode

MAX_PACK_BYTES = 16 * 1024 * 1024


# --------------------------------------------------------------------------------------------
# Reading files


def _display(path: Path) -> str:
    """A path as the user would like to read it: relative to the working directory if inside."""
    try:
        return shown_path(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return shown_path(path)


# --------------------------------------------------------------------------------------------
# Loading


def load_pack(path: str | Path) -> Pack:
    """Load and validate a pack; raise :class:`PackLoadError` with every problem found."""
    pack, errors = check_pack(path)
    if errors or pack is None:
        raise PackLoadError(errors)
    return pack


def check_pack(path: str | Path) -> tuple[Pack | None, list[PackError]]:
    """Load and validate a pack, returning it (when valid) and every problem found."""
    path = Path(path)
    display = _display(path)
    checker = Builder(display)
    try:
        text = read_text(path, MAX_PACK_BYTES, "pack")
    except FileNotFoundError:
        return None, [
            PackError(display, 0, 0, "no such file", "check the path, or run `quizgame packs`")
        ]
    except IsADirectoryError:
        return None, [
            PackError(display, 0, 0, "this is a folder, not a pack file", "give a .yaml file")
        ]
    except OSError as exc:
        return None, [PackError(display, 0, 0, f"cannot read the file: {exc.strerror or exc}", "")]
    except TextFileProblem as exc:
        return None, [PackError(display, exc.line, exc.column, exc.message, exc.hint)]
    except ValueError as exc:  # e.g. a path with a NUL character in it
        return None, [PackError(display, 0, 0, f"cannot read the file: {exc}", "")]
    try:
        tree, where = yamlread.read_root(text)
    except yamlread.YamlProblem as exc:
        return None, [PackError(display, exc.mark.line, exc.mark.column, exc.message, exc.hint)]
    except RecursionError:  # pragma: no cover - the reader is iterative; belt and braces
        return None, [
            PackError(display, 1, 1, "nested too deeply", "a pack needs only a few levels")
        ]
    if not isinstance(tree, MapNode):
        checker.error(
            where,
            f"a pack must be a mapping of fields, not {describe(tree)}",
            "start with 'id:', 'title:' ... as in docs/pack-format.md",
        )
        return None, checker.errors
    pack = build(checker, tree, path)
    checker.finish()
    return (pack if not checker.errors else None), checker.errors


def iter_pack_files(*dirs: Path) -> Iterator[Path]:
    """The .yaml/.yml files in the given folders, sorted by name."""
    for d in dirs:
        if d.is_dir():
            yield from sorted(
                p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
