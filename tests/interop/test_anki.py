"""Anki decks and Quizlet cards imported by Anki itself (the ``anki`` package's own importers)."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import (
    CsvMetadata,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportAnkiPackageUpdateCondition,
    ImportCsvRequest,
)

from quizgame.export.safety import neutralise, one_line, source_text
from quizgame.export.spreadsheets import flashcard

from .conftest import FORMULA_ANSWERS, HOSTILE, HOSTILE_ANSWERS, export


def plain(field: str) -> str:
    """An Anki HTML field as the text a learner reads."""
    return html.unescape(re.sub(r"<br\s*/?>", "\n", field))


def import_apkg(col, path: Path) -> None:
    """Import as Anki's dialog does by default: notes are updated when the file's are newer."""
    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(
        update_notes=if_newer, update_notetypes=if_newer, with_scheduling=False
    )
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))


@pytest.fixture
def collection(tmp_path):
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def notes(col) -> list:
    return [col.get_note(nid) for nid in col.find_notes("")]


def test_apkg_imports_every_question_and_reimport_updates(
    bundled_pack, collection, tmp_path, monkeypatch
):
    first = export(bundled_pack, "anki", seed="21", count=40)
    path = first.save(tmp_path, "first")
    import_apkg(collection, path)
    assert collection.note_count() == 40
    import_apkg(collection, path)
    assert collection.note_count() == 40  # the same file again: nothing duplicated

    # The same quiz exported again later (form B: new option order) updates its notes.
    later = time.time() + 120
    monkeypatch.setattr("quizgame.export.anki.time.time", lambda: later)
    again = export(bundled_pack, "anki", seed="21", count=40, variants=2, form=1)
    import_apkg(collection, again.save(tmp_path, "again"))
    assert collection.note_count() == 40
    decks = [d.name for d in collection.decks.all_names_and_ids()]
    assert bundled_pack.title in decks
    by_fact = {plain(n["Fact"]): n for n in notes(collection)}
    for q in again.questions:  # the cards now show form B, with the source on the back
        note = by_fact[q.fact]
        assert plain(note["Source"]) == source_text(q)
        if q.kind == "choice":  # form B's option order, not form A's
            shown = [plain(li) for li in re.findall(r"<li>(.*?)</li>", note["Question"])]
            assert shown == list(q.options)


def test_apkg_hostile_text_survives(hostile_pack, collection, tmp_path):
    out = export(hostile_pack, "anki")
    import_apkg(collection, out.save(tmp_path))
    assert collection.note_count() == len(out.questions) == len(HOSTILE_ANSWERS)
    by_fact = {plain(n["Fact"]): n for n in notes(collection)}
    for q in out.questions:
        note = by_fact[q.fact]
        assert plain(note["Explanation"]) == q.explanation
        assert plain(note["Source"]) == source_text(q)
        assert q.prompt in plain(note["Question"])
    assert any(HOSTILE in plain(n["Question"]) for n in notes(collection))


def test_a_title_with_colons_is_one_deck_not_a_sub_deck(hostile_pack, collection, tmp_path):
    from dataclasses import replace

    out = export(replace(hostile_pack, title="A:::B :: C"), "anki", count=2)
    import_apkg(collection, out.save(tmp_path))
    names = {d.name for d in collection.decks.all_names_and_ids()} - {"Default"}
    assert names == {"A:B : C"}  # "::" is Anki's sub-deck separator


def import_tsv(col, path: Path) -> None:
    """Anki's text importer, told the file is plain text (Quizlet's is; Anki would guess HTML)."""
    metadata = col.get_csv_metadata(str(path), CsvMetadata.Delimiter.TAB)
    metadata.is_html = False
    metadata.force_is_html = True
    col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))


def test_quizlet_tsv_imports_one_note_per_card(bundled_pack, collection, tmp_path):
    out = export(bundled_pack, "quizlet", seed="4")
    import_tsv(collection, out.save(tmp_path))
    assert collection.note_count() == len(out.questions) == len(bundled_pack.facts)
    fronts = {plain(n.fields[0]): plain(n.fields[1]) for n in notes(collection)}
    for q in out.questions:
        term, definition = flashcard(q)
        assert fronts[one_line(term)] == neutralise(one_line(definition))


def test_quizlet_tsv_hostile_text(hostile_pack, collection, tmp_path):
    out = export(hostile_pack, "quizlet")
    assert len(out.data.decode().splitlines()) == len(out.questions)  # one card per line
    import_tsv(collection, out.save(tmp_path))
    assert collection.note_count() == len(out.questions)
    cards = {plain(n.fields[0]): plain(n.fields[1]) for n in notes(collection)}
    for q in out.questions:
        term, definition = flashcard(q)
        # Line breaks become spaces (Quizlet has one card per line); a definition that would
        # start a spreadsheet formula gets a leading apostrophe; everything else is exact.
        assert cards[term.replace("\n", " ")] == neutralise(definition.replace("\n", " "))
    assert any(HOSTILE in term for term in cards)
    assert any(v[:1] == "'" and v[1:] in FORMULA_ANSWERS for v in cards.values())
