"""The one control-character sanitiser: nothing that drives a terminal gets through any of its
three ways of showing text, and ordinary text is left exactly as it was."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizgame.core.controls import escaped, pictured, removed

CONTROLS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]}


@given(st.text())
def test_escaped_text_holds_no_control_and_no_line_separator(text: str) -> None:
    shown = escaped(text)
    assert not (set(shown) & (CONTROLS | {"\u2028", "\u2029"}))


@given(st.text())
def test_pictured_text_keeps_one_cell_per_character_and_only_tab_and_line_feed(text: str) -> None:
    shown = pictured(text)
    assert len(shown) == len(text)
    assert set(shown) & CONTROLS <= {"\t", "\n"}


@given(st.text())
def test_removed_keeps_only_what_it_was_told_to(text: str) -> None:
    assert set(removed(text)) & CONTROLS <= {"\t", "\n", "\r"}
    assert set(removed(text, keep="")) & CONTROLS == set()


def test_what_the_player_sees() -> None:
    assert escaped("a\x1b[2Jb\nc\u2028") == "a\\x1b[2Jb\\nc\\u2028"
    assert escaped("a\x1b\n", named=False, separators=False) == "a\\x1b\\x0a"
    assert pictured("\x1b[31m\x85") == "␛[31m�"
    assert removed("ab\x1b\x85\r\n") == "ab\r\n"
    assert removed("a\x85\x01", c1=False) == "a\x85"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cs"))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    assert escaped(text) == pictured(text) == removed(text) == text
