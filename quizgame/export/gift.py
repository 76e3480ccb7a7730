"""Moodle GIFT: the plain-text question format Moodle (and gift-pegjs) read.

Decisions, each forced by how Moodle's importer (question/format/gift/format.php) reads a file:

* Every text is written ``[plain]``: Moodle shows it as typed, so ``<b>`` and ``&amp;`` in a
  pack stay visible text instead of becoming markup. Answers and feedback inherit the format.
* ``~ = # { } :`` and ``\\`` are backslash-escaped and line breaks written ``\\n`` everywhere,
  so a question is always one logical line and no text can end it early.
* ``->`` matters to Moodle only inside an answer block: a block with ``=`` and ``->`` is read as
  a matching question. Prompts, options (a choice block always has a ``~``, which Moodle checks
  first), true/false statements and feedback keep ``->`` as it is. A typed answer writes it
  ``-*>``: ``*`` is Moodle's short-answer wildcard, so what a student types (``->``) is marked
  right. An event of an order question (a matching subquestion, which Moodle cuts at its first
  ``->``) is written ``[html]`` with ``-&gt;``, which Moodle shows as ``->``.
* An answer starting with ``%`` (an answer weight) or ``[`` (a text format) gets its own
  ``[plain]`` so it is read as text; short answers carry an explicit ``%100%`` weight, and a
  literal ``*`` in them is written ``\\*`` (Moodle's wildcard escape).
* Categories come from each question's first tag (``$CATEGORY: $course$/top/<pack>/<tag>``),
  written when the tag changes, so the quiz order is kept.
* Header comments hold pack text too (title, version): each is one line, so nothing in a pack
  can start a line of its own.
* Moodle's own escape placeholders (``&&058;`` ...) in a pack's text cannot be written: the
  questions holding one are named in a warning.
"""

from __future__ import annotations

import re

from quizgame.core.questions import (
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.export.formats import MATCHING_PROMPT, matching_pairs
from quizgame.export.job import ExportJob
from quizgame.export.safety import feedback_text, html_text

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


# Moodle's importer swaps each escape for one of these placeholders and back again, so the same
# characters already in a text come back as the escaped character ("&&058;" as ":"). GIFT has no
# way to write them; a text holding one is named in a warning.
_PLACEHOLDER = re.compile("&&(?:058;|035;|061;|123;|125;|126;|092;|010)")


def escape(text: str) -> str:
    """Text as GIFT reads it back unchanged: specials escaped, one line."""
    return text.replace("\r\n", "\n").translate(_ESCAPES)


def _answer(text: str) -> str:
    escaped = escape(text)
    return "[plain]" + escaped if text.startswith(("%", "[")) else escaped


def short_answer_pattern(text: str) -> str:
    """An accepted answer as Moodle's short-answer matcher reads it: ``*`` is its wildcard, so a
    literal one is ``\\*``; ``->`` (which would make the block a matching question) is ``-*>``."""
    return text.replace("*", "\\*").replace("->", "-*>")


def _short_answer(text: str) -> str:
    return "=%100%" + _answer(short_answer_pattern(text))


def _subquestion(text: str) -> str:
    """An event of a matching question: Moodle cuts each pair at its first ``->``."""
    if "->" in text:
        return "[html]" + escape(html_text(text))
    return _answer(text)


def comment(text: str) -> str:
    """A ``//`` comment line: whatever the text holds, it stays one line."""
    return "// " + " ".join(text.split())  # split(): every kind of line break and space


def category_path(pack_title: str, tag: str | None) -> str:
    """A Moodle category path: ``/`` separates levels, so a ``/`` in a name is doubled."""

    def part(name: str) -> str:
        # Moodle reads ``\\`` in the category line as one backslash (and no other escape);
        # ``/`` separates levels, so a ``/`` in a name is doubled.
        return " ".join(name.split()).replace("\\", "\\\\").replace("/", "//")

    return "/".join(["$course$", "top", part(pack_title)] + ([part(tag)] if tag else []))


def question_block(q: Question, number: int, width: int) -> str:
    name = escape(f"{number:0{width}d} {q.fact}")
    tags = " ".join(f"[tag:{t}]" for t in q.tags if "]" not in t and t.isprintable())
    head = (f"// {tags}\n" if tags else "") + f"::{name}::"
    feedback = "\t####" + escape(feedback_text(q)) + "\n}"
    if isinstance(q, TrueFalseQuestion):
        verdict = "TRUE" if q.answer else "FALSE"
        return f"{head}[plain]{escape(q.prompt)}{{{verdict}\n{feedback}"
    if isinstance(q, ChoiceQuestion):
        lines = [("\t=" if o == q.answer else "\t~") + _answer(o) for o in q.options]
        return f"{head}[plain]{escape(q.prompt)}{{\n" + "\n".join(lines) + "\n" + feedback
    if isinstance(q, TypedQuestion):
        lines = ["\t" + _short_answer(a) for a in q.accepted]
        return f"{head}[plain]{escape(q.prompt)}{{\n" + "\n".join(lines) + "\n" + feedback
    if isinstance(q, OrderQuestion):
        lines = [f"\t={_subquestion(item)} -> {place}" for item, place in matching_pairs(q)]
        return f"{head}[plain]{escape(MATCHING_PROMPT)}{{\n" + "\n".join(lines) + "\n" + feedback
    raise ValueError(f"GIFT cannot hold a {q.kind} question")


def _choices(q: Question) -> tuple[str, ...]:
    """What a question lists besides its prompt: options, accepted answers or events."""
    if isinstance(q, ChoiceQuestion):
        return q.options
    if isinstance(q, TypedQuestion):
        return q.accepted
    if isinstance(q, OrderQuestion):
        return q.items
    return ()


def write_gift(job: ExportJob) -> bytes:
    pack = job.pack
    out = [
        comment(f"{job.title} — quizgame export of pack {pack.id} {pack.version}"),
        comment(
            f"seed {job.settings.seed}, form {job.form}, {len(job.questions)} questions; "
            "import in Moodle: Question bank → Import → GIFT format"
        ),
        "",
    ]
    width = max(3, len(str(len(job.questions))))
    category: str | None = None
    altered = []
    for n, q in enumerate(job.questions, 1):
        texts = [q.prompt, feedback_text(q), *_choices(q)]
        if any(_PLACEHOLDER.search(t) for t in texts):
            altered.append(f"#{n} {q.fact}")
        path = category_path(pack.title, q.tags[0] if q.tags else None)
        if path != category:
            out += [f"$CATEGORY: {path}", ""]
            category = path
        out += [question_block(q, n, width), ""]
    if altered:
        job.warnings.append(
            "Moodle's GIFT importer reads a text like '&&058;' as ':' and GIFT cannot escape it; "
            f"use --format moodle-xml for: {', '.join(altered)}"
        )
    return "\n".join(out).encode("utf-8")
