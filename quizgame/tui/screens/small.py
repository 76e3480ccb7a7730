"""Shown instead of everything else while the terminal is too small to play in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("Please make the terminal larger (at least 60×20) to play.", id="too-small")
