"""The row of checkboxes that picks which kinds of question to ask (home and export screens)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Checkbox, Label

from quizgame.core.generate import KINDS
from quizgame.tui.text import KIND_SHORT, KIND_TINY


class KindPicker(Horizontal):
    """Every kind, ticked by default; ``kinds`` is what is ticked, in the generator's order.

    Posts ``KindPicker.Changed`` when a kind is ticked or unticked (its checkboxes are its own
    business: their events stop here).
    """

    @dataclass
    class Changed(Message):
        """The kinds picked changed."""

        picker: KindPicker
        kinds: tuple[str, ...]

        @property
        def control(self) -> KindPicker:
            return self.picker

    def compose(self) -> ComposeResult:
        yield Label("Kinds", classes="field-label")
        for kind in KINDS:
            yield Checkbox(KIND_SHORT[kind], True, id=f"kind-{kind}", compact=True)

    def set_narrow(self, narrow: bool) -> None:
        """Shorter labels where all five would not fit on one line (under 80 columns)."""
        for kind in KINDS:
            label = KIND_TINY[kind] if narrow else KIND_SHORT[kind]
            box = self.query_one(f"#kind-{kind}", Checkbox)
            if str(box.label) != label:
                box.label = label
                box.refresh(layout=True)  # its width follows its label

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in KINDS if self.query_one(f"#kind-{k}", Checkbox).value)

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.kinds))
