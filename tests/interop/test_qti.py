"""QTI packages validated by lxml against the IMS schemas in ../shared/schemas, then read back."""

from __future__ import annotations

import html
import io
import zipfile
from functools import cache

import pytest
from lxml import etree

from quizgame.core.generate import Question
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.safety import feedback_text

from . import canvas
from .conftest import HOSTILE, SCHEMAS, export, needs_schemas

Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
Q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CANVAS_TYPES = {
    "choice": "multiple_choice_question",
    "truefalse": "true_false_question",
    "typed": "short_answer_question",
    "cloze": "short_answer_question",
    "order": "matching_question",
}


@cache
def schema(relative: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / relative)))


def validate(relative: str, data: bytes) -> etree._Element:
    doc = etree.fromstring(data)
    xsd = schema(relative)
    assert xsd.validate(doc), str(xsd.error_log)
    return doc


def manifest_files(zf: zipfile.ZipFile) -> dict[str, str]:
    """href → resource type, for every file the manifest lists; each must be in the zip."""
    manifest = etree.fromstring(zf.read("imsmanifest.xml"))
    listed = {}
    for res in manifest.iter("{*}resource"):
        for f in res.iter("{*}file"):
            listed[f.get("href")] = res.get("type")
    assert set(listed) | {"imsmanifest.xml"} == set(zf.namelist())
    return listed


# --------------------------------------------------------------------------------------------
# QTI 1.2 (Canvas)


def mattext(el: etree._Element) -> str:
    node = el.find(f".//{Q12}mattext")
    assert node is not None
    raw = node.text or ""
    if node.get("texttype") == "text/html":
        return html.unescape(raw.replace("<br>", "\n"))
    assert node.get("texttype") == "text/plain"
    return raw


def canvas_text(el: etree._Element) -> str:
    """The plain-text copy Canvas keeps of an answer or matching item (see ``canvas.py``)."""
    node = el.find(f".//{Q12}mattext")
    return canvas.answer_text(node.text or "", node.get("texttype"))


def check_item12(item: etree._Element, q: Question) -> None:
    fields = {
        f.findtext(f"{Q12}fieldlabel"): f.findtext(f"{Q12}fieldentry")
        for f in item.iter(f"{Q12}qtimetadatafield")
    }
    assert fields["question_type"] == CANVAS_TYPES[q.kind]
    presentation = item.find(f"{Q12}presentation")
    assert mattext(presentation.find(f"{Q12}material")) == (
        MATCHING_PROMPT if q.kind == "order" else q.prompt
    )
    assert mattext(item.find(f"{Q12}itemfeedback")) == feedback_text(q)
    conditions = item.findall(f"{Q12}resprocessing/{Q12}respcondition")
    scored = [c for c in conditions if c.find(f"{Q12}setvar") is not None]
    if q.kind in ("choice", "truefalse"):
        labels = presentation.findall(f".//{Q12}response_label")
        assert [mattext(label) for label in labels] == list(q.options)
        assert [canvas_text(label) for label in labels] == list(q.options)
        right = scored[0].findtext(f".//{Q12}varequal")
        assert [mattext(label) for label in labels if label.get("ident") == right] == [
            q.options[q.correct_index or 0]
        ]
        assert scored[0].findtext(f"{Q12}setvar") == "100"
    elif q.kind in ("typed", "cloze"):
        assert presentation.find(f"{Q12}response_str") is not None
        assert [v.text for v in scored[0].iter(f"{Q12}varequal")] == list(q.accepted)
    else:
        pairs = []
        for lid, cond in zip(presentation.findall(f"{Q12}response_lid"), scored, strict=True):
            choice = cond.findtext(f".//{Q12}varequal")
            label = lid.find(f".//{Q12}response_label[@ident='{choice}']")
            pairs.append((mattext(lid.find(f"{Q12}material")), mattext(label)))
            assert canvas_text(lid.find(f"{Q12}material")) == pairs[-1][0]
            assert canvas_text(label) == pairs[-1][1]
        assert pairs == matching_pairs(q)


def read_qti12(data: bytes) -> list[etree._Element]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    listed = manifest_files(zf)
    [assessment] = [href for href, kind in listed.items() if kind == "imsqti_xmlv1p2"]
    assert any(href.endswith("assessment_meta.xml") for href in listed)
    doc = validate("qti12/ims_qtiasiv1p2.xsd", zf.read(assessment))
    return doc.findall(f".//{Q12}item")


