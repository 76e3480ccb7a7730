"""A compiled cache of validated packs, so a big pack loads in a blink the second time.

An entry is the validated pack as plain JSON, named by the sha256 of the pack file's bytes, the
pack's real location and the program's version: editing the pack, moving it or upgrading quizgame
makes a new key. The entry also records everything else the check depended on: where each source
document was found and the sha256 of its bytes. On every load each source is looked up again by
the same rules as the check (:func:`quizgame.core.sources.resolve_source`) and must be the same
file with the same contents; a pack copied without its documents, a document edited or a
``seeds/`` link changed all make the entry stale, and the pack is validated again (and refused
if it is no longer valid). A missing, stale or corrupt entry is ignored and rebuilt; the cache is
only ever a copy, never the truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

from quizgame.core.packs import (
    MAX_PACK_BYTES,
    MAX_SOURCE_BYTES,
    Entity,
    Fact,
    FactDate,
    Group,
    Pack,
    PackLoadError,
    Reverse,
    Source,
    check_pack,
)
from quizgame.core.sources import resolve_source
from quizgame.core.textfile import read_bytes
from quizgame.core.version import __version__

CACHE_FORMAT = 4  # 2: source locations and digests; 3: traits, asks, context, never,
# attribution; 4: follows, episode


def _date(d: FactDate | None) -> list[int] | None:
    return None if d is None else [d.year, d.month, d.day]


def _undate(v: list[int] | None) -> FactDate | None:
    return None if v is None else FactDate(*v)


#: A cache entry is the JSON of a pack of at most 16 MB; anything far larger is not one of ours.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def _stamp(path: Path, seen: dict[Path, str] | None = None) -> str:
    """The sha256 of a source document's bytes (read bounded, as the check reads it); ``seen``
    remembers the documents already hashed, so forty sources citing one file read it once."""
    if seen is not None and path in seen:
        return seen[path]
    digest = hashlib.sha256(read_bytes(path, MAX_SOURCE_BYTES, "source document")).hexdigest()
    if seen is not None:
        seen[path] = digest
    return digest


def to_data(pack: Pack) -> dict[str, Any]:
    """The pack as JSON-ready data (everything needed to rebuild it without re-validating)."""
    seen: dict[Path, str] = {}
    return {
        "cache_format": CACHE_FORMAT,
        "version": __version__,
        "pack": [
            pack.id,
            pack.title,
            pack.description,
            pack.language,
            pack.licence,
            list(pack.authors),
            pack.version,
        ],
        "sources": [
            [
                s.id,
                s.file,
                str(s.path),
                s.title,
                s.publisher,
                s.date,
                s.url,
                s.author,
                _stamp(s.path, seen),
                [s.cite_as, s.attribute],
            ]
            for s in pack.sources.values()
        ],
        "pools": {
            k: [[e.value, _date(e.date), list(e.tags), list(e.traits), e.line] for e in v]
            for k, v in pack.pools.items()
        },
        "groups": [
            [g.id, g.kind, list(g.members), g.description, g.closed, g.line]
            for g in pack.groups.values()
        ],
        "facts": [
            [
                f.id,
                f.statement,
                list(f.questions),
                f.answer,
                f.answer_kind,
                f.source,
                f.quote,
                list(f.aliases),
                _date(f.date),
                f.event,
                list(f.tags),
                f.group,
                list(f.exclude),
                None
                if f.reverse is None
                else [
                    f.reverse.question,
                    f.reverse.answer,
                    f.reverse.kind,
                    list(f.reverse.aliases),
                    list(f.reverse.traits),
                    None if f.reverse.asks is None else list(f.reverse.asks),
                ],
                f.line,
                [
                    list(f.traits),
                    None if f.asks is None else list(f.asks),
                    f.context,
                    list(f.never),
                    f.according_to,
                    list(f.sentences),
                    list(f.follows),
                    f.episode,
                ],
            ]
            for f in pack.facts
        ],
    }


def from_data(data: dict[str, Any], path: Path) -> Pack:
    """Rebuild a pack from :func:`to_data`; raises on anything unexpected (a corrupt entry)."""
    if data.get("cache_format") != CACHE_FORMAT or data.get("version") != __version__:
        raise ValueError("stale cache entry")
    sources = {}
    seen: dict[Path, str] = {}
    for sid, file, spath, title, publisher, date, url, author, stamp, more in data["sources"]:
        source_path = Path(spath)
        if resolve_source(path, file) != source_path:  # moved, missing, or now leads elsewhere
            raise ValueError("a source document is no longer where the check found it")
        if _stamp(source_path, seen) != stamp:
            raise ValueError("a source document changed")
        sources[sid] = Source(sid, file, source_path, title, publisher, date, url, author, *more)
    facts = tuple(
        Fact(
            id=fid,
            statement=st,
            questions=tuple(qs),
            answer=ans,
            answer_kind=kind,
            source=src,
            quote=quote,
            aliases=tuple(al),
            date=_undate(date),
            event=event,
            tags=tuple(tags),
            group=group,
            exclude=tuple(ex),
            reverse=None if rev is None else _reverse(rev),
            line=line,
            traits=tuple(more[0]),
            asks=None if more[1] is None else tuple(more[1]),
            context=more[2],
            never=tuple(more[3]),
            according_to=more[4],
            sentences=tuple(more[5]),
            follows=tuple(more[6]),
            episode=more[7],
        )
        for (
            fid,
            st,
            qs,
            ans,
            kind,
            src,
            quote,
            al,
            date,
            event,
            tags,
            group,
            ex,
            rev,
            line,
            more,
        ) in (data["facts"])
    )
    pid, title, description, language, licence, authors, version = data["pack"]
    return Pack(
        id=pid,
        title=title,
        description=description,
        language=language,
        licence=licence,
        authors=tuple(authors),
        version=version,
        sources=MappingProxyType(sources),
        pools=MappingProxyType(
            {
                k: tuple(Entity(v, _undate(d), tuple(t), tuple(tr), n) for v, d, t, tr, n in vs)
                for k, vs in data["pools"].items()
            }
        ),
        groups=MappingProxyType(
            {g[0]: Group(g[0], g[1], tuple(g[2]), g[3], g[4], g[5]) for g in data["groups"]}
        ),
        facts=facts,
        path=path.resolve(),
        _index=MappingProxyType({f.id: f for f in facts}),
    )


def _reverse(rev: list[Any]) -> Reverse:
    asks = None if rev[5] is None else tuple(rev[5])
    return Reverse(rev[0], rev[1], rev[2], tuple(rev[3]), tuple(rev[4]), asks)


def cache_key(data: bytes, where: Path | None = None) -> str:
    """The entry's name: the pack's bytes, its real location (sources are found relative to
    it) and the program's version."""
    place = b"" if where is None else os.fsencode(where.resolve())
    return hashlib.sha256(
        data + b"\x00" + place + b"\x00quizgame " + __version__.encode()
    ).hexdigest()


def load_pack_cached(path: str | Path, cache_dir: Path | None) -> Pack:
    """Load a pack through the cache in ``cache_dir`` (None: no cache, validate every time)."""
    path = Path(path)
    if cache_dir is None:
        return _validate(path)
    try:
        raw = read_bytes(path, MAX_PACK_BYTES, "pack")  # a FIFO or a device is never read
        entry = cache_dir / "packs" / f"{cache_key(raw, path)}.json"
    except (OSError, ValueError, RuntimeError):
        return _validate(path)  # let the loader say why
    try:
        return from_data(json.loads(read_bytes(entry, MAX_ENTRY_BYTES, "cache entry")), path)
    except Exception:
        pass
    pack = _validate(path)
    _write(entry, json.dumps(to_data(pack), ensure_ascii=False, separators=(",", ":")).encode())
    return pack


def _validate(path: Path) -> Pack:
    pack, errors = check_pack(path)
    if errors or pack is None:
        raise PackLoadError(errors)
    return pack


def _write(entry: Path, data: bytes) -> None:
    """Temp file and rename; a cache that cannot be written is simply not written."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
