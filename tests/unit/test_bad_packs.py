"""The hostile corpus: every malformed pack is refused with exactly the lines an author must read.

``tests/data/bad_packs/expected.yaml`` maps each case to the complete list of errors that
``quizgame check`` prints for it (line, column, message, fact, hint). The small cases are files
in that folder; the huge, deep, binary and encoding cases are built here in a temporary folder
(``generated:`` in the manifest), so that the repository holds no 100 MB file and no file an
editor or git could silently "fix".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from quizgame.cli import main
from quizgame.core.packs import PackError, check_pack
from tests.hostile_packs import billion_laughs, fifo, link_to_dev_zero

BAD = Path(__file__).resolve().parents[1] / "data" / "bad_packs"
MANIFEST = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
COMMITTED: dict[str, dict] = MANIFEST["committed"]
GENERATED: dict[str, dict] = MANIFEST["generated"]
QUIZGAME = Path(sys.executable).with_name("quizgame")

# A valid pack the generated cases start from (it cites tests/data/bad_packs/doc.txt).
BASE = """\
format: 1
id: generated
title: Generated bad pack
description: Built by the test in a temporary folder.
language: en
licence: CC0-1.0
authors: [Test]
version: '1'
sources:
  - {id: notes, file: doc.txt, title: Notes on a guitarist}
pools:
  band: [The Who, The Kinks, Cream, The Animals]
facts:
  - id: first-band
    statement: Jimmy Page joined The Yardbirds in 1966.
    questions: [Which band did Jimmy Page join in 1966?]
    answer: The Yardbirds
    kind: band
    source: {doc: notes, quote: In 1966 Jimmy Page joined The Yardbirds}
