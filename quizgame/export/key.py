"""The plain-text answer key written beside each form: numbered answers with their sources."""

from __future__ import annotations

from quizgame.export.job import ExportJob
from quizgame.export.safety import source_text


def write_text_key(job: ExportJob) -> bytes:
    lines = [
        f"Answer key — {' '.join(job.title.split())}",
        f"Seed {' '.join(job.settings.seed.split())}, form {job.form}, "
        f"{len(job.questions)} questions",
        "",
    ]
    for n, q in enumerate(job.questions, 1):
        lines.append(f"{n}. {q.answer_text()}")
        lines.append(f"   {source_text(q)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
