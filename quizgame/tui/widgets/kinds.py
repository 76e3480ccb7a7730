"""The row of checkboxes that picks which kinds of question to ask (home and export screens)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Checkbox, Label

from quizgame.core.vocab import KINDS
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: set[str] = set()  # ticked, then dimmed: this pack does not make them

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

    def offer(self, made: Collection[str]) -> None:
        """Only the kinds the chosen pack makes can be picked; the others stay in view, dimmed
        and unticked, saying why (the bundled pack makes no timelines). A kind that was ticked
        is ticked again when a pack that makes it is chosen."""
        for kind in KINDS:
            box = self.query_one(f"#kind-{kind}", Checkbox)
            if kind in made:
                if box.disabled and kind in self._held:
                    self._held.discard(kind)
                    box.value = True
                box.disabled = False
                box.tooltip = None
            else:
                if not box.disabled and box.value:
                    self._held.add(kind)
                    box.value = False
                box.disabled = True
                box.tooltip = f"This pack makes no {KIND_SHORT[kind]} questions"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds ticked, of those the pack makes."""
        return tuple(
            k
            for k in KINDS
            if (box := self.query_one(f"#kind-{k}", Checkbox)).value and not box.disabled
        )

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.kinds))
