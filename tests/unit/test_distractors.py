"""One wrong-option pool: `quizgame check` counts exactly the wrong options a question can offer."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizgame.core.generate import QuizMaker, QuizSettings
from quizgame.core.lint import lint_pack
from quizgame.core.packs import check_pack, load_pack

GOOD = Path(__file__).resolve().parents[2] / "tests" / "data" / "good"
PERSONS = (
    "  person:\n    - Johannes Kepler\n    - {value: Tycho Brahe, date: 1572, tags: [astronomy]}\n"
)


def _pack(folder: Path, persons: str) -> Path:
    """The good pack with its pool of people replaced by ``persons``."""
    shutil.copy(GOOD / "planets.txt", folder / "planets.txt")
    text = (GOOD / "solar-system.yaml").read_text(encoding="utf-8")
    assert text.count(PERSONS) == 1
    path = folder / "solar-system.yaml"
    path.write_text(text.replace(PERSONS, persons), encoding="utf-8")
    return path


def _wrong_options(path: Path, fact_id: str) -> list[list[str]]:
    """The wrong options of the choice question of ``fact_id``, over many seeds."""
    pack = load_pack(path)
    maker = QuizMaker(pack)
    fact = pack.fact(fact_id)
    out = []
    for seed in range(40):
        q = maker.question(fact, "choice", QuizSettings(seed=str(seed)))
        out.append([o for o in q.options if o != q.answer])
    return out


def test_members_of_a_group_count_as_wrong_options_as_the_game_offers_them(
    tmp_path: Path,
) -> None:
    path = _pack(tmp_path, "")  # two people left: the answers of two other facts
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "groups:\n",
            "groups:\n  royal-astronomers:\n    kind: person\n"
            "    members: [Edmond Halley, John Flamsteed]\n",
        ),
        encoding="utf-8",
    )
    assert [str(e) for e in check_pack(path)[1]] == []
    offered = {o for options in _wrong_options(path, "galileo-moons") for o in options}
    assert {"Edmond Halley", "John Flamsteed"} <= offered


def test_a_value_of_punctuation_only_is_never_offered_nor_counted(tmp_path: Path) -> None:
    path = _pack(tmp_path, '  person: ["?"]\n')
    errors = check_pack(path)[1]
    assert [(e.fact, e.message) for e in errors] == [
        (
            "galileo-moons",
            "kind 'person' has only 2 possible wrong options for this fact, 3 are needed",
        )
    ]


def test_strict_check_counts_a_sub_kind_as_the_questions_do(tmp_path: Path) -> None:
    """Three astronomers in the pool, but "Kepler" and "Johannes Kepler" are one option to a
    player: the question offers two astronomers, and --strict says so."""
    path = _pack(
        tmp_path,
        "  person:\n"
        "    - {value: Johannes Kepler, traits: [astronomer]}\n"
        "    - {value: Kepler, traits: [astronomer]}\n"
        "    - {value: Tycho Brahe, traits: [astronomer]}\n",
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    aliases: [Galileo]\n", "    aliases: [Galileo]\n    asks: [astronomer]\n"
        ),
        encoding="utf-8",
    )
    assert [str(e) for e in check_pack(path)[1]] == []
    for options in _wrong_options(path, "galileo-moons"):
        assert len(options) == 2 and "Tycho Brahe" in options, options
    warnings = [
        w.message for w in lint_pack(load_pack(path), "p.yaml") if w.fact == "galileo-moons"
    ]
    assert (
        "only 2 wrong options of kind 'person' have the traits ['astronomer']; 3 are needed"
        in warnings
    )
