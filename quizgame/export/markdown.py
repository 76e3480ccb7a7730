"""Markdown worksheets and answer keys, for teachers who edit a quiz before printing or posting it.

Pack text is escaped so any CommonMark/GitHub renderer shows it as written: ``\\ ` * _ [ ] < >
& ~ |`` are backslash-escaped, a line that would start a heading, quote, list or rule is escaped
at its start, and a line break inside a text is a hard break (``\\`` at the end of the line).
"""

from __future__ import annotations

import re

from quizgame.core.questions import ChoiceQuestion, OrderQuestion, Question, TrueFalseQuestion
from quizgame.export.job import ExportJob
from quizgame.export.safety import source_text

LETTERS = "ABCDEFGH"
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def md_text(text: str, indent: str = "") -> str:
    """Plain text as Markdown that renders to the same text; ``indent`` continues a list item."""
    lines = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = _SPECIAL.sub(r"\\\1", raw.strip() if n else raw.rstrip())
        if not line:
            continue  # an empty line would end the paragraph
        if n:  # the first line follows our own "**1.** " or "- ", never a line start
            line = _BLOCK_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], line)
        lines.append(line)
    return ("\\\n" + indent).join(lines)


def question_md(n: int, q: Question) -> list[str]:
    out = [f"**{n}.** {md_text(q.prompt)}", ""]
    if isinstance(q, ChoiceQuestion):
        out += [
            f"- **{letter}.** {md_text(o, '  ')}"
            for letter, o in zip(LETTERS, q.options, strict=False)
        ]
        out.append("")
    elif isinstance(q, TrueFalseQuestion):
        out += ["- [ ] True", "- [ ] False", ""]
    elif isinstance(q, OrderQuestion):
        out += [f"Number them 1 (earliest) to {len(q.items)}:", ""]
        out += [f"- ___ {md_text(item, '  ')}" for item in q.items]
        out.append("")
    else:
        out += ["Answer: ______________________________", ""]
    return out


def _line(text: str) -> str:
    """Text for a line that must stay one line (a heading, the header): breaks become spaces."""
    return md_text(" ".join(text.split()))


def _header(job: ExportJob, what: str) -> list[str]:
    return [
        f"{what} · {len(job.questions)} questions · pack {_line(job.pack.id)} "
        f"{_line(job.pack.version)} · seed {_line(job.settings.seed)}",
        "",
    ]


def _title(job: ExportJob) -> str:
    return f"{_line(job.pack.title)} — form {job.form}"


def worksheet_md(job: ExportJob) -> list[str]:
    out = [
        f"# {_title(job)}",
        "",
        *_header(job, "Worksheet"),
        "Name: ______________________ Class: __________ Date: __________",
        "",
        "---",
        "",
    ]
    for n, q in enumerate(job.questions, 1):
        out += question_md(n, q)
    return out


def key_md(job: ExportJob) -> list[str]:
    out = [f"# Answer key — {_title(job)}", "", *_header(job, "Answer key")]
    for n, q in enumerate(job.questions, 1):
        out += [f"**{n}.** {md_text(q.answer_text())}\\", f"*{md_text(source_text(q))}*", ""]
    return out


def write_markdown(job: ExportJob) -> bytes:
    """The worksheet; for a single form, followed by its answer key after a rule."""
    lines = worksheet_md(job)
    if job.variants == 1:
        lines += ["---", "", *key_md(job)]
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def write_markdown_key(job: ExportJob) -> bytes:
    return ("\n".join(key_md(job)).rstrip() + "\n").encode("utf-8")
