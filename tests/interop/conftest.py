"""Shared fixtures for the interop tests: packs to export, the exports, and the outside readers.

Every test here reads an export back with software nobody on this project wrote (gift-pegjs,
Anki, lxml with the IMS schemas, openpyxl, qpdf, pdftotext, markdown-it-py). When one of them is
really absent the test is skipped with the reason; `.ci/interop-setup.sh` installs them all.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from quizgame.core.generate import Question
from quizgame.core.packs import Pack, load_pack
from quizgame.export.command import plan_export
from quizgame.export.job import ExportJob
from quizgame.export.registry import ExportFormat, get_format

from .moodle import split_category_path

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = Path(__file__).resolve().parent / "node"
SCHEMAS = Path(os.environ.get("QUIZGAME_SCHEMAS", ROOT.parent / "shared" / "schemas"))
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"

# Text that breaks naive writers: quotes of every kind, the GIFT specials, a backslash, markup
# that must stay text, named entities that must stay text, whitespace between two characters
# XML escapes (Moodle's XML reader drops whitespace-only pieces), GIFT's "->", an emoji,
# Hebrew and Arabic.
HOSTILE = (
    'Tom\'s "quote" “curly” {braces} a:b ~tilde = #hash \\ <b>bold</b> &amp; -> > & < 😀 שלום مرحبا'
)
HOSTILE_ANSWERS = (
    "C:\\new -> Path",
    "<b>Bold</b> & Co.",
    '{Curly} & "Sons"',
    "O'Brien &copy; &#39;",
    'Tom\'s "Tilde" ~Smith',
    "{Braces} & Colons: A=B",
    "Back\\slash #1",
    "<b>Bold</b> &amp; Co",
    "Café 😀 שלום",
    "=SUM(A1)",
    "+44 Band",
    "-Minus Sign",
    "@Handle",
    "مرحبا بالعالم",
)
FORMULA_ANSWERS = ("=SUM(A1)", "+44 Band", "-Minus Sign", "@Handle")

T = TypeVar("T")


def hostile_pack_files(folder: Path) -> Path:
    """Write a valid pack whose every text is hostile, with its source document; return its path."""
    quotes, facts = [], []
    for i, answer in enumerate(HOSTILE_ANSWERS):
        year = 1960 + i
        quote = f"In {year}, {answer} said “{HOSTILE}”."
        quotes.append(quote)
        facts.append(
            {
                "id": f"hostile-{i}",
                # A line break inside the statement: shown in true/false questions and feedback.
                "statement": f"In {year}, {answer} said “{HOSTILE}”.\nThat is on record.",
                "questions": [f"Who said “{HOSTILE}” in {year}?"],
                "answer": answer,
                "kind": "speaker",
                "date": year,
                "event": f"{answer} speaks ({year})",
                "tags": ["hostile"],
                "source": {"doc": "doc", "quote": quote},
            }
        )
    (folder / "hostile.txt").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    pack = {
        "format": 1,
        "id": "hostile",
        "title": "Hostile: “quotes” {braces} <b>&amp;</b> > & AC/DC -> 😀 שלום",
        "description": "Texts that break naive writers.",
        "language": "en",
        "licence": "CC0-1.0",
        "authors": ["quizgame tests"],
        "version": "1.0.0",
        "sources": [
            {"id": "doc", "file": "hostile.txt", "title": "The <hostile> & “odd” document"}
        ],
        "facts": facts,
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hostile_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    return load_pack(hostile_pack_files(tmp_path_factory.mktemp("hostile")))


@pytest.fixture(scope="session")
def bundled_pack() -> Pack:
    if not BUNDLED.is_file():
        pytest.skip(f"the bundled pack {BUNDLED} is not in this checkout")
    return load_pack(BUNDLED)


@dataclass
class Export:
    """One form written in one format, with the questions it was made from."""

    fmt: ExportFormat
    questions: list[Question]
    data: bytes
    warnings: list[str]
    notes: list[str]

    def save(self, folder: Path, name: str = "quiz") -> Path:
        path = folder / f"{name}{self.fmt.extension}"
        path.write_bytes(self.data)
        return path


def export(
    pack: Pack,
    name: str,
    *,
    count: int | None = None,
    seed: str = "7",
    kinds: tuple[str, ...] | None = None,
    variants: int = 1,
    form: int = 0,
    key: bool = False,
) -> Export:
    """Plan and write one form exactly as `quizgame export` does (conversions included)."""
    fmt = get_format(name)
    assert fmt is not None, name
    plan = plan_export(
        pack, fmt, count=count, kinds=kinds, difficulty="medium", seed=seed, variants=variants
    )
    letter, questions = plan.forms[form]
    job = ExportJob(pack, questions, plan.settings, letter, variants, answer_key=key)
    data = fmt.write(job)
    return Export(fmt, questions, data, job.warnings, plan.notes)


def each_question(read: Sequence[T], out: Export, check: Callable[[T, Question], None]) -> None:
    """What an outside reader read back holds one question per exported one, in order, and
    ``check`` passes for each (read back, as exported)."""
    assert len(read) == len(out.questions), (len(read), len(out.questions))
    for got, q in zip(read, out.questions, strict=True):
        check(got, q)


def check_moodle_import(
    imported: list[dict[str, Any]],
    out: Export,
    pack: Pack,
    check: Callable[[dict[str, Any], Question], None],
) -> None:
    """What Moodle's importer (the model in moodle.py) made of ``out``: every question, each
    passing ``check``, filed under the pack's title and the question's first tag."""
    each_question([q for q in imported if q["qtype"] != "category"], out, check)
    categories = {tuple(split_category_path(c["category"])) for c in imported if "category" in c}
    assert categories == {("$course$", "top", pack.title, q.tags[0]) for q in out.questions}


def _tool(name: str) -> str | None:
    return shutil.which(name)


needs_node = pytest.mark.skipif(
    _tool("node") is None or not (NODE_DIR / "node_modules" / "gift-pegjs").is_dir(),
    reason="node or tests/interop/node/node_modules/gift-pegjs is missing "
    "(run .ci/interop-setup.sh)",
)
needs_schemas = pytest.mark.skipif(
    not (SCHEMAS / "qti12" / "ims_qtiasiv1p2.xsd").is_file(),
    reason=f"the IMS QTI schemas are not at {SCHEMAS} (../shared/schemas beside the checkout)",
)
needs_qpdf = pytest.mark.skipif(_tool("qpdf") is None, reason="qpdf is not installed")
needs_poppler = pytest.mark.skipif(
    _tool("pdftotext") is None or _tool("pdffonts") is None,
    reason="pdftotext/pdffonts (poppler-utils) are not installed",
)
