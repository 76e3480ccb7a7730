"""Every export format besides quizgame's own JSON, and the conversions they share.

Importing this module only registers names: each writer lives in its own module (one per family
of formats) and is imported the first time it is used, so `quizgame formats` stays instant and a
missing optional library only matters for the format that needs it.
"""

from __future__ import annotations

from dataclasses import replace

from quizgame.core.questions import OrderQuestion
from quizgame.core.vocab import KINDS, Kind
from quizgame.export.registry import ExportFormat, LazyWriter, register

ALL = KINDS
CHOICES = (Kind.CHOICE.value, Kind.TRUEFALSE.value)
# Typed answers and fill-in-the-blank are the same thing to an LMS: a short answer.
SHORT = CHOICES + (Kind.TYPED.value, Kind.CLOZE.value)
# Order questions become matching (each event → its place in time) where an LMS has no ordering
# question in its core: Moodle's ordering type is a plugin, Canvas classic quizzes have none.
TO_MATCHING = {"order": "matching (each event → its place in time)"}
FLASHCARD = "term → definition cards"

MATCHING_PROMPT = "Match each event to its place in time: 1st is the earliest."

# Zip packages, spreadsheets, Anki decks and PDFs: bytes a terminal must not be sent.
BINARY_EXTENSIONS = (".zip", ".xlsx", ".apkg", ".pdf")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def matching_pairs(q: OrderQuestion) -> list[tuple[str, str]]:
    """An order question as matching: (event as presented, its place in time)."""
    order = list(q.answer)
    return [(item, ordinal(order.index(item) + 1)) for item in q.items]


def _add(
    name: str,
    ext: str,
    kinds: tuple[str, ...],
    description: str,
    writer: LazyWriter,
    converts: dict[str, str] | None = None,
    key: tuple[LazyWriter, str] | None = None,
) -> None:
    fmt = ExportFormat(
        name, ext, kinds, description, writer, converts or {}, binary=ext in BINARY_EXTENSIONS
    )
    if key:
        fmt = replace(fmt, key_writer=key[0], key_extension=key[1])
    register(fmt)


_add(
    "gift",
    ".gift",
    SHORT,
    "Moodle GIFT text: categories from tags, the source in the feedback",
    LazyWriter("quizgame.export.gift", "write_gift"),
    TO_MATCHING,
)
_add(
    "moodle-xml",
    ".xml",
    SHORT,
    "Moodle XML: multichoice, truefalse, shortanswer, matching",
    LazyWriter("quizgame.export.moodle_xml", "write_moodle_xml"),
    TO_MATCHING,
)
_add(
    "qti12",
    ".zip",
    SHORT,
    "QTI 1.2 package as Canvas imports it (classic quizzes)",
    LazyWriter("quizgame.export.qti", "write_qti12"),
    TO_MATCHING,
)
_add(
    "qti21",
    ".zip",
    ALL,
    "QTI 2.1 content package: one item per question plus an assessmentTest",
    LazyWriter("quizgame.export.qti", "write_qti21"),
)
_add(
    "anki",
    ".apkg",
    ALL,
    "Anki deck; importing it again updates the cards instead of duplicating",
    LazyWriter("quizgame.export.anki", "write_apkg"),
)
_add(
    "kahoot",
    ".xlsx",
    CHOICES,
    "Kahoot spreadsheet (question 120, answers 75 characters max)",
    LazyWriter("quizgame.export.spreadsheets", "write_kahoot"),
)
_add(
    "wayground",
    ".xlsx",
    SHORT,
    "Wayground (Quizizz) sheet: multiple choice, fill-in-the-blank",
    LazyWriter("quizgame.export.spreadsheets", "write_wayground"),
)
_add(
    "blooket",
    ".csv",
    CHOICES,
    "Blooket CSV import template",
    LazyWriter("quizgame.export.spreadsheets", "write_blooket"),
)
_add(
    "gimkit",
    ".csv",
    CHOICES,
    "Gimkit CSV import template",
    LazyWriter("quizgame.export.spreadsheets", "write_gimkit"),
)
_add(
    "quizlet",
    ".tsv",
    (Kind.TYPED.value, Kind.CLOZE.value),
    "Quizlet flashcards: term TAB definition, one per line",
    LazyWriter("quizgame.export.spreadsheets", "write_quizlet"),
    {"choice": FLASHCARD, "truefalse": FLASHCARD, "order": FLASHCARD},
)
_add(
    "opentdb",
    ".json",
    CHOICES,
    "Open Trivia DB response shape, HTML entities as the API sends",
    LazyWriter("quizgame.export.spreadsheets", "write_opentdb"),
)
_add(
    "pdf",
    ".pdf",
    ALL,
    "printable worksheet with its answer key and sources on separate pages",
    LazyWriter("quizgame.export.pdf", "write_pdf"),
    key=(LazyWriter("quizgame.export.pdf", "write_pdf_key"), ".pdf"),
)
_add(
    "markdown",
    ".md",
    ALL,
    "Markdown worksheet and answer key, for editing",
    LazyWriter("quizgame.export.markdown", "write_markdown"),
    key=(LazyWriter("quizgame.export.markdown", "write_markdown_key"), ".md"),
)
