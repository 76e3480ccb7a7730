"""Moodle XML read back with lxml, as Moodle's importer walks it (question/format/xml)."""

from __future__ import annotations

import html

from lxml import etree

from quizgame.core.generate import Question
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.safety import feedback_text

from .conftest import HOSTILE, export

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
    for el, q in zip(got, out.questions, strict=True):
        check_question(el, q)
    assert sum(HOSTILE in shown(el.find("questiontext")) for el in got) >= 5
