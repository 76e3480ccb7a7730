"""Game-show and flashcard platforms that import a spreadsheet, a CSV or a JSON list.

Kahoot and Wayground (Quizizz) read ``.xlsx`` files laid out like their templates; Blooket and
Gimkit read CSV files laid out like theirs; Quizlet reads ``term<TAB>definition`` lines; the Open
Trivia DB shape is the JSON its API returns.

Formula injection: an ``.xlsx`` cell here is always written as a typed string with Excel's
"quote prefix" style, so it is text to every spreadsheet even when it starts with ``=`` and stays
text when edited — its content is kept exactly. A CSV or TSV cell has no type, so one that
starts with ``= + - @`` (or tab, CR) gets a leading ``'`` (see :func:`safety.neutralise`).
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence

from quizgame.core.questions import (
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.export.job import ExportJob
from quizgame.export.safety import (
    feedback_text,
    neutralise,
    one_line,
    utf16_len,
)

Cell = str | int


# The most characters a spreadsheet cell holds (Excel's limit; xlsxwriter cuts longer text).
CELL_MAX = 32_767


def _xlsx(
    rows: Sequence[tuple[int, int, Sequence[Cell]]],
    widths: Mapping[int, float],
    bold_rows: Sequence[int],
    cut: list[tuple[int, int]],
) -> bytes:
    """An .xlsx with ``rows`` of (row, first column, values); strings typed, quote-prefixed.

    ``cut`` collects the (row, column) of every text cut to :data:`CELL_MAX` characters.
    """
    import xlsxwriter  # imported here: only the spreadsheet formats need it

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    text = workbook.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})
    bold = workbook.add_format(
        {
            "quote_prefix": True,
            "bold": True,
            "text_wrap": True,
            "valign": "top",
            "bg_color": "#E8E8F4",
        }
    )
    sheet = workbook.add_worksheet("Sheet1")
    for col, width in widths.items():
        sheet.set_column(col, col, width)
    heading = set(bold_rows)
    for row, first, values in rows:
        style = bold if row in heading else text
        for col, value in enumerate(values, first):
            if isinstance(value, int):
                sheet.write_number(row, col, value)
            elif value != "" and sheet.write_string(row, col, value, style) == -2:
                cut.append((row, col))  # -2: xlsxwriter cut it to the most a cell holds
    workbook.close()
    return buffer.getvalue()


def _csv(rows: Sequence[Sequence[Cell]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue().encode("utf-8")


def _options(q: Question) -> tuple[str, ...]:
    """The options as shown (true/false: True, False); none for a typed or order question."""
    return q.options if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)) else ()


def _with_options(q: Question) -> ChoiceQuestion | TrueFalseQuestion:
    """``q``, which the format's kinds promise is answered by picking an option."""
    if not isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
        raise TypeError(f"question {q.id} is a {q.kind} question: it has no options")
    return q


def _right_text(q: Question) -> str:
    """The right option's text (true/false: "True" or "False")."""
    picked = _with_options(q)
    return picked.options[picked.correct_index]


def _choices(q: Question) -> tuple[list[str], int]:
    """Options as shown and the 1-based number of the right one (true/false: True, False)."""
    picked = _with_options(q)
    return list(picked.options), picked.correct_index + 1


def fits(job: ExportJob, platform: str, limits: tuple[int, int]) -> list[Question]:
    """The questions within a platform's text limits; one warning names the ones left out."""
    question_max, answer_max = limits
    kept, refused = [], []
    for n, q in enumerate(job.questions, 1):
        problems = []
        if utf16_len(q.prompt) > question_max:
            problems.append(f"question is {utf16_len(q.prompt)} characters")
        for i, option in enumerate(_options(q), 1):
            if utf16_len(option) > answer_max:
                problems.append(f"answer {i} is {utf16_len(option)} characters")
        if problems:
            refused.append(f"#{n} {q.fact} ({', '.join(problems)})")
        else:
            kept.append(q)
    if refused:
        total = len(job.questions)
        job.left_out += len(refused)
        job.warnings.append(
            f"{len(refused)} of {total} question{'s' if total != 1 else ''} "
            f"left out: longer than {platform} allows (question {limits[0]}, answers {limits[1]} "
            "characters):" + "".join(f"\n  {r}" for r in refused)
        )
    return kept


