"""docs/pack-format.md's example pack is valid, and its example mistakes read as documented."""

from __future__ import annotations

import re
from pathlib import Path

from quizgame.core.lint import CODES, lint_pack
from quizgame.core.packs import check_pack

DOC = Path(__file__).resolve().parents[2] / "docs" / "pack-format.md"


def example(tmp_path: Path) -> Path:
    text = DOC.read_text(encoding="utf-8")
    pack = tmp_path / "solar-system.yaml"
    pack.write_text(re.search(r"```yaml\n(.*?)```", text, re.S).group(1), encoding="utf-8")
    (tmp_path / "planets.txt").write_text(
        "Jupiter is the largest planet in the Solar System. In 1610 Galileo Galilei discovered "
        "the four largest moons of Jupiter.\n",
        encoding="utf-8",
    )
    return pack


def test_the_documented_example_checks_clean(tmp_path: Path) -> None:
    pack, errors = check_pack(example(tmp_path))
    assert errors == [] and pack is not None and len(pack.facts) == 2


def test_the_documented_mistakes_give_the_documented_lines(tmp_path: Path, monkeypatch) -> None:
    path = example(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("quote: In 1610 Galileo", "quote: In 1609 Galileo")
    text = text.replace("    tags: [moons, people]", "    taggs: [moons, people]")
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, errors = check_pack(path.name)
    shown = re.search(
        r"\$ quizgame check solar-system.yaml\n(.*?)\nsolar-system.yaml: 2 errors",
        DOC.read_text(encoding="utf-8"),
        re.S,
    ).group(1)
    assert [str(e) for e in errors] == shown.splitlines()


def test_the_documented_example_is_clean_under_strict(tmp_path: Path) -> None:
    pack, _ = check_pack(example(tmp_path))
    assert pack is not None
    assert lint_pack(pack, "solar-system.yaml") == []


def test_the_documented_warning_reads_as_documented(tmp_path: Path, monkeypatch) -> None:
    path = example(tmp_path)
    text = path.read_text(encoding="utf-8")
    question = "Which astronomer discovered four moons of another planet in 1610?"
    assert question in text
    path.write_text(
        text.replace(question, "Who discovered the four largest moons of Jupiter?"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    pack, errors = check_pack(path.name)
    assert errors == [] and pack is not None
    shown = re.search(
        r"\$ quizgame check --strict solar-system.yaml\n(.*?)\nsolar-system.yaml: 1 warning",
        DOC.read_text(encoding="utf-8"),
        re.S,
    ).group(1)
    assert [str(w) for w in lint_pack(pack, path.name)] == shown.splitlines()


def test_every_warning_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| code | what it means |") :].split("\n\n", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \| ", table, re.M))
    assert documented == set(CODES)
