"""Building a pack's models from its checked YAML tree, section by section, then checking the
pack as a whole (quotes in their documents, ``follows``, enough wrong options, what the generator
can make). Every problem goes to the :class:`~quizgame.core.schema.Checker`; a pack with any is
not built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import cast

from quizgame.core.answers import normalise
from quizgame.core.distractors import MIN_WRONG_OPTIONS, NUMERIC_KINDS, WrongOptionPool
from quizgame.core.models import Entity, Fact, FactDate, Group, Pack, Reverse, Source
from quizgame.core.packrules import check_generatable
from quizgame.core.schema import (
    CITE_KEYS,
    ENTITY_KEYS,
    FACT_KEYS,
    FORMAT_VERSION,
    GROUP_KEYS,
    ID_RE,
    PACK_KEYS,
    REVERSE_KEYS,
    SOURCE_KEYS,
    WORD_RE,
    Checker,
    describe,
    some,
)
from quizgame.core.sources import (
    Documents,
    missing_quotes,
    quoted_sentences,
    resolve_source,
    sentence_breaks,
    squash,
)
from quizgame.core.textfile import TextFileProblem
from quizgame.core.vocab import KINDS
from quizgame.core.yamlread import CONTROL, ListNode, MapNode, Mark, printable


class Builder(Checker):
    """The checker, with what building one section remembers for the next and for the checks
    of the whole pack."""

    def __init__(self, display: str) -> None:
        super().__init__(display)
        # Declared ids, valid or not: a fact citing a source whose declaration has an error gets
        # that one error, not a second "unknown source" as well.
        self.declared_sources: set[str] = set()
        self.declared_groups: set[str] = set()
        self.groups_invalid = False  # 'groups:' is there but is not a mapping (already reported)
        self.documents: dict[str, str | None] = {}  # source id -> its whitespace-squashed text
        self.docs = Documents()  # each document read once, however many sources cite it
        self.quotes: list[tuple[str, str, Mark, str | None]] = []  # (source, quote, at, fact)
        self.sentence_breaks: dict[str, list[int]] = {}  # per source: where sentences begin
        self.kind_at: dict[tuple[str, str], Mark] = {}  # (fact id, kind) -> where it is given
        self.marks: dict[tuple[str, str], Mark] = {}  # (fact id, field) -> where it is given


def build(c: Builder, tree: MapNode, path: Path) -> Pack | None:
    """The pack ``tree`` describes, or None when ``c`` has collected any problem."""
    top = c.fields(tree, tree.at, PACK_KEYS, "the pack")
    if top is None:
        return None
    if top.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        c.error(
            tree.values_at["format"],
            f"unknown pack format {printable(str(top['format']))}",
            f"this quizgame reads format {FORMAT_VERSION}; upgrade quizgame",
        )

    sources = _build_sources(c, top.get("sources"), path)
    pools = _build_pools(c, top.get("pools"))
    c.groups_invalid = "groups" in tree and "groups" not in top
    groups = _build_groups(c, top.get("groups"))
    facts = _build_facts(c, top.get("facts"), sources, groups)
    if isinstance(top.get("facts"), ListNode) and not top["facts"]:  # not: every fact had errors
        c.error(tree.values_at["facts"], "the pack has no facts", "add at least one fact")
    _check_quotes(c, sources)
    if facts:
        _check_follows(c, facts)
        _check_wrong_options(c, facts, pools, groups)
        check_generatable(c.error, facts, c.marks, NUMERIC_KINDS)
    if c.errors:
        return None
    index = {f.id: f for f in facts or ()}
    return Pack(
        id=str(top["id"]),
        title=str(top["title"]),
        description=str(top["description"]),
        language=str(top["language"]),
        licence=str(top["licence"]),
        authors=tuple(top["authors"]),  # type: ignore[arg-type]
        version=str(top["version"]),
        sources=MappingProxyType(sources),
        pools=MappingProxyType(pools),
        groups=MappingProxyType(groups),
        facts=tuple(facts or ()),
        path=path.resolve(),
        _index=MappingProxyType(index),
    )


# --------------------------------------------------------------------------------------------
# The sections, in the order a pack gives them


def _build_sources(c: Builder, node: object, path: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    if not isinstance(node, ListNode):
        return sources
    for item, at in zip(node, node.items_at, strict=True):
        if isinstance(item, MapNode) and isinstance(item.get("id"), str):
            c.declared_sources.add(str(item["id"]).strip())
        f = c.fields(item, at, SOURCE_KEYS, "a source")
        if f is None or "id" not in f or "file" not in f or "title" not in f:
            continue
        assert isinstance(item, MapNode)
        sid = str(f["id"])
        if sid in sources:
            c.error(
                item.values_at["id"], f"duplicate source id '{sid}'", "give each source its own id"
            )
            continue
        file_at = item.values_at["file"]
        resolved = resolve_source(path, str(f["file"]))
        if isinstance(resolved, str):
            c.error(
                file_at,
                resolved,
                "put the document beside the pack, or in a seeds/ folder next to the pack's folder",
            )
            resolved = Path()
            c.documents[sid] = None
        else:
            c.documents[sid] = _document(c, resolved, str(f["file"]), file_at)
        sources[sid] = Source(
            id=sid,
            file=str(f["file"]),
            path=resolved,
            title=str(f["title"]),
            publisher=_opt(f, "publisher"),
            date=_opt(f, "date"),
            url=_opt(f, "url"),
            author=_opt(f, "author"),
            cite_as=_opt(f, "cite_as"),
            attribute=bool(f.get("attribute", False)),
        )
    if not node:
        c.error(node.at, "the pack lists no sources", "add the documents the facts come from")
    return sources


def _document(c: Builder, path: Path, name: str, at: Mark) -> str | None:
    """The source's text, whitespace squashed, or None after reporting why it cannot be read."""
    try:
        return c.docs.text(path)
    except TextFileProblem as exc:
        message = exc.message
        if exc.line:  # "byte 0xe9 at line 2, column 4 is not UTF-8"
            head, _, tail = message.partition(" is ")
            message = f"{head} at line {exc.line}, column {exc.column} is {tail}"
        c.error(at, f"cannot read source '{printable(name)}': {message}", exc.hint)
    except (OSError, ValueError) as exc:
        c.error(
            at,
            f"cannot read source '{printable(name)}': {getattr(exc, 'strerror', None) or exc}",
            "",
        )
    return None


