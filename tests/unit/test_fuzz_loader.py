"""Fuzzing the pack loader: whatever the bytes, a clean list of one-line errors, quickly.

Random YAML-ish text, random bytes, and random mutations (lines deleted, duplicated or swapped,
bytes flipped, tabs, colons, quotes, brackets, anchors and tags inserted) of the good fixture and
of the bundled pack. The CI run is short; ``QUIZGAME_FUZZ_EXAMPLES=100000`` runs a long campaign
(see docs/fuzzing.md).
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgame.core import yamlread
from quizgame.core.generate import capacity
from quizgame.core.packs import PackError, check_pack

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"

EXAMPLES = int(os.environ.get("QUIZGAME_FUZZ_EXAMPLES", "200"))
HANG_SECONDS = 10  # an example still running after this is a hang, whatever the deadline says


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(examples, 1),
        deadline=timedelta(milliseconds=1500),  # each example must finish quickly
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,  # a failure prints the @reproduce_failure line
    )


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Turn a hang into a failure (a deadline only judges examples that finish)."""

    def alarm(signum: int, frame: object) -> None:
        raise AssertionError(f"the loader hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """good/ holds the good fixture's document; bundled/questions + bundled/seeds the real ones."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "good").mkdir()
    shutil.copy(GOOD / "planets.txt", root / "good" / "planets.txt")
    (root / "bundled" / "questions").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", root / "bundled" / "seeds")
    return root


def assert_clean(path: Path, data: bytes) -> None:
    """The loader's whole contract on hostile input."""
    path.write_bytes(data)
    with hang_guard():
        pack, errors = check_pack(path)  # any exception fails the example
    assert isinstance(errors, list)
    assert (pack is None) == bool(errors), "a pack is returned exactly when there is no error"
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for e in errors:
        assert isinstance(e, PackError)
        text = str(e)
        assert e.message, text
        assert "\n" not in text and "\r" not in text and "\x1b" not in text, repr(text)
        assert 0 <= e.line <= lines + 1, text
        assert e.column >= 0 and (e.column > 0) == (e.line > 0), text
        assert len(e.message) < 400, text
    if pack is not None:
        with hang_guard():
            capacity(pack)  # whatever the loader accepts, the generator can use


# -- strategies ---------------------------------------------------------------------------------

TOKENS = [
    "id",
    "title",
    "facts",
    "questions",
    "answer",
    "source",
    "doc",
    "quote",
    "kind",
    "date",
    "sources",
    "pools",
    "groups",
    "members",
    "value",
    "x",
    "1966",
    "1966-13",
    "yes",
    "~",
    "null",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "!x ",
    "!!str ",
    "? ",
    "---",
    "...",
    "|",
    ">-",
    "\t",
    "\\",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "@",
    "`",
    "é",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[2J",
    "\r\n",
    "\r",
    "\U0001f3b8",
    "\\x1b",
    '"\\e"',
    "<<: ",
]
INSERTS = [
    b"\t",
    b":",
    b": ",
    b'"',
    b"'",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a ",
    b"*a",
    b"- ",
    b"\n",
    b"  ",
    b"#",
    b"!!python/name:os.system ",
    b"? ",
    b"---\n",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"|",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"\r",
    b"%",
    b"@",
    b"~",
    b"\\",
    b"&b [1]",
    b"\x1b",
]

yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("flip"), st.integers(0, 10**7), st.integers(0, 7)),
    st.tuples(st.just("insert"), st.integers(0, 10**7), st.sampled_from(INSERTS)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.integers(-4, 4)),
)


