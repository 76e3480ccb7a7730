"""Small, faithful models of what Moodle's own import code does with a file, for the tests.

Each function follows one piece of Moodle (5.0) line by line, so a test can ask "what does Moodle
store, and what does it mark right?" without a Moodle server. Read beside the PHP they model:

* :func:`xmlize` — ``lib/xmlize.php`` (``core_xml_parser``): the XML parser hands character
  data over in pieces (text runs, one piece per entity or character reference, one per CDATA
  section) and ``characterdata()`` drops every piece that is only whitespace (PHP ``trim``),
  unless it is ``"0"``; the kept pieces are joined.
* :func:`import_moodle_xml` — ``question/format/xml/format.php``: ``getpath(..., true)`` trims
  every text; short-answer answers are plain text, choices HTML.
* :func:`read_gift` — ``question/format/format.php`` ``readquestions`` (questions are separated
  by blank lines, each line trimmed) and ``question/format/gift/format.php`` ``readquestion``:
  escapes become placeholders first, ``//`` lines are comments, the first ``{``/``}`` delimit
  the answers, ``####`` starts the general feedback, and the question type is guessed from the
  answer text (``~`` → multichoice, ``=`` and ``->`` → matching, ``T``/``F`` → true/false,
  anything else → short answer).
* :func:`shortanswer_matches` — ``question/type/shortanswer/question.php``
  ``compare_string_with_wildcard``: ``*`` is a wildcard, ``\\*`` a literal star, the response
  is trimmed and both sides NFC-normalised.
* :func:`split_category_path` — ``question/format.php``: ``/`` separates levels, ``//`` is a
  slash in a name.
* :func:`save_errors` — the checks the question types make before a question is saved (their
  edit forms' ``validation``): enough choices, one worth 100%, matching with at least two
  questions and three answers.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

PHP_TRIM = " \t\n\r\0\x0b"


def php_trim(text: str) -> str:
    return text.strip(PHP_TRIM)


def php_empty(text: str) -> bool:
    return text in ("", "0")


# --------------------------------------------------------------------------------------------
# lib/xmlize.php


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str = ""  # the kept character-data pieces, joined

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def path_text(self, *tags: str, default: str = "") -> str:
        """``getpath($xml, [..., 'text', 0, '#'], $default, true)``: the text, trimmed."""
        node: Node | None = self
        for tag in tags:
            node = node.find(tag) if node else None
        return php_trim(node.text) if node is not None else default


_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_TOKEN = re.compile(
    r"<!\[CDATA\[(?P<cdata>.*?)\]\]>"
    r"|<!--.*?-->"
    r"|<\?.*?\?>"
    r"|<(?P<close>/?)(?P<tag>[^\s/>]+)(?P<attrs>[^>]*?)(?P<empty>/?)>"
    r"|&(?P<ref>#x[0-9a-fA-F]+|#[0-9]+|\w+);"
    r"|(?P<text>[^<&]+)",
    re.S,
)
_ATTR = re.compile(r"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _reference(name: str) -> str:
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _PREDEFINED[name]


def _attribute(raw: str) -> str:
    return re.sub(r"&(#x[0-9a-fA-F]+|#[0-9]+|\w+);", lambda m: _reference(m[1]), raw)


def xmlize(data: bytes) -> Node:
    """The tree Moodle's XML reader builds, with its treatment of character data."""
    text = data.decode("utf-8").strip(PHP_TRIM)
    root = Node("#document", {})
    stack = [root]
    for m in _TOKEN.finditer(text):
        if m["tag"] is not None:
            if m["close"]:
                stack.pop()
                continue
            attrs = {k: _attribute(a or b) for k, a, b in _ATTR.findall(m["attrs"])}
            node = Node(m["tag"], attrs)
            stack[-1].children.append(node)
            if not m["empty"]:
                stack.append(node)
            continue
        if m["cdata"] is not None:
            piece = m["cdata"]
        elif m["ref"] is not None:
            piece = _reference(m["ref"])
        elif m["text"] is not None:
            piece = m["text"]
        else:  # comment or processing instruction
            continue
        # characterdata(): if (($data == "0") || (!empty($data) && trim($data) != ""))
        if piece == "0" or php_trim(piece) != "":
            stack[-1].text += piece
    assert len(stack) == 1, "unbalanced document"
    [top] = root.children
    return top


# --------------------------------------------------------------------------------------------
# question/format/xml/format.php