def _build_pools(c: Builder, node: object) -> dict[str, tuple[Entity, ...]]:
    pools: dict[str, tuple[Entity, ...]] = {}
    if not isinstance(node, MapNode):
        return pools
    c.duplicates(node, "pool", "merge the two lists")
    for kind, values in node.items():
        at = node.values_at[kind]
        if not WORD_RE.fullmatch(kind) or CONTROL.search(kind):
            c.error(
                node.keys_at[kind],
                f"pool name '{printable(kind)}' is not a simple word",
                "name a pool after the kind of its values: band, person, year ...",
            )
            continue
        if not isinstance(values, ListNode):
            c.error(
                at,
                f"pool '{kind}' must be a list, not {describe(values)}",
                f"write it as {kind}: [value, value, ...]",
            )
            continue
        entities = []
        for item, item_at in zip(values, values.items_at, strict=True):
            if isinstance(item, MapNode):
                f = c.fields(item, item_at, ENTITY_KEYS, f"an entry of pool '{kind}'")
                if f and "value" in f:
                    entities.append(
                        Entity(
                            str(f["value"]),
                            f.get("date"),  # type: ignore[arg-type]
                            tuple(f.get("tags", ())),  # type: ignore[arg-type]
                            tuple(f.get("traits", ())),  # type: ignore[arg-type]
                            item_at.line,
                        )
                    )
            else:
                got = c.convert(item, item_at, "text", f"an entry of pool '{kind}'", None)
                if got is not None:
                    entities.append(Entity(str(got), line=item_at.line))
        pools[kind] = tuple(entities)
    return pools