# --------------------------------------------------------------------------------------------
# Kahoot

KAHOOT_HEADER = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
KAHOOT_LIMITS = (120, 75)
KAHOOT_HEADER_ROW = 8  # as in Kahoot's template: header on row 8, questions from row 9
KAHOOT_TIME = 20


def write_kahoot(job: ExportJob) -> bytes:
    rows: list[tuple[int, int, Sequence[Cell]]] = [
        (1, 1, [f"Quiz: {job.title}"]),
        (
            2,
            1,
            [
                f"Made by quizgame from pack {job.pack.id} {job.pack.version}, seed "
                f"{job.settings.seed}, form {job.form}."
            ],
        ),
        (3, 1, ["In Kahoot: Create → Add question → Import spreadsheet, then choose this file."]),
        (
            4,
            1,
            [
                "Questions have at most 120 characters and answers 75; "
                "several correct answers are separated by commas."
            ],
        ),
        (KAHOOT_HEADER_ROW - 1, 1, KAHOOT_HEADER),
    ]
    for number, q in enumerate(fits(job, "Kahoot", KAHOOT_LIMITS), 1):
        options, right = _choices(q)
        answers = (options + ["", "", "", ""])[:4]
        rows.append(
            (KAHOOT_HEADER_ROW - 1 + number, 0, [number, q.prompt, *answers, KAHOOT_TIME, right])
        )
    widths = {0: 5, 1: 60, 2: 28, 3: 28, 4: 28, 5: 28, 6: 16, 7: 16}
    cut: list[tuple[int, int]] = []
    data = _xlsx(rows, widths, bold_rows=[KAHOOT_HEADER_ROW - 1], cut=cut)
    if cut:  # only the title and description rows can be this long (questions are within 120)
        job.cut += len(cut)
        job.warnings.append(
            f"the quiz title cut to {CELL_MAX:,} characters, the most a spreadsheet cell holds"
        )
    return data


# --------------------------------------------------------------------------------------------
# Wayground (Quizizz)

WAYGROUND_HEADER = (
    "Question Text",
    "Question Type",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "Correct Answer",
    "Time in seconds",
    "Image Link",
    "Answer explanation",
)
# The template's second row says what each column takes; the importer skips it.
WAYGROUND_HELP = (
    "Text of the question (required)",
    "Question Type (default is Multiple Choice)",
    "Text for option 1 (required; for Fill-in-the-Blank, the answer)",
    "Text for option 2 (required except for Fill-in-the-Blank)",
    "Text for option 3 (optional)",
    "Text for option 4 (optional)",
    "Text for option 5 (optional)",
    "The correct option (1-5); blank for Fill-in-the-Blank",
    "Time in seconds (optional, default 30)",
    "Link of the image (optional)",
    "Explanation for the answer (optional)",
)
WAYGROUND_TIME = 30


def write_wayground(job: ExportJob) -> bytes:
    rows: list[tuple[int, int, Sequence[Cell]]] = [(0, 0, WAYGROUND_HEADER), (1, 0, WAYGROUND_HELP)]
    for row, q in enumerate(job.questions, 2):
        if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
            options, right = _choices(q)
            cells: list[Cell] = [q.prompt, "Multiple Choice", *(options + [""] * 5)[:5], right]
        else:  # typed, cloze: the platform's typed answer; option 1 is the answer
            assert isinstance(q, TypedQuestion), "Wayground takes no other kind"
            cells = [q.prompt, "Fill-in-the-Blank", q.answer, "", "", "", "", ""]
        rows.append((row, 0, [*cells, WAYGROUND_TIME, "", feedback_text(q)]))
    widths = {0: 60, 1: 18, 2: 24, 3: 24, 4: 24, 5: 24, 6: 24, 7: 14, 8: 14, 9: 14, 10: 60}
    cut: list[tuple[int, int]] = []
    data = _xlsx(rows, widths, bold_rows=[0], cut=cut)
    if cut:
        job.cut += len(cut)
        job.warnings.append(
            f"{len(cut)} cell{'s' if len(cut) != 1 else ''} cut to {CELL_MAX:,} characters, the "
            "most a spreadsheet cell holds:"
            + "".join(
                f"\n  question {row - 1} ({job.questions[row - 2].fact}), "
                f"{WAYGROUND_HEADER[col].lower()}"
                for row, col in cut
            )
        )
    return data


