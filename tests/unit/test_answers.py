"""Tests for quizgame.core.answers: the docs/answers.md table, properties and edge cases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from quizgame.core.answers import is_accepted, normalise, typo_budget

DOC = Path(__file__).resolve().parents[2] / "docs" / "answers.md"

PROPS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------
# The examples table in docs/answers.md
# --------------------------------------------------------------------------------------------

HEADER = ("given", "answer", "aliases", "rivals", "accepted?", "why")
NONE_MARKERS = {"—", "-", "–", ""}
GIVEN_MARKERS = {"*(nothing)*": "", "*(spaces only)*": "   "}
VERDICTS = {"yes": True, "no": False}
_CODE = re.compile(r"`([^`]*)`")


@dataclass(frozen=True)
class Row:
    line: int
    given: str
    answer: str
    aliases: tuple[str, ...]
    rivals: tuple[str, ...]
    accepted: bool
    why: str


def _cells(line: str) -> list[str]:
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|")):
        raise ValueError(f"not a table row: {line!r}")
    return [cell.strip() for cell in text[1:-1].split("|")]


def _code_values(cell: str, where: str) -> list[str]:
    """All `backticked` values of a cell; anything else in it but ';' and spaces is an error."""
    values = _CODE.findall(cell)
    rest = _CODE.sub("", cell)
    if rest.replace(";", "").strip():
        raise ValueError(f"{where}: stray text {rest!r} in cell {cell!r}")
    if values and cell.count(";") != len(values) - 1:
        raise ValueError(f"{where}: values must be separated by ';' in {cell!r}")
    return values


def _one_value(cell: str, where: str) -> str:
    values = _code_values(cell, where)
    if len(values) != 1:
        raise ValueError(f"{where}: expected one `value`, got {cell!r}")
    return values[0]


def _list_value(cell: str, where: str) -> tuple[str, ...]:
    if cell in NONE_MARKERS:
        return ()
    values = _code_values(cell, where)
    if not values:
        raise ValueError(f"{where}: expected `values` or —, got {cell!r}")
    return tuple(values)


def parse_examples(markdown: str) -> list[Row]:
    lines = markdown.splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.strip().startswith("|") and tuple(_cells(line)) == HEADER
    ]
    if len(starts) != 1:
        raise ValueError(f"expected exactly one examples table, found {len(starts)}")
    start = starts[0]
    if not re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", lines[start + 1].strip()):
        raise ValueError("examples table: missing separator row")
    rows: list[Row] = []
    for number, line in enumerate(lines[start + 2 :], start=start + 3):
        if not line.strip().startswith("|"):
            break
        where = f"docs/answers.md:{number}"
        cells = _cells(line)
        if len(cells) != len(HEADER):
            raise ValueError(f"{where}: expected {len(HEADER)} cells, got {len(cells)}")
        given_cell, answer_cell, aliases_cell, rivals_cell, verdict_cell, why = cells
        given_text = (
            GIVEN_MARKERS[given_cell]
            if given_cell in GIVEN_MARKERS
            else _one_value(given_cell, where)
        )
        verdict = verdict_cell.strip("* ").lower()
        if verdict not in VERDICTS:
            raise ValueError(f"{where}: accepted? must be yes or no, got {verdict_cell!r}")
        if not why:
            raise ValueError(f"{where}: the why column is empty")
        rows.append(
            Row(
                line=number,
                given=given_text,
                answer=_one_value(answer_cell, where),
                aliases=_list_value(aliases_cell, where),
                rivals=_list_value(rivals_cell, where),
                accepted=VERDICTS[verdict],
                why=why,
            )
        )
    return rows


EXAMPLES = parse_examples(DOC.read_text(encoding="utf-8"))


def test_examples_table_is_substantial_and_balanced() -> None:
    assert len(EXAMPLES) >= 25
    verdicts = [row.accepted for row in EXAMPLES]
    assert verdicts.count(True) >= 10
    assert verdicts.count(False) >= 10
    assert any(row.given == "" for row in EXAMPLES)
    assert any(row.rivals for row in EXAMPLES)
    assert any(row.aliases for row in EXAMPLES)


@pytest.mark.parametrize(
    "row", EXAMPLES, ids=[f"L{row.line}-{row.given.strip() or 'empty'}" for row in EXAMPLES]
)
def test_documented_example(row: Row) -> None:
    verdict = is_accepted(row.given, row.answer, row.aliases, row.rivals)
    assert verdict is row.accepted, (
        f"docs/answers.md line {row.line}: {row.given!r} for {row.answer!r} "
        f"(aliases {row.aliases}, rivals {row.rivals}) should be "
        f"{'accepted' if row.accepted else 'rejected'}: {row.why}"
    )


def test_parser_reads_values_literally() -> None:
    doc = "\n".join(
        [
            "| given | answer | aliases | rivals | accepted? | why |",
            "| --- | --- | --- | --- | --- | --- |",
            "| `  a b ` | `The Who` | `Who`; `The Who` | — | **yes** | because |",
            "| *(nothing)* | `x` | — | `y` | no | empty |",
            "",
            "| not | the | table |",
        ]
    )
    rows = parse_examples(doc)
    assert [(r.given, r.answer, r.aliases, r.rivals, r.accepted) for r in rows] == [
        ("  a b ", "The Who", ("Who", "The Who"), (), True),
        ("", "x", (), ("y",), False),
    ]


@pytest.mark.parametrize(
    "bad_row",
    [
        "| `a` | `b` | `c` `d` | — | yes | missing separator |",
        "| `a` | `b` | — | — | maybe | bad verdict |",
        "| `a` | `b` | — | — | yes |  |",
        "| a | `b` | — | — | yes | unquoted given |",
        "| `a` | `b` | — | yes | too few cells |",
    ],
)
def test_parser_rejects_malformed_rows(bad_row: str) -> None:
    doc = (
        "| given | answer | aliases | rivals | accepted? | why |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
    )
    with pytest.raises(ValueError):
        parse_examples(doc + bad_row)


# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Yardbirds", "yardbirds"),
        ("  YARDBIRDS!", "yardbirds"),
        ("yardbirds", "yardbirds"),
        ("Samwell-Smith", "samwell smith"),
        ("Samwell—Smith", "samwell smith"),
        ("Rock & Roll", "rock and roll"),
        ("Rock&Roll", "rock and roll"),
        ("Beyoncé", "beyonce"),
        ("Beyonce\u0301", "beyonce"),  # decomposed accent
        ("Page's", "pages"),
        ("Page’s", "pages"),
        ("Page‘s", "pages"),
        ("Page´s", "pages"),
        ("“Heart of Stone”", "heart of stone"),
        ('"Heart of Stone"', "heart of stone"),
        ("An Evening", "evening"),
        ("A Whole Lotta Love", "whole lotta love"),
        ("The A-Team", "team"),
        ("The", "the"),
        ("the   ", "the"),
        ("Theatre", "theatre"),
        ("Jimmy\tPage\n", "jimmy page"),
        ("Jimmy\u00a0Page", "jimmy page"),
        ("Zep\u00adpelin", "zeppelin"),  # soft hyphen
        ("Zep\u200bpelin", "zeppelin"),  # zero-width space
        ("1966.", "1966"),
        ("1,000", "1000"),
        ("1,000,000", "1000000"),
        ("3,5", "3 5"),
        ("3.5", "3 5"),
        ("١٩٦٦", "1966"),
        ("ＦＵＬＬ　ＷＩＤＴＨ", "full width"),
        ("Straße", "strasse"),
        ("Bjørn Łódź", "bjorn lodz"),
        ("Æther", "aether"),
        ("?!", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_examples(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        normalise(1966)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        is_accepted(None, "Jimmy Page")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        is_accepted("1966", 1966)  # type: ignore[arg-type]


@PROPS
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@PROPS
@given(st.text())
def test_normalise_output_shape(text: str) -> None:
    out = normalise(text)
    assert out == out.strip()
    assert "  " not in out
    assert all(ch == " " or ch.isalnum() for ch in out)
    assert out == out.casefold()
    words = out.split()
    assert not (len(words) > 1 and words[0] in {"the", "a", "an"})


@PROPS
@given(st.text(), st.sampled_from([str.upper, str.lower, str.swapcase, str.title]))
def test_normalise_ignores_case_for_any_text(text: str, change) -> None:
    assert normalise(change(text)) == normalise(text)


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

NAMES = [
    "The Yardbirds",
    "Led Zeppelin",
    "Jeff Beck",
    "John Paul Jones",
    "Paul Samwell-Smith",
    "Sutton Art College",
    "Heart of Stone",
    "Petula Clark",
    "Marquee Club",
    "Jimmy Page",
    "Shirley Bassey",
    "Neil Christian",
    "Whole Lotta Love",
    "Kashmir",
    "The Kinks",
    "The Who",
    "Robert Plant",
    "John Bonham",
    "Downtown",
    "Beyoncé",
    "Rock & Roll",
    "Jeff's Boogie",
]
LATIN = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "éèêëáàâäóòôöúùûüíìîïçñøåæœßÉÀÖÜÇ"
    " \t-–—&'’‘“”.,!?()/:;"
)
latin_text = st.text(alphabet=LATIN, max_size=30)
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9).filter(
    lambda w: w not in {"the", "a", "an"}
)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)


@st.composite
def typo(draw: st.DrawFn, text: str, max_edits: int = 3) -> str:
    """``text`` with up to ``max_edits`` random single-character edits."""
    chars = list(text)
    alphabet = "abcdefghijklmnopqrstuvwxyz "
    for _ in range(draw(st.integers(0, max_edits))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        if op == "insert" or not chars:
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(alphabet)))
        elif op == "delete":
            del chars[draw(st.integers(0, len(chars) - 1))]
        elif op == "replace":
            chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from(alphabet))
        elif len(chars) > 1:
            i = draw(st.integers(0, len(chars) - 2))
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


answer_text = st.one_of(st.sampled_from(NAMES), phrase, latin_text)


@st.composite
def question(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    answer = draw(answer_text)
    aliases = draw(st.lists(answer_text, max_size=2))
    rivals = draw(st.lists(st.one_of(answer_text, typo(answer)), max_size=4))
    return answer, aliases, rivals


@st.composite
def attempt(draw: st.DrawFn) -> tuple[str, str, list[str], list[str]]:
    """A question and something a player might type for it (often nearly the answer)."""
    answer, aliases, rivals = draw(question())
    base = draw(st.sampled_from([answer, *aliases, *rivals]))
    typed = draw(st.one_of(typo(base), answer_text))
    return typed, answer, aliases, rivals


@st.composite
def near_miss(draw: st.DrawFn) -> tuple[str, str, list[str], list[str]]:
    """An answer from the Jimmy Page names typed with 1 or 2 slips, among distinct rivals."""
    answer = draw(st.sampled_from(NAMES))
    aliases = draw(st.lists(st.sampled_from(NAMES), max_size=1))
    rivals = draw(st.lists(st.sampled_from(NAMES), max_size=3))
    typed = draw(typo(normalise(draw(st.sampled_from([answer, *aliases]))), 2))
    return typed, answer, aliases, rivals


def _targets(answer: str, aliases: list[str]) -> set[str]:
    return {normalise(t) for t in [answer, *aliases]} - {""}


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@PROPS
@given(question())
def test_answer_and_every_alias_are_accepted(q: tuple[str, list[str], list[str]]) -> None:
    answer, aliases, rivals = q
    for target in [answer, *aliases]:
        if normalise(target):
            assert is_accepted(target, answer, aliases, rivals)
        else:
            assert not is_accepted(target, answer, aliases, rivals)


@PROPS
@given(question(), st.data())
def test_a_rival_is_never_accepted(
    q: tuple[str, list[str], list[str]], data: st.DataObject
) -> None:
    answer, aliases, rivals = q
    rival = data.draw(st.one_of(typo(answer, 2), answer_text), label="rival")
    assume(normalise(rival) and normalise(rival) not in _targets(answer, aliases))
    assert not is_accepted(rival, answer, aliases, [*rivals, rival])
    # Any spelling of the rival that normalises to it is rejected too.
    assert not is_accepted(f"  {rival.upper()}! ", answer, aliases, [*rivals, rival])


def _respace(text: str, spaces: list[str]) -> str:
    """``text`` with every run of whitespace (and both ends) replaced by runs from ``spaces``."""
    out = spaces[0]
    for i, part in enumerate(text.split()):
        out += part + spaces[(i + 1) % len(spaces)]
    return out


whitespace = st.lists(
    st.text(alphabet=" \t\u00a0\n", min_size=1, max_size=3), min_size=1, max_size=4
)
case_change = st.sampled_from([str.upper, str.lower, str.swapcase, str.title, str.casefold])


@PROPS
@given(st.one_of(attempt(), near_miss()), case_change, case_change, whitespace)
def test_case_and_whitespace_never_change_the_verdict(
    a: tuple[str, str, list[str], list[str]], change_typed, change_answer, spaces: list[str]
) -> None:
    typed, answer, aliases, rivals = a
    verdict = is_accepted(typed, answer, aliases, rivals)
    assert is_accepted(change_typed(typed), answer, aliases, rivals) is verdict
    assert is_accepted(_respace(typed, spaces), answer, aliases, rivals) is verdict
    assert (
        is_accepted(typed, change_answer(answer), [change_answer(x) for x in aliases], rivals)
        is verdict
    )
    assert is_accepted(typed, answer, aliases, [change_answer(r) for r in rivals]) is verdict


numeric_answer = st.one_of(
    st.integers(0, 3000).map(str),
    st.tuples(latin_text, st.integers(0, 99), latin_text).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
)


@PROPS
@given(numeric_answer, st.lists(numeric_answer, max_size=2), st.data())
def test_numbers_and_years_must_be_exact(
    answer: str, aliases: list[str], data: st.DataObject
) -> None:
    targets = _targets(answer, aliases)
    assume(targets and all(any(ch.isdigit() for ch in t) for t in targets))
    typed = data.draw(
        st.one_of(
            typo(answer), typo(normalise(answer), 1), latin_text, st.integers(0, 3000).map(str)
        ),
        label="typed",
    )
    assert is_accepted(typed, answer, aliases) is (normalise(typed) in targets)


@PROPS
@given(st.one_of(attempt(), near_miss()))
def test_accepted_input_is_within_the_typo_budget(a: tuple[str, str, list[str], list[str]]) -> None:
    typed, answer, aliases, rivals = a
    assume(is_accepted(typed, answer, aliases, rivals))
    norm = normalise(typed)
    targets = _targets(answer, aliases)
    if norm in targets:
        return
    assert not any(ch.isdigit() for ch in norm)
    matches = [
        t
        for t in targets
        if 0 < OSA.distance(norm, t) <= typo_budget(t)
        and (t.count(" ") == norm.count(" ") or t.replace(" ", "") == norm.replace(" ", ""))
    ]
    assert matches, f"{norm!r} accepted but within budget of none of {targets}"
    best = min(OSA.distance(norm, t) for t in matches)
    for rival in rivals:
        r = normalise(rival)
        if r and r not in targets:
            assert OSA.distance(norm, r) > best


@PROPS
@given(st.lists(word, min_size=2, max_size=5), st.data())
def test_fragments_are_never_accepted(words: list[str], data: st.DataObject) -> None:
    answer = " ".join(words)
    start = data.draw(st.integers(0, len(words) - 1), label="start")
    stop = data.draw(st.integers(start + 1, len(words)), label="stop")
    assume((start, stop) != (0, len(words)))
    fragment = " ".join(words[start:stop])
    assert not is_accepted(fragment, answer)
    assert is_accepted(fragment, answer, aliases=[fragment])


@PROPS
@given(phrase, word, st.booleans())
def test_extra_words_are_never_accepted(answer: str, extra: str, before: bool) -> None:
    typed = f"{extra} {answer}" if before else f"{answer} {extra}"
    assert not is_accepted(typed, answer)


@PROPS
@given(phrase, st.data())
def test_one_typo_is_forgiven_from_five_characters(answer: str, data: st.DataObject) -> None:
    norm = normalise(answer)
    typed = data.draw(typo(norm, 1), label="typed")
    assume(normalise(typed) == typed and typed.count(" ") == norm.count(" "))
    assume(OSA.distance(typed, norm) == 1)
    assert is_accepted(typed, answer) is (len(norm) >= 5)


# --------------------------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "budget"),
    [
        ("beck", 0),
        ("zep", 0),
        ("", 0),
        ("muzak", 1),
        ("jeff beck", 1),
        ("yardbirds", 1),
        ("jimmy page", 2),
        ("led zeppelin", 2),
        ("sutton art college", 2),
        ("led zeppelin 4", 0),
        ("1966", 0),
    ],
)
def test_typo_budget(target: str, budget: int) -> None:
    assert typo_budget(target) == budget


def test_a_single_string_is_one_alias_not_a_list_of_letters() -> None:
    assert is_accepted("Led Zep", "Led Zeppelin", aliases="Led Zep")
    assert not is_accepted("z", "Led Zeppelin", aliases="Zep")
    assert not is_accepted("e", "Led Zeppelin", aliases="Zep")


def test_a_single_string_is_one_rival() -> None:
    assert is_accepted("Whole Lotta Rose", "Whole Lotta Love")
    assert not is_accepted("Whole Lotta Rose", "Whole Lotta Love", rivals="Whole Lotta Rosie")


def test_none_and_generators_are_accepted_as_iterables() -> None:
    assert not is_accepted("Zep", "Led Zeppelin", None, None)
    assert is_accepted("Led Zeppelin", "Led Zeppelin", None, None)
    assert is_accepted("Zep", "Led Zeppelin", (a for a in ["Zep"]), (r for r in ["The Firm"]))
    assert not is_accepted(
        "Whole Lotta Rose", "Whole Lotta Love", None, (r for r in ["Whole Lotta Rosie"])
    )


def test_rivals_equal_to_the_answer_or_an_alias_are_ignored() -> None:
    assert is_accepted("Led Zepelin", "Led Zeppelin", rivals=["LED ZEPPELIN", "The Firm"])
    assert is_accepted("Zep", "Led Zeppelin", aliases=["Zep"], rivals=["zep"])
    assert is_accepted("Jimmy Paeg", "Jimmy Page", aliases=["Page"], rivals=["page", "Jeff Beck"])


def test_a_rival_at_the_same_distance_rejects() -> None:
    # "jeff beck" -> "jeff buck" and "jeff back" are each one substitution away.
    assert is_accepted("Jeff Buck", "Jeff Beck")
    assert not is_accepted("Jeff Buck", "Jeff Beck", rivals=["Jeff Back"])
    assert is_accepted("Jeff Buck", "Jeff Beck", rivals=["Jeff Buckley"])


def test_empty_answer_side() -> None:
    assert not is_accepted("", "")
    assert not is_accepted("anything", "")
    assert not is_accepted("x", "!!!")
    assert is_accepted("Zep", "", aliases=["Zep"])
    assert is_accepted("Zep", "!!!", aliases=["", "Zep"])


def test_empty_given_is_rejected_even_with_an_empty_alias() -> None:
    assert not is_accepted("", "Jimmy Page", aliases=[""])
    assert not is_accepted(" \t\n", "Jimmy Page", aliases=["?"])


def test_digit_rule_is_per_target() -> None:
    # The answer is a year, but a long word alias still forgives a typo.
    assert is_accepted("nineteen sixty sx", "1966", aliases=["nineteen sixty six"])
    assert not is_accepted("1967", "1966", aliases=["nineteen sixty six"])
    # A digit in what was typed turns typos off even against a digit-free target.
    assert not is_accepted("Led Zeppelin 1", "Led Zeppelin I")
    assert is_accepted("Led Zeppelin l", "Led Zeppelin I")


def test_years_in_other_scripts_and_with_punctuation() -> None:
    assert is_accepted("١٩٦٦", "1966")
    assert is_accepted("(1966)", "1966")
    assert is_accepted("1966", "1,966")  # a thousands comma
    assert not is_accepted("1966", "19,66")
    assert is_accepted("1966", "1966", rivals=["1967", "1966"])


def test_word_boundaries_are_not_bridged() -> None:
    # Spacing alone is forgiven as a typo...
    assert is_accepted("JeffBeck", "Jeff Beck")
    assert is_accepted("Led Zep pelin", "Led Zeppelin")
    # ...but not spacing plus a letter, nor any spacing on a short answer.
    assert not is_accepted("JefBeck", "Jeff Beck")
    assert not is_accepted("Ze p", "Zep")
    # Two missing spaces fit the 2-typo budget of a long answer, three do not.
    assert is_accepted("JohnPaulJones", "John Paul Jones")


def test_many_missing_spaces_exhaust_the_budget() -> None:
    assert is_accepted("SuttonArtCollege", "Sutton Art College")
    assert not is_accepted("Su tton Ar t Col lege", "Sutton Art College")
