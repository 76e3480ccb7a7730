"""Markdown worksheets rendered by markdown-it-py (CommonMark + GitHub tables and strikethrough):
what a reader sees must be the pack's text, not markup made from it."""

from __future__ import annotations

import re

import markdown_it
from lxml import html as lxml_html

from quizgame.core.generate import Question
from quizgame.export.safety import source_text

from .conftest import HOSTILE, export


def render(data: bytes) -> lxml_html.HtmlElement:
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return lxml_html.fromstring(f"<div>{md.render(data.decode('utf-8'))}</div>")


def text_of(el: lxml_html.HtmlElement) -> str:
    """Text as a browser shows it: a <br> is a line break (the newline after it is not)."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "").removeprefix("\n")
    return el.text_content()


def question_paragraphs(doc: lxml_html.HtmlElement) -> dict[int, str]:
    """Paragraphs starting with a bold "N." (questions, or answers in the key) by number."""
    found = {}
    for p in doc.iter("p"):
        strong = p.find("strong")
        if strong is not None and p.text is None and re.fullmatch(r"\d+\.", strong.text or ""):
            found[int(strong.text[:-1])] = text_of(p)[len(strong.text) + 1 :]
    return found


def check(data: bytes, questions: list[Question]) -> str:
    doc = render(data)
    assert doc.find(".//em") is None or all(
        e.text_content().startswith("Source: ") for e in doc.iter("em")
    )  # no stray emphasis
    headings = [h.text_content() for h in doc.iter("h1")]
    assert len(headings) == 2 and headings[1].startswith("Answer key")
    hr = doc.findall("hr")
    assert len(hr) == 2
    sheet_part, key_part = [], []
    target = sheet_part
    for el in doc:
        if el.tag == "h1" and el.text_content().startswith("Answer key"):
            target = key_part
        target.append(el)
    sheet = lxml_html.fromstring("<div></div>")
    sheet.extend(sheet_part)
    key = lxml_html.fromstring("<div></div>")
    key.extend(key_part)
    asked = question_paragraphs(sheet)
    assert sorted(asked) == list(range(1, len(questions) + 1))
    answered = question_paragraphs(key)
    for n, q in enumerate(questions, 1):
        assert asked[n] == q.prompt
        assert answered[n] == f"{q.answer_text()}\n{source_text(q)}"
    items = [text_of(li) for li in sheet.iter("li")]
    for q in questions:
        if q.kind == "choice":
            assert all(
                f"{letter}. {o}" in items for letter, o in zip("ABCD", q.options, strict=False)
            )
        if q.kind == "order":
            assert all(f"___ {item}" in items for item in q.items)
    return text_of(sheet) + text_of(key)


def test_bundled_worksheet_and_key(bundled_pack):
    out = export(bundled_pack, "markdown", seed="12")
    check(out.data, out.questions)


def test_hostile_text_renders_as_written(hostile_pack):
    out = export(hostile_pack, "markdown")
    text = check(out.data, out.questions)
    assert HOSTILE in text
    assert "<b>" in text and "&amp;" in text  # shown, not obeyed
