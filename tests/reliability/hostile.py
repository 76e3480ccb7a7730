"""Hostile text, and the in-process app (Pilot) to show it with.

Each token is a way pack text (or a name, a reason, a path) could take over the screen or the
terminal if it were interpreted rather than shown: Rich/Textual markup (including actions and
links), ANSI and OSC escape sequences, C0/C1 control characters, right-to-left text, emoji, and
a word too long for any line. Tokens have no spaces and fit on a line, so on screen each must
appear whole, exactly as ``literal()`` shows it (controls as visible symbols such as ␛).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.events import Paste
from textual.pilot import Pilot

from quizgame.core.packs import Entity, Fact, Pack, Source
from quizgame.core.round import GameSetup, build_questions
from quizgame.tui.app import Launch, QuizApp
from quizgame.tui.storeclient import StoreClient
from quizgame.tui.text import literal

MARKUP = (
    "[bold]B[/bold]",
    "[/]",
    "[@click=app.quit]Q[/]",
    "[link=https://evil.example]L[/link]",
    "[red",
    "[b]x[/i]",
)
ESCAPES = (
    "\x1b[31mRED\x1b[0m",  # colour
    "\x1b[2J\x1b[Hclear",  # clear the screen, cursor home
    "\x1b]0;pwned\x07",  # set the window title
    "\x1b]8;;https://evil.example\x1b\\E\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "a\x00b\x07c\x08d\x7fe",  # NUL, BEL, backspace, DEL
    "f\x9bg\x85h",  # C1: CSI, NEL
)
OTHER = ("שלום", "مرحبا", "😀👍🏽🇬🇧")
LONG = "W" * 300
TOKENS = MARKUP + ESCAPES + OTHER
NO_ESCAPES = MARKUP + OTHER  # what a pack *file* may hold (the loader refuses controls)

#: Anything that would reach the terminal as a control character.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def shown(token: str) -> str:
    """How a token must look on screen."""
    return literal(token)


def hostile_pack(folder: Path, *, pack_id: str = "hostile") -> Pack:
    """A pack built in memory (as a file it would be refused: it holds control characters).

    Every text a screen shows — title, prompts, options, answers, statements, quotes, source
    title and publisher, tags, the pack's file name — carries tokens.
    """
    folder.mkdir(parents=True, exist_ok=True)
    answers = [*TOKENS, LONG]
    facts = []
    for i, answer in enumerate(answers):
        other = TOKENS[(i + 1) % len(TOKENS)]
        facts.append(
            Fact(
                id=f"f{i}",
                statement=f"The thing {other} is {answer}",
                questions=(f"Q{i} {other} which one {TOKENS[(i + 2) % len(TOKENS)]} ?",),
                answer=answer,
                answer_kind="thing",
                source="d",
                quote=f"It was {answer} said {other}",
                tags=(f"tag{other}",),
            )
        )
    doc = folder / "doc.txt"
    doc.write_text(" ".join(f.quote for f in facts), encoding="utf-8")
    source = Source("d", "doc.txt", doc, f"Doc {MARKUP[0]} {ESCAPES[2]}", f"Pub {MARKUP[2]}")
    return Pack(
        id=pack_id,
        title=f"T {MARKUP[1]} {MARKUP[2]} {ESCAPES[0]}",
        description="",
        language="en",
        licence="",
        authors=(),
        version="1",
        sources={"d": source},
        pools={"thing": tuple(Entity(v) for v in ("Alpha", "Beta", "Gamma", MARKUP[3]))},
        groups={},
        facts=tuple(facts),
        path=folder / "[b]packs[/]" / "hostile.yaml",
        _index={f.id: f for f in facts},
    )


def write_pack(
    folder: Path,
    *,
    pack_id: str = "hostile",
    title: str = "Hostile",
    question: Callable[[int], str] = lambda i: f"Which one is number {i}?",
    extra: str = "",
) -> Path:
    """A small valid pack *file* (four facts, one source) with the given id and title."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(
        "Alpha is here. Beta is there. Gamma is too. Delta is also.", encoding="utf-8"
    )
    facts = "\n".join(
        f"""  - id: f{i}
    statement: "The answer is {a}."
    questions: [{json.dumps(question(i), ensure_ascii=False)}]
    answer: {a}
    kind: thing
    source: {{doc: d, quote: "{a} is"}}"""
        for i, a in enumerate(("Alpha", "Beta", "Gamma", "Delta"))
    )
    path = folder / f"{pack_id if '/' not in pack_id else 'pack'}.yaml"
    path.write_text(
        f"""format: 1
id: {json.dumps(pack_id)}
title: {json.dumps(title, ensure_ascii=False)}
description: "A pack for tests."
language: en
licence: CC0
authors: ["Tester"]
version: "1"
{extra}sources:
  - id: d
    file: doc.txt
    title: "Doc"
facts:
{facts}
""",
        encoding="utf-8",
    )
    return path


def make_app(
    data_dir: Path,
    *,
    pack: Pack | None = None,
    setup: GameSetup | None = None,
    profile: str | None = None,
) -> QuizApp:
    questions = build_questions(pack, setup) if pack is not None and setup is not None else []
    launch = Launch(
        data_dir=str(data_dir), profile=profile, pack=pack, setup=setup, questions=questions
    )
    return QuizApp(launch, StoreClient(data_dir), timers=False)


def screen_text(app: App) -> str:
    """Every character on the screen now (all layers, dialogs and toasts included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


async def until(pilot: Pilot, condition: Callable[[], object], what: str = "") -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}\n{screen_text(pilot.app)}")


async def paste(pilot: Pilot, text: str) -> None:
    """Paste, as the terminal delivers it (bracketed paste: one event to the app)."""
    assert pilot.app.focused is not None
    pilot.app.post_message(Paste(text))
    await pilot.pause()


def assert_literal(screen: str, *texts: str) -> None:
    """Each text is on screen exactly as written (controls as symbols), and nothing raw is."""
    bad = RAW_CONTROL.search(screen.replace("\n", ""))
    assert bad is None, f"raw control U+{ord(bad[0]):04X} on screen"
    for text in texts:
        assert shown(text) in screen, f"{shown(text)!r} not on screen:\n{screen}"
