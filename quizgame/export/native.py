"""quizgame's own JSON format: the reference every other exporter is checked against."""

from __future__ import annotations

import json
from typing import Any

from quizgame.core.generate import (
    GENERATOR,
    ChoiceQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)
from quizgame.export.job import ExportJob


def question_dict(q: Question) -> dict[str, Any]:
    """One question in the documented JSON shape (only the keys its kind uses)."""
    d: dict[str, Any] = {"id": q.id, "fact": q.fact, "kind": q.kind, "prompt": q.prompt}
    match q:
        case ChoiceQuestion():
            d["options"] = list(q.options)
            d["answer"] = q.answer
        case TrueFalseQuestion():
            d["answer"] = q.answer
        case TypedQuestion():
            d["answer"] = q.answer
            d["accepted"] = list(q.accepted)
        case OrderQuestion():
            d["items"] = list(q.items)
            d["answer"] = list(q.answer)
    d["explanation"] = q.explanation
    d["source"] = {"doc": q.source.doc, "title": q.source.title, "quote": q.source.quote}
    d["difficulty"] = q.difficulty
    d["tags"] = list(q.tags)
    return d


def quiz_dict(job: ExportJob) -> dict[str, Any]:
    pack = job.pack
    return {
        "pack": {"id": pack.id, "title": pack.title, "version": pack.version},
        "seed": job.settings.seed,
        "form": job.form,
        "generator": GENERATOR,
        "settings": {
            "count": len(job.questions),
            "kinds": list(job.settings.kinds),
            "difficulty": job.settings.difficulty,
        },
        "questions": [question_dict(q) for q in job.questions],
    }


def write_json(job: ExportJob) -> bytes:
    return (json.dumps(quiz_dict(job), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
