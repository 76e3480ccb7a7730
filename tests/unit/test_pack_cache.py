"""The compiled pack cache: a copy that is fast, never trusted over the pack itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quizgame.core.cache import cache_key, load_pack_cached
from quizgame.core.packs import PackLoadError, load_pack

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    d = tmp_path / "packs"
    shutil.copytree(GOLDEN, d)
    return d


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "packs").glob("*.json"))


def test_second_load_comes_from_the_cache_and_is_identical(pack_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_pack_cached(pack_dir / "planets.yaml", cache)
    assert len(entries(cache)) == 1
    second = load_pack_cached(pack_dir / "planets.yaml", cache)
    assert second == first == load_pack(pack_dir / "planets.yaml")
    assert second.fact("galileo").date == first.fact("galileo").date


def test_editing_the_pack_makes_a_new_entry(pack_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = pack_dir / "planets.yaml"
    load_pack_cached(path, cache)
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Planets", "title: Worlds"),
        encoding="utf-8",
    )
    assert load_pack_cached(path, cache).title == "Worlds"
    assert len(entries(cache)) == 2


def test_a_changed_source_document_is_validated_again(pack_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = pack_dir / "planets.yaml"
    load_pack_cached(path, cache)
    doc = pack_dir / "doc.txt"
    doc.write_text("Nothing quotable here.", encoding="utf-8")
    os.utime(doc, ns=(1, 1))
    with pytest.raises(PackLoadError) as err:
        load_pack_cached(path, cache)
    assert any("quote not found" in e.message for e in err.value.errors)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        b'{"cache_format": 1}',
        b"\x00\xff" * 50,
        b'{"cache_format": 999, "version": "x"}',
    ],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    pack_dir: Path, tmp_path: Path, garbage: bytes
) -> None:
    cache = tmp_path / "cache"
    path = pack_dir / "planets.yaml"
    good = load_pack_cached(path, cache)
    (entry,) = entries(cache)
    entry.write_bytes(garbage)
    assert load_pack_cached(path, cache) == good
    assert entry.read_bytes() != garbage  # rebuilt


def test_an_invalid_pack_is_never_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(PackLoadError):
        load_pack_cached(bad, tmp_path / "cache")
    assert not entries(tmp_path / "cache")


def test_an_unwritable_cache_still_loads(pack_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert load_pack_cached(pack_dir / "planets.yaml", blocker).id == "planets"


def test_key_depends_on_content_and_version() -> None:
    assert cache_key(b"a") == cache_key(b"a") != cache_key(b"b")


def test_the_key_names_where_the_pack_is(tmp_path: Path) -> None:
    """Sources are found relative to the pack: the same bytes elsewhere are another entry."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert cache_key(b"x", tmp_path / "a" / "p.yaml") != cache_key(b"x", tmp_path / "b" / "p.yaml")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert cache_key(b"x", tmp_path / "link" / "p.yaml") == cache_key(
        b"x", tmp_path / "a" / "p.yaml"
    )
