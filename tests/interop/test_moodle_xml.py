"""Moodle XML read back twice: with lxml (a strict XML parser), and through a model of Moodle's
own reader (``lib/xmlize.php`` and ``question/format/xml``, see ``tests/interop/moodle.py``),
which keeps only what Moodle keeps and says what a student must type to be marked right."""

from __future__ import annotations

import html

import pytest
from lxml import etree

from quizgame.core.generate import Question
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.safety import feedback_text

from .conftest import HOSTILE, check_moodle_import, each_question, export
from .moodle import (
    import_moodle_xml,
    save_errors,
    shortanswer_matches,
    xmlize,
)
from .moodle import shown as moodle_shown

MOODLE_TYPES = {
    "choice": "multichoice",
    "truefalse": "truefalse",
    "typed": "shortanswer",
    "cloze": "shortanswer",
    "order": "matching",
}


def shown(el: etree._Element, fmt: str = "html") -> str:
    """What Moodle shows for a <text>: HTML turned back into the plain text it was made from."""
    assert el.get("format", fmt) == fmt
    raw = el.findtext("text") or ""
    return html.unescape(raw.replace("<br>", "\n")) if fmt == "html" else raw


def check_question(el: etree._Element, q: Question) -> None:
    assert el.get("type") == MOODLE_TYPES[q.kind]
    assert shown(el.find("generalfeedback")) == feedback_text(q)
    prompt = MATCHING_PROMPT if q.kind == "order" else q.prompt
    assert shown(el.find("questiontext")) == prompt
    assert [t.text for t in el.findall("tags/tag/text")] == list(q.tags)
    answers = el.findall("answer")
    if q.kind == "choice":
        assert [shown(a) for a in answers] == list(q.options)
        assert [shown(a) for a in answers if a.get("fraction") == "100"] == [q.answer]
        assert el.findtext("single") == "true"
    elif q.kind == "truefalse":
        right = [a.findtext("text") for a in answers if a.get("fraction") == "100"]
        assert right == ["true" if q.answer else "false"]
    elif q.kind in ("typed", "cloze"):
        got = [a.findtext("text").replace("\\*", "*") for a in answers]
        assert got == list(q.accepted)
        assert {a.get("fraction") for a in answers} == {"100"}  # every alias is fully right
    else:
        pairs = [(shown(s), s.findtext("answer/text")) for s in el.findall("subquestion")]
        assert pairs == matching_pairs(q)


def questions(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    return [q for q in root.findall("question") if q.get("type") != "category"]


def test_bundled_pack_types_answers_and_sources(bundled_pack):
    out = export(bundled_pack, "moodle-xml", seed="5")
    got = questions(out.data)
    assert len(got) == len(out.questions) == len(bundled_pack.facts)
    for el, q in zip(got, out.questions, strict=True):
        check_question(el, q)
    root = etree.fromstring(out.data)
    categories = [c.findtext("category/text") for c in root.findall("question[@type='category']")]
    assert all(c.startswith(f"$course$/top/{bundled_pack.title}/") for c in categories)


def test_hostile_text_survives_exactly(hostile_pack):
    out = export(hostile_pack, "moodle-xml")
    got = questions(out.data)
    assert {q.kind for q in out.questions} == set(MOODLE_TYPES)
    each_question(got, out, check_question)
    assert sum(HOSTILE in shown(el.find("questiontext")) for el in got) >= 5


def check_in_moodle(got: dict, q: Question) -> None:
    """What Moodle stores for ``q`` after its XML reader has dropped what it drops."""
    assert got["qtype"] == MOODLE_TYPES[q.kind]
    assert save_errors(got) == []  # Moodle saves it
    prompt = MATCHING_PROMPT if q.kind == "order" else q.prompt
    assert moodle_shown(got["questiontext"], got["questiontextformat"]) == prompt
    assert moodle_shown(got["generalfeedback"], "html") == feedback_text(q)
    assert got["tags"] == list(q.tags)
    answers = got["answers"]
    if q.kind == "choice":
        assert [moodle_shown(a["text"], a["format"]) for a in answers] == list(q.options)
        right = [moodle_shown(a["text"], a["format"]) for a in answers if a["fraction"] == 1]
        assert right == [q.answer]
    elif q.kind == "truefalse":
        assert [a["text"] for a in answers if a["fraction"] == 1] == [str(q.answer).lower()]
    elif q.kind in ("typed", "cloze"):
        stored = [a["text"] for a in answers]
        assert got["usecase"] == "0"
        for typed in q.accepted:
            assert any(shortanswer_matches(typed, s) for s in stored), (typed, stored)
        assert not any(shortanswer_matches(q.answer + " Jr", s) for s in stored)
    else:
        pairs = [(moodle_shown(s["text"], s["format"]), s["answer"]) for s in got["subquestions"]]
        assert pairs == matching_pairs(q)


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_moodle_keeps_every_text_and_marks_every_accepted_answer_right(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    out = export(pack, "moodle-xml", seed="5")
    check_moodle_import(import_moodle_xml(out.data), out, pack, check_in_moodle)


@pytest.mark.parametrize(
    "xml, kept",
    [
        (b"<quiz><text>&gt; &amp;</text></quiz>", ">&"),  # the space between two entities
        (b"<quiz><text>a &lt; b</text></quiz>", "a < b"),  # spaces inside a text run are kept
        (b"<quiz><text><![CDATA[> &]]></text></quiz>", "> &"),  # CDATA is one piece
        (b"<quiz><text>0</text></quiz>", "0"),
    ],
)
def test_the_model_drops_what_moodles_reader_drops(xml, kept):
    assert xmlize(xml).find("text").text == kept


def test_a_pack_title_with_dashes_does_not_break_the_header_comment(hostile_pack):
    from dataclasses import replace

    pack = replace(hostile_pack, title="A --- B -", version="1\n---\n2-")
    out = export(pack, "moodle-xml")
    root = etree.fromstring(out.data)  # a comment with "--" would not parse
    [comment] = [c for c in root.iter(etree.Comment)]
    assert "--" not in comment.text and "\n" not in comment.text