def import_moodle_xml(data: bytes) -> list[dict[str, Any]]:
    """What ``qformat_xml`` reads from each ``<question>``, as plain values."""
    quiz = xmlize(data)
    assert quiz.tag == "quiz"
    out: list[dict[str, Any]] = []
    for q in quiz.findall("question"):
        qtype = q.attrs["type"]
        if qtype == "category":
            out.append({"qtype": "category", "category": q.path_text("category", "text")})
            continue
        question: dict[str, Any] = {
            "qtype": qtype,
            "name": q.path_text("name", "text"),
            "questiontext": q.path_text("questiontext", "text"),
            "questiontextformat": (q.find("questiontext") or Node("", {})).attrs.get(
                "format", "html"
            ),
            "generalfeedback": q.path_text("generalfeedback", "text"),
            "tags": [t.path_text("text") for t in (q.find("tags") or Node("", {})).findall("tag")],
            "usecase": q.path_text("usecase", default="0"),
        }
        question["answers"] = [
            {
                "text": a.path_text("text"),
                "format": a.attrs.get("format", "html"),
                "fraction": float(a.attrs.get("fraction", "0")) / 100,
            }
            for a in q.findall("answer")
        ]
        question["subquestions"] = [
            {
                "text": s.path_text("text"),
                "format": s.attrs.get("format", "html"),
                "answer": s.path_text("answer", "text"),
            }
            for s in q.findall("subquestion")
        ]
        out.append(question)
    return out


def shown(text: str, fmt: str) -> str:
    """What a student reads for a stored text: HTML (ours holds only entities and ``<br>``)
    rendered back to plain text; plain text as it is."""
    if fmt == "html":
        assert "<" not in text.replace("<br>", ""), text  # nothing in the pack became markup
        return html.unescape(text.replace("<br>", "\n"))
    return text


# --------------------------------------------------------------------------------------------
# question/type/shortanswer/question.php


def shortanswer_matches(response: str, pattern: str, ignorecase: bool = True) -> bool:
    """``compare_string_with_wildcard``: does Moodle mark ``response`` right for ``pattern``?"""
    pattern = unicodedata.normalize("NFC", pattern)
    response = unicodedata.normalize("NFC", response)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return re.fullmatch(regexp, php_trim(response), re.IGNORECASE if ignorecase else 0) is not None


# --------------------------------------------------------------------------------------------
# question/format.php and question/format/gift/format.php


def split_category_path(path: str) -> list[str]:
    path = path.strip("/")
    return [c.replace("//", "/") for c in re.split(r"(?<!/)/(?!/)", path)]


_ESCAPED = ("\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n")
_PLACEHOLDERS = ("&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010")
_CHARACTERS = (":", "#", "=", "{", "}", "~", "\n")
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle": "moodle", "html": "html", "plain": "plain", "markdown": "markdown"}


class GiftImportError(Exception):
    """Moodle refuses the question (``$this->error(...)``)."""


def _escapedchar_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in zip(_ESCAPED, _PLACEHOLDERS, strict=True):
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _escapedchar_post(text: str) -> str:
    for placeholder, char in zip(_PLACEHOLDERS, _CHARACTERS, strict=True):
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> dict[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end]
        if name in _FORMATS:
            fmt = _FORMATS[name]
            text = text[end + 1 :]
    return {"text": php_trim(_escapedchar_post(text)), "format": fmt}


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment(answer: str, default: str) -> dict[str, str]:
    return _with_format(php_trim(answer.split("#", 1)[0]), default)


def _tags(comments: str) -> list[str]:
    found = re.findall(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]", comments)
    return [php_trim(t.replace("\\]", "]")) for t in found]


def _answers(answertext: str, separator: str) -> list[str]:
    answers = answertext.split(separator)
    answers[0] = php_trim(answers[0])
    if php_empty(answers[0]):
        answers.pop(0)
    return answers


