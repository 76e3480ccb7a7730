"""Pack text that reaches a header, a comment or a file's title goes through the format's escaping
too: a version, title or seed with line breaks or ``--`` adds no question, no category and no
heading anywhere."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from quizgame.core.packs import Pack
from quizgame.export.command import plan_export
from quizgame.export.job import ExportJob
from quizgame.export.registry import get_format

from .moodle import import_moodle_xml, read_gift

EVIL_VERSION = "1.0\n\n::evil::[plain]Injected?{=yes}\n\n$CATEGORY: $course$/top/evil\n--- -->"
EVIL_TITLE = "Title\r\n// not a comment\n# Heading --- A:::B"
EVIL_SEED = "7\n\n::seeded::{TRUE}"


def write(pack: Pack, name: str, seed: str = "7", key: bool = False) -> tuple[bytes, int]:
    fmt = get_format(name)
    assert fmt is not None
    plan = plan_export(pack, fmt, count=6, kinds=None, difficulty="medium", seed=seed, variants=1)
    job = ExportJob(pack, plan.forms[0][1], plan.settings, "A", 1, answer_key=key)
    return fmt.write(job), len(plan.forms[0][1])


@pytest.fixture
def evil_pack(hostile_pack: Pack) -> Pack:
    return replace(hostile_pack, version=EVIL_VERSION, title=EVIL_TITLE)


def test_gift_headers_add_no_question_and_no_category(evil_pack, hostile_pack):
    data, n = write(evil_pack, "gift", EVIL_SEED)
    imported = read_gift(data)
    assert len([q for q in imported if q["qtype"] != "category"]) == n
    assert all("evil" not in str(q) and "seeded" not in str(q) for q in imported)
    comments = [line for line in data.decode().splitlines() if line.startswith("//")]
    assert any(EVIL_VERSION.split()[0] in line for line in comments)  # still said, as comment


def test_moodle_xml_header_comment_holds_any_text(evil_pack):
    data, n = write(evil_pack, "moodle-xml", EVIL_SEED)
    root = etree.fromstring(data)  # "--" or "-->" in a comment would not parse
    assert len([q for q in import_moodle_xml(data) if q["qtype"] != "category"]) == n
    [comment] = list(root.iter(etree.Comment))
    assert "Injected" in comment.text and "\n" not in comment.text


def test_markdown_has_one_heading_per_part(evil_pack):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    data, _ = write(evil_pack, "markdown", EVIL_SEED)
    html = markdown_it.MarkdownIt("commonmark").render(data.decode())
    assert html.count("<h1>") == 2  # the worksheet and the key, nothing from the pack
    assert "<h1>Injected" not in html


def test_text_answer_key_header_stays_two_lines(evil_pack):
    data, _ = write(evil_pack, "json", EVIL_SEED, key=True)
    first, second, blank = data.decode().splitlines()[:3]
    assert first.startswith("Answer key — Title") and second.startswith("Seed 7 ")
    assert blank == ""
