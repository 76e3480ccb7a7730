"""The plain-text answer key written beside each form: numbered answers with their sources."""

from __future__ import annotations

from quizgame.core.generate import Question
from quizgame.export.job import ExportJob


def answer_text(q: Question) -> str:
    """The right answer as a teacher marks it."""
    if q.kind == "truefalse":
        return "True" if q.answer else "False"
    if q.kind == "order":
        return " → ".join(q.answer)  # type: ignore[arg-type]
    if q.kind == "choice":
        letter = "ABCDEFGH"[q.options.index(str(q.answer))]
        return f"{letter}) {q.answer}"
    extra = [a for a in q.accepted if a != q.answer]
    return str(q.answer) + (f"  (also accepted: {'; '.join(extra)})" if extra else "")


def write_text_key(job: ExportJob) -> bytes:
    lines = [f"Answer key — {job.title}", f"Seed {job.settings.seed}, form {job.form}, "
             f"{len(job.questions)} questions", ""]
    for n, q in enumerate(job.questions, 1):
        lines.append(f"{n}. {answer_text(q)}")
        lines.append(f"   Source: {q.source.citation} — “{q.source.quote}”")
    return ("\n".join(lines) + "\n").encode("utf-8")