def mutate(data: bytes, steps: list[tuple]) -> bytes:  # type: ignore[type-arg]
    for step in steps:
        lines = data.splitlines(keepends=True) or [b""]
        op = step[0]
        if op == "delete":
            del lines[step[1] % len(lines)]
        elif op == "duplicate":
            i = step[1] % len(lines)
            lines.insert(i, lines[i])
        elif op == "swap":
            i, j = step[1] % len(lines), step[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            i = step[1] % len(lines)
            lines[i] = b" " * step[2] + lines[i] if step[2] >= 0 else lines[i][-step[2] :]
        if op in ("delete", "duplicate", "swap", "indent"):
            data = b"".join(lines)
        elif op == "flip" and data:
            i = step[1] % len(data)
            data = data[:i] + bytes([data[i] ^ (1 << step[2])]) + data[i + 1 :]
        elif op == "insert":
            i = step[1] % (len(data) + 1)
            data = data[:i] + step[2] + data[i:]
    return data


# -- the properties -------------------------------------------------------------------------------


@fuzz_settings(EXAMPLES)
@given(text=yamlish)
def test_random_yamlish_text(workdir: Path, text: str) -> None:
    assert_clean(workdir / "good" / "pack.yaml", text.encode("utf-8", "surrogatepass"))


@fuzz_settings(EXAMPLES)
@given(text=yamlish)
def test_the_reader_raises_only_its_own_problem(text: str) -> None:
    try:
        with hang_guard():
            yamlread.read_root(text)
    except yamlread.YamlProblem as problem:
        assert problem.mark.line >= 1 and problem.mark.column >= 1
        assert problem.message and problem.hint


@fuzz_settings(EXAMPLES // 2)
@given(data=st.binary(max_size=2000))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    assert_clean(workdir / "good" / "pack.yaml", data)


@fuzz_settings(EXAMPLES)
@given(steps=st.lists(mutation, min_size=1, max_size=6))
def test_mutations_of_the_good_pack(workdir: Path, steps: list[tuple[object, ...]]) -> None:
    data = mutate((GOOD / "solar-system.yaml").read_bytes(), steps)
    assert_clean(workdir / "good" / "pack.yaml", data)


@fuzz_settings(max(EXAMPLES // 8, 10))
@given(steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutations_of_the_bundled_pack(workdir: Path, steps: list[tuple[object, ...]]) -> None:
    data = mutate(BUNDLED.read_bytes(), steps)
    assert_clean(workdir / "bundled" / "questions" / "jimmy-page.yaml", data)


# Structural edits: the good pack as data, with values replaced, keys renamed or deleted, items
# duplicated, then written back as YAML. Unlike text mutations, these are always valid YAML, so
# they reach the schema checks (types, required keys, ids, sources, groups, wrong options).

GOOD_TREE = yaml.safe_load((GOOD / "solar-system.yaml").read_text(encoding="utf-8"))
VOCABULARY = sorted(
    {
        "format",
        "id",
        "title",
        "description",
        "language",
        "licence",
        "authors",
        "version",
        "sources",
        "pools",
        "groups",
        "facts",
        "file",
        "publisher",
        "date",
        "url",
        "author",
        "statement",
        "questions",
        "answer",
        "aliases",
        "kind",
        "event",
        "tags",
        "source",
        "group",
        "exclude",
        "reverse",
        "doc",
        "quote",
        "question",
        "members",
        "value",
        "x",
        "",
    }
)
WORDS = [
    "",
    " ",
    "planet",
    "person",
    "gas-giants",
    "planets",
    "planets.txt",
    "Jupiter",
    "Mars",
    "1966",
    "1966-13",
    "2024-02-30",
    "../planets.txt",
    "/etc/passwd",
    "~/x",
    "a b",
    "Id",
    "\x1b[2J",
    "\x00",
    "line\nbreak",
    "x" * 200,
    "Jupiter is the largest planet",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.sampled_from(WORDS)
    | st.text(max_size=12)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(VOCABULARY) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=10,
)


def edit_tree(tree: object, data: st.DataObject) -> None:
    """One structural edit somewhere in ``tree`` (a dict or list), in place."""
    node = tree
    while True:
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children:
            break
        key, child = children[data.draw(st.integers(0, len(children) - 1))]
        if not isinstance(child, (dict, list)) or data.draw(st.integers(0, 2)) == 0:
            break
        node = child
    if not isinstance(node, (dict, list)) or not node:
        return
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    key = keys[data.draw(st.integers(0, len(keys) - 1))]
    op = data.draw(st.sampled_from(["replace", "delete", "rename", "duplicate"]))
    if op == "replace":
        node[key] = data.draw(values)
    elif op == "delete":
        del node[key]
    elif op == "rename" and isinstance(node, dict):
        node[data.draw(st.sampled_from(VOCABULARY))] = node.pop(key)
    elif op == "duplicate" and isinstance(node, list):
        node.insert(key, copy.deepcopy(node[key]))


@fuzz_settings(EXAMPLES)
@given(data=st.data())
def test_structural_edits_of_the_good_pack(workdir: Path, data: st.DataObject) -> None:
    tree = copy.deepcopy(GOOD_TREE)
    for _ in range(data.draw(st.integers(1, 4))):
        edit_tree(tree, data)
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    assert_clean(workdir / "good" / "pack.yaml", text.encode("utf-8", "surrogatepass"))


def test_the_mutations_do_reach_the_checker(workdir: Path) -> None:
    """The fuzzing is not vacuous: an unmutated pack loads, and one flipped byte is caught."""
    good = (GOOD / "solar-system.yaml").read_bytes()
    path = workdir / "good" / "pack.yaml"
    path.write_bytes(mutate(good, []))
    assert check_pack(path)[1] == []
    red = good.index(b"quote: Mars is often called the Red Planet") + len(
        b"quote: Mars is often called the "
    )
    path.write_bytes(mutate(good, [("flip", red, 5)]))  # the quote's "Red" -> "red"
    assert [e.message for e in check_pack(path)[1]] == ["quote not found in planets.txt"]
    assert mutate(b"a\nb\nc\n", [("swap", 0, 2), ("delete", 1), ("indent", 0, 2)]) == b"  c\na\n"
