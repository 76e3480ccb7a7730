"""The bundled pack's facts with their ``follows`` ties removed: a pack that asks timelines.

The bundled pack asks no timelines (its four dated events are steps of one story, tied by
``follows``; see README). Tests of the timeline machinery — the question, its screen, its export,
the classroom's ordering control, kinds interleaved over a round — use the same 40 facts without
those ties, so their four dated events in three years make timelines again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questions" / "jimmy-page.yaml"
SEEDS = ROOT / "seeds"

_FOLLOWS = re.compile(r"^ +follows:.*\n", re.MULTILINE)


def write_timeline_pack(folder: Path) -> Path:
    """Write the untied pack (and a copy of the seeds beside it) under ``folder``."""
    text = BUNDLED.read_text(encoding="utf-8")
    untied, removed = _FOLLOWS.subn("", text)
    assert removed, "the bundled pack has no 'follows' ties to remove"
    (folder / "questions").mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEEDS, folder / "seeds", dirs_exist_ok=True)
    path = folder / "questions" / "jimmy-page-timelines.yaml"
    path.write_text(untied, encoding="utf-8")
    return path
