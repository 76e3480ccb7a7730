"""Kahoot and Wayground sheets read with openpyxl, Blooket and Gimkit CSVs with Python's csv
reader, Open Trivia DB with json: each checked against its template and its limits."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
from openpyxl import load_workbook

from quizgame.core.generate import Question
from quizgame.export.safety import feedback_text, neutralise, utf16_len

from .conftest import FORMULA_ANSWERS, HOSTILE, export

KAHOOT_HEADER = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
KAHOOT_TIMES = {5, 10, 20, 30, 60, 90, 120, 240}


def right_option(q: Question) -> str:
    return q.options[q.correct_index or 0]


def sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def kahoot_rows(data: bytes) -> list[tuple]:
    ws = sheet(data)
    assert [c.value for c in ws[8]][1:8] == KAHOOT_HEADER  # header on row 8, from column B
    rows = []
    for row in ws.iter_rows(min_row=9):
        if row[1].value is None:
            break
        for cell in row[1:6]:  # text cells: typed strings, shown as text by any spreadsheet
            if cell.value is not None:
                assert cell.data_type == "s" and cell.quotePrefix
        rows.append(tuple(c.value for c in row[:8]))
    return rows


def check_kahoot(rows: list[tuple], questions: list[Question]) -> None:
    assert len(rows) == len(questions)
    for n, (row, q) in enumerate(zip(rows, questions, strict=True), 1):
        number, prompt, *answers, seconds, correct = row
        assert number == n
        assert prompt == q.prompt and utf16_len(prompt) <= 120
        answers = [a for a in answers if a is not None]
        assert answers == list(q.options) and all(utf16_len(a) <= 75 for a in answers)
        assert seconds in KAHOOT_TIMES
        assert answers[int(correct) - 1] == right_option(q)  # the right answer marked right


def within_kahoot_limits(q: Question) -> bool:
    return utf16_len(q.prompt) <= 120 and all(utf16_len(o) <= 75 for o in q.options)


def test_kahoot_bundled_pack_over_the_limits_left_out_with_one_warning(bundled_pack):
    out = export(bundled_pack, "kahoot", seed="2")
    assert {q.kind for q in out.questions} <= {"choice", "truefalse"}
    too_long = [q for q in out.questions if not within_kahoot_limits(q)]
    kept = [q for q in out.questions if within_kahoot_limits(q)]
    check_kahoot(kahoot_rows(out.data), kept)
    assert too_long, "the bundled pack has questions over Kahoot's limits"
    [warning] = out.warnings
    assert warning.startswith(f"{len(too_long)} of {len(out.questions)} questions left out")
    assert all(q.fact in warning for q in too_long)


def test_kahoot_hostile(hostile_pack):
    out = export(hostile_pack, "kahoot")
    kept = [q for q in out.questions if within_kahoot_limits(q)]
    assert len(out.warnings) == (len(kept) < len(out.questions))
    rows = kahoot_rows(out.data)
    check_kahoot(rows, kept)
    cells = {c for row in rows for c in row if isinstance(c, str)}
    assert any(HOSTILE in c for c in cells)
    assert set(FORMULA_ANSWERS) & cells  # kept exactly, but as quote-prefixed text


def test_wayground_template_and_answers(bundled_pack, hostile_pack):
    for pack in (bundled_pack, hostile_pack):
        out = export(pack, "wayground", seed="8")
        ws = sheet(out.data)
        header = [c.value for c in ws[1]]
        assert header[:11] == [
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
        ]
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
        assert len(rows) == len(out.questions)
        for row, q in zip(rows, out.questions, strict=True):
            assert row[0] == q.prompt
            assert row[10] == feedback_text(q)
            if q.kind in ("choice", "truefalse"):
                assert row[1] == "Multiple Choice"
                assert [o for o in row[2:7] if o] == list(q.options)
                assert row[2 + int(row[7]) - 1] == right_option(q)
            else:
                assert row[1] == "Fill-in-the-Blank"
                assert row[2] == q.answer and row[7] is None


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff") and "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_blooket_csv(pack_name, request):
    out = export(request.getfixturevalue(pack_name), "blooket", seed="6")
    title, header, *rows = read_csv(out.data)
    assert title == ["Blooket Import Template"] + [""] * 7
    assert header[:2] == ["Question #", "Question Text"] and len(header) == 8
    assert len(rows) == len(out.questions)
    for n, (row, q) in enumerate(zip(rows, out.questions, strict=True), 1):
        assert int(row[0]) == n
        assert row[1] == neutralise(q.prompt)
        answers = [a for a in row[2:6] if a]
        assert answers == [neutralise(o) for o in q.options]
        assert answers[int(row[7]) - 1] == neutralise(right_option(q))
        assert 0 < int(row[6]) <= 300


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_gimkit_csv(pack_name, request):
    out = export(request.getfixturevalue(pack_name), "gimkit", seed="6")
    title, header, *rows = read_csv(out.data)
    assert title == ["Gimkit Spreadsheet Import Template", "", "", "", ""]
    assert header == [
        "Question",
        "Correct Answer",
        "Incorrect Answer 1",
        "Incorrect Answer 2 (Optional)",
        "Incorrect Answer 3 (Optional)",
    ]
    assert len(rows) == len(out.questions)
    for row, q in zip(rows, out.questions, strict=True):
        assert row[0] == neutralise(q.prompt)
        assert row[1] == neutralise(right_option(q))
        assert sorted(a for a in row[2:] if a) == sorted(
            neutralise(o) for o in q.options if o != right_option(q)
        )


def test_csv_cells_that_would_be_formulas_are_neutralised(hostile_pack):
    for name in ("blooket", "gimkit"):
        cells = [c for row in read_csv(export(hostile_pack, name).data) for c in row]
        assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)
        assert {"'" + f for f in FORMULA_ANSWERS} & set(cells)
        assert any(HOSTILE in c for c in cells)  # everything else exactly as written


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_opentdb_response_shape(pack_name, request):
    out = export(request.getfixturevalue(pack_name), "opentdb", seed="9")
    body = json.loads(out.data)
    assert body["response_code"] == 0
    assert len(body["results"]) == len(out.questions)
    for result, q in zip(body["results"], out.questions, strict=True):
        assert set(result) == {
            "type",
            "difficulty",
            "category",
            "question",
            "correct_answer",
            "incorrect_answers",
        }
        assert result["type"] == ("boolean" if q.kind == "truefalse" else "multiple")
        assert result["difficulty"] in ("easy", "medium", "hard")
        # HTML entities, as the API sends by default: clients unescape them.
        assert html.unescape(result["question"]) == q.prompt
        assert html.unescape(result["correct_answer"]) == right_option(q)
        assert sorted(html.unescape(w) for w in result["incorrect_answers"]) == sorted(
            o for o in q.options if o != right_option(q)
        )
        assert "<" not in result["question"] and '"' not in result["question"]
