"""Printable worksheets and answer keys as PDF, written with fpdf2 (no browser, no system fonts).

* The font is DejaVu Sans, shipped in ``quizgame/export/fonts`` with its licence, so an installed
  quizgame prints the same everywhere; fpdf2 embeds only the glyphs used. It covers Latin, Greek,
  Cyrillic, Hebrew, Arabic and many symbols; a character it lacks is printed as U+FFFD (�)
  rather than silently dropped.
* Right-to-left and joined scripts (Hebrew, Arabic) go through fpdf2's text shaping (HarfBuzz,
  via ``uharfbuzz``), which also applies the Unicode bidirectional algorithm. It is used only for
  the texts that need it; everything else is wrapped and placed here (see ``Worksheet.wrap``),
  which is what makes a 10,000-question worksheet take seconds instead of half a minute.
* One form's file holds the worksheet and then, from a new page, the answer key with sources;
  with ``--variants`` the key of each form is a separate ``-key.pdf`` so worksheets can be
  handed out as they are.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from quizgame.core.questions import ChoiceQuestion, OrderQuestion, Question, TrueFalseQuestion
from quizgame.export.job import ExportJob
from quizgame.export.safety import source_text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
LETTERS = "ABCDEFGH"
MARGIN = 16.0
BODY = 10.5
LINE = 5.2
SMALL = 8.5
SOURCE_LINE = 4.2


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(REGULAR, lazy=True) as font:
        return frozenset(font.getBestCmap())


class _Printable(dict[int, str | None]):
    """A ``str.translate`` table: a character the font lacks becomes U+FFFD, unless it is an
    invisible control or format character, which is dropped. A tab (which has no glyph) is a
    space."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value: str | None
        if char == "\t":
            value = " "
        elif char == "\n" or code in _font_chars():
            value = char
        elif unicodedata.category(char) in ("Cc", "Cf"):
            value = None
        else:
            value = "\ufffd"
        self[code] = value
        return value


_PRINTABLE = _Printable()


# Right-to-left scripts (Hebrew, Arabic, Syriac, ...) and combining marks: only HarfBuzz and the
# bidirectional algorithm place them right.
_SHAPED = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0590-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufb1d-\ufdff\ufe20-\ufe2f\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


# Without uharfbuzz (an optional wheel on exotic platforms) such text is printed unshaped, in
# logical order: legible letters, wrong direction. Everything else is unaffected.
_CAN_SHAPE = importlib.util.find_spec("uharfbuzz") is not None


def _needs_shaping(text: str) -> bool:
    return _CAN_SHAPE and _SHAPED.search(text) is not None


