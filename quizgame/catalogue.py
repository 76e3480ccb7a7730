"""The packs a player has: the bundled ones and those in the user's packs folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizgame.core.packs import Pack, PackLoadError, iter_pack_files
from quizgame.resources import bundled_packs_dir


class PackNotFound(Exception):
    """A ``--pack`` reference that names no file and no installed pack."""


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    facts: int | None  # None: the file does not load (see `quizgame check`)
    path: Path
    origin: str  # "bundled" or "yours"


def user_packs_dir(data_dir: str | Path | None = None) -> Path:
    from quizgame.store.locations import packs_dir

    return packs_dir(data_dir)


def installed_pack_files(data_dir: str | Path | None = None) -> list[Path]:
    return list(iter_pack_files(bundled_packs_dir(), user_packs_dir(data_dir)))


def load(path: str | Path) -> Pack:
    """Load a pack file through the compiled cache (validated in full on a miss)."""
    from quizgame.core.cache import load_pack_cached
    from quizgame.store.locations import cache_dir

    return load_pack_cached(path, cache_dir())


def installed_packs(data_dir: str | Path | None = None) -> list[PackInfo]:
    bundled = bundled_packs_dir()
    rows = []
    for path in installed_pack_files(data_dir):
        origin = "bundled" if path.parent == bundled else "yours"
        try:
            pack = load(path)
        except PackLoadError:
            rows.append(PackInfo(path.stem, "(does not load)", None, path, origin))
        else:
            rows.append(PackInfo(pack.id, pack.title, len(pack.facts), path, origin))
    return rows


def resolve_pack(ref: str | None, data_dir: str | Path | None = None) -> Path:
    """The file for a ``--pack`` value: a path, or the id of an installed pack."""
    if ref is None:
        ref = "jimmy-page"
    as_path = Path(ref).expanduser()
    if as_path.suffix in (".yaml", ".yml") or "/" in ref or as_path.is_file():
        if not as_path.exists():
            raise PackNotFound(f"{ref}: no such file")
        return as_path
    files = installed_pack_files(data_dir)
    for path in files:  # packs are conventionally named after their id
        if path.stem == ref:
            return path
    for path in files:
        try:
            if load(path).id == ref:
                return path
        except PackLoadError:
            continue
    known = ", ".join(sorted({p.stem for p in files})) or "none"
    raise PackNotFound(f"no pack '{ref}' (installed: {known}); give a pack id or a .yaml file")


def open_pack(ref: str | None, data_dir: str | Path | None = None) -> Pack:
    """Resolve and load a pack; raises PackNotFound or PackLoadError."""
    return load(resolve_pack(ref, data_dir))


__all__ = [
    "PackInfo",
    "PackLoadError",
    "PackNotFound",
    "installed_packs",
    "open_pack",
    "resolve_pack",
]
