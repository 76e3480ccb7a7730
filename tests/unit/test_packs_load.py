"""Loading packs: typed immutable models, provenance of every quote, every error on its line."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizgame.core import yamlread
from quizgame.core.packs import (
    Entity,
    Fact,
    FactDate,
    Group,
    Pack,
    PackError,
    PackLoadError,
    Reverse,
    Source,
    check_pack,
    load_pack,
)

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"
GOOD = ROOT / "tests" / "data" / "good"
GOOD_PACK = GOOD / "solar-system.yaml"
QUIZGAME = Path(sys.executable).with_name("quizgame")


def _copy_good(folder: Path) -> Path:
    shutil.copy(GOOD / "planets.txt", folder / "planets.txt")
    shutil.copy(GOOD_PACK, folder / "solar-system.yaml")
    return folder / "solar-system.yaml"


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _messages(path: Path) -> list[str]:
    return [f"{e.line}:{e.column}: {e.message}" for e in check_pack(path)[1]]


# -- the bundled pack ---------------------------------------------------------------------------


def test_the_bundled_pack_checks_clean() -> None:
    pack, errors = check_pack(BUNDLED)
    assert [str(e) for e in errors] == []
    assert pack is not None and pack.id == "jimmy-page"
    run = subprocess.run(
        [str(QUIZGAME), "check", str(BUNDLED)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("ok  jimmy-page: ")


def test_the_bundled_pack_is_fully_cited() -> None:
    pack = load_pack(BUNDLED)
    assert len(pack.facts) >= 40
    assert len({f.id for f in pack.facts}) == len(pack.facts)
    for fact in pack.facts:
        source = pack.source_of(fact)
        assert source.path.is_file()
        document = " ".join(source.path.read_text(encoding="utf-8").split())
        assert " ".join(fact.quote.split()) in document, fact.id
        assert fact.questions and all(q.strip() for q in fact.questions)
        assert pack.fact(fact.id) is fact


# -- the models ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> Pack:
    return load_pack(GOOD_PACK)


def test_the_good_pack_loads_into_typed_models(good: Pack) -> None:
    assert (good.id, good.title, good.language, good.licence, good.version) == (
        "solar-system",
        "The Solar System",
        "en",
        "CC-BY-4.0",
        "1.0.0",
    )
    assert good.authors == ("Ms Rivera",)
    assert good.path == GOOD_PACK.resolve()
    assert list(good.sources) == ["planets"]
    src = good.sources["planets"]
    assert src == Source(
        "planets",
        "planets.txt",
        (GOOD / "planets.txt").resolve(),
        "The planets of the Solar System",
        "Class notes",
        "2024-09-01",
    )
    assert src.citation() == "The planets of the Solar System, Class notes, 2024-09-01"
    assert good.pools["planet"] == tuple(
        Entity(v) for v in ("Mercury", "Venus", "Earth", "Neptune")
    )
    assert good.pools["person"] == (
        Entity("Johannes Kepler"),
        Entity("Tycho Brahe", FactDate(1572), ("astronomy",)),
    )
    assert good.groups == {
        "gas-giants": Group("gas-giants", "planet", ("Jupiter", "Saturn", "Uranus", "Neptune"))
    }
    assert [f.id for f in good.facts] == [
        "largest-planet",
        "galileo-moons",
        "red-planet",
        "ringed-planet",
        "uranus-found",
        "neptune-found",
        "a-gas-giant",
    ]


def test_a_fact_has_every_field_typed(good: Pack) -> None:
    galileo = good.fact("galileo-moons")
    assert galileo == Fact(
        id="galileo-moons",
        statement="Galileo Galilei discovered the four largest moons of Jupiter in 1610.",
        questions=("Who discovered the four largest moons of Jupiter?",),
        answer="Galileo Galilei",
        answer_kind="person",
        source="planets",
        quote="In 1610 Galileo Galilei discovered the four largest moons of Jupiter",
        aliases=("Galileo",),
        date=FactDate(1610),
        event="Galileo sees Jupiter's moons",
        tags=("moons", "people"),
        line=galileo.line,
    )
    assert galileo.line == 40  # the line of its "- id:", for messages about the whole fact
    assert galileo.label == "Galileo sees Jupiter's moons"
    uranus = good.fact("uranus-found")
    assert uranus.reverse == Reverse(
        "Which planet did William Herschel discover?", "Uranus", "planet"
    )
    giant = good.fact("a-gas-giant")
    assert giant.group == "gas-giants"
    assert good.also_true(giant) == ("Saturn", "Uranus", "Neptune")
    assert good.also_true(galileo) == ()


def test_the_models_are_immutable(good: Pack) -> None:
    fact = good.facts[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.answer = "Pluto"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        good.title = "Another"  # type: ignore[misc]
    with pytest.raises(TypeError):
        good.sources["x"] = good.sources["planets"]  # type: ignore[index]
    with pytest.raises(TypeError):
        good.pools["planet"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        good.groups["x"] = good.groups["gas-giants"]  # type: ignore[index]
    assert isinstance(good.facts, tuple)
    assert all(isinstance(f.questions, tuple) and isinstance(f.tags, tuple) for f in good.facts)
    hash(fact)  # frozen dataclasses of tuples: usable as keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1966", FactDate(1966)),
        ("1966-06", FactDate(1966, 6)),
        ("1966-06-21", FactDate(1966, 6, 21)),
        (" 2024-02-29 ", FactDate(2024, 2, 29)),
        ("2023-02-29", None),
        ("1968-13", None),
        ("1968-00", None),
        ("1968-04-31", None),
        ("1968-4", None),
        ("66", None),
        ("summer 1966", None),
        ("１９６６", None),  # full-width digits
        ("1966\n", FactDate(1966)),
        ("1966-06-21x", None),
    ],
)
def test_dates(text: str, expected: FactDate | None) -> None:
    assert FactDate.parse(text) == expected


def test_dates_order_chronologically() -> None:
    assert sorted([FactDate(1968), FactDate(1966, 6, 21), FactDate(1966, 6)]) == [
        FactDate(1966, 6),
        FactDate(1966, 6, 21),
        FactDate(1968),
    ]
    assert str(FactDate(1966, 6)) == "1966-06"


# -- provenance -----------------------------------------------------------------------------------


def test_a_quote_altered_by_one_word_is_refused(tmp_path: Path) -> None:
    path = _edit(
        _copy_good(tmp_path),
        "quote: Mars is often called the Red Planet",
        "quote: Mars is sometimes called the Red Planet",
    )
    pack, errors = check_pack(path)
    assert pack is None
    assert [(e.line, e.column, e.message, e.fact, e.hint) for e in errors] == [
        (
            63,
            14,
            "quote not found in planets.txt",
            "red-planet",
            "copy the sentence from the document exactly; only spacing may differ",
        )
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "quote: Mars is often called the red planet",  # letter case is not spacing
        "quote: Mars is often called the Red Planet!",
        "quote: Mars is often called the Red-Planet",
        "quote: Mars often called the Red Planet",
    ],
)
def test_anything_but_spacing_counts(tmp_path: Path, quote: str) -> None:
    path = _edit(_copy_good(tmp_path), "quote: Mars is often called the Red Planet", quote)
    assert _messages(path) == ["63:14: quote not found in planets.txt"]


@pytest.mark.parametrize(
    "quote",
    [
        "quote: Mars   is often called\tthe Red Planet",
        'quote: "Mars is often\\n called the Red Planet"',
        "quote: >-\n        Mars is often\n        called the Red Planet",
        "quote: |\n        Mars is often\n          called   the Red Planet\n",
        "quote: Mars is often\n        called the Red Planet",
    ],
)
def test_a_quote_with_other_line_breaks_and_spacing_is_accepted(tmp_path: Path, quote: str) -> None:
    path = _edit(_copy_good(tmp_path), "quote: Mars is often called the Red Planet", quote)
    pack, errors = check_pack(path)
    assert errors == []
    assert pack is not None


def test_a_quote_may_span_the_documents_line_breaks(good: Pack) -> None:
    # planets.txt breaks this sentence after "in 1846, after its position had been predicted".
    assert "\n" not in good.fact("neptune-found").quote
    text = (GOOD / "planets.txt").read_text(encoding="utf-8")
    assert "predicted\nby Urbain Le Verrier" in text


def test_sources_are_found_in_a_seeds_folder_beside_the_packs_folder(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "seeds").mkdir()
    shutil.copy(GOOD_PACK, tmp_path / "questions" / "solar-system.yaml")
    shutil.copy(GOOD / "planets.txt", tmp_path / "seeds" / "planets.txt")
    pack = load_pack(tmp_path / "questions" / "solar-system.yaml")
    assert pack.sources["planets"].path == (tmp_path / "seeds" / "planets.txt").resolve()


def test_a_source_in_a_subfolder_is_allowed(tmp_path: Path) -> None:
    path = _copy_good(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "planets.txt").rename(tmp_path / "docs" / "planets.txt")
    _edit(path, "file: planets.txt", "file: docs/planets.txt")
    assert load_pack(path).sources["planets"].path == (tmp_path / "docs" / "planets.txt").resolve()


# -- what editors write ---------------------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted_silently(tmp_path: Path) -> None:
    path = _copy_good(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    pack, errors = check_pack(path)
    assert errors == []
    assert pack is not None and pack.id == "solar-system"
    assert pack.facts == load_pack(GOOD_PACK).facts  # same lines and columns, too


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_load(tmp_path: Path, newline: str) -> None:
    path = _copy_good(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", newline).encode())
    pack = load_pack(path)
    assert [f.quote for f in pack.facts] == [f.quote for f in load_pack(GOOD_PACK).facts]


# -- errors ---------------------------------------------------------------------------------------


def test_an_error_reads_file_line_column_message_fact_hint() -> None:
    e = PackError("p.yaml", 41, 14, "quote not found in planets.txt", "copy it", "galileo-moons")
    assert str(e) == "p.yaml:41:14: quote not found in planets.txt [galileo-moons] — copy it"
    assert str(PackError("p.yaml", 0, 0, "no such file")) == "p.yaml: no such file"
    # whatever a pack smuggles into a message, a problem stays one line with no escape sequence
    nasty = PackError("p.yaml", 1, 1, "unknown key 'a\nb\x1b[2J'", "x\ty")
    assert str(nasty) == "p.yaml:1:1: unknown key 'a\\nb\\x1b[2J' — x\\ty"


def test_every_error_is_reported_one_line_each(tmp_path: Path) -> None:
    """A pack with five distinct problems: five lines in reading order, then the count."""
    path = _copy_good(tmp_path)
    _edit(path, "title: The Solar System\n", "title:\n")  # 1: a key with no value
    _edit(
        path,
        "    tags: [planets]\n    source:\n      doc: planets\n      quote: Mars",
        "    tagz: [planets]\n    source:\n      doc: planets\n      quote: Mars",
    )  # 2: typo
    _edit(path, "    date: 1781\n", "    date: 1781-02-30\n")  # 3: no such day
    _edit(path, "  - id: ringed-planet\n", "  - id: red-planet\n")  # 4: duplicate id
    _edit(path, "quote: It is a gas giant", "quote: It is a big gas giant")  # 5: provenance
    run = subprocess.run(
        [str(QUIZGAME), "check", path.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "solar-system.yaml:3:7: 'title' is empty — give it a value",
        "solar-system.yaml:60:5: unknown key 'tagz' in a fact [red-planet] — did you mean 'tags'?",
        "solar-system.yaml:65:9: duplicate fact id 'red-planet' (first at line 54) [red-planet]"
        " — every fact needs its own id",
        "solar-system.yaml:83:11: 'date' '1781-02-30' is not a date [uranus-found]"
        " — write a year (1966), a month (1966-06) or a day (1966-06-21)",
        "solar-system.yaml:119:14: quote not found in planets.txt [a-gas-giant]"
        " — copy the sentence from the document exactly; only spacing may differ",
        "solar-system.yaml: 5 errors",
    ]


def test_load_pack_raises_with_every_error(tmp_path: Path) -> None:
    path = _edit(
        _copy_good(tmp_path),
        "answer: Jupiter\n    kind: planet\n    tags",
        "answer: [Jupiter]\n    kind: planet\n    tags",
    )
    with pytest.raises(PackLoadError) as info:
        load_pack(path)
    assert [e.message for e in info.value.errors] == ["'answer' must be text, not a list"]
    assert str(info.value) == str(info.value.errors[0])


def test_a_source_declared_with_an_error_is_reported_once(tmp_path: Path) -> None:
    """The facts citing it do not each add an "unknown source": one mistake, one line."""
    path = _edit(_copy_good(tmp_path), "    title: The planets of the Solar System\n", "")
    assert _messages(path) == ["11:5: a source has no 'title'"]


def test_a_broken_groups_block_is_reported_once(tmp_path: Path) -> None:
    """A fact's group is not also "unknown" when the whole 'groups:' block is malformed."""
    path = _edit(
        _copy_good(tmp_path),
        "  gas-giants:\n    kind: planet\n    members: [Jupiter, Saturn, Uranus, Neptune]\n",
        "  - gas-giants\n",
    )
    assert _messages(path) == ["24:3: 'groups' must be a mapping of keys to values, not a list"]