"""
STATEMENT = "Jimmy Page joined The Yardbirds in 1966."


def _base(**replace: str) -> str:
    text = BASE
    for old, new in replace.items():
        old = {"statement": STATEMENT, "answer": "    answer: The Yardbirds\n"}[old]
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    shutil.copy(BAD / "doc.txt", folder / "doc.txt")
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# -- the generated cases: name -> builder(folder) -> path of the pack to check -------------------


def _binary(d: Path) -> Path:
    return _write(d, "binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _nul_byte(d: Path) -> Path:
    return _write(d, "nul-byte.yaml", _base(statement="Jimmy Page\x00 joined").encode())


def _latin_1(d: Path) -> Path:
    text = _base(statement="Jimmy Page joined The Yardbirds in 1966, après Neil Christian.")
    return _write(d, "latin-1.yaml", text.encode("latin-1"))


def _utf16_bom(d: Path) -> Path:
    return _write(d, "utf16-bom.yaml", BASE.encode("utf-16"))


def _utf16_no_bom(d: Path) -> Path:
    return _write(d, "utf16-no-bom.yaml", BASE.encode("utf-16-be"))


def _utf32_bom(d: Path) -> Path:
    return _write(d, "utf32-bom.yaml", BASE.encode("utf-32"))


def _utf8_bom_with_error(d: Path) -> Path:
    text = _base(answer="    answer: The Yardbirds\n    taggs: [bands]\n")
    return _write(d, "utf8-bom-with-error.yaml", b"\xef\xbb\xbf" + text.encode())


def _crlf_with_error(d: Path) -> Path:
    text = _base(answer="    answer: The Yardbirds\n    answer: Led Zeppelin\n")
    return _write(d, "crlf-with-error.yaml", text.replace("\n", "\r\n"))


def _cr_only_with_error(d: Path) -> Path:
    text = _base(answer="    answer: The Yardbirds\n    answer: Led Zeppelin\n")
    return _write(d, "cr-only-with-error.yaml", text.replace("\n", "\r"))


def _control_character_raw(d: Path) -> Path:
    return _write(d, "control-character-raw.yaml", _base(statement="Jimmy Page\x07 joined"))


def _escape_sequence_raw(d: Path) -> Path:
    return _write(d, "escape-sequence-raw.yaml", _base(statement="\x1b[2J\x1b[HJimmy Page"))


def _line_separator(d: Path) -> Path:
    return _write(d, "line-separator.yaml", _base(statement="Jimmy Page joined\u2028The Yardbirds"))


def _long_key(d: Path) -> Path:
    return _write(d, "long-key.yaml", BASE + "k" * 5000 + ": a key far too long\n")


def _long_unknown_key(d: Path) -> Path:
    text = BASE.replace("version:", "k" * 1000 + ": 1\nversion:")
    return _write(d, "long-unknown-key.yaml", text)


def _long_line_value(d: Path) -> Path:
    """A 1 MB statement loads; the typo after it is reported on its own line, briefly."""
    long = "Jimmy Page joined The Yardbirds in 1966. " * 25_000
    return _write(
        d,
        "long-line-value.yaml",
        _base(statement=long.strip(), answer="    answer: The Yardbirds\n    kindd: x\n"),
    )


def _alias_bomb(d: Path) -> Path:
    return _write(d, "alias-bomb.yaml", billion_laughs())


def _nesting_flow(d: Path) -> Path:
    return _write(d, "nesting-flow-20000.yaml", "facts: " + "[" * 20_000 + "]" * 20_000 + "\n")


def _nesting_flow_mapping(d: Path) -> Path:
    return _write(d, "nesting-flow-mapping-20000.yaml", "{a: " * 20_000 + "}" * 20_000 + "\n")


def _nesting_block(d: Path) -> Path:
    return _write(d, "nesting-block-20000.yaml", "- " * 20_000 + "deep\n")


def _huge(d: Path) -> Path:
    """100 MB that are never read: a real pack at the start, then a sparse hole."""
    path = _write(d, "huge-100mb.yaml", BASE)
    with path.open("r+b") as f:
        f.truncate(100 * 1024 * 1024)
    return path


def _python_tag_os_system(d: Path) -> Path:
    marker = d / "MARKER-os-system"
    text = BASE.replace(
        "title: Generated bad pack", f'title: !!python/object/apply:os.system ["touch {marker}"]'
    )
    return _write(d, "python-tag-os-system.yaml", text)


def _source_not_utf8(d: Path) -> Path:
    path = _write(d, "source-not-utf8.yaml", BASE.replace("file: doc.txt", "file: doc-latin1.txt"))
    (d / "doc-latin1.txt").write_bytes(
        "In 1966 Jimmy Page joined The Yardbirds,\napr\u00e8s ...\n".encode("latin-1")
    )
    return path


def _source_binary(d: Path) -> Path:
    path = _write(d, "source-binary.yaml", BASE.replace("file: doc.txt", "file: doc.pdf"))
    (d / "doc.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    return path


def _source_too_big(d: Path) -> Path:
    path = _write(d, "source-too-big.yaml", BASE.replace("file: doc.txt", "file: big.txt"))
    with (d / "big.txt").open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    return path


def _source_symlink_outside(d: Path) -> Path:
    (d / "outside").mkdir()
    (d / "outside" / "secret.txt").write_text("In 1966 Jimmy Page joined The Yardbirds\n")
    (d / "pack").mkdir()
    (d / "pack" / "doc.txt").symlink_to(d / "outside" / "secret.txt")
    path = d / "pack" / "source-symlink-outside.yaml"
    path.write_text(BASE)
    return path


def _source_symlink_loop(d: Path) -> Path:
    (d / "loop.txt").symlink_to(d / "loop.txt")
    return _write(d, "source-symlink-loop.yaml", BASE.replace("file: doc.txt", "file: loop.txt"))


def _source_name_too_long(d: Path) -> Path:
    name = "n" * 300 + ".txt"
    return _write(d, "source-name-too-long.yaml", BASE.replace("file: doc.txt", f"file: {name}"))


def _source_folder(d: Path) -> Path:
    (d / "docs").mkdir()
    return _write(d, "source-folder.yaml", BASE.replace("file: doc.txt", "file: docs"))


def _pack_symlink_loop(d: Path) -> Path:
    (d / "pack-symlink-loop.yaml").symlink_to(d / "pack-symlink-loop.yaml")
    return d / "pack-symlink-loop.yaml"


def _folder(d: Path) -> Path:
    (d / "folder.yaml").mkdir()
    return d / "folder.yaml"


def _missing(d: Path) -> Path:
    return d / "missing.yaml"


def _seeds_link(d: Path, *, with_target: bool) -> Path:
    """seeds/ is a link to a folder outside (think /etc); the pack cites a file "in" it."""
    (d / "outside").mkdir()
    if with_target:
        (d / "outside" / "passwd").write_text("In 1966 Jimmy Page joined The Yardbirds\n")
    (d / "t" / "pack").mkdir(parents=True)
    (d / "t" / "seeds").symlink_to(d / "outside")
    path = d / "t" / "pack" / "seeds-link.yaml"
    path.write_text(BASE.replace("file: doc.txt", "file: passwd"))
    return path


def _seeds_link_outside(d: Path) -> Path:
    return _seeds_link(d, with_target=True)


def _seeds_link_outside_missing(d: Path) -> Path:
    """The same pack where the outside file does not exist: the same answer (no oracle)."""
    return _seeds_link(d, with_target=False)


def _source_fifo(d: Path) -> Path:
    os.mkfifo(d / "pipe.txt")
    return _write(d, "source-fifo.yaml", BASE.replace("file: doc.txt", "file: pipe.txt"))


def _pack_fifo(d: Path) -> Path:
    return fifo(d / "pack-fifo.yaml")


def _pack_link_to_dev_zero(d: Path) -> Path:
    return link_to_dev_zero(d / "pack-link-to-dev-zero.yaml")


def _number_5000_digits(d: Path) -> Path:
    text = BASE.replace(
        "    answer: The Yardbirds\n    kind: band\n",
        f"    answer: '{'7' * 5000}'\n    kind: year\n",
    )
    return _write(d, "number-5000-digits.yaml", text)


def _too_many_keys(d: Path) -> Path:
    keys = "".join(f"key{i}: {i}\n" for i in range(20_001))
    return _write(d, "too-many-keys.yaml", BASE.replace("version:", keys + "version:"))


def _too_many_facts(d: Path) -> Path:
    fact = "  - {id: f, statement: s, questions: [q], answer: a, kind: band}\n"
    return _write(d, "too-many-facts.yaml", BASE + fact * 20_001)


def _many_errors(d: Path) -> Path:
    keys = "".join(f"zz{i}: {i}\n" for i in range(150))
    return _write(d, "many-errors.yaml", BASE.replace("version:", keys + "version:"))


def _no_break_space_indent(d: Path) -> Path:
    text = BASE.replace("    answer: The Yardbirds\n", "\u00a0   answer: The Yardbirds\n")
    return _write(d, "no-break-space-indent.yaml", text)


def _id_10000_chars(d: Path) -> Path:
    return _write(d, "id-10000-chars.yaml", BASE.replace("id: first-band", "id: " + "Z" * 10_000))


def _line_separator_in_key(d: Path) -> Path:
    return _write(
        d, "line-separator-in-key.yaml", BASE.replace("version:", '"ver\\Lsion": 1\nversion:')
    )


def _documents_over_64mb(d: Path) -> Path:
    """Five 15 MB documents (sparse files: nothing on disk): the fifth passes the total."""
    sources = "".join(f"  - {{id: d{i}, file: d{i}.txt, title: D{i}}}\n" for i in range(5))
    for i in range(5):
        with (d / f"d{i}.txt").open("wb") as f:
            f.truncate(15 * 1024 * 1024)
    text = BASE.replace("sources:\n", "sources:\n" + sources)
    return _write(d, "documents-over-64mb.yaml", text)


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "binary.yaml": _binary,
    "nul-byte.yaml": _nul_byte,
    "latin-1.yaml": _latin_1,
    "utf16-bom.yaml": _utf16_bom,
    "utf16-no-bom.yaml": _utf16_no_bom,
    "utf32-bom.yaml": _utf32_bom,
    "utf8-bom-with-error.yaml": _utf8_bom_with_error,
    "crlf-with-error.yaml": _crlf_with_error,
    "cr-only-with-error.yaml": _cr_only_with_error,
    "control-character-raw.yaml": _control_character_raw,
    "escape-sequence-raw.yaml": _escape_sequence_raw,
    "line-separator.yaml": _line_separator,
    "long-key.yaml": _long_key,
    "long-unknown-key.yaml": _long_unknown_key,
    "long-line-value.yaml": _long_line_value,
    "alias-bomb.yaml": _alias_bomb,
    "nesting-flow-20000.yaml": _nesting_flow,
    "nesting-flow-mapping-20000.yaml": _nesting_flow_mapping,
    "nesting-block-20000.yaml": _nesting_block,
    "huge-100mb.yaml": _huge,
    "python-tag-os-system.yaml": _python_tag_os_system,
    "source-not-utf8.yaml": _source_not_utf8,
    "source-binary.yaml": _source_binary,
    "source-too-big.yaml": _source_too_big,
    "source-symlink-outside.yaml": _source_symlink_outside,
    "source-symlink-loop.yaml": _source_symlink_loop,
    "source-name-too-long.yaml": _source_name_too_long,
    "source-folder.yaml": _source_folder,
    "pack-symlink-loop.yaml": _pack_symlink_loop,
    "folder.yaml": _folder,
    "missing.yaml": _missing,
    "seeds-link-outside.yaml": _seeds_link_outside,
    "seeds-link-outside-missing.yaml": _seeds_link_outside_missing,
    "source-fifo.yaml": _source_fifo,
    "pack-fifo.yaml": _pack_fifo,
    "pack-link-to-dev-zero.yaml": _pack_link_to_dev_zero,
    "number-5000-digits.yaml": _number_5000_digits,
    "too-many-keys.yaml": _too_many_keys,
    "too-many-facts.yaml": _too_many_facts,
    "many-errors.yaml": _many_errors,
    "no-break-space-indent.yaml": _no_break_space_indent,
    "id-10000-chars.yaml": _id_10000_chars,
    "line-separator-in-key.yaml": _line_separator_in_key,
    "documents-over-64mb.yaml": _documents_over_64mb,
}


# -- helpers ----------------------------------------------------------------------------------


def expected_lines(file: str, case: dict) -> list[str]:
    """The lines `quizgame check` prints for a case, built from the manifest's fields."""
    lines = []
    for e in case["errors"]:
        where = f"{file}:{e['line']}:{e['column']}" if e["line"] else file
        fact = f" [{e['fact']}]" if e.get("fact") else ""
        hint = f" — {e['hint']}" if e.get("hint") else ""
        lines.append(f"{where}: {e['message']}{fact}{hint}")
    return lines