@needs_schemas
# every kind: the bundled facts with their timelines (tests/timelines.py), and the hostile pack
@pytest.mark.parametrize("pack_name", ["timeline_pack", "hostile_pack"])
def test_qti12_valid_and_right(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    out = export(pack, "qti12", seed="11")
    items = read_qti12(out.data)
    assert len(items) == len(out.questions) == len(pack.facts)
    assert {q.kind for q in out.questions} == set(CANVAS_TYPES)
    for item, q in zip(items, out.questions, strict=True):
        check_item12(item, q)
    if pack_name == "hostile_pack":
        assert sum(HOSTILE in mattext(i.find(f"{Q12}presentation")) for i in items) >= 5


# --------------------------------------------------------------------------------------------
# QTI 2.1


def flow_text(el: etree._Element) -> str:
    """Text of a QTI 2.1 element with <br/> as a line break (the writer's only markup)."""
    parts = [el.text or ""]
    for child in el:
        assert child.tag == f"{Q21}br", child.tag
        parts.append("\n" + (child.tail or ""))
    return "".join(parts)


def check_item21(item: etree._Element, q: Question) -> None:
    decl = item.find(f"{Q21}responseDeclaration")
    correct = [v.text for v in decl.findall(f"{Q21}correctResponse/{Q21}value")]
    assert flow_text(item.find(f"{Q21}modalFeedback")) == feedback_text(q)
    body = item.find(f"{Q21}itemBody")
    if q.kind in ("choice", "truefalse", "order"):
        interaction = body[0]
        assert flow_text(interaction.find(f"{Q21}prompt")) == q.prompt
        choices = {
            c.get("identifier"): flow_text(c) for c in interaction.findall(f"{Q21}simpleChoice")
        }
        shown = list(q.items if q.kind == "order" else q.options)
        assert list(choices.values()) == shown
        if q.kind == "order":
            assert interaction.tag == f"{Q21}orderInteraction"
            assert [choices[c] for c in correct] == list(q.answer)
        else:
            assert [choices[c] for c in correct] == [q.options[q.correct_index or 0]]
    else:
        assert flow_text(body.find(f"{Q21}p")) == q.prompt
        assert body.find(f".//{Q21}textEntryInteraction") is not None
        keys = [e.get("mapKey") for e in decl.iter(f"{Q21}mapEntry")]
        assert {k.casefold() for k in keys} == {a.casefold() for a in q.accepted}
        assert correct == [q.answer]


@needs_schemas
@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_qti21_items_and_test_valid_and_right(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    out = export(pack, "qti21", seed="13")
    zf = zipfile.ZipFile(io.BytesIO(out.data))
    listed = manifest_files(zf)
    items = sorted(h for h, kind in listed.items() if kind == "imsqti_item_xmlv2p1")
    [test_href] = [h for h, kind in listed.items() if kind == "imsqti_test_xmlv2p1"]
    test = validate("qtiv2p1/imsqti_v2p1.xsd", zf.read(test_href))
    refs = [r.get("href") for r in test.iter(f"{Q21}assessmentItemRef")]
    assert refs == items and len(items) == len(out.questions)
    for href, q in zip(items, out.questions, strict=True):
        check_item21(validate("qtiv2p1/imsqti_v2p1.xsd", zf.read(href)), q)


def test_canvas_model_loses_what_canvas_loses_from_html_answers():
    """The reason answers are text/plain: Canvas's plain-text copy of an HTML answer."""
    assert canvas.answer_text("{Curly} &amp; &quot;Sons&quot;", "text/html") == "{Curly} Sons"
    assert canvas.answer_text("O&#x27;Brien", "text/html") == "O&#x27;Brien"
    assert canvas.answer_text('{Curly} & "Sons"', "text/plain") == '{Curly} & "Sons"'


# The response-processing templates the QTI 2.1 specification defines, by the URI it gives them
# (IMS QTI v2.1 Information Model, "Response Processing Templates"; the same three files are
# published under http://www.imsglobal.org/question/qti_v2p1/rptemplates/).
SPEC_RPTEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
QTI21_TEMPLATES = {
    SPEC_RPTEMPLATES + name: name
    for name in ("match_correct", "map_response", "map_response_point")
}


def score21(item: etree._Element, response: str | list[str]) -> float:
    """SCORE after response processing, as an engine runs the standard template the item names
    (an unknown URI scores nothing: the engine cannot resolve it)."""
    template = QTI21_TEMPLATES.get(item.find(f"{Q21}responseProcessing").get("template"))
    decl = item.find(f"{Q21}responseDeclaration")
    correct = [v.text for v in decl.findall(f"{Q21}correctResponse/{Q21}value")]
    if template == "match_correct":
        given = response if isinstance(response, list) else [response]
        return 1.0 if given == correct else 0.0
    if template == "map_response":
        mapping = decl.find(f"{Q21}mapping")
        for entry in mapping.findall(f"{Q21}mapEntry"):
            same = (
                entry.get("mapKey").casefold() == str(response).casefold()
                if entry.get("caseSensitive") == "false"
                else entry.get("mapKey") == response
            )
            if same:
                return float(entry.get("mappedValue"))
        return float(mapping.get("defaultValue", "0"))
    return 0.0


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_qti21_items_name_standard_templates_and_score_right_answers(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    out = export(pack, "qti21", seed="13")
    zf = zipfile.ZipFile(io.BytesIO(out.data))
    items = sorted(n for n in zf.namelist() if n.startswith("items/"))
    for href, q in zip(items, out.questions, strict=True):
        item = etree.fromstring(zf.read(href))
        assert item.find(f"{Q21}responseProcessing").get("template") in QTI21_TEMPLATES
        body = item.find(f"{Q21}itemBody")
        choices = {
            "".join(c.itertext()): c.get("identifier") for c in body.iter(f"{Q21}simpleChoice")
        }
        if q.kind == "order":
            right: str | list[str] = [choices[t] for t in q.answer]
            wrong: str | list[str] = right[::-1]
        elif q.kind in ("choice", "truefalse"):
            right = choices[q.options[q.correct_index or 0]]
            wrong = next(i for t, i in choices.items() if i != right)
        else:
            for typed in q.accepted:
                assert score21(item, typed.upper()) == 1.0
            right, wrong = q.answer, q.answer + " Jr"
        assert score21(item, right) == 1.0, q.id
        assert score21(item, wrong) == 0.0, q.id


def test_same_quiz_same_bytes(bundled_pack):
    """Identifiers come from the pack, seed and form: the same export is byte-identical."""
    for name in ("qti12", "qti21"):
        assert export(bundled_pack, name, count=8).data == export(bundled_pack, name, count=8).data
