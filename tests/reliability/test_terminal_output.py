"""The terminal as an attack surface, outside the full-screen game.

* A pack file holding escape sequences (as YAML ``"\\e"`` escapes) is refused by ``check`` and
  by ``play --pack`` — one line per problem, exit 2 — and not one escape byte reaches the
  terminal: the messages show ``\\x1b``, the screen is never taken over.
* A profile imported from someone else's file can hold any text (seeds, pack ids, tags,
  report reasons). ``quizgame stats`` prints it with control characters made visible, and
  ``stats --json`` escapes every control character (C1 included), so printing either to a
  terminal is safe.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from quizgame.store.profile import Store

from .hostile import write_pack
from .terminal import quizgame_argv

ESCAPE_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def test_a_pack_file_with_escapes_never_reaches_the_terminal(spawn, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", title="TITLE", question=lambda i: f"Which Q{i} one?")
    text = pack.read_text(encoding="utf-8")
    for placeholder, escaped in (  # YAML double-quoted escapes: \e is ESC, \a BEL, \x9b CSI
        ("TITLE", "\\e]0;pwned\\a Title"),
        ("Q0", "\\e[2J\\e[H"),
        ("Q1", "\\x9b31m"),
        ("Q2", "\\e]8;;http://x\\e\\\\L"),
        ("Q3", "\\0\\b\\x7f"),
        ('"Doc"', '"Doc \\e[5m"'),
    ):
        text = text.replace(placeholder, escaped)
    pack.write_text(text, encoding="utf-8")
    for args in (["check", str(pack)], ["play", "--pack", str(pack)]):
        game = spawn("--data-dir", str(tmp_path / "data"), *args)
        assert game.wait_exit() == 2
        out = game.raw()
        assert not ESCAPE_BYTES.search(out), out
        lines = out.decode().strip().splitlines()
        problems = [line for line in lines if "control character" in line]
        assert len(problems) >= 6 and all(":" in line for line in problems), lines
        assert "\\x1b" in out.decode() or "U+001B" in out.decode()
        game.close()


def test_imported_profiles_cannot_drive_the_terminal(tmp_path: Path, env) -> None:
    data = tmp_path / "data"
    evil = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
    with Store.open(data) as store:
        game = store.start_game(None, pack="p", mode="classic", seed="s", settings={})
        store.record_answer(
            game,
            question_id="q",
            fact="f",
            kind="choice",
            given="g",
            correct=True,
            points=500,
            response_ms=900,
            tags=("t",),
        )
        store.report_question(
            None, pack="p", pack_file="x.yaml", fact="f", line=3, question_id="q", reason="r"
        )
        store.export_profile("Player", tmp_path / "export.json")
    data_json = json.loads((tmp_path / "export.json").read_text())
    data_json["games"][0]["pack"] = f"p{evil}"
    data_json["games"][0]["seed"] = f"s{evil}"
    data_json["answers"][0]["tags"] = [f"t{evil}"]
    data_json["reports"][0].update(reason=f"r{evil}", pack_file=f"x{evil}.yaml", fact=f"f{evil}")
    (tmp_path / "evil.json").write_text(json.dumps(data_json), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            quizgame_argv("--data-dir", str(data), *args),
            capture_output=True,
            env=env,
            timeout=60,
        )

    assert run("profiles", "import", str(tmp_path / "evil.json"), "Eve").returncode == 0
    text = run("stats", "--profile", "Eve")
    assert text.returncode == 0
    assert not ESCAPE_BYTES.search(text.stdout), text.stdout
    shown = text.stdout.decode()
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m" in shown  # visible, for what it is
    assert "Reported questions" in shown and "r\\x1b" in shown and "p\\x1b" in shown
    as_json = run("stats", "--profile", "Eve", "--json")
    assert as_json.returncode == 0 and not ESCAPE_BYTES.search(as_json.stdout)
    stats = json.loads(as_json.stdout)
    assert stats["reported"][0]["reason"] == f"r{evil}"  # the JSON still says exactly that
    assert stats["games"][0]["seed"] == f"s{evil}"


def test_playing_a_kind_the_pack_cannot_make_says_which_it_can(spawn, tmp_path: Path) -> None:
    game = spawn("--data-dir", str(tmp_path / "data"), "play", "--kinds", "order")
    assert game.wait_exit() == 2
    text = " ".join(game.raw().decode().split())
    assert "makes no order questions; it makes choice, truefalse, typed, cloze" in text
