"""The export catalogue: every format the issue names, its file type, kinds, and writers."""

from __future__ import annotations

import inspect
import subprocess
import sys
from typing import get_type_hints

import pytest

from quizgame.export.formats import matching_pairs, ordinal
from quizgame.export.job import ExportJob
from quizgame.export.registry import ALL_KINDS, LazyWriter, all_formats, get_format

EXPECTED = {
    "gift": ".gift",
    "moodle-xml": ".xml",
    "qti12": ".zip",
    "qti21": ".zip",
    "anki": ".apkg",
    "kahoot": ".xlsx",
    "wayground": ".xlsx",
    "blooket": ".csv",
    "gimkit": ".csv",
    "quizlet": ".tsv",
    "opentdb": ".json",
    "pdf": ".pdf",
    "markdown": ".md",
    "json": ".json",
}


def test_every_format_is_registered_with_its_file_type():
    assert {f.name: f.extension for f in all_formats()} == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_writers_resolve_and_kinds_are_known(name):
    fmt = get_format(name)
    assert fmt is not None
    for lazy in (fmt.writer, fmt.key_writer):
        writer = lazy.resolve()
        # The writer signature: one ExportJob in, the file's bytes out.
        assert list(inspect.signature(writer).parameters) == ["job"], lazy
        assert get_type_hints(writer) == {"job": ExportJob, "return": bytes}, lazy
    assert set(fmt.kinds) | set(fmt.converts) <= set(ALL_KINDS)
    assert not set(fmt.kinds) & set(fmt.converts)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("json", "write_json"),  # not a module of quizgame.export
        ("quizgame.export.gift:write_gift", "write_gift"),  # the old string form
        ("quizgame.export.gift", "write-gift"),
    ],
)
def test_a_writer_named_wrongly_is_refused_when_registered(module, name):
    with pytest.raises(ValueError):
        LazyWriter(module, name)


def test_a_writer_that_is_not_a_function_is_refused_when_used():
    with pytest.raises(TypeError):
        LazyWriter("quizgame.export.formats", "BINARY_EXTENSIONS").resolve()


def test_print_formats_have_keys_of_their_own():
    assert get_format("pdf").key_extension == ".pdf"
    assert get_format("markdown").key_extension == ".md"
    assert get_format("gift").key_extension == ".txt"


def test_order_questions_convert_only_where_faithful():
    assert get_format("gift").converts == {"order": get_format("moodle-xml").converts["order"]}
    assert "order" in get_format("qti21").kinds  # QTI 2.1 has orderInteraction
    assert not get_format("kahoot").accepts("order")  # no faithful conversion: left out


def test_listing_formats_imports_no_writer_library():
    code = (
        "import sys; from quizgame.export.registry import all_formats; formats = all_formats(); "
        "writers = {w.module for f in formats for w in (f.writer, f.key_writer)}; "
        "heavy = {'lxml', 'genanki', 'xlsxwriter', 'fpdf', 'openpyxl'}; "
        "print(len(writers), sorted(writers & set(sys.modules)), "
        "sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Nine writer modules, none of them (nor a library they need) imported by listing them.
    assert done.stdout.strip() == "9 [] []"


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_matching_pairs_give_each_event_its_place():
    class Order:
        items = ("c", "a", "b")
        answer = ("a", "b", "c")

    assert matching_pairs(Order()) == [("c", "3rd"), ("a", "1st"), ("b", "2nd")]