def _build_groups(c: Builder, node: object) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    if not isinstance(node, MapNode):
        return groups
    c.duplicates(node, "group", "merge the two")
    for gid, body in node.items():
        c.declared_groups.add(gid)
        if not ID_RE.match(gid):
            c.error(
                node.keys_at[gid],
                f"group id '{printable(gid)}' is not a valid id",
                "use lower-case letters, digits and hyphens",
            )
            continue
        f = c.fields(body, node.values_at[gid], GROUP_KEYS, f"group '{gid}'")
        if f is None or "kind" not in f or "members" not in f:
            continue
        members = _strs(f, "members")
        if len(members) < 2:
            c.error(
                node.values_at[gid],
                f"group '{gid}' has fewer than two members",
                "a group lists answers that are all true together",
            )
        closed = f.get("closed")
        groups[gid] = Group(
            gid,
            str(f["kind"]),
            members,
            _opt(f, "description"),
            None if closed is None else bool(closed),
            node.keys_at[gid].line,
        )
    return groups


def _build_facts(
    c: Builder, node: object, sources: dict[str, Source], groups: dict[str, Group]
) -> list[Fact] | None:
    if not isinstance(node, ListNode):
        return None
    facts: list[Fact] = []
    seen: dict[str, int] = {}  # fact id -> the line it is first given at
    for item, at in zip(node, node.items_at, strict=True):
        fid = None
        if isinstance(item, MapNode) and isinstance(item.get("id"), str):
            fid = str(item["id"]).strip()
        f = c.fields(item, at, FACT_KEYS, "a fact", fid)
        if f is None:
            continue
        assert isinstance(item, MapNode)
        _check_unique_id(c, f, item, at, fid, seen)
        cite = f.get("source")
        cited = (
            None
            if cite is None
            else c.fields(cite, item.values_at.get("source", at), CITE_KEYS, "a fact's source", fid)
        )
        reverse = _reverse(c, f, item, fid)
        if f.get("questions") == ():
            c.error(
                item.values_at["questions"],
                "'questions' is empty",
                "give at least one way to ask for the answer",
                fid,
            )
        if not (
            {"id", "answer", "statement", "kind"} <= f.keys()
            and f.get("questions")
            and cited
            and {"doc", "quote"} <= cited.keys()
        ):
            continue  # what is missing is reported: no fact to build
        assert isinstance(cite, MapNode)
        doc, quote = str(cited["doc"]), str(cited["quote"])
        sentences = _locate_quote(c, cite, doc, quote, sources, fid)
        group = _fact_group(c, f, item, groups, fid)
        _remember_marks(c, f, item, reverse)
        facts.append(
            Fact(
                id=str(f["id"]),
                statement=str(f["statement"]),
                questions=_strs(f, "questions"),
                answer=str(f["answer"]),
                answer_kind=str(f["kind"]),
                source=doc,
                quote=quote,
                aliases=_strs(f, "aliases"),
                date=cast("FactDate | None", f.get("date")),
                event=_opt(f, "event"),
                tags=_strs(f, "tags"),
                group=group,
                exclude=_strs(f, "exclude"),
                reverse=reverse,
                line=at.line,
                traits=_strs(f, "traits"),
                asks=None if "asks" not in f else _strs(f, "asks"),
                context=_opt(f, "context"),
                never=_never(c, f, item, fid),
                according_to=_according_to(c, f, item, sources, fid),
                follows=_strs(f, "follows"),
                episode=_opt(f, "episode"),
                sentences=sentences,
            )
        )
    return facts


# --------------------------------------------------------------------------------------------
# One fact, step by step


def _check_unique_id(
    c: Builder,
    f: dict[str, object],
    item: MapNode,
    at: Mark,
    fid: str | None,
    seen: dict[str, int],
) -> None:
    """A fact id given twice is an error at the second; the first is remembered in ``seen``."""
    if fid is None or "id" not in f:
        return
    if fid in seen:
        c.error(
            item.values_at["id"],
            f"duplicate fact id '{fid}' (first at line {seen[fid]})",
            "every fact needs its own id",
            fid,
        )
    else:
        seen[fid] = at.line


