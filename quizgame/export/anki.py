"""Anki decks (.apkg) written with genanki.

Re-importing must update, not duplicate: Anki matches notes by GUID and note types and decks by
id. So the note type and deck ids come from a sha256 of the pack id, and each note's GUID from
(pack id, fact id, question kind, n) — n counts repeats of the same fact and kind in one quiz.
A new seed or form therefore updates the same cards (new wording, new options) instead of adding
near-copies. Fields are HTML, so pack text is escaped and line breaks become ``<br>``.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter

import genanki

from quizgame.core.packs import Pack
from quizgame.core.questions import ChoiceQuestion, OrderQuestion, Question, TrueFalseQuestion
from quizgame.export.job import ExportJob
from quizgame.export.safety import html_text, source_text, stable_int

FIELDS = ("Question", "Answer", "Explanation", "Source", "Fact")
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.options { margin: .5em 0 0 1em; }
.explanation { margin-top: 1em; }
.source { margin-top: 1em; font-size: 14px; color: #555; }"""
BACK = (
    "{{FrontSide}}<hr id=answer><div class=answer>{{Answer}}</div>"
    "<div class=explanation>{{Explanation}}</div><div class=source>{{Source}}</div>"
)


def note_model(pack: Pack) -> genanki.Model:
    return genanki.Model(
        stable_int("quizgame", "anki-model", pack.id),
        f"quizgame: {pack.id}",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": "{{Question}}", "afmt": BACK}],
        css=CSS,
    )


def deck_name(pack: Pack) -> str:
    """The pack title as one deck: Anki reads ``::`` as "sub-deck", so every run of colons
    (``A:::B`` too) is written as one."""
    return re.sub(":{2,}", ":", " ".join(pack.title.split()))


def front(q: Question) -> str:
    prompt = html_text(q.prompt)
    if isinstance(q, ChoiceQuestion):
        options = "".join(f"<li>{html_text(o)}</li>" for o in q.options)
        return f'{prompt}<ol type="A" class=options>{options}</ol>'
    if isinstance(q, TrueFalseQuestion):
        return f"True or false?<br>{prompt}"
    if isinstance(q, OrderQuestion):
        items = "".join(f"<li>{html_text(i)}</li>" for i in q.items)
        return f"{prompt}<ul class=options>{items}</ul>"
    return prompt


def back(q: Question) -> str:
    if isinstance(q, OrderQuestion):
        return "<ol>" + "".join(f"<li>{html_text(i)}</li>" for i in q.answer) + "</ol>"
    return html_text(q.answer_text())


def anki_tag(tag: str) -> str:
    return "_".join(tag.split())


def write_apkg(job: ExportJob) -> bytes:
    pack = job.pack
    model = note_model(pack)
    deck = genanki.Deck(
        stable_int("quizgame", "anki-deck", pack.id),
        deck_name(pack),
        description=html_text(pack.description),
    )
    repeats: Counter[tuple[str, str]] = Counter()
    for q in job.questions:
        repeats[q.fact, q.kind] += 1
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    front(q),
                    back(q),
                    html_text(q.explanation),
                    html_text(source_text(q)),
                    html_text(q.fact),
                ],
                guid=genanki.guid_for("quizgame", pack.id, q.fact, q.kind, repeats[q.fact, q.kind]),
                tags=["quizgame", *(anki_tag(t) for t in q.tags if t.strip())],
            )
        )
    # genanki's write_to_file leaves its temporary database behind; build it here instead.
    timestamp = time.time()
    with tempfile.TemporaryDirectory(prefix="quizgame-anki-") as tmp:
        db_path = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(db_path)
        try:
            genanki.Package(deck).write_to_db(
                conn.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(db_path, "collection.anki2")
            zf.writestr("media", "{}")
    return buffer.getvalue()
