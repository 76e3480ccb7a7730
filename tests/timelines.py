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


def write_timeline_pack(folder: Path, packs: str = "questions") -> Path:
    """Write the untied pack into ``folder/packs`` (with a copy of the seeds in ``folder/seeds``,
    where a pack finds its sources), as its own pack: id ``jimmy-page-timelines``."""
    text = BUNDLED.read_text(encoding="utf-8")
    untied, removed = _FOLLOWS.subn("", text)
    assert removed, "the bundled pack has no 'follows' ties to remove"
    untied, renamed = re.subn(r"^id: jimmy-page$", "id: jimmy-page-timelines", untied, flags=re.M)
    untied, retitled = re.subn(
        r'^title: "(.*)"$', r'title: "\1 (with timelines)"', untied, flags=re.M
    )
    assert renamed == retitled == 1
    (folder / packs).mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEEDS, folder / "seeds", dirs_exist_ok=True)
    path = folder / packs / "jimmy-page-timelines.yaml"
    path.write_text(untied, encoding="utf-8")
    return path
