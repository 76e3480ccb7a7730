"""The export formats: what each is called, what it writes, and which question kinds it holds.

Writers are imported only when used, so listing formats (or exporting JSON) never loads the
libraries that other formats need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quizgame.core.vocab import KINDS

if TYPE_CHECKING:  # pragma: no cover
    from quizgame.export.job import ExportJob

Writer = Callable[["ExportJob"], bytes]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    extension: str  # with the dot: ".json"
    kinds: tuple[str, ...]  # the kinds it holds as they are
    description: str
    writer: str  # "module:function", imported on first use
    converts: dict[str, str] = field(default_factory=dict)  # kind -> the kind it is written as
    # The answer key written beside each form with --variants: plain text unless the format
    # has a key of its own (a printed worksheet's key is printed too).
    key_writer: str = "quizgame.export.key:write_text_key"
    key_extension: str = ".txt"
    # Bytes that are not text (zip, xlsx, pdf): never written raw to a terminal.
    binary: bool = False

    def write(self, job: ExportJob) -> bytes:
        return _resolve(self.key_writer if job.answer_key else self.writer)(job)

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
        "quizgame.export.native:write_json",
    )
)


def _resolve(target: str) -> Writer:
    module, _, function = target.partition(":")
    writer: Writer = getattr(importlib.import_module(module), function)
    return writer


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
