"""PDF worksheets checked by qpdf and read back by poppler's pdftotext and pdffonts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from quizgame.core.generate import Question

from .conftest import HOSTILE, export, needs_poppler, needs_qpdf

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def pages(path: Path) -> list[str]:
    """Each page's text as laid out, with bidi controls (pdftotext adds them) removed."""
    text = BIDI_CONTROLS.sub("", run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"))
    return [page for page in text.split("\f") if page.strip()]


def squash(text: str) -> str:
    return " ".join(text.split())


def split_key(texts: list[str]) -> tuple[list[str], list[str]]:
    [start] = [i for i, t in enumerate(texts) if t.lstrip().startswith("Answer key")]
    return texts[:start], texts[start:]


def numbered(texts: list[str]) -> list[int]:
    """The question numbers: at the left margin, where wrapped text (indented) never is."""
    return [int(n) for t in texts for n in re.findall(r"^(\d+)\.\s", t, re.MULTILINE)]


@needs_qpdf
def test_qpdf_finds_no_errors(bundled_pack, tmp_path):
    path = export(bundled_pack, "pdf", count=25).save(tmp_path)
    out = run("qpdf", "--check", str(path))
    assert "No syntax or stream encoding errors found" in out


@needs_poppler
def test_fonts_embedded(hostile_pack, tmp_path):
    path = export(hostile_pack, "pdf").save(tmp_path)
    rows = run("pdffonts", str(path)).splitlines()[2:]
    assert rows and all(" yes " in row and "DejaVuSans" in row for row in rows), rows


def check_worksheet_and_key(path: Path, questions: list[Question], title: str) -> list[str]:
    texts = pages(path)
    sheet, key = split_key(texts)
    assert sheet and key
    assert numbered(sheet) == list(range(1, len(questions) + 1))
    assert numbered(key) == list(range(1, len(questions) + 1))
    worksheet = squash(" ".join(sheet))
    answers = squash(" ".join(key))
    assert worksheet.startswith(squash(title))
    assert "form A" in worksheet and "Name:" in worksheet
    assert "Source:" not in worksheet  # no answers or sources on the pages handed out
    for q in questions:
        assert squash(q.prompt) in worksheet
        if q.kind == "choice":
            for letter, option in zip("ABCD", q.options, strict=False):
                assert f"{letter} {squash(option)}" in worksheet
        assert squash(q.answer_text()) in answers
        assert squash(q.source.quote) in answers
    return texts


@needs_poppler
def test_bundled_worksheet_numbered_with_key_on_separate_pages(bundled_pack, tmp_path):
    out = export(bundled_pack, "pdf", seed="17")
    texts = check_worksheet_and_key(out.save(tmp_path), out.questions, bundled_pack.title)
    assert len(texts) > 4


@needs_poppler
def test_hostile_text_renders(hostile_pack, tmp_path):
    out = export(hostile_pack, "pdf")
    rtl = [q for q in out.questions if "שלום" in q.prompt]
    assert rtl
    # pdftotext puts right-to-left runs in its own order, so the left-to-right part is compared
    # exactly and the Hebrew and Arabic words are looked for one by one.
    ltr = squash(HOSTILE.split(" שלום")[0])
    sheet, key = split_key(pages(out.save(tmp_path)))
    assert numbered(sheet) == list(range(1, len(out.questions) + 1))
    worksheet, answers = squash(" ".join(sheet)), squash(" ".join(key))
    events_only = sum(q.kind == "order" for q in out.questions)  # order questions show events
    assert worksheet.count(ltr) >= len(out.questions) - events_only
    assert answers.count("Source:") == len(out.questions)
    text = worksheet + answers
    for word in ("שלום", "مرحبا", "بالعالم", "😀", "Café"):
        assert word in text
    assert "\ufffd" not in text  # every character had a glyph