def test_a_typo_in_a_required_key_is_one_error_not_two(tmp_path: Path) -> None:
    path = _edit(_copy_good(tmp_path), "    statement: Mars", "    statment: Mars")
    assert [str(e) for e in check_pack(path)[1]] == [
        f"{check_pack(path)[1][0].file}:55:5: unknown key 'statment' in a fact [red-planet]"
        " — did you mean 'statement'?"
    ]


def test_too_few_wrong_options_points_at_the_kind(tmp_path: Path) -> None:
    path = _edit(
        _copy_good(tmp_path),
        "  person:\n    - Johannes Kepler\n"
        "    - {value: Tycho Brahe, date: 1572, tags: [astronomy]}\n",
        "",
    )
    errors = check_pack(path)[1]
    # line 46 of the good pack, 43 once the three pool lines are gone: its `kind: person`
    assert [(e.line, e.column, e.fact) for e in errors] == [(43, 11, "galileo-moons")]
    assert errors[0].message.startswith("kind 'person' has only 2 possible wrong options")


def test_text_with_control_characters_is_refused(tmp_path: Path) -> None:
    path = _edit(_copy_good(tmp_path), "answer: Mars\n", 'answer: "Mars\\u009b31m"\n')
    assert _messages(path) == ["58:13: 'answer' contains a control character (U+009B)"]


def test_yes_and_numbers_stay_text(tmp_path: Path) -> None:
    path = _edit(_copy_good(tmp_path), "answer: Mars\n", "answer: yes\n")
    _edit(path, "  planet: [Mercury", "  planet: [Mars, Mercury")
    assert load_pack(path).fact("red-planet").answer == "yes"
    assert yamlread.read("a: 1.0\nb: no\nc: ~\nd: ''\ne: 0x1F\n") == {
        "a": "1.0",
        "b": "no",
        "c": None,
        "d": "",
        "e": "0x1F",
    }


# -- speed ----------------------------------------------------------------------------------------


def test_the_checker_runs_in_a_clean_environment(tmp_path: Path) -> None:
    """`quizgame check` needs nothing from the user's folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QUIZGAME_"))}
    env["HOME"] = str(tmp_path)
    run = subprocess.run(
        [str(QUIZGAME), "check", str(GOOD_PACK)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok  solar-system: 7 facts, 1 sources;")
