"""Round two of the hostile inputs, through the real command in a subprocess.

* the pack folder is a boundary even when ``seeds/`` is a link: ``check`` refuses, and says the
  same whether the file outside exists or not (it is no oracle for files on the machine);
* the compiled-pack cache never lets through what ``check`` refuses: a pack copied without its
  documents, a document edited behind the cache's back (even with its size and time kept);
* nothing hangs on a FIFO or reads a device without end, wherever quizgame reads a file;
* no command writes over quizgame's own database or cache, whatever flag is given;
* a file name full of escape sequences and line breaks is printed escaped by ``packs`` and
  ``check``;
* checks that used to take seconds are near-linear: asserted on the work done (one read of a
  shared document, near-duplicate comparisons per fact), not on the clock — the timings are in
  ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
from functools import partial
from pathlib import Path

import pytest

from quizgame.core import distractors, packbuild, packs, sources
from quizgame.core.cache import load_pack_cached
from quizgame.core.packs import PackLoadError, check_pack
from tests import hostile_packs
from tests.hostile_packs import DOC

QUIZGAME = Path(sys.executable).with_name("quizgame")

# The pack and the hostile cases are shared with benchmarks/bench_hostile.py, which times them.
pack_text = partial(hostile_packs.pack_text, pack_id="boundary")


def env_for(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QUIZGAME_"))}
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(tmp / "xdg" / name.lower())
    env["HOME"] = str(tmp / "home")
    return env


def run(tmp: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """``quizgame ARGS`` with its own folders; a hang fails the test instead of blocking it."""
    return subprocess.run(
        [str(QUIZGAME), "--data-dir", str(tmp / "data"), *args],
        cwd=tmp,
        env=env_for(tmp),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_clean_refusal(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected error" not in result.stderr
    return result.stderr.splitlines()


# -- the pack folder is a boundary -----------------------------------------------------------------


def _seeds_link_pack(tmp: Path, target: Path, file: str, quote: str) -> Path:
    (tmp / "t" / "pack").mkdir(parents=True)
    (tmp / "t" / "seeds").symlink_to(target)
    path = tmp / "t" / "pack" / "p.yaml"
    path.write_text(pack_text(file, quote))
    return path


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_a_seeds_link_to_etc_reads_nothing_there_and_is_no_oracle(tmp_path: Path) -> None:
    answers = {}
    for name, file, quote in [
        ("real", "passwd", "root:x:0:0:"),  # a file that exists, a quote that is in it
        ("wrong-quote", "passwd", "no such line in passwd"),
        ("missing", "no-such-file-here", "root:x:0:0:"),  # a file that does not exist
    ]:
        folder = tmp_path / name
        folder.mkdir()
        _seeds_link_pack(folder, Path("/etc"), file, quote)
        lines = one_clean_refusal(run(folder, "check", "t/pack/p.yaml"))
        answers[name] = [line.replace(file, "FILE") for line in lines]
    assert answers["real"] == answers["wrong-quote"] == answers["missing"]
    assert "leads outside the pack's folder" in answers["real"][0]
    assert "quote" not in answers["real"][0]


def test_a_seeds_folder_that_is_real_is_still_used(tmp_path: Path) -> None:
    (tmp_path / "t" / "pack").mkdir(parents=True)
    (tmp_path / "t" / "seeds").mkdir()
    (tmp_path / "t" / "seeds" / "doc.txt").write_text(DOC)
    (tmp_path / "t" / "pack" / "p.yaml").write_text(pack_text())
    result = run(tmp_path, "check", "t/pack/p.yaml")
    assert result.returncode == 0, result.stderr


def test_a_link_inside_the_pack_folder_to_a_file_outside_is_refused_either_way(
    tmp_path: Path,
) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "doc.txt").write_text(DOC)
    for name, target in [("exists", "doc.txt"), ("missing", "gone.txt")]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "doc.txt").symlink_to(tmp_path / "outside" / target)
        (folder / "p.yaml").write_text(pack_text())
    a = one_clean_refusal(run(tmp_path, "check", "exists/p.yaml"))
    b = one_clean_refusal(run(tmp_path, "check", "missing/p.yaml"))
    assert [line.replace("exists/", "") for line in a] == [
        line.replace("missing/", "") for line in b
    ]


# -- the compiled cache covers everything the check depends on --------------------------------


def test_a_pack_copied_without_its_document_is_refused_by_export_too(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.txt").write_text(DOC)
    (tmp_path / "a" / "p.yaml").write_text(pack_text())
    assert run(tmp_path, "export", "--pack", "a/p.yaml", "--seed", "1").returncode == 0  # cached
    (tmp_path / "b").mkdir()
    shutil.copy(tmp_path / "a" / "p.yaml", tmp_path / "b" / "p.yaml")
    checked = one_clean_refusal(run(tmp_path, "check", "b/p.yaml"))
    exported = one_clean_refusal(run(tmp_path, "export", "--pack", "b/p.yaml", "--seed", "1"))
    assert "does not exist" in checked[0]
    assert checked[0] in exported


def test_a_document_edited_behind_the_caches_back_is_checked_again(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC)
    (tmp_path / "p.yaml").write_text(pack_text())
    cache = tmp_path / "cache"
    assert load_pack_cached(tmp_path / "p.yaml", cache).id == "boundary"
    stamp = doc.stat()
    doc.write_text(DOC.replace("joined", "joyned"))  # the same size, the quote gone
    os.utime(doc, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same time
    assert doc.stat().st_size == stamp.st_size
    with pytest.raises(PackLoadError, match="quote not found"):
        load_pack_cached(tmp_path / "p.yaml", cache)


def test_a_seeds_link_changed_after_caching_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "t" / "pack").mkdir(parents=True)
    (tmp_path / "t" / "seeds").mkdir()
    (tmp_path / "t" / "seeds" / "doc.txt").write_text(DOC)
    pack = tmp_path / "t" / "pack" / "p.yaml"
    pack.write_text(pack_text())
    cache = tmp_path / "cache"
    load_pack_cached(pack, cache)
    (tmp_path / "elsewhere").mkdir()
    shutil.move(tmp_path / "t" / "seeds" / "doc.txt", tmp_path / "elsewhere" / "doc.txt")
    (tmp_path / "t" / "seeds").rmdir()
    (tmp_path / "t" / "seeds").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(PackLoadError, match="leads outside"):
        load_pack_cached(pack, cache)


# -- nothing hangs, nothing is read without end -----------------------------------------------


FIFO_COMMANDS = {
    "check a FIFO pack": ("pack.yaml", ["check", "pack.yaml"]),
    "export a FIFO pack": ("pack.yaml", ["export", "--pack", "pack.yaml"]),
    "play a FIFO pack": ("pack.yaml", ["play", "--pack", "pack.yaml"]),
    "import a FIFO profile": ("profile.json", ["profiles", "import", "profile.json"]),
}


@pytest.mark.parametrize("case", sorted(FIFO_COMMANDS))
def test_a_fifo_is_refused_not_waited_for(case: str, tmp_path: Path) -> None:
    name, args = FIFO_COMMANDS[case]
    hostile_packs.fifo(tmp_path / name)
    lines = one_clean_refusal(run(tmp_path, *args))
    assert any("named pipe (FIFO)" in line for line in lines), lines


def test_a_fifo_source_document_is_named_as_one(tmp_path: Path) -> None:
    hostile_packs.fifo(tmp_path / "doc.txt")
    (tmp_path / "p.yaml").write_text(pack_text())
    lines = one_clean_refusal(run(tmp_path, "check", "p.yaml"))
    assert "is a named pipe (FIFO), not a document" in lines[0]
    assert "does not exist" not in lines[0]


@pytest.mark.parametrize("command", [["stats"], ["profiles", "list"], ["stats", "--json"]])
def test_a_fifo_profile_database_does_not_hang_stats(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    hostile_packs.fifo(tmp_path / "data" / "profile.sqlite3")
    result = run(tmp_path, *command)
    assert result.returncode == 0, result.stderr
    assert "named pipe (FIFO)" in result.stderr and "left untouched" in result.stderr
    assert (tmp_path / "data" / "profile.sqlite3").is_fifo()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("how", ["direct", "link"])
def test_a_device_is_never_read(device: str, how: str, tmp_path: Path) -> None:
    if not Path(device).exists():  # pragma: no cover - every Linux has them
        pytest.skip(f"no {device}")
    target = device
    if how == "link":
        (tmp_path / "dev.yaml").symlink_to(device)
        (tmp_path / "dev.json").symlink_to(device)
    for args in (
        ["check", target if how == "direct" else "dev.yaml"],
        ["export", "--pack", target if how == "direct" else "dev.yaml"],
        ["profiles", "import", target if how == "direct" else "dev.json"],
    ):
        lines = one_clean_refusal(run(tmp_path, *args, timeout=20))
        assert any("character device" in line for line in lines), (args, lines)


# -- quizgame's own files -----------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_command_writes_over_the_profile_database_or_the_cache(tmp_path: Path) -> None:
    assert run(tmp_path, "profiles", "create", "Bob").returncode == 0
    assert run(tmp_path, "profiles", "create", "Cat").returncode == 0
    db = tmp_path / "data" / "profile.sqlite3"
    assert run(tmp_path, "export", "--pack", "jimmy-page", "--seed", "1").returncode == 0
    cache_entry = next((tmp_path / "xdg" / "cache" / "quizgame" / "packs").glob("*.json"))
    attempts = [
        ["profiles", "export", "Bob", str(db), "--yes"],
        ["profiles", "export", "Bob", "data/../data/profile.sqlite3", "--yes"],
        ["profiles", "export", "Bob", f"{db}-wal", "--yes"],
        ["export", "--pack", "jimmy-page", "-o", str(db), "--force"],
        ["export", "--pack", "jimmy-page", "-o", f"{db}-shm", "--force"],
        ["export", "--pack", "jimmy-page", "-o", str(cache_entry), "--force"],
    ]
    (tmp_path / "alias").symlink_to(tmp_path / "data")
    attempts.append(["export", "--pack", "jimmy-page", "-o", "alias/profile.sqlite3", "--force"])
    before, entry_before = _digest(db), _digest(cache_entry)
    for args in attempts:
        lines = one_clean_refusal(run(tmp_path, *args))
        assert len(lines) == 1 and "never writes over its own files" in lines[0], (args, lines)
    assert _digest(db) == before and _digest(cache_entry) == entry_before
    listed = run(tmp_path, "profiles", "list")
    assert listed.returncode == 0 and "Bob" in listed.stdout and "Cat" in listed.stdout
    assert not list((tmp_path / "data").glob("*.corrupt-*"))


def test_another_programs_database_is_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "profile.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = _digest(db)
    result = run(tmp_path, "stats")
    assert result.returncode == 0
    assert "not a quizgame profile database" in result.stderr and "photos" in result.stderr
    assert "newer version" not in result.stderr
    assert _digest(db) == before
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["profile.sqlite3"]


# -- what is printed on the terminal ------------------------------------------------------------


def test_file_names_with_escapes_and_line_breaks_are_printed_escaped(tmp_path: Path) -> None:
    packs_dir = tmp_path / "data" / "packs"
    packs_dir.mkdir(parents=True)
    (packs_dir / "doc.txt").write_text(DOC)
    names = ["evil\x1b]0;PWNED\x07\x1b[2J.yaml", "two\nlines.yaml", "bell\x07\x9b31m.yaml"]
    for name in names:
        (packs_dir / name).write_text(pack_text())
    (packs_dir / "broken\x1b[31m.yaml").write_text("id: [")
    listed = run(tmp_path, "packs")
    checked = run(tmp_path, "check")
    for result in (listed, checked):
        text = result.stdout + result.stderr
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "Traceback" not in text
    assert checked.returncode == 2
    # every pack is one line (plus a path line in `packs`): a newline in a name splits nothing
    oks = [line for line in checked.stdout.splitlines() if line.startswith("ok ")]
    assert len(oks) == 1 + len(names)  # the bundled pack and the three valid ones
    assert any("two\\nlines.yaml" in line for line in oks)
    assert any("broken\\x1b[31m.yaml: 1 error" in line for line in checked.stderr.splitlines())
    assert len(listed.stdout.splitlines()) == 2 * (2 + len(names))


# -- hot-seat names -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x" * 40, "B\u202eob", "Ana\u2028Ben"])
def test_hot_seat_names_are_refused_before_the_game_starts(name: str, tmp_path: Path) -> None:
    lines = one_clean_refusal(
        run(tmp_path, "play", "--mode", "hotseat", "--players", f"Ana,{name}")
    )
    assert len(lines) == 1 and lines[0].startswith("quizgame: Player name")
    assert lines[0].isprintable()


@pytest.mark.parametrize("players", ["Ana,Ana,Ben", "Ana,ana,Ben", "Ana,Ben,Cy,Ben"])
def test_a_hot_seat_name_given_twice_is_refused(players: str, tmp_path: Path) -> None:
    # Two seats with one name would share one profile and one game id.
    lines = one_clean_refusal(run(tmp_path, "play", "--mode", "hotseat", "--players", players))
    assert len(lines) == 1 and lines[0].startswith("quizgame: Hot-seat needs")
    assert "different names" in lines[0]


# -- near-linear, asserted on the work done -------------------------------------------------------


def test_forty_sources_citing_one_big_document_read_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hostile_packs.sources_citing_one_document(tmp_path, 8_000_000, sources=40)
    big = tmp_path / "big.txt"
    reads: list[Path] = []
    real = sources.read_text
    monkeypatch.setattr(sources, "read_text", lambda p, *a: reads.append(p) or real(p, *a))
    tracemalloc.start()
    pack, errors = check_pack(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert errors == [] and pack is not None and len(pack.sources) == 40
    assert reads == [big.resolve()]
    assert peak < 80 * 1024 * 1024  # a few copies of 8 MB while reading, not forty


def test_quotes_against_a_big_document_are_found_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 quotes missing from a large document: the document is scanned once for all of
    them (an automaton), not once per quote."""
    path = hostile_packs.quotes_missing_from_a_big_document(tmp_path, 4_000_000, missing=400)
    scans: list[int] = []
    real = sources.missing_quotes
    monkeypatch.setattr(packbuild, "missing_quotes", lambda t, q: scans.append(1) or real(t, q))
    pack, errors = check_pack(path)
    assert pack is None and len(errors) == packs.MAX_ERRORS + 1  # 400 reported as 100 + more
    assert errors[-1].message == "and 300 more problems not shown"
    assert len(scans) == 1


