"""The export formats: what each is called, what it writes, and which question kinds it holds.

Writers are imported only when used (a :class:`LazyWriter` names one), so listing formats (or
exporting JSON, or playing) never loads the libraries that other formats need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from quizgame.core.vocab import KINDS

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.export.job import ExportJob

Writer = Callable[["ExportJob"], bytes]


@dataclass(frozen=True, slots=True)
class LazyWriter:
    """A writer named by its module and function, imported the first time it is called.

    The names are checked when the format is registered (a module of this package, a Python
    name), and tests/unit/test_export_formats.py resolves every registered writer and checks it
    takes an ``ExportJob`` and returns ``bytes``.
    """

    module: str  # "quizgame.export.gift"
    name: str  # "write_gift"

    def __post_init__(self) -> None:
        parts = self.module.split(".")
        if parts[:2] != ["quizgame", "export"] or not all(p.isidentifier() for p in parts):
            raise ValueError(f"{self.module!r} is not a module of quizgame.export")
        if not self.name.isidentifier():
            raise ValueError(f"{self.name!r} is not a function name")

    def resolve(self) -> Writer:
        """The writer itself (importing its module, and the libraries it needs, once)."""
        writer = getattr(importlib.import_module(self.module), self.name)
        if not callable(writer):
            raise TypeError(f"{self} is not a function")
        return cast(Writer, writer)

    def __call__(self, job: ExportJob) -> bytes:
        return self.resolve()(job)

    def __str__(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    extension: str  # with the dot: ".json"
    kinds: tuple[str, ...]  # the kinds it holds as they are
    description: str
    writer: LazyWriter
    converts: dict[str, str] = field(default_factory=dict)  # kind -> the kind it is written as
    # The answer key written beside each form with --variants: plain text unless the format
    # has a key of its own (a printed worksheet's key is printed too).
    key_writer: LazyWriter = LazyWriter("quizgame.export.key", "write_text_key")
    key_extension: str = ".txt"
    # Bytes that are not text (zip, xlsx, pdf): never written raw to a terminal.
    binary: bool = False

    def write(self, job: ExportJob) -> bytes:
        return (self.key_writer if job.answer_key else self.writer)(job)

    def accepts(self, kind: str) -> bool:
        return kind in self.kinds or kind in self.converts


ALL_KINDS = KINDS

_FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    _FORMATS[fmt.name] = fmt
    return fmt


register(
    ExportFormat(
        "json",
        ".json",
        ALL_KINDS,
        "quizgame's own JSON: every question, its accepted answers and its source",
        LazyWriter("quizgame.export.native", "write_json"),
    )
)


def all_formats() -> list[ExportFormat]:
    _load_plugins()
    return list(_FORMATS.values())


def get_format(name: str) -> ExportFormat | None:
    """The format called ``name``, in any case (``GIFT`` is ``gift``)."""
    _load_plugins()
    return _FORMATS.get(name.strip().lower())


def _load_plugins() -> None:
    """Formats defined in other modules register themselves when their catalogue is imported."""
    for module in ("quizgame.export.formats",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