def problems(case: dict) -> int:
    """How many problems `check` counts: a line "and N more problems not shown" stands for N."""
    total = 0
    for e in case["errors"]:
        more = re.fullmatch(r"and (\d+) more problems? not shown", e["message"])
        total += int(more[1]) if more else 1
    return total


def as_fields(errors: list[PackError]) -> list[dict]:
    out = []
    for e in errors:
        d: dict = {"line": e.line, "column": e.column, "message": e.message}
        if e.fact:
            d["fact"] = e.fact
        if e.hint:
            d["hint"] = e.hint
        out.append(d)
    return out


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        env[var] = str(tmp / "home")
    env.pop("QUIZGAME_DEBUG", None)
    env.pop("QUIZGAME_HEADLESS", None)
    return env


# -- the manifest itself ----------------------------------------------------------------------


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.suffix == ".yaml" and p.name != "expected.yaml"}
    assert on_disk == set(COMMITTED), "every file needs an expectation, every expectation a file"
    assert set(GENERATED) == set(BUILDERS)
    assert len(COMMITTED) + len(GENERATED) >= 40
    for name, case in {**COMMITTED, **GENERATED}.items():
        assert case["errors"], name
        assert case["about"], name


# -- each case, in process --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_case(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)  # errors name the file as the author typed it
    pack, errors = check_pack(name)
    assert pack is None
    assert as_fields(errors) == COMMITTED[name]["errors"]
    assert [str(e) for e in errors] == expected_lines(name, COMMITTED[name])


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = BUILDERS[name](tmp_path)
    monkeypatch.chdir(path.parent)
    pack, errors = check_pack(path.name)  # how long it takes: benchmarks/bench_hostile.py
    assert pack is None
    assert as_fields(errors) == GENERATED[name]["errors"]
    assert [str(e) for e in errors] == expected_lines(path.name, GENERATED[name])
    assert not list(tmp_path.rglob("MARKER*")), "a YAML tag was executed"
    for line in map(str, errors):
        assert "\n" not in line and "\x1b" not in line and len(line) < 400


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_cli_check_prints_exactly_the_expected_lines(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BAD)
    assert main(["check", name]) == 2
    out, err = capsys.readouterr()
    n = problems(COMMITTED[name])
    assert err.splitlines() == [
        *expected_lines(name, COMMITTED[name]),
        f"{name}: {n} error{'s' if n != 1 else ''}",
    ]
    assert out == ""


