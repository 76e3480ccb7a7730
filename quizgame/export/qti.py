"""IMS QTI packages: 1.2 as Canvas imports it, and 2.1 as an IMS content package.

Both are zip files with an ``imsmanifest.xml``. Identifiers are derived from the pack, seed and
form (sha256), so exporting the same quiz twice gives the same identifiers and the same bytes
(zip entries carry a fixed timestamp): an LMS that keys on identifiers updates instead of
duplicating, and a package can be checked into version control.

QTI 1.2 follows what Canvas's importer reads: ``qtimetadata`` with ``question_type``
(``multiple_choice_question``, ``true_false_question``, ``short_answer_question``,
``matching_question``), ``response_lid``/``response_str`` responses scored into ``SCORE``, a
general feedback carrying the source, plus Canvas's ``assessment_meta.xml`` for the quiz title.
Order questions are matching questions (Canvas classic quizzes have no ordering type). Answers
and matching items are ``text/plain`` (see :func:`_mattext12` for why).

QTI 2.1 uses the standard interactions (``choiceInteraction``, ``textEntryInteraction``,
``orderInteraction``) and response-processing templates (``match_correct``, ``map_response``,
by the URIs the specification gives them);
the source is a ``modalFeedback`` shown once the item has been answered.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable
from functools import cache

from lxml import etree

from quizgame.core.questions import (
    BLANK,
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.job import ExportJob
from quizgame.export.safety import (
    feedback_text,
    html_text,
    stable_id,
    xml_text,
)

SubElement = etree.SubElement
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so the same quiz gives the same bytes

QTI12_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
IMSCP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS_META_NS = "http://canvas.instructure.com/xsd/cccv1p0"
# The standard response-processing templates, named as the QTI 2.1 specification lists them
# (section "Response Processing Templates"): an engine resolves them by this exact URI, which the
# schema types only as anyURI, so a misspelt one validates and then scores nothing.
RP_TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


def _zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _quiz_id(job: ExportJob, version: str) -> str:
    s = job.settings
    return stable_id(
        "quizgame",
        version,
        job.pack.id,
        s.seed,
        job.form,
        len(job.questions),
        ",".join(s.kinds),
        s.difficulty,
        length=32,
    )


# --------------------------------------------------------------------------------------------
# QTI 1.2 (Canvas)

CANVAS_TYPES = {
    "choice": "multiple_choice_question",
    "truefalse": "true_false_question",
    "typed": "short_answer_question",
    "cloze": "short_answer_question",
    "order": "matching_question",
}


def _q12(tag: str) -> str:
    return f"{{{QTI12_NS}}}{tag}"


def _sub(
    ns: str, parent: etree._Element, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    """A child element in namespace ``ns``, with its text and attributes."""
    el = SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _sub12(
    parent: etree._Element, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    return _sub(QTI12_NS, parent, tag, text, **attrs)


def _mattext12(parent: etree._Element, text: str, html: bool = False) -> None:
    """Text as Canvas reads it: ``text/plain`` unless it is a field Canvas keeps as HTML.

    Canvas keeps a plain-text copy of every answer (reports, re-exports). From ``text/html``
    it makes that copy by deleting tags and *named entities* (``&amp;`` and ``&quot;`` vanish),
    so answers and matching items are ``text/plain``; only the question text and the feedback,
    which Canvas stores as HTML, are ``text/html``.
    """
    material = _sub12(parent, "material")
    if html:
        _sub12(material, "mattext", html_text(text), texttype="text/html")
    else:
        _sub12(material, "mattext", xml_text(text), texttype="text/plain")


def _metadata12(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    meta = _sub12(parent, "qtimetadata")
    for label, entry in fields:
        field = _sub12(meta, "qtimetadatafield")
        _sub12(field, "fieldlabel", label)
        _sub12(field, "fieldentry", entry)


def _condition12(
    parent: etree._Element, respident: str, values: list[str], score: str, action: str = "Set"
) -> None:
    # A right answer ends processing; each matched pair adds its share and lets the others count.
    cond = _sub12(parent, "respcondition", **{"continue": "No" if action == "Set" else "Yes"})
    var = _sub12(cond, "conditionvar")
    for value in values:
        _sub12(var, "varequal", value, respident=respident)
    _sub12(cond, "setvar", score, action=action, varname="SCORE")


@cache
def _item_parts12(kind: str) -> tuple[etree._Element, etree._Element]:
    """What every item of a kind starts with: its metadata, and response processing that scores
    into SCORE and always shows the general feedback. Copied per item (a copy is done in C)."""
    metadata = etree.Element(_q12("itemmetadata"))
    _metadata12(metadata, [("question_type", CANVAS_TYPES[kind]), ("points_possible", "1.0")])
    process = etree.Element(_q12("resprocessing"))
    outcomes = _sub12(process, "outcomes")
    _sub12(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _sub12(process, "respcondition", **{"continue": "Yes"})
    _sub12(_sub12(general, "conditionvar"), "other")
    _sub12(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return metadata, process


def item12(q: Question, number: int, quiz_id: str) -> etree._Element:
    ident = "g" + stable_id(quiz_id, number, q.id, length=32)
    item = etree.Element(_q12("item"), ident=ident, title=f"Question {number}")
    base = number * 100  # answer idents: unique across the quiz, numeric as Canvas writes them
    metadata, process = (copy.deepcopy(part) for part in _item_parts12(q.kind))
    item.append(metadata)
    presentation = _sub12(item, "presentation")
    _mattext12(
        presentation, MATCHING_PROMPT if isinstance(q, OrderQuestion) else q.prompt, html=True
    )
    item.append(process)

    if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
        lid = _sub12(presentation, "response_lid", ident="response1", rcardinality="Single")
        render = _sub12(lid, "render_choice")
        for i, text in enumerate(q.options):
            _mattext12(_sub12(render, "response_label", ident=str(base + i)), text)
        _condition12(process, "response1", [str(base + q.correct_index)], "100")
    elif isinstance(q, TypedQuestion):
        response = _sub12(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub12(_sub12(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        # Canvas reads each varequal of the condition as one accepted answer.
        _condition12(process, "response1", [xml_text(a) for a in q.accepted], "100")
    elif isinstance(q, OrderQuestion):  # as matching: each event picks its place from one list
        pairs = matching_pairs(q)
        places = sorted({place for _, place in pairs}, key=lambda p: int(p[:-2]))
        place_ids = {place: str(base + 50 + i) for i, place in enumerate(places)}
        share = f"{100 / len(pairs):.2f}"
        for i, (event, place) in enumerate(pairs):
            respident = f"response_{base + i}"
            lid = _sub12(presentation, "response_lid", ident=respident)
            _mattext12(lid, event)
            render = _sub12(lid, "render_choice")
            for p in places:
                _mattext12(_sub12(render, "response_label", ident=place_ids[p]), p)
            _condition12(process, respident, [place_ids[place]], share, action="Add")
    feedback = _sub12(item, "itemfeedback", ident="general_fb")
    _mattext12(_sub12(feedback, "flow_mat"), feedback_text(q), html=True)
    return item


def assessment12(job: ExportJob) -> tuple[str, bytes]:
    quiz_id = _quiz_id(job, "qti12")
    root = etree.Element(_q12("questestinterop"), nsmap={None: QTI12_NS, "xsi": XSI_NS})
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{QTI12_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    )
    assessment = _sub12(root, "assessment", ident="g" + quiz_id, title=xml_text(job.title))
    _metadata12(assessment, [("cc_maxattempts", "1")])
    section = _sub12(assessment, "section", ident="root_section")
    for n, q in enumerate(job.questions, 1):
        section.append(item12(q, n, quiz_id))
    return "g" + quiz_id, _xml(root)


def _assessment_meta(job: ExportJob, ident: str) -> bytes:
    root = etree.Element(
        f"{{{CANVAS_META_NS}}}quiz", nsmap={None: CANVAS_META_NS}, identifier=ident
    )

    def add(tag: str, text: str) -> None:
        SubElement(root, f"{{{CANVAS_META_NS}}}{tag}").text = text

    add("title", xml_text(job.title))
    add(
        "description",
        html_text(
            f"{job.pack.description}\n\nMade by quizgame from pack {job.pack.id} "
            f"{job.pack.version}, seed {job.settings.seed}, form {job.form}."
        ),
    )
    for tag, value in (
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{len(job.questions)}.0"),
        ("show_correct_answers", "true"),
        ("anonymous_submissions", "false"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        add(tag, value)
    return _xml(root)


Resource = tuple[str, str, str | None, list[str], list[str]]


def _manifest(
    job: ExportJob, ns: str, resources: list[Resource], schema: str, version: str
) -> bytes:
    """imsmanifest.xml listing (identifier, type, href, files, dependencies) resources."""
    root = etree.Element(
        f"{{{ns}}}manifest",
        nsmap={None: ns, "imsmd": IMSMD_NS},
        identifier="m" + _quiz_id(job, schema),
    )
    metadata = SubElement(root, f"{{{ns}}}metadata")
    SubElement(metadata, f"{{{ns}}}schema").text = schema
    SubElement(metadata, f"{{{ns}}}schemaversion").text = version
    lom = SubElement(metadata, f"{{{IMSMD_NS}}}lom")
    title = SubElement(SubElement(lom, f"{{{IMSMD_NS}}}general"), f"{{{IMSMD_NS}}}title")
    SubElement(title, f"{{{IMSMD_NS}}}langstring").text = xml_text(job.title)
    SubElement(root, f"{{{ns}}}organizations")
    listing = SubElement(root, f"{{{ns}}}resources")
    for identifier, rtype, href, files, deps in resources:
        res = SubElement(listing, f"{{{ns}}}resource", identifier=identifier, type=rtype)
        if href:
            res.set("href", href)
        for f in files:
            SubElement(res, f"{{{ns}}}file", href=f)
        for d in deps:
            SubElement(res, f"{{{ns}}}dependency", identifierref=d)
    return _xml(root)


def write_qti12(job: ExportJob) -> bytes:
    ident, assessment = assessment12(job)
    meta_id = "m" + ident[1:]
    xml_path, meta_path = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
    manifest = _manifest(
        job,
        CANVAS_CP_NS,
        [
            (ident, "imsqti_xmlv1p2", None, [xml_path], [meta_id]),
            (
                meta_id,
                "associatedcontent/imscc_xmlv1p1/learning-application-resource",
                meta_path,
                [meta_path],
                [],
            ),
        ],
        "IMS Content",
        "1.1.3",
    )
    return _zip(
        [
            ("imsmanifest.xml", manifest),
            (xml_path, assessment),
            (meta_path, _assessment_meta(job, ident)),
        ]
    )


# --------------------------------------------------------------------------------------------
# QTI 2.1


def _q21(tag: str) -> str:
    return f"{{{QTI21_NS}}}{tag}"


def _sub21(
    parent: etree._Element, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    return _sub(QTI21_NS, parent, tag, text, **attrs)


def _flow(parent: etree._Element, text: str) -> None:
    """Plain text into an element, line breaks as ``<br/>``."""
    lines = xml_text(text).split("\n")
    parent.text = (parent.text or "") + lines[0]
    for line in lines[1:]:
        br = _sub21(parent, "br")
        br.tail = line


def _paragraph(parent: etree._Element, text: str) -> etree._Element:
    p = _sub21(parent, "p")
    _flow(p, text)
    return p


def _declare(
    item: etree._Element, cardinality: str, base_type: str, correct: list[str]
) -> etree._Element:
    decl = _sub21(
        item,
        "responseDeclaration",
        identifier="RESPONSE",
        cardinality=cardinality,
        baseType=base_type,
    )
    values = _sub21(decl, "correctResponse")
    for value in correct:
        _sub21(values, "value", value)
    return decl


def item21(q: Question, identifier: str) -> etree._Element:
    item = etree.Element(
        _q21("assessmentItem"),
        nsmap={None: QTI21_NS, "xsi": XSI_NS},
        identifier=identifier,
        title=xml_text(f"{q.fact} ({q.kind})"),
        adaptive="false",
        timeDependent="false",
    )
    item.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{QTI21_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    )
    template = "match_correct"
    listed: tuple[str, ...] = ()  # what the player picks from (choice) or puts in order
    ids: list[str] = []
    if isinstance(q, (ChoiceQuestion, TrueFalseQuestion)):
        listed = q.options
        ids = [f"CHOICE_{i + 1}" for i in range(len(q.options))]
        _declare(item, "single", "identifier", [ids[q.correct_index]])
    elif isinstance(q, OrderQuestion):
        listed = q.items
        ids = [f"ITEM_{i + 1}" for i in range(len(q.items))]
        by_text = dict(zip(q.items, ids, strict=True))
        _declare(item, "ordered", "identifier", [by_text[t] for t in q.answer])
    elif isinstance(q, TypedQuestion):
        decl = _declare(item, "single", "string", [xml_text(q.answer)])
        mapping = _sub21(decl, "mapping", defaultValue="0")
        seen: set[str] = set()
        for accepted in q.accepted:
            key = xml_text(accepted)
            if key.casefold() not in seen:
                seen.add(key.casefold())
                _sub21(mapping, "mapEntry", mapKey=key, mappedValue="1", caseSensitive="false")
        template = "map_response"
    score = _sub21(
        item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )
    _sub21(_sub21(score, "defaultValue"), "value", "0")
    # FEEDBACK defaults to SOURCE, so the source is shown once the item has been answered.
    feedback = _sub21(
        item,
        "outcomeDeclaration",
        identifier="FEEDBACK",
        cardinality="single",
        baseType="identifier",
    )
    _sub21(_sub21(feedback, "defaultValue"), "value", "SOURCE")

    body = _sub21(item, "itemBody")
    if listed:
        ordering = isinstance(q, OrderQuestion)
        name = "orderInteraction" if ordering else "choiceInteraction"
        attrs = {"responseIdentifier": "RESPONSE", "shuffle": "false"}
        if not ordering:
            attrs["maxChoices"] = "1"
        interaction = _sub21(body, name, **attrs)
        _flow(_sub21(interaction, "prompt"), q.prompt)
        for choice_id, text in zip(ids, listed, strict=True):
            _flow(_sub21(interaction, "simpleChoice", identifier=choice_id), text)
    elif isinstance(q, TypedQuestion):
        _paragraph(body, q.prompt)
        longest = max(len(a) for a in q.accepted)
        answer = _sub21(body, "p", "Answer: " if BLANK not in q.prompt else "Missing words: ")
        _sub21(
            answer,
            "textEntryInteraction",
            responseIdentifier="RESPONSE",
            expectedLength=str(max(10, longest + 5)),
        )
    _sub21(item, "responseProcessing", template=RP_TEMPLATES + template)
    modal = _sub21(
        item,
        "modalFeedback",
        outcomeIdentifier="FEEDBACK",
        identifier="SOURCE",
        showHide="show",
        title="Source",
    )
    _flow(modal, feedback_text(q))
    return item


def assessment_test21(job: ExportJob, refs: list[tuple[str, str]]) -> bytes:
    test = etree.Element(
        _q21("assessmentTest"),
        nsmap={None: QTI21_NS, "xsi": XSI_NS},
        identifier="T" + _quiz_id(job, "qti21"),
        title=xml_text(job.title),
    )
    test.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{QTI21_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    )
    score = _sub21(
        test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )
    _sub21(_sub21(score, "defaultValue"), "value", "0")
    part = _sub21(
        test,
        "testPart",
        identifier="PART_1",
        navigationMode="nonlinear",
        submissionMode="individual",
    )
    section = _sub21(
        part, "assessmentSection", identifier="SECTION_1", title=xml_text(job.title), visible="true"
    )
    for identifier, href in refs:
        _sub21(section, "assessmentItemRef", identifier=identifier, href=href)
    processing = _sub21(test, "outcomeProcessing")
    total = _sub21(processing, "setOutcomeValue", identifier="SCORE")
    _sub21(_sub21(total, "sum"), "testVariables", variableIdentifier="SCORE")
    return _xml(test)


def write_qti21(job: ExportJob) -> bytes:
    width = max(3, len(str(len(job.questions))))
    files: list[tuple[str, bytes]] = []
    refs: list[tuple[str, str]] = []
    for n, q in enumerate(job.questions, 1):
        identifier = f"Q{n:0{width}d}"
        href = f"items/{identifier}.xml"
        files.append((href, _xml(item21(q, identifier))))
        refs.append((identifier, href))
    test_href = "assessmentTest.xml"
    resources: list[Resource] = [
        ("TEST", "imsqti_test_xmlv2p1", test_href, [test_href], [i for i, _ in refs])
    ]
    resources += [(i, "imsqti_item_xmlv2p1", href, [href], []) for i, href in refs]
    manifest = _manifest(job, IMSCP_NS, resources, "QTIv2.1 Package", "1.0.0")
    return _zip([("imsmanifest.xml", manifest), (test_href, assessment_test21(job, refs)), *files])