def _reverse(c: Builder, f: dict[str, object], item: MapNode, fid: str | None) -> Reverse | None:
    """The fact's reverse question, when it has a complete one."""
    if "reverse" not in f:
        return None
    r = c.fields(f["reverse"], item.values_at["reverse"], REVERSE_KEYS, "'reverse'", fid)
    if not r or not {"question", "answer", "kind"} <= r.keys():
        return None
    return Reverse(
        str(r["question"]),
        str(r["answer"]),
        str(r["kind"]),
        _strs(r, "aliases"),
        _strs(r, "traits"),
        None if "asks" not in r else _strs(r, "asks"),
    )


def _locate_quote(
    c: Builder,
    cite: MapNode,
    doc: str,
    quote: str,
    sources: Mapping[str, Source],
    fid: str | None,
) -> tuple[int, ...]:
    """Which sentences of its document the quote overlaps; the quote is queued for
    :func:`_check_quotes` (all of a document's quotes are looked up at once)."""
    if doc not in sources:
        # A source that is declared with an error, or a pack with no sources at all,
        # is already reported: one mistake, one line.
        if c.declared_sources and doc not in c.declared_sources:
            c.error(
                cite.values_at["doc"],
                f"unknown source '{doc}'",
                "use the id of one of the pack's sources: " + some(sources),
                fid,
            )
        return ()
    c.quotes.append((doc, quote, cite.values_at["quote"], fid))
    text = c.documents.get(doc)
    if text is None:
        return ()
    breaks = c.sentence_breaks.get(doc)
    if breaks is None:
        breaks = c.sentence_breaks[doc] = sentence_breaks(text)
    return quoted_sentences(text, squash(quote), breaks)


def _fact_group(
    c: Builder, f: dict[str, object], item: MapNode, groups: Mapping[str, Group], fid: str | None
) -> str | None:
    """The group the fact's answer belongs to (None when unknown); the answer must be one of
    its members, of its kind."""
    group = _opt(f, "group")
    if group is None:
        return None
    if group not in groups:
        if group not in c.declared_groups and not c.groups_invalid:
            c.error(
                item.values_at["group"],
                f"unknown group '{group}'",
                "declare it under 'groups:' at the top of the pack",
                fid,
            )
        return None
    if normalise(str(f["answer"])) not in {normalise(m) for m in groups[group].members}:
        c.error(
            item.values_at["answer"],
            f"the answer is not a member of group '{group}'",
            f"add '{printable(str(f['answer']))}' to the group's members",
            fid,
        )
    elif groups[group].kind != f["kind"]:
        c.error(
            item.values_at["group"],
            f"group '{group}' is of kind '{groups[group].kind}', "
            f"the fact's answer is '{f['kind']}'",
            "use one kind for both",
            fid,
        )
    return group


def _remember_marks(
    c: Builder, f: dict[str, object], item: MapNode, reverse: Reverse | None
) -> None:
    """Where the fact gives what the whole-pack checks may report on (its kinds, answer, ...)."""
    fact_id = str(f["id"])
    c.kind_at[(fact_id, str(f["kind"]))] = item.values_at["kind"]
    for key in ("answer", "event", "statement", "follows"):
        if key in item.values_at:
            c.marks[(fact_id, key)] = item.values_at[key]
    if reverse is not None:
        reverse_node = f["reverse"]
        assert isinstance(reverse_node, MapNode)
        c.kind_at.setdefault((fact_id, reverse.kind), reverse_node.values_at["kind"])
        c.marks[(fact_id, "reverse")] = reverse_node.values_at["answer"]


def _never(c: Builder, f: dict[str, object], item: MapNode, fid: str | None) -> tuple[str, ...]:
    """The question kinds a fact is not asked as; an unknown kind is an error."""
    never: tuple[str, ...] = tuple(f.get("never", ()))  # type: ignore[arg-type]
    for kind in never:
        if kind not in KINDS:
            c.error(
                item.values_at["never"],
                f"unknown question kind '{printable(kind)}' in 'never'",
                "use " + ", ".join(KINDS),
                fid,
            )
    return tuple(k for k in never if k in KINDS)


