"""Writers on hand-made questions: limits, warnings, --strict, and the edge cases of each format."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from dataclasses import replace
from types import MappingProxyType

import pytest

from quizgame.core.generate import (
    ChoiceQuestion,
    Citation,
    OrderQuestion,
    Question,
    QuizSettings,
    TypedQuestion,
)
from quizgame.core.packs import Pack
from quizgame.export.command import ExportError, ExportPlan, execute
from quizgame.export.job import ExportJob
from quizgame.export.registry import get_format

SOURCE = Citation("doc.txt", "The Doc", "A quote.", "The Doc, Publisher, 2024")


def make_pack() -> Pack:
    return Pack(
        id="unit",
        title="Unit pack",
        description="For tests.",
        language="en",
        licence="CC0-1.0",
        authors=("t",),
        version="1",
        sources=MappingProxyType({}),
        pools=MappingProxyType({}),
        groups=MappingProxyType({}),
        facts=(),
    )


def choice(
    fact: str, prompt: str = "Which?", options=("Right", "B", "C", "D"), answer: str = "Right"
) -> Question:
    return ChoiceQuestion(
        id=f"{fact}:choice",
        fact=fact,
        prompt=prompt,
        answer=answer,
        explanation="It is Right.",
        source=SOURCE,
        difficulty="medium",
        tags=("t",),
        answer_kind="thing",
        options=tuple(options),
    )


def typed(fact: str, answer: str, accepted=()) -> Question:
    return TypedQuestion(
        id=f"{fact}:typed",
        fact=fact,
        prompt="Name it?",
        answer=answer,
        explanation="So.",
        source=SOURCE,
        difficulty="medium",
        tags=("t",),
        answer_kind="thing",
        accepted=(answer, *accepted),
        rivals=(),
    )


def order(fact: str) -> Question:
    return OrderQuestion(
        id=f"{fact}:order",
        fact=fact,
        prompt="Order them.",
        answer=("first", "second", "third"),
        explanation="So.",
        source=SOURCE,
        difficulty="medium",
        tags=("t",),
        answer_kind="thing",
        items=("third", "first", "second"),
        item_facts=("c", "a", "b"),
        item_dates=("3", "1", "2"),
    )


def job(questions: list[Question], **kw) -> ExportJob:
    return ExportJob(make_pack(), questions, QuizSettings(count=len(questions)), **kw)


def write(name: str, questions: list[Question], **kw) -> tuple[bytes, ExportJob]:
    j = job(questions, **kw)
    return get_format(name).write(j), j


# --------------------------------------------------------------------------------------------
# Kahoot's limits


def test_kahoot_limits_counted_as_kahoot_counts_them():
    at_limit = choice("fits", prompt="x" * 120, options=("y" * 75, "B", "C", "D"), answer="y" * 75)
    long_question = choice("long-q", prompt="x" * 121)
    long_answer = choice("long-a", options=("Right", "z" * 76, "C", "D"))
    emoji = choice("emoji", prompt="😀" * 61)  # 122 UTF-16 units
    data, j = write("kahoot", [at_limit, long_question, long_answer, emoji])
    [warning] = j.warnings
    assert warning.startswith("3 of 4 questions left out: longer than Kahoot allows")
    assert "#2 long-q (question is 121 characters)" in warning
    assert "#3 long-a (answer 2 is 76 characters)" in warning
    assert "#4 emoji (question is 122 characters)" in warning
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws["B9"].value == "x" * 120 and ws["A9"].value == 1 and ws["B10"].value is None


def test_strict_turns_a_left_out_question_into_an_error(tmp_path):
    fmt = get_format("kahoot")
    plan = ExportPlan(fmt, QuizSettings(), 1, [("A", [choice("a"), choice("b", "x" * 130)])])
    with pytest.raises(ExportError, match="left out.*--strict"):
        execute(plan, make_pack(), str(tmp_path / "q.xlsx"), force=False, strict=True)
    assert not (tmp_path / "q.xlsx").exists()
    written, warnings = execute(
        plan, make_pack(), str(tmp_path / "q.xlsx"), force=False, strict=False
    )
    assert written == [tmp_path / "q.xlsx"] and "1 of 2 questions left out" in warnings[0]


# --------------------------------------------------------------------------------------------
# GIFT edge cases Moodle would misread


def test_gift_answers_that_look_like_weights_or_formats():
    data, _ = write(
        "gift", [choice("pct", options=("%50% off", "[html]x", "C", "D"), answer="%50% off")]
    )
    text = data.decode()
    assert "\t=[plain]%50% off\n" in text
    assert "\t~[plain][html]x\n" in text


def test_gift_short_answers_escape_the_wildcard_and_weigh_every_alias():
    data, _ = write("gift", [typed("star", "A*B", accepted=("AB",))])
    # Moodle reads "\\*" as GIFT's escaped backslash then "*": its short answer's literal star.
    assert "\t=%100%A\\\\*B\n\t=%100%AB\n" in data.decode()


def test_gift_order_becomes_matching():
    data, _ = write("gift", [order("o")])
    text = data.decode()
    assert "\t=third -> 3rd\n\t=first -> 1st\n\t=second -> 2nd\n" in text


# --------------------------------------------------------------------------------------------
# Flashcards and trivia JSON


def test_quizlet_one_line_per_card_and_no_quoting():
    q = choice(
        "nl", prompt='Line one\nline "two"\tend', options=("=1+1", "B", "C", "D"), answer="=1+1"
    )
    data, _ = write("quizlet", [q])
    assert data.decode() == 'Line one line "two" end\t\'=1+1\n'


def test_opentdb_uses_the_apis_entities():
    q = choice("ent", prompt='Tom\'s <b>"x"</b> & y', options=("A&B", "B", "C", "D"), answer="A&B")
    data, _ = write("opentdb", [q])
    result = json.loads(data)["results"][0]
    assert result["question"] == "Tom&#039;s &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y"
    assert result["correct_answer"] == "A&amp;B"
    assert result["incorrect_answers"] == ["B", "C", "D"]


# --------------------------------------------------------------------------------------------
# Anki identity


def apkg_notes(data: bytes) -> list[tuple]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        db = zf.read("collection.anki2")
    con = sqlite3.connect(":memory:")
    con.deserialize(db)
    return con.execute("SELECT guid, mid, flds FROM notes ORDER BY id").fetchall()


def test_anki_ids_depend_on_pack_fact_and_kind_only():
    first = apkg_notes(write("anki", [choice("f1"), typed("f1", "x"), choice("f1")])[0])
    guids = [g for g, _, _ in first]
    assert len(set(guids)) == 3  # the same fact and kind twice still makes two notes
    again = apkg_notes(write("anki", [choice("f1", options=("B", "Right", "C", "D"))])[0])
    assert again[0][0] == guids[0] and again[0][1] == first[0][1]  # same note, same note type


# --------------------------------------------------------------------------------------------
# Printed formats


def test_pdf_single_form_has_key_variants_do_not():
    from quizgame.export.pdf import write_pdf, write_pdf_key

    single = write_pdf(job([choice("a"), typed("b", "x"), order("c")]))
    assert single.startswith(b"%PDF-")
    separate = write_pdf(job([choice("a")], variants=2))
    key = write_pdf_key(job([choice("a")], variants=2, answer_key=True))
    assert len(separate) < len(single) and key.startswith(b"%PDF-")


def test_pdf_characters_without_a_glyph_are_marked_not_dropped():
    from quizgame.export.pdf import _PRINTABLE, _needs_shaping

    assert "guitar 🎸".translate(_PRINTABLE) == "guitar \ufffd"
    assert "😀 שלום".translate(_PRINTABLE) == "😀 שלום"
    assert "isolate\u2066d".translate(_PRINTABLE) == "isolated"  # invisible, not in the font
    assert _needs_shaping("مرحبا") and _needs_shaping("שלום") and not _needs_shaping("Café 😀")


def test_markdown_single_form_ends_with_its_key():
    data, _ = write("markdown", [choice("a")])
    text = data.decode()
    assert text.index("# Unit pack — form A") < text.index("# Answer key — Unit pack — form A")
    key, _ = write("markdown", [choice("a")], variants=2, answer_key=True)
    assert key.decode().startswith("# Answer key") and "**1.** A) Right\\" in key.decode()


def test_pdf_wrap_keeps_every_word_and_the_width():
    from quizgame.export.pdf import Worksheet

    pdf = Worksheet("t")
    text = " ".join(["word", "Café", "😀", "a-b"] * 30)
    lines = pdf.wrap(text, 60)
    assert len(lines) > 3 and " ".join(lines) == text
    assert all(pdf.get_string_width(line) <= 60 for line in lines)
    long_word = "x" * 300  # wider than a line: cut, nothing lost
    cut = pdf.wrap(long_word, 60)
    assert "".join(cut) == long_word and all(pdf.get_string_width(c) <= 60 for c in cut)
    assert pdf.wrap("one\ntwo", 60) == ["one", "two"]


def test_pdf_wrap_cuts_a_very_long_word_into_lines_no_wider_than_the_page():
    from quizgame.export.pdf import Worksheet

    pdf = Worksheet("t")
    word = "Wolfeschlegelsteinhausenbergerdorff" * 9000  # 315,000 letters, no space to break at
    lines = pdf.wrap(f"Before {word} after", 170)
    assert "".join(lines).replace(" ", "") == f"Before{word}after"  # not a letter lost
    assert len(lines) > 1000
    assert all(pdf.get_string_width(line) <= 170 for line in lines[:50] + lines[-50:])


def test_pdf_prints_a_tab_as_a_space_without_complaining(caplog, capfd):
    import logging

    q = choice("tab", "Which\tone?", ("Right\tnow", "B", "C", "D"), answer="Right\tnow")
    with caplog.at_level(logging.DEBUG):
        data, _ = write("pdf", [q])
    assert data.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert capfd.readouterr().err == ""


def test_wayground_says_which_cells_were_cut_and_strict_refuses(tmp_path):
    long = replace(typed("long", "Answer"), explanation="x" * 40_000)
    data, j = write("wayground", [choice("short"), long])
    [warning] = j.warnings
    assert warning.startswith("1 cell cut to 32,767 characters")
    assert "question 2 (long), answer explanation" in warning
    fmt = get_format("wayground")
    plan = ExportPlan(fmt, QuizSettings(), 1, [("A", [choice("short"), long])])
    with pytest.raises(ExportError, match="cut to 32,767.*--strict"):
        execute(plan, make_pack(), str(tmp_path / "q.xlsx"), force=False, strict=True)
    assert not (tmp_path / "q.xlsx").exists()


def test_a_write_that_fails_is_an_export_error_and_takes_back_the_files_it_made(
    tmp_path, monkeypatch
):
    import errno

    from quizgame.export import command

    fmt = get_format("gift")
    forms = [("A", [choice("a")]), ("B", [choice("a")])]
    plan = ExportPlan(fmt, QuizSettings(), 2, forms)
    real = command.write_atomically
    calls = []

    def fail_on_third(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(command, "write_atomically", fail_on_third)
    with pytest.raises(ExportError, match="cannot write .*quiz-B.gift: No space left on device"):
        execute(plan, make_pack(), str(tmp_path / "quiz.gift"), force=False, strict=False)
    assert list(tmp_path.iterdir()) == []  # form A and its key were taken back


def test_the_summary_line_says_what_was_cut_and_left_out(tmp_path):
    from quizgame.cli.export import summary

    long = replace(typed("long", "Answer"), explanation="x" * 40_000)
    plan = ExportPlan(get_format("wayground"), QuizSettings(), 1, [("A", [choice("a"), long])])
    written, _ = execute(plan, make_pack(), str(tmp_path / "q.xlsx"), force=False, strict=False)
    assert summary(plan, written) == [
        f"wrote {tmp_path / 'q.xlsx'} (2 questions; 1 text cut short, listed above)"
    ]
    forms = [("A", [choice("a"), choice("b", "x" * 130)])]
    kahoot = ExportPlan(get_format("kahoot"), QuizSettings(), 1, forms)
    pipe = io.TextIOWrapper(io.BytesIO())
    written, _ = execute(kahoot, make_pack(), "-", force=False, strict=False, stdout=pipe)
    assert summary(kahoot, written) == [
        "quizgame: kahoot to standard output (1 question; 1 of the 2 left out, listed above)"
    ]
