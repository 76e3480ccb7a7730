"""``quizgame review``: every question a pack can produce, in one listing an author can read.

For each fact, in the pack's order: its source and quote, then every kind it is asked as, with
each phrasing (and the reverse question), its options or accepted answers; for true/false the true
statement and every false one the generator may make; and the kinds it is not asked as, with why.
Wrong options shown are one seeded draw: other seeds pick others from the same compatible pool,
so the listing also shows that pool.
"""

from __future__ import annotations

from quizgame.core.generate import (
    BLANK,
    ChoiceQuestion,
    OrderQuestion,
    Question,
    QuizMaker,
    QuizSettings,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.core.lint import lint_pack
from quizgame.core.packs import Fact, Pack
from quizgame.core.vocab import KINDS

__all__ = ["review_pack"]

KIND_NAMES = {
    "choice": "multiple choice",
    "truefalse": "true/false",
    "typed": "typed answer",
    "cloze": "fill in the blank",
    "order": "timeline",
}


def _why_not(maker: QuizMaker, fact: Fact, kind: str) -> str:
    if kind in fact.never:
        return f"the fact says never: [{kind}]"
    if kind == "truefalse":
        if fact.group and maker.pack.groups[fact.group].closed is not True:
            return f"group '{fact.group}' does not list every right answer (not closed)"
        if maker.swap(fact, fact.answer) is None:
            return "the statement does not contain the answer"
        return "no wrong option makes a grammatical false statement"
    if kind == "typed":
        if fact.group and maker.pack.groups[fact.group].closed is not True:
            return f"group '{fact.group}' does not list every right answer (not closed)"
        return "the answer is too long to type"
    if kind == "cloze":
        return maker.cloze_problem(fact) or "not possible"
    if kind == "order":
        return maker.timeline_problem(fact) or "not possible"
    return "not possible"


def _lines(q: Question) -> list[str]:
    """The body of one question: prompt, then options or accepted answers."""
    out = [f"Q: {q.prompt}"]
    if isinstance(q, ChoiceQuestion):
        for i, option in enumerate(q.options):
            mark = "*" if option == q.answer else " "
            out.append(f"   {mark} {'ABCD'[i]}) {option}")
    elif isinstance(q, TrueFalseQuestion):
        out[0] = f"{'TRUE ' if q.answer else 'FALSE'}: {q.prompt}"
    elif isinstance(q, TypedQuestion):
        out.append(f"   accepted: {' | '.join(q.accepted)}")
    elif isinstance(q, OrderQuestion):
        for item, date in zip(q.items, q.item_dates, strict=True):
            out.append(f"   - {item} ({date})")
        out.append(f"   answer: {q.answer_text()}")
    return out


def review_pack(pack: Pack, fmt: str = "text", seed: str = "review") -> str:
    """The listing, as plain text or Markdown."""
    maker = QuizMaker(pack)
    settings = QuizSettings(seed=seed)
    md = fmt == "markdown"
    out: list[str] = []
    total = 0
    body: list[str] = []
    for fact in pack.facts:
        source = pack.source_of(fact)
        head = f"{fact.id} (line {fact.line})"
        body.append(f"## {head}\n" if md else f"{'=' * 78}\n{head}")
        about = [f"Source: {source.citation()}", f"Quote: “{' '.join(fact.quote.split())}”"]
        if fact.according_to:
            about.append(f"Attributed to: {pack.sources[fact.according_to].name}")
        pool = [c.value for c in maker.candidates(fact.answer_kind, fact.wanted)]
        wanted = f" with traits {', '.join(sorted(fact.wanted))}" if fact.wanted else ""
        about.append(
            f"Wrong options come from {len(pool)} values of kind '{fact.answer_kind}'{wanted}"
        )
        body.extend(f"- {_md(line)}" for line in about) if md else body.extend(about)
        body.append("")
        for kind in KINDS:
            questions = maker.every_question(fact, kind, settings)
            title = KIND_NAMES[kind]
            if not questions:
                body.append(
                    f"- *{title}*: not asked — {_why_not(maker, fact, kind)}"
                    if md
                    else f"[{title}] not asked — {_why_not(maker, fact, kind)}"
                )
                continue
            total += len(questions)
            body.append(f"### {title}\n" if md else f"[{title}]")
            for q in questions:
                body.extend(_markdown(q) if md else _lines(q))
            body.append("")
        body.append("")
    title = f"Review of {pack.title} ({pack.id}): {len(pack.facts)} facts, {total} questions"
    out.append(f"# {title}\n" if md else title)
    out.append(
        "Every question the pack can produce. Wrong options are one draw: other seeds pick "
        "others from the values named under each fact."
    )
    out.append("")
    warnings = lint_pack(pack, pack.path.name if pack.path else pack.id)
    if warnings:
        out.append(f"## Warnings ({len(warnings)})\n" if md else f"Warnings ({len(warnings)}):")
        out.extend(f"- {_md(str(w))}" if md else f"  {w}" for w in warnings)
    else:
        out.append("No warnings from `quizgame check --strict`." if md else "No warnings.")
    out.append("")
    out.extend(body)
    return "\n".join(out).rstrip() + "\n"


def _markdown(q: Question) -> list[str]:
    """One question as a Markdown list item; the right option in bold."""
    if isinstance(q, TrueFalseQuestion):
        return [f"- **{'True' if q.answer else 'False'}:** {_md(q.prompt)}"]
    out = [f"- {_md(q.prompt)}"]
    if isinstance(q, ChoiceQuestion):
        for i, option in enumerate(q.options):
            text = f"{'ABCD'[i]}) {_md(option)}"
            out.append(f"    - **{text}** (right)" if option == q.answer else f"    - {text}")
    elif isinstance(q, TypedQuestion):
        out.append(f"    - accepted: {' · '.join(_md(a) for a in q.accepted)}")
    elif isinstance(q, OrderQuestion):
        for item, date in zip(q.items, q.item_dates, strict=True):
            out.append(f"    - {_md(item)} ({date})")
        out.append(f"    - answer: {_md(q.answer_text())}")
    return out


def _md(text: str) -> str:
    """Text shown literally in Markdown: the blank and pack text never turn into markup."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\\_\\_\\_\\_\\_", "\\_" * len(BLANK))