def _according_to(
    c: Builder, f: dict[str, object], item: MapNode, sources: dict[str, Source], fid: str | None
) -> str | None:
    """The source a fact is attributed to; it must be one of the pack's sources."""
    sid = _opt(f, "according_to")
    if sid is not None and sid not in sources and sid not in c.declared_sources:
        c.error(
            item.values_at["according_to"],
            f"unknown source '{sid}' in 'according_to'",
            "use the id of one of the pack's sources: " + ", ".join(sources),
            fid,
        )
        return None
    return sid


# --------------------------------------------------------------------------------------------
# Checks of the pack as a whole


def _check_follows(c: Builder, facts: Sequence[Fact]) -> None:
    """``follows`` names dated facts that are not dated later than the fact itself."""
    index = {f.id: f for f in facts}
    for f in facts:
        at = c.marks.get((f.id, "follows"))
        if not f.follows or at is None:
            continue
        if f.date is None:
            c.error(
                at,
                "'follows' on a fact without a date",
                "give the fact the date its quote states, or remove 'follows'",
                f.id,
            )
            continue
        for other_id in f.follows:
            other = index.get(other_id)
            if other is None or other.id == f.id:
                c.error(
                    at,
                    f"'follows' names '{printable(other_id)}', not another fact of the pack",
                    "use the id of the dated fact whose event comes first",
                    f.id,
                )
            elif other.date is None:
                c.error(
                    at,
                    f"'follows' names '{other_id}', which has no date",
                    "name a dated fact (timelines use dated facts only)",
                    f.id,
                )
            elif other.date > f.date:
                c.error(
                    at,
                    f"'follows' names '{other_id}', dated {other.date}, after this fact's {f.date}",
                    "check both dates against their quotes",
                    f.id,
                )


def _check_quotes(c: Builder, sources: Mapping[str, Source]) -> None:
    """Every cited quote is in its document: all quotes of a document looked up in one pass."""
    by_doc: dict[str, list[str]] = {}
    for doc, quote, _at, _fid in c.quotes:
        by_doc.setdefault(doc, []).append(squash(quote))
    missing = {
        doc: missing_quotes(text, quotes)
        for doc, quotes in by_doc.items()
        if (text := c.documents.get(doc)) is not None
    }
    for doc, quote, at, fid in c.quotes:
        if squash(quote) in missing.get(doc, ()):
            c.error(
                at,
                f"quote not found in {printable(sources[doc].file)}",
                "copy the sentence from the document exactly; only spacing may differ",
                fid,
            )


def _check_wrong_options(
    c: Builder,
    facts: list[Fact],
    pools: Mapping[str, tuple[Entity, ...]],
    groups: Mapping[str, Group],
) -> None:
    """Every fact needs at least three values of its kind that are not also right."""
    reported: set[str] = set()
    pool = WrongOptionPool(facts, pools, groups)
    for fact, kind, n in pool.shortfalls(facts, first_per_kind=True):
        if kind in reported:
            continue
        reported.add(kind)
        c.error(
            c.kind_at.get((fact.id, kind), Mark(fact.line, 1)),  # the `kind:` line of the fact
            f"kind '{kind}' has only {n} possible wrong option{'s' if n != 1 else ''}"
            f" for this fact, {MIN_WRONG_OPTIONS} are needed",
            f"add values under 'pools: {kind}: [...]' (distinct from the answer)",
            fact.id,
        )


# --------------------------------------------------------------------------------------------
# Reading checked fields


def _strs(f: Mapping[str, object], key: str) -> tuple[str, ...]:
    """A list field the schema has already checked to hold text, as a tuple."""
    return tuple(cast("Iterable[str]", f.get(key, ())))


def _opt(f: dict[str, object], key: str) -> str | None:
    value = f.get(key)
    return None if value is None else str(value)