def test_missing_quotes_agrees_with_plain_search() -> None:
    text = sources.squash(("abc abd abe " * 50_000) + "the end")
    quotes = [f"ab{c}" for c in "cdefgh"] + ["abe the end", "d abe", "zzz", "c abd abe abc"]
    quotes += [f"abc abd {i}" for i in range(200)]
    assert sources.missing_quotes(text, quotes) == {q for q in quotes if q not in text}


def test_two_thousand_answers_one_letter_apart_are_checked_in_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hostile_packs.answers_one_letter_apart(tmp_path, 2000)
    calls = 0
    real = distractors.near_duplicates

    def counting(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(distractors, "near_duplicates", counting)
    check_pack(path)
    assert calls < 100 * 2000, calls  # quadratic would be millions


def test_the_near_linear_check_still_finds_the_short_kind(tmp_path: Path) -> None:
    """The control: with the work bounded, a kind that lacks wrong options is still reported."""
    (tmp_path / "doc.txt").write_text(DOC)
    fact = (
        "  - {id: lonely, statement: S., questions: [Q?], answer: Unique, kind: solo, "
        "source: {doc: notes, quote: In 1966 Jimmy Page joined The Yardbirds}}\n"
    )
    (tmp_path / "p.yaml").write_text(pack_text() + fact)
    _, errors = check_pack(tmp_path / "p.yaml")
    assert [e.message for e in errors] == [
        "kind 'solo' has only 0 possible wrong options for this fact, 3 are needed"
    ]


def test_a_quote_that_differs_only_in_unicode_normalisation_is_found(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC + "Il a joué après Neil Christian.\n")  # NFC: é
    quote = "Il a joue\u0301 apre\u0300s Neil Christian"  # NFD: e + combining accent
    (tmp_path / "p.yaml").write_text(pack_text(quote=quote))
    pack, errors = check_pack(tmp_path / "p.yaml")
    assert errors == [] and pack is not None


def test_json_of_a_refused_import_is_not_partly_imported(tmp_path: Path) -> None:
    """The real command: a file whose last card is bad adds nothing, says one sentence."""
    assert run(tmp_path, "profiles", "create", "Ann").returncode == 0
    export = tmp_path / "ann.json"
    assert run(tmp_path, "profiles", "export", "Ann", str(export)).returncode == 0
    data = json.loads(export.read_text())
    data["memory"] = [
        {
            "pack": "p",
            "fact": "f",
            "state": 2,
            "step": None,
            "stability": 1e999,
            "difficulty": 5.0,
            "due": "2026-01-01T00:00:00+00:00",
            "last_review": None,
            "first_seen": "2026-01-01T00:00:00+00:00",
            "reviews": 1,
            "lapses": 0,
        }
    ]
    export.write_text(json.dumps(data))  # 1e999 is written as Infinity
    lines = one_clean_refusal(run(tmp_path, "profiles", "import", str(export), "Zed"))
    assert len(lines) == 1 and "memory[0].stability" in lines[0]
    assert "Zed" not in run(tmp_path, "profiles", "list").stdout


def test_the_quote_automaton_agrees_with_plain_search_on_random_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Quotes longer than the automaton's prefixes, sharing prefixes, overlapping, missing."""
    import random

    monkeypatch.setattr(sources, "_AUTOMATON_FROM", 0)  # always the automaton
    rng = random.Random(3)
    words = ["ab", "abc", "b", "ca", "abab", "c"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3000)))
        quotes = set()
        for _ in range(rng.randint(3, 60)):
            if rng.random() < 0.5:
                i = rng.randrange(len(text))
                quotes.add(text[i : i + rng.randint(1, 120)].strip() or "ab")
            else:
                quotes.add(" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))))
        assert sources.missing_quotes(text, quotes) == {q for q in quotes if q not in text}
