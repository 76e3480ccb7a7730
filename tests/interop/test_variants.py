"""`quizgame export --variants K -o PATH`: one file per form and an answer key that matches it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUNDLED, export, needs_node, needs_poppler
from .test_gift import parse, questions_of, text

SEED = "31"
COUNT = 20


def run_export(out: Path, fmt: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "quizgame",
            "export",
            "--pack",
            str(BUNDLED),
            "--format",
            fmt,
            "--seed",
            SEED,
            "--count",
            str(COUNT),
            "--variants",
            "2",
            "-o",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def key_lines(path: Path) -> dict[int, str]:
    """`N. answer` lines of a plain-text key, by number."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d+)\. (.*)", line)
        if m:
            found[int(m[1])] = m[2]
    return found


@pytest.fixture(scope="module")
def gift_forms(tmp_path_factory, bundled_pack) -> Path:
    folder = tmp_path_factory.mktemp("variants")
    done = run_export(folder / "quiz.gift", "gift")
    assert done.returncode == 0, done.stderr
    return folder


def test_one_file_and_one_key_per_form(gift_forms):
    assert sorted(p.name for p in gift_forms.iterdir()) == [
        "quiz-A-key.txt",
        "quiz-A.gift",
        "quiz-B-key.txt",
        "quiz-B.gift",
    ]


@needs_node
def test_forms_hold_the_same_facts_differently_and_keys_match(gift_forms, bundled_pack):
    forms = {}
    for letter in "AB":
        parsed = questions_of(parse(gift_forms / f"quiz-{letter}.gift"))
        assert len(parsed) == COUNT
        key = key_lines(gift_forms / f"quiz-{letter}-key.txt")
        assert sorted(key) == list(range(1, COUNT + 1))
        for n, q in enumerate(parsed, 1):
            if q["type"] == "MC":  # the key's letter and text are the form's right option
                [right] = [i for i, c in enumerate(q["choices"]) if c["isCorrect"]]
                assert key[n] == f"{'ABCD'[right]}) {text(q['choices'][right]['text'])}"
            elif q["type"] == "TF":
                assert key[n] == ("True" if q["isTrue"] else "False")
            elif q["type"] == "Short":
                assert key[n].startswith(text(q["choices"][0]["text"]))
        forms[letter] = parsed
    facts = {letter: [q["title"].split(" ", 1)[1] for q in qs] for letter, qs in forms.items()}
    assert sorted(facts["A"]) == sorted(facts["B"])  # the same facts...
    assert facts["A"] != facts["B"]  # ...asked in another order
    options = {
        letter: {
            q["title"].split(" ", 1)[1]: [text(c["text"]) for c in q["choices"]]
            for q in qs
            if q["type"] == "MC"
        }
        for letter, qs in forms.items()
    }
    assert any(options["A"][f] != options["B"][f] for f in options["A"])  # and other options


def test_existing_files_need_force(gift_forms):
    before = (gift_forms / "quiz-A.gift").read_bytes()
    done = run_export(gift_forms / "quiz.gift", "gift")
    assert done.returncode == 2 and "--force" in done.stderr
    assert run_export(gift_forms / "quiz.gift", "gift", "--force").returncode == 0
    assert (gift_forms / "quiz-A.gift").read_bytes() == before  # same seed, same quiz


@needs_poppler
def test_pdf_forms_with_pdf_keys(tmp_path, bundled_pack):
    done = run_export(tmp_path / "sheet.pdf", "pdf")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sheet-A-key.pdf",
        "sheet-A.pdf",
        "sheet-B-key.pdf",
        "sheet-B.pdf",
    ]
    for form, letter in enumerate("AB"):
        questions = export(
            bundled_pack, "pdf", seed=SEED, count=COUNT, variants=2, form=form
        ).questions
        sheet = subprocess.run(
            ["pdftotext", str(tmp_path / f"sheet-{letter}.pdf"), "-"],
            capture_output=True,
            text=True,
        ).stdout
        key = subprocess.run(
            ["pdftotext", str(tmp_path / f"sheet-{letter}-key.pdf"), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert "Answer key" not in sheet and "Source:" not in sheet  # handed out as it is
        assert f"form {letter}" in key
        squashed = " ".join(key.split())
        for n, q in enumerate(questions, 1):
            assert f"{n}. {' '.join(q.answer_text().split())}" in squashed


def test_markdown_forms_with_markdown_keys(tmp_path, bundled_pack):
    done = run_export(tmp_path / "sheet.md", "markdown")
    assert done.returncode == 0, done.stderr
    for form, letter in enumerate("AB"):
        questions = export(
            bundled_pack, "markdown", seed=SEED, count=COUNT, variants=2, form=form
        ).questions
        sheet = (tmp_path / f"sheet-{letter}.md").read_text(encoding="utf-8")
        key = (tmp_path / f"sheet-{letter}-key.md").read_text(encoding="utf-8")
        assert "Answer key" not in sheet and key.startswith("# Answer key — ")
        assert len(re.findall(r"^\*\*\d+\.\*\* ", key, re.MULTILINE)) == len(questions)
