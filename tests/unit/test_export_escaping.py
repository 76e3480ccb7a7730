"""The escaping every writer relies on: each target's special characters, and only those."""

from __future__ import annotations

import pytest

from quizgame.export.gift import category_path, comment, short_answer_pattern
from quizgame.export.gift import escape as gift_escape
from quizgame.export.markdown import md_text
from quizgame.export.moodle_xml import comment_text
from quizgame.export.safety import (
    html_text,
    neutralise,
    one_line,
    stable_id,
    stable_int,
    utf16_len,
    xml_text,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@user", "'@user"),
        ("\tTab", "'\tTab"),
        ("A = B", "A = B"),  # only a leading sign starts a formula
        ("Sutton", "Sutton"),
        ("", ""),
    ],
)
def test_neutralise_only_cells_that_would_start_a_formula(text, expected):
    assert neutralise(text) == expected


def test_one_line_for_line_based_formats():
    assert one_line("a\tb\nc\r\nd") == "a b c d"


def test_html_text_escapes_markup_and_keeps_line_breaks():
    assert html_text('<b>x</b> & "q" \'s\nnext') == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &#x27;s<br>next"
    )


def test_xml_text_drops_only_what_xml_cannot_hold():
    assert xml_text("a\x00b\x1fc\r\nd\tè😀") == "abc\nd\tè😀"


def test_utf16_length_counts_emoji_as_javascript_does():
    assert utf16_len("ab") == 2
    assert utf16_len("😀") == 2


def test_stable_ids_do_not_depend_on_the_process():
    assert stable_id("pack", 1) == stable_id("pack", 1) != stable_id("pack", 2)
    n = stable_int("quizgame", "anki-deck", "jimmy-page")
    assert 1 << 30 <= n < 1 << 31
    assert n == stable_int("quizgame", "anki-deck", "jimmy-page")


@pytest.mark.parametrize("char", list("~=#{}:\\"))
def test_gift_escapes_every_special(char):
    assert gift_escape(f"a{char}b") == f"a\\{char}b"


def test_gift_newlines_and_arrows():
    assert gift_escape("one\ntwo\r\nthree") == "one\\ntwo\\nthree"
    assert gift_escape("a -> b") == "a -> b"  # prompts, options and feedback keep their arrows
    assert gift_escape("// not a comment") == "// not a comment"  # only whole lines are comments


def test_gift_short_answers_keep_stars_literal_and_arrows_typeable():
    assert short_answer_pattern("5*3 -> 15") == "5\\*3 -*> 15"


def test_gift_category_path_doubles_slashes_and_backslashes():
    assert category_path("AC/DC: Live", "riffs") == "$course$/top/AC//DC: Live/riffs"
    assert category_path("Title", None) == "$course$/top/Title"
    assert category_path("Multi\nline \\ title", "t") == "$course$/top/Multi line \\\\ title/t"


@pytest.mark.parametrize("text", ["v1\n::x::{=evil}\n$CATEGORY: x", "a\rb\u2028c\x85d\ve"])
def test_a_gift_comment_stays_one_line(text):
    line = comment(text)
    assert line.startswith("// ") and len(line.splitlines()) == 1


@pytest.mark.parametrize("text", ["a --- b", "ends with -", "--", "a\n--\nb"])
def test_an_xml_comment_never_holds_a_double_dash(text):
    got = comment_text(text)
    assert "--" not in got and not got.endswith("-") and "\n" not in got


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain words", "plain words"),
        ("*not* _emphasis_", "\\*not\\* \\_emphasis\\_"),
        ("[link](x) <b>&amp;", "\\[link\\](x) \\<b\\>\\&amp;"),
        ("`code` ~strike~ a|b", "\\`code\\` \\~strike\\~ a\\|b"),
        ("back\\slash", "back\\\\slash"),
        ("# not a heading", "# not a heading"),  # the first line follows "**1.** "
        (
            "one\n# two\n- three\n1. four\n> five",
            "one\\\n\\# two\\\n\\- three\\\n1\\. four\\\n\\> five",
        ),
        ("a\n\nb", "a\\\nb"),  # an empty line would end the paragraph
    ],
)
def test_markdown_text(text, expected):
    assert md_text(text) == expected


def test_markdown_continuation_lines_are_indented_in_lists():
    assert md_text("a\nb", "  ") == "a\\\n  b"