# -- the real command, in a subprocess ----------------------------------------------------------


def test_quizgame_check_on_the_whole_corpus(tmp_path: Path) -> None:
    """One process for every committed case: exit 2, every expected line, no traceback."""
    names = sorted(COMMITTED)
    run = subprocess.run(
        [str(QUIZGAME), "--data-dir", str(tmp_path / "data"), "check", *names],
        cwd=BAD,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    expected: list[str] = []
    for name in names:
        n = problems(COMMITTED[name])
        expected += [
            *expected_lines(name, COMMITTED[name]),
            f"{name}: {n} error{'s' if n != 1 else ''}",
        ]
    assert run.stderr.splitlines() == expected
    assert run.stdout == ""
    assert not (BAD / "quizgame-was-hacked").exists()  # python-tag-apply.yaml's payload


def test_quizgame_check_on_the_generated_cases(tmp_path: Path) -> None:
    made = {}
    for name, build in BUILDERS.items():
        folder = tmp_path / name.removesuffix(".yaml")
        folder.mkdir()
        made[name] = build(folder).relative_to(tmp_path).as_posix()
    run = subprocess.run(
        [str(QUIZGAME), "--data-dir", str(tmp_path / "data"), "check", *made.values()],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    expected: list[str] = []
    for name, shown in made.items():
        n = problems(GENERATED[name])
        expected += [
            *expected_lines(shown, GENERATED[name]),
            f"{shown}: {n} error{'s' if n != 1 else ''}",
        ]
    assert run.stderr.splitlines() == expected
    assert run.stdout == ""


PLAY_CASES = [
    "syntax-unclosed-quote.yaml",
    "python-tag-apply.yaml",
    "quote-not-found.yaml",
    "five-problems.yaml",
    "empty.yaml",
    "top-level-list.yaml",
]


@pytest.mark.parametrize("name", PLAY_CASES)
def test_quizgame_play_refuses_a_bad_pack_before_starting(name: str, tmp_path: Path) -> None:
    """`play --pack FILE` validates first: the same lines, exit 2, and the UI never starts."""
    run = subprocess.run(
        [str(QUIZGAME), "--data-dir", str(tmp_path / "data"), "play", "--pack", name],
        cwd=BAD,
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stderr.splitlines()
    assert not (BAD / "quizgame-was-hacked").exists()
    for line in expected_lines(name, COMMITTED[name]):
        assert line in lines


def test_quizgame_play_refuses_a_binary_pack(tmp_path: Path) -> None:
    path = _binary(tmp_path)
    run = subprocess.run(
        [str(QUIZGAME), "--data-dir", str(tmp_path / "data"), "play", "--pack", path.name],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert expected_lines(path.name, GENERATED["binary.yaml"])[0] in run.stderr.splitlines()


# -- YAML is data only: proofs ------------------------------------------------------------------


def _tag_packs(folder: Path, marker: Path) -> list[Path]:
    payloads = [
        f'!!python/object/apply:os.system ["touch {marker}"]',
        f"!!python/object/apply:builtins.open [{marker}, w]",
        f"!!python/object/new:builtins.open [{marker}, w]",
        f'!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    ]
    paths = []
    for i, payload in enumerate(payloads):
        paths.append(
            _write(
                folder,
                f"tag-{i}.yaml",
                BASE.replace("title: Generated bad pack", f"title: {payload}"),
            )
        )
        paths.append(_write(folder, f"root-tag-{i}.yaml", f"--- {payload}\n"))
    return paths


def test_python_tags_are_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    packs = _tag_packs(tmp_path, marker)
    for path in packs:
        pack, errors = check_pack(path)
        assert pack is None
        assert len(errors) == 1
        assert errors[0].message.startswith("YAML tags are not allowed (tag:yaml.org,2002:python/")
        assert errors[0].line in (1, 3)
    run = subprocess.run(
        [str(QUIZGAME), "check", *map(str, packs)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert not marker.exists()


def test_the_tag_payload_is_live(tmp_path: Path) -> None:
    """The control: an unsafe YAML loader really would create the marker, so the test above
    proves something."""
    marker = tmp_path / "EXECUTED-BY-UNSAFE-LOAD"
    yaml.unsafe_load(f"title: !!python/object/apply:builtins.open [{marker}, w]\n")["title"].close()
    assert marker.exists()


def test_the_alias_bomb_is_refused_at_its_first_anchor_in_bounded_memory(tmp_path: Path) -> None:
    """Refused where the first anchor stands, before any alias is expanded (its time is in
    benchmarks/bench_hostile.py)."""
    path = _alias_bomb(tmp_path)
    tracemalloc.start()
    pack, errors = check_pack(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert pack is None
    assert errors[0].message == "anchors are not allowed (&a)"
    assert (errors[0].line, errors[0].column) == (1, 4)
    assert peak < 5 * 1024 * 1024


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@pytest.mark.parametrize("build", [_nesting_flow, _nesting_flow_mapping, _nesting_block])
def test_nesting_20000_deep_is_refused_without_recursion(
    build: Callable[[Path], Path], tmp_path: Path
) -> None:
    path = build(tmp_path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 150)  # the reader must not recurse per level
    try:
        pack, errors = check_pack(path)
    finally:
        sys.setrecursionlimit(limit)
    assert pack is None
    assert [e.message for e in errors] == ["nested deeper than 64 levels"]


def test_a_100_mb_pack_is_refused_without_being_read(tmp_path: Path) -> None:
    path = _huge(tmp_path)
    tracemalloc.start()
    pack, errors = check_pack(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert pack is None
    assert [str(e) for e in errors] == [
        f"{errors[0].file}: the pack is 100.0 MB, over the 16 MB limit"
        " — split it into smaller files"
    ]
    assert peak < 1024 * 1024, "the file was read"


def test_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """/dev/zero never ends: it is refused as a device, not read up to a limit."""
    if not Path("/dev/zero").exists():  # pragma: no cover - every CI runner has it
        pytest.fail("/dev/zero is needed")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    for path in ("/dev/zero", tmp_path / "zero.yaml"):
        tracemalloc.start()
        pack, errors = check_pack(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert pack is None
        assert [e.message for e in errors] == ["the pack is a character device, not a regular file"]
        assert peak < 1024 * 1024
