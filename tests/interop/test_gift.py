"""GIFT read back by npm's gift-pegjs, a parser of the Moodle GIFT format nobody here wrote."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from quizgame.core.generate import Question
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.gift import WORD_JOINER
from quizgame.export.safety import feedback_text

from .conftest import HOSTILE, NODE_DIR, export, needs_node

pytestmark = needs_node

GIFT_TYPES = {
    "choice": "MC",
    "truefalse": "TF",
    "typed": "Short",
    "cloze": "Short",
    "order": "Matching",
}


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
    """gift-pegjs text, with the word joiner the writer puts inside "->" taken out again."""
    return node["text"].replace(WORD_JOINER, "")


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
    else:  # every accepted form is a 100% answer (``*`` is escaped for Moodle's wildcard)
        answers = [text(c["text"]).replace("\\*", "*") for c in parsed["choices"]]
        assert answers == list(q.accepted)
        assert all(c["isCorrect"] and c["weight"] == 100 for c in parsed["choices"])


def test_bundled_pack_every_question_parses_with_its_answer(bundled_pack, tmp_path):
    out = export(bundled_pack, "gift", seed="3")
    parsed = parse(out.save(tmp_path))
    questions = questions_of(parsed)
    assert len(questions) == len(out.questions) == len(bundled_pack.facts)
    for got, q in zip(questions, out.questions, strict=True):
        check_question(got, q)
    categories = {c["title"] for c in parsed if c["type"] == "Category"}
    assert {f"$course$/top/{bundled_pack.title}/{q.tags[0]}" for q in out.questions} == categories
    assert any("order" in n and "matching" in n for n in out.notes)


def test_hostile_text_survives_exactly(hostile_pack, tmp_path):
    out = export(hostile_pack, "gift")
    questions = questions_of(parse(out.save(tmp_path)))
    assert {q.kind for q in out.questions} == set(GIFT_TYPES)
    assert len(questions) == len(out.questions)
    for got, q in zip(questions, out.questions, strict=True):
        check_question(got, q)
    assert any(HOSTILE in text(q["stem"]) for q in questions)
    assert any("\n" in text(q["stem"]) for q in questions)  # the line break in a statement