def read_gift_question(lines: list[str]) -> dict[str, Any] | None:
    """``qformat_gift::readquestion`` for the question types quizgame writes."""
    comments = ""
    lines = list(lines)
    for i, line in enumerate(lines):
        if php_trim(line).startswith("//"):
            comments += php_trim(line) + "\n"
            lines[i] = " "
    text = php_trim("\n".join(lines))
    if text == "":
        return None
    text = _escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "category": php_trim(text[10:])}
    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = php_trim(_escapedchar_post(text[:end]))
            text = php_trim(text[end + 2 :])
    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < 0:
        raise GiftImportError("braceerror" if start >= 0 or finish >= 0 else "description")
    length = finish - start
    answertext = php_trim(text[start + 1 : start + length])
    if text.endswith("}"):
        questiontext = text[:start] + text[start + length + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[start + length + 1 :]
    generalfeedback = ""
    gf = answertext.rfind("####")
    if gf >= 0:
        generalfeedback = answertext[gf + 4 :]
        answertext = php_trim(answertext[:gf])
    stem = _with_format(questiontext)
    question: dict[str, Any] = {
        "name": name,
        "questiontext": stem["text"],
        "questiontextformat": stem["format"],
        "generalfeedback": _with_format(generalfeedback, stem["format"])["text"],
        "tags": _tags(comments),
    }
    fmt = stem["format"]
    if answertext == "":
        question["qtype"] = "essay"
    elif answertext[0] == "#":
        question["qtype"] = "numerical"
    elif "~" in answertext:
        question["qtype"] = "multichoice"
        answers = _answers(answertext.replace("=", "~="), "~")
        if len(answers) < 2:
            raise GiftImportError("importminerror")
        question["answers"] = []
        for answer in answers:
            answer = php_trim(answer)
            if answer[0] == "=":
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            question["answers"].append({**_comment(answer, fmt), "fraction": fraction})
    elif "=" in answertext and "->" in answertext:
        question["qtype"] = "match"
        answers = _answers(answertext, "=")
        if len(answers) < 2:
            raise GiftImportError("importminerror")
        question["subquestions"] = []
        for answer in answers:
            answer = php_trim(answer)
            if "->" not in answer:
                raise GiftImportError(f"giftmatchingformat: {answer}")
            marker = answer.find("->")
            sub = _with_format(answer[:marker], fmt)
            sub["answer"] = php_trim(_escapedchar_post(answer[marker + 2 :]))
            question["subquestions"].append(sub)
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = php_trim(answertext[: answertext.find("#")])
        if check in ("T", "TRUE", "F", "FALSE"):
            question["qtype"] = "truefalse"
            verdict = _with_format(php_trim(answertext.split("#", 2)[0]), fmt)["text"]
            question["correctanswer"] = verdict in ("T", "TRUE")
        else:
            question["qtype"] = "shortanswer"
            answers = _answers(answertext, "=")
            if len(answers) < 1:
                raise GiftImportError("importminerror")
            question["answers"] = []
            for answer in answers:
                answer = php_trim(answer)
                fraction = 1.0
                if _WEIGHT.match(answer):
                    fraction, answer = _weight(answer)
                question["answers"].append({**_comment(answer, fmt), "fraction": fraction})
    return question


def read_gift(data: bytes) -> list[dict[str, Any]]:
    """``qformat_default::readdata`` + ``readquestions``: blank lines separate questions."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    lines = text.split("\n")
    questions, current = [], []
    for line in lines:
        line = php_trim(line)
        if php_empty(line):
            if current:
                q = read_gift_question(current)
                if q:
                    questions.append(q)
                current = []
        else:
            current.append(line)
    if current and (q := read_gift_question(current)):
        questions.append(q)
    return questions


# --------------------------------------------------------------------------------------------
# The checks the question types' edit forms make (question/type/*/edit_*_form.php validation)


def save_errors(question: dict[str, Any]) -> list[str]:
    """Why Moodle would refuse to save ``question`` (empty when it saves it)."""
    errors = []
    if php_trim(question["questiontext"]) == "":
        errors.append("the question text is empty")
    qtype = question["qtype"]
    answers = [a for a in question.get("answers", []) if php_trim(a["text"]) != ""]
    if qtype == "multichoice":
        if len(answers) < 2:
            errors.append("notenoughanswers: at least 2 choices")
        if max((a["fraction"] for a in answers), default=0) < 1:
            errors.append("fractionsnomax: one choice must be worth 100%")
    elif qtype == "shortanswer":
        if not answers:
            errors.append("notenoughanswers: at least one answer")
        if max((a["fraction"] for a in answers), default=0) < 1:
            errors.append("fractionsnomax: one answer must be worth 100%")
    elif qtype in ("match", "matching"):
        subs = question["subquestions"]
        asked = [s for s in subs if php_trim(s["text"]) != ""]
        if len(asked) < 2 or len([s for s in subs if s["answer"] != ""]) < 3:
            errors.append("notenoughqsandas: at least 2 questions and 3 answers")
        if any(s["answer"] == "" for s in asked):
            errors.append("nomatchinganswerforq: every question needs an answer")
    return errors
