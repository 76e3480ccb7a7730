"""GIFT read back twice: by npm's gift-pegjs (a parser nobody here wrote) and by a line-by-line
model of Moodle's own importer (``tests/interop/moodle.py``), which also says what a student
must type for Moodle to mark a short answer right."""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizgame.core.generate import Question
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.gift import short_answer_pattern
from quizgame.export.safety import feedback_text

from .conftest import HOSTILE, NODE_DIR, check_moodle_import, each_question, export, needs_node
from .moodle import read_gift, save_errors, shortanswer_matches, shown

GIFT_TYPES = {
    "choice": "MC",
    "truefalse": "TF",
    "typed": "Short",
    "cloze": "Short",
    "order": "Matching",
}
MOODLE_TYPES = {
    "choice": "multichoice",
    "truefalse": "truefalse",
    "typed": "shortanswer",
    "cloze": "shortanswer",
    "order": "match",
}


# --------------------------------------------------------------------------------------------
# gift-pegjs


def parse(path: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        ["node", str(NODE_DIR / "parse-gift.js"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def questions_of(parsed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [q for q in parsed if q["type"] != "Category"]


def text(node: dict[str, Any]) -> str:
    """gift-pegjs text as a student reads it (an [html] text rendered back to plain text)."""
    if node["format"] == "html":
        return html.unescape(node["text"].replace("<br>", "\n"))
    return node["text"]


def check_question(parsed: dict[str, Any], q: Question) -> None:
    assert parsed["type"] == GIFT_TYPES[q.kind], (q.id, parsed["type"])
    assert parsed["stem"]["format"] == "plain"
    assert parsed["tags"] == list(q.tags)
    assert text(parsed["globalFeedback"]) == feedback_text(q)  # the source travels with it
    if q.kind == "order":
        assert text(parsed["stem"]) == MATCHING_PROMPT
        pairs = [(text(p["subquestion"]), p["subanswer"]) for p in parsed["matchPairs"]]
        assert pairs == matching_pairs(q)
        return
    assert text(parsed["stem"]) == q.prompt
    if q.kind == "truefalse":
        assert parsed["isTrue"] is q.answer
    elif q.kind == "choice":
        assert [text(c["text"]) for c in parsed["choices"]] == list(q.options)
        right = [text(c["text"]) for c in parsed["choices"] if c["isCorrect"]]
        assert right == [q.answer]
    else:  # every accepted form is a 100% answer, written as Moodle's matcher reads it
        answers = [text(c["text"]) for c in parsed["choices"]]
        assert answers == [short_answer_pattern(a) for a in q.accepted]
        assert all(c["isCorrect"] and c["weight"] == 100 for c in parsed["choices"])


@needs_node
@pytest.mark.parametrize("pack_name", ["bundled_pack", "timeline_pack"])
def test_bundled_pack_every_question_parses_with_its_answer(pack_name, request, tmp_path):
    pack = request.getfixturevalue(pack_name)  # the bundled facts, and with their timelines
    out = export(pack, "gift", seed="3")
    parsed = parse(out.save(tmp_path))
    assert len(out.questions) == len(pack.facts)
    each_question(questions_of(parsed), out, check_question)
    categories = {c["title"] for c in parsed if c["type"] == "Category"}
    assert {f"$course$/top/{pack.title}/{q.tags[0]}" for q in out.questions} == categories
    timelines = any(q.kind == "order" for q in out.questions)
    assert timelines == (pack_name == "timeline_pack")
    assert timelines == any("order" in n and "matching" in n for n in out.notes)


@needs_node
def test_hostile_text_survives_exactly(hostile_pack, tmp_path):
    out = export(hostile_pack, "gift")
    questions = questions_of(parse(out.save(tmp_path)))
    assert {q.kind for q in out.questions} == set(GIFT_TYPES)
    each_question(questions, out, check_question)
    assert any(HOSTILE in text(q["stem"]) for q in questions)
    assert any("\n" in text(q["stem"]) for q in questions)  # the line break in a statement


# --------------------------------------------------------------------------------------------
# Moodle's importer (model)


def check_in_moodle(got: dict[str, Any], q: Question) -> None:
    """What Moodle stores for ``q``, and what it marks right."""
    assert got["qtype"] == MOODLE_TYPES[q.kind], (q.id, got["qtype"])
    assert got["questiontextformat"] == "plain"
    assert got["tags"] == list(q.tags)
    assert got["generalfeedback"] == feedback_text(q)
    assert "\u2060" not in json.dumps(got)  # no invisible protection characters anywhere
    assert save_errors(got) == []  # Moodle saves it
    if q.kind == "order":
        assert got["questiontext"] == MATCHING_PROMPT
        pairs = [(shown(s["text"], s["format"]), s["answer"]) for s in got["subquestions"]]
        assert pairs == matching_pairs(q)
        return
    assert got["questiontext"] == q.prompt
    if q.kind == "truefalse":
        assert got["correctanswer"] is q.answer
    elif q.kind == "choice":
        assert [a["text"] for a in got["answers"]] == list(q.options)
        assert [a["text"] for a in got["answers"] if a["fraction"] == 1] == [q.answer]
    else:
        assert all(a["fraction"] == 1 for a in got["answers"])
        stored = [a["text"] for a in got["answers"]]
        for typed in q.accepted:  # what a student types is marked right ...
            assert any(shortanswer_matches(typed, s) for s in stored), (typed, stored)
            assert any(shortanswer_matches(f"  {typed.upper()} ", s) for s in stored)
        wrong = [q.answer + " Jr"]  # a typed question has no wrong options to try
        for typed in wrong:  # ... and something else is not
            assert not any(shortanswer_matches(typed, s) for s in stored), (typed, stored)


@pytest.mark.parametrize("pack_name", ["bundled_pack", "hostile_pack"])
def test_moodle_imports_every_question_as_written(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    out = export(pack, "gift", seed="3")
    check_moodle_import(read_gift(out.data), out, pack, check_in_moodle)


def test_an_arrow_in_a_typed_answer_is_marked_right_when_typed(hostile_pack):
    out = export(hostile_pack, "gift", kinds=("typed",))
    arrow = next(q for q in out.questions if q.answer == "C:\\new -> Path")
    [got] = [g for g in read_gift(out.data) if g.get("questiontext") == arrow.prompt]
    assert got["qtype"] == "shortanswer"
    assert any(shortanswer_matches("C:\\new -> Path", a["text"]) for a in got["answers"])


def test_the_model_reads_an_unprotected_arrow_as_moodle_does():
    """The model refuses what Moodle refuses: a short answer with a bare ``->``."""
    from .moodle import GiftImportError

    with pytest.raises(GiftImportError, match="giftmatchingformat"):
        read_gift(b"::q::[plain]Path?{\n\t=%100%C\\:\\\\new -> Path\n\t=%100%other\n}\n")
    [one] = read_gift(b"::q::[plain]Path?{\n\t=%100%C\\:\\\\new -*> Path\n}\n")
    assert one["qtype"] == "shortanswer"
    assert shortanswer_matches("C:\\new -> Path", one["answers"][0]["text"])


def test_text_moodle_would_read_as_an_escape_is_named_in_a_warning():
    """ "&&058;" is Moodle's own placeholder for "\\:": GIFT cannot keep it, so the export says."""
    from quizgame.core.generate import QuizSettings
    from quizgame.export.job import ExportJob
    from quizgame.export.registry import get_format
    from tests.unit.test_export_writers import choice, make_pack

    odd = choice("odd", prompt="What is &&058;?")
    job = ExportJob(make_pack(), [choice("plain"), odd], QuizSettings())
    data = get_format("gift").write(job)
    [question] = [q for q in read_gift(data) if "What is" in q.get("questiontext", "")]
    assert question["questiontext"] == "What is :?"  # what Moodle does with it ...
    [warning] = job.warnings
    assert "#2 odd" in warning and "#1" not in warning  # ... and the export says so