class Worksheet(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.footer_text = footer
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.add_font("DejaVu", "", str(REGULAR))
        self.add_font("DejaVu", "B", str(BOLD))
        self.set_font("DejaVu", "", BODY)
        self.set_creator("quizgame")
        self.alias_nb_pages("{pages}")  # room for a 4-digit page count
        self._widths: dict[str, dict[str, float]] = {}
        self._wrapped: dict[tuple[str, float, str, float], list[str]] = {}
        self.c_margin = 0

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font("DejaVu", "", SMALL - 0.5)
        self.set_text_color(110)
        footer = f"{self.footer_text} — page {self.page_no()} of {{pages}}".translate(_PRINTABLE)
        self.set_text_shaping(_needs_shaping(footer))
        self.cell(0, 4, footer, align="C")
        self.set_text_shaping(False)
        self.set_text_color(0)

    # -- text ------------------------------------------------------------------------------
    # fpdf2's cell() and multi_cell() re-measure a line for every character they add, which
    # made a 10,000-question worksheet take half a minute. Plain left-to-right text is wrapped
    # here with the font's own widths and placed with text(); lines that need shaping
    # (right-to-left, combining marks) still go through fpdf2, which handles them properly.

    @property
    def _font(self) -> TTFFont:
        """The font in use: always one of the bundled DejaVu TrueType fonts."""
        font = self.current_font
        if not isinstance(font, TTFFont):
            raise TypeError(f"the PDF writer sets only TrueType fonts, not {font!r}")
        return font

    def _units(self, text: str) -> float:
        """Width of ``text`` in font units (thousandths of the font size); words are cached."""
        font = self._font
        cache = self._widths.get(font.fontkey)
        if cache is None:
            cache = self._widths[font.fontkey] = {}
        units = cache.get(text)
        if units is None:
            cw = font.cw
            units = cache[text] = sum(cw[ord(c)] for c in text)
        return units

    def wrap(self, text: str, width: float) -> list[str]:
        """``text`` (already printable) broken into lines no wider than ``width`` mm.

        Remembered for a while: a block is measured (to keep it on one page), then drawn.
        """
        key = (text, width, self._font.fontkey, self.font_size_pt)
        lines = self._wrapped.get(key)
        if lines is None:
            if len(self._wrapped) > 64:
                self._wrapped.clear()
            lines = self._wrapped[key] = self._wrap(text, width)
        return lines

    def _wrap(self, text: str, width: float) -> list[str]:
        limit = width * self.k * 1000 / self.font_size_pt  # in font units
        space = self._units(" ")
        lines = []
        for part in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in part.split(" "):
                size = self._units(word)
                if size > limit:  # a word wider than the line is cut where it must be
                    if line:
                        lines.append(" ".join(line))
                        line, used = [], 0.0
                    *full, word = self._cut(word, limit)
                    lines += full
                    size = self._units(word)
                if line and used + space + size > limit:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                used += size + (space if line else 0)
                line.append(word)
            lines.append(" ".join(line))
        return lines

    def _cut(self, word: str, limit: float) -> list[str]:
        """``word`` in pieces no wider than ``limit`` font units (one letter at least each),
        measured letter by letter once: linear in the word's length, however long it is."""
        cw = self._font.cw
        pieces: list[str] = []
        start, used = 0, 0.0
        for i, char in enumerate(word):
            width = cw[ord(char)]
            if used + width > limit and i > start:
                pieces.append(word[start:i])
                start, used = i, 0
            used += width
        pieces.append(word[start:])
        return pieces

    def _baseline(self, h: float) -> float:
        return self.y + 0.5 * h + 0.3 * self.font_size  # where cell() puts it

    def text_cell(self, w: float, h: float, text: str) -> None:
        """One line at the cursor; the cursor moves ``w`` to the right."""
        text = text.translate(_PRINTABLE)
        if _needs_shaping(text):
            self.set_text_shaping(True)
            self.cell(w, h, text, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_text_shaping(False)
            return
        self.text(self.x, self._baseline(h), text)
        self.x += w

    def paragraph(self, x: float, text: str, h: float = LINE) -> None:
        """Wrapped text from ``x`` to the right margin; the cursor ends below it, at the margin."""
        text = text.translate(_PRINTABLE)
        width = self.w - self.r_margin - x
        if _needs_shaping(text):
            self.set_x(x)
            self.set_text_shaping(True)
            self.multi_cell(width, h, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_shaping(False)
            return
        for line in self.wrap(text, width):
            if self.y + h > self.page_break_trigger:
                self.add_page()
            self.text(x, self._baseline(h), line)
            self.y += h
        self.x = self.l_margin

    def lines_needed(self, x: float, text: str) -> int:
        """How many lines ``text`` takes from ``x`` (shaped text: an estimate)."""
        text = text.translate(_PRINTABLE)
        width = self.w - self.r_margin - x
        if not _needs_shaping(text):
            return len(self.wrap(text, width))
        return sum(1 + int(self.get_string_width(p) // (width * 0.9)) for p in text.split("\n"))

    def keep_room(self, height: float) -> None:
        """Start a new page unless ``height`` fits: a question is not split across pages."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, title: str, subtitle: str) -> None:
        self.set_font("DejaVu", "B", 15)
        self.paragraph(self.l_margin, title, 7.5)
        self.set_font("DejaVu", "", SMALL + 0.5)
        self.set_text_color(90)
        self.paragraph(self.l_margin, subtitle, 5)
        self.set_text_color(0)
        self.set_font("DejaVu", "", BODY)
        self.ln(2)

    def label(self, x: float, text: str) -> None:
        """A bold number or letter at ``x`` on the current line; the cursor does not move."""
        family, style, size = self.font_family, self.font_style, self.font_size_pt
        self.set_font("DejaVu", "B", BODY)
        self.text(x, self._baseline(LINE), text)
        self.set_font(family, style, size)

    def rule(self, x: float, width: float) -> None:
        y = self.get_y() + LINE - 1
        self.line(x, y, x + width, y)


def _question(pdf: Worksheet, n: int, q: Question) -> None:
    x_text = pdf.l_margin + 9
    x_option = x_text + 7
    lines = pdf.lines_needed(x_text, q.prompt)
    listed = (  # the options or events printed under the prompt, one per line
        q.options
        if isinstance(q, ChoiceQuestion)
        else q.items
        if isinstance(q, OrderQuestion)
        else ()
    )
    if listed:
        lines += sum(pdf.lines_needed(x_option, o) for o in listed) + 1
    else:
        lines += 2
    pdf.keep_room(lines * LINE + 3)
    pdf.label(pdf.l_margin, f"{n}.")
    pdf.paragraph(x_text, q.prompt)
    if isinstance(q, ChoiceQuestion):
        for letter, option in zip(LETTERS, q.options, strict=False):
            pdf.label(x_text, letter)
            pdf.paragraph(x_option, option)
    elif isinstance(q, TrueFalseQuestion):
        pdf.paragraph(x_text, "○ True        ○ False")
    elif isinstance(q, OrderQuestion):
        pdf.set_font("DejaVu", "", SMALL + 0.5)
        pdf.paragraph(x_text, f"Number them 1 (earliest) to {len(q.items)}:")
        pdf.set_font("DejaVu", "", BODY)
        for item in q.items:
            pdf.rule(x_text, 7)
            pdf.paragraph(x_option + 2, item)
    else:  # typed, cloze: room to write
        pdf.ln(1.5)
        pdf.set_x(x_text)
        pdf.text_cell(18, LINE, "Answer:")
        pdf.rule(pdf.get_x(), 95)
        pdf.ln(LINE + 1)
    pdf.ln(2.5)


def _title(job: ExportJob) -> str:
    return f"{job.pack.title} — form {job.form}"


def _subtitle(job: ExportJob, what: str) -> str:
    return (
        f"{what} · {len(job.questions)} questions · pack {job.pack.id} {job.pack.version} · "
        f"seed {job.settings.seed}"
    )


def _worksheet(pdf: Worksheet, job: ExportJob) -> None:
    pdf.add_page()
    pdf.heading(_title(job), _subtitle(job, "Worksheet"))
    pdf.set_x(pdf.l_margin)
    for label, width in (("Name:", 70), ("Class:", 30), ("Date:", 30)):
        pdf.text_cell(pdf.get_string_width(label) + 2, LINE, label)
        x = pdf.get_x()
        pdf.rule(x, width)
        pdf.set_x(x + width + 6)
    pdf.ln(LINE + 5)
    for n, q in enumerate(job.questions, 1):
        _question(pdf, n, q)


def _key(pdf: Worksheet, job: ExportJob) -> None:
    pdf.add_page()
    pdf.heading(f"Answer key — {_title(job)}", _subtitle(job, "Answer key"))
    x_text = pdf.l_margin + 9
    for n, q in enumerate(job.questions, 1):
        answer = q.answer_text()
        source = source_text(q)
        pdf.set_font("DejaVu", "", SMALL)
        height = pdf.lines_needed(x_text, source) * SOURCE_LINE
        pdf.set_font("DejaVu", "B", BODY)
        pdf.keep_room(pdf.lines_needed(x_text, answer) * LINE + height + 2)
        pdf.label(pdf.l_margin, f"{n}.")
        pdf.set_font("DejaVu", "B", BODY)
        pdf.paragraph(x_text, answer)
        pdf.set_font("DejaVu", "", SMALL)
        pdf.set_text_color(70)
        pdf.paragraph(x_text, source, SOURCE_LINE)
        pdf.set_text_color(0)
        pdf.set_font("DejaVu", "", BODY)
        pdf.ln(1.8)


def _document(job: ExportJob) -> Worksheet:
    pdf = Worksheet(" ".join(_title(job).split()))  # the footer is one line
    pdf.set_title(_title(job))
    pdf.set_subject(f"quizgame worksheet, pack {job.pack.id}, seed {job.settings.seed}")
    return pdf


def write_pdf(job: ExportJob) -> bytes:
    """The worksheet; for a single form, followed by its answer key on separate pages."""
    pdf = _document(job)
    _worksheet(pdf, job)
    if job.variants == 1:
        _key(pdf, job)
    return bytes(pdf.output())


def write_pdf_key(job: ExportJob) -> bytes:
    pdf = _document(job)
    _key(pdf, job)
    return bytes(pdf.output())