# --------------------------------------------------------------------------------------------
# Blooket and Gimkit (CSV)

BLOOKET_TITLE = "Blooket Import Template"
BLOOKET_HEADER = (
    "Question #",
    "Question Text",
    "Answer 1",
    "Answer 2",
    "Answer 3 (Optional)",
    "Answer 4 (Optional)",
    "Time Limit (sec) (Max: 300 seconds)",
    "Correct Answer(s) (Only include Answer #)",
)
BLOOKET_TIME = 20


def write_blooket(job: ExportJob) -> bytes:
    # Blooket sniffs the delimiter from the title row, so it has as many fields as the header.
    rows: list[Sequence[Cell]] = [[BLOOKET_TITLE] + [""] * 7, BLOOKET_HEADER]
    for n, q in enumerate(job.questions, 1):
        options, right = _choices(q)
        rows.append([n, q.prompt, *(options + ["", "", "", ""])[:4], BLOOKET_TIME, right])
    return _csv(rows)


GIMKIT_TITLE = "Gimkit Spreadsheet Import Template"
GIMKIT_HEADER = (
    "Question",
    "Correct Answer",
    "Incorrect Answer 1",
    "Incorrect Answer 2 (Optional)",
    "Incorrect Answer 3 (Optional)",
)


def write_gimkit(job: ExportJob) -> bytes:
    rows: list[Sequence[Cell]] = [[GIMKIT_TITLE] + [""] * 4, GIMKIT_HEADER]
    for q in job.questions:
        right = _right_text(q)
        wrong = [o for o in _options(q) if o != right]
        rows.append([q.prompt, right, *(wrong + ["", "", ""])[:3]])
    return _csv(rows)


# --------------------------------------------------------------------------------------------
# Quizlet (term TAB definition)


def flashcard(q: Question) -> tuple[str, str]:
    """A question as a Quizlet card: what is asked, and what answers it."""
    if isinstance(q, TrueFalseQuestion):
        verdict = "True" if q.answer else f"False: {q.explanation}"
        return f"True or false? {q.prompt}", verdict
    if isinstance(q, OrderQuestion):
        return f"{q.prompt} {'; '.join(q.items)}", q.answer_text()
    assert isinstance(q, (ChoiceQuestion, TypedQuestion))
    return q.prompt, q.answer


def write_quizlet(job: ExportJob) -> bytes:
    # Quizlet's importer reads one card per line and no quoting, so nothing is quoted, and tabs
    # and line breaks inside a text become spaces; nothing else is changed.
    lines = ("\t".join(neutralise(one_line(part)) for part in flashcard(q)) for q in job.questions)
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Open Trivia DB


def _entities(text: str) -> str:
    """Open Trivia DB's default encoding (PHP htmlspecialchars, ENT_QUOTES): & < > " ' escaped."""
    return html.escape(text, quote=True).replace("&#x27;", "&#039;")


def write_opentdb(job: ExportJob) -> bytes:
    encode = _entities
    results = []
    for q in job.questions:
        category = job.pack.title + (f": {q.tags[0]}" if q.tags else "")
        right = _right_text(q)
        wrong = [o for o in _options(q) if o != right]
        results.append(
            {
                "type": "boolean" if isinstance(q, TrueFalseQuestion) else "multiple",
                "difficulty": q.difficulty,
                "category": encode(category),
                "question": encode(q.prompt),
                "correct_answer": encode(right),
                "incorrect_answers": [encode(w) for w in wrong],
            }
        )
    body = {"response_code": 0, "results": results}
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
