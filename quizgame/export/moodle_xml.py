"""Moodle XML (question/format/xml): the richest format Moodle imports without plugins.

* Question text, choices and feedback are HTML (``format="html"``) made from plain text, so
  ``<b>`` in a pack is shown, not obeyed; short-answer answers and matching answers are plain
  text in Moodle and are written as such (``*`` escaped: it is Moodle's short-answer wildcard).
* Every accepted form of a typed answer is a 100% answer.
* Order questions are matching questions (each event → 1st, 2nd, ...): Moodle's own ordering
  type is a plugin many sites lack, matching is core.
* Choices are not shuffled by Moodle (``shuffleanswers`` false) so that forms A and B keep the
  option order their answer keys describe.
* Text that holds ``& < > "`` is written as CDATA, as Moodle's own exporter does
  (``qformat_xml::xml_escape``). Moodle's XML reader (``lib/xmlize.php``) drops every piece of
  character data that is only whitespace, and the parser cuts text at each entity, so with
  entities ``&gt; &amp;`` would import as ``>&``; a CDATA section is one piece.
* The header comment holds pack text (title, version): a comment cannot contain ``--``, so a
  dash followed by another gets a space.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from lxml import etree

from quizgame.core.questions import (
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.gift import category_path
from quizgame.export.job import ExportJob
from quizgame.export.safety import feedback_text, html_text, xml_text

SubElement = etree.SubElement


def _text(parent: etree._Element, tag: str, text: str, fmt: str | None = None) -> etree._Element:
    el = SubElement(parent, tag, format=fmt) if fmt else SubElement(parent, tag)
    SubElement(el, "text").text = text
    return el


def _answer(parent: etree._Element, fraction: int, text: str, fmt: str) -> None:
    el = SubElement(parent, "answer", fraction=str(fraction), format=fmt)
    SubElement(el, "text").text = text
    _text(el, "feedback", "", "html")


def question_element(q: Question, number: int, width: int) -> etree._Element:
    qtype = {
        "choice": "multichoice",
        "truefalse": "truefalse",
        "typed": "shortanswer",
        "cloze": "shortanswer",
        "order": "matching",
    }[q.kind]
    el = etree.Element("question", type=qtype)
    _text(el, "name", xml_text(f"{number:0{width}d} {q.fact}"))
    prompt = MATCHING_PROMPT if isinstance(q, OrderQuestion) else q.prompt
    _text(el, "questiontext", html_text(prompt), "html")
    _text(el, "generalfeedback", html_text(feedback_text(q)), "html")
    SubElement(el, "defaultgrade").text = "1"
    SubElement(el, "penalty").text = "1" if isinstance(q, TrueFalseQuestion) else "0.3333333"
    SubElement(el, "hidden").text = "0"
    if isinstance(q, ChoiceQuestion):
        SubElement(el, "single").text = "true"
        SubElement(el, "shuffleanswers").text = "false"
        SubElement(el, "answernumbering").text = "ABCD"
        for option in q.options:
            _answer(el, 100 if option == q.answer else 0, html_text(option), "html")
    elif isinstance(q, TrueFalseQuestion):
        _answer(el, 100 if q.answer else 0, "true", "moodle_auto_format")
        _answer(el, 0 if q.answer else 100, "false", "moodle_auto_format")
    elif isinstance(q, TypedQuestion):
        SubElement(el, "usecase").text = "0"
        for accepted in q.accepted:
            _answer(el, 100, xml_text(accepted).replace("*", "\\*"), "moodle_auto_format")
    elif isinstance(q, OrderQuestion):
        SubElement(el, "shuffleanswers").text = "false"
        for item, place in matching_pairs(q):
            sub = _text(el, "subquestion", html_text(item), "html")
            SubElement(SubElement(sub, "answer"), "text").text = place
    if q.tags:
        tags = SubElement(el, "tags")
        for tag in q.tags:
            SubElement(SubElement(tags, "tag"), "text").text = xml_text(tag)
    return el


def _category(path: str) -> etree._Element:
    el = etree.Element("question", type="category")
    _text(el, "category", xml_text(path))
    _text(el, "info", "", "html")
    return el


def comment_text(text: str) -> str:
    """Text an XML comment can hold: one line, no ``--``, not ending in ``-``."""
    return re.sub("-(?=-|$)", "- ", " ".join(xml_text(text).split()))


def _cdata(text: str) -> str:
    """Element text as Moodle writes it: CDATA when it holds ``& < > "``, else as it is."""
    if not any(c in text for c in '&<>"'):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _serialise(el: etree._Element, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(el, etree._Comment):
        out.append(f"{pad}<!-- {el.text} -->\n")
        return
    attrs = "".join(f" {name}={quoteattr(value)}" for name, value in el.attrib.items())
    if len(el):
        if el.text and el.text.strip():  # Moodle XML has no mixed content; never drop text
            raise ValueError(f"<{el.tag}> holds both text and elements")
        out.append(f"{pad}<{el.tag}{attrs}>\n")
        for child in el:
            _serialise(child, depth + 1, out)
        out.append(f"{pad}</{el.tag}>\n")
    else:
        out.append(f"{pad}<{el.tag}{attrs}>{_cdata(el.text or '')}</{el.tag}>\n")


def serialise(root: etree._Element) -> bytes:
    """The document with text written as :func:`_cdata` says (lxml writes entities)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _serialise(root, 0, out)
    return "".join(out).encode("utf-8")


def write_moodle_xml(job: ExportJob) -> bytes:
    root = etree.Element("quiz")
    root.append(
        etree.Comment(
            comment_text(
                f"{job.title} — quizgame export of pack {job.pack.id} {job.pack.version}, "
                f"seed {job.settings.seed}, form {job.form}"
            )
        )
    )
    width = max(3, len(str(len(job.questions))))
    category: str | None = None
    for n, q in enumerate(job.questions, 1):
        path = category_path(job.pack.title, q.tags[0] if q.tags else None)
        if path != category:
            root.append(_category(path))
            category = path
        root.append(question_element(q, n, width))
    return serialise(root)
