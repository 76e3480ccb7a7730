"""The core and the plain commands never import Textual (only `play` and the home screen do).

Each check runs in a fresh interpreter, because this test process may already have imported
Textual for other tests; the child prints the Textual modules it ended up with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_PACK = ROOT / "tests" / "data" / "good" / "solar-system.yaml"

REPORT = """
import json, sys
print("\\nTEXTUAL-MODULES=" + json.dumps(sorted(
    m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def textual_modules_after(
    code: str, tmp_path: Path, *args: str
) -> tuple[list[str], subprocess.CompletedProcess]:
    """Run ``code`` in a fresh interpreter; return the Textual modules it imported."""
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        env[var] = str(tmp_path / "home")
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + REPORT, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    marker = [line for line in run.stdout.splitlines() if line.startswith("TEXTUAL-MODULES=")]
    assert marker, f"the child failed:\n{run.stdout}\n{run.stderr}"
    return json.loads(marker[-1].removeprefix("TEXTUAL-MODULES=")), run


def test_the_control_sees_textual_when_it_is_imported(tmp_path: Path) -> None:
    """The probe works: importing the UI does show up (so an empty list below means something)."""
    modules, _ = textual_modules_after("import textual.app", tmp_path)
    assert "textual" in modules and "textual.app" in modules


def test_the_core_never_imports_textual(tmp_path: Path) -> None:
    modules, _ = textual_modules_after(
        """
        import sys
        import quizgame
        import quizgame.core.packs, quizgame.core.generate, quizgame.core.answers
        import pkgutil, importlib, quizgame.core
        for m in pkgutil.iter_modules(quizgame.core.__path__):
            importlib.import_module("quizgame.core." + m.name)
        from quizgame.core.packs import load_pack
        from quizgame.core.generate import QuizSettings, generate_quiz
        pack = load_pack(sys.argv[1])
        generate_quiz(pack, QuizSettings(count=5, seed="s"))
        """,
        tmp_path,
        str(GOOD_PACK),
    )
    assert modules == []


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--help"], 0),
        (["check", str(GOOD_PACK)], 0),
        (["check", str(ROOT / "tests" / "data" / "bad_packs" / "five-problems.yaml")], 2),
        (["export", "--pack", str(GOOD_PACK), "--format", "json", "--seed", "1"], 0),
    ],
    ids=["help", "check", "check-bad", "export"],
)
def test_the_plain_commands_never_import_textual(
    argv: list[str], code: int, tmp_path: Path
) -> None:
    modules, run = textual_modules_after(
        f"""
        import sys
        from quizgame.cli import main
        argv = {argv!r} + ["--data-dir", {str(tmp_path / "data")!r}] * ({argv!r} != ["--help"])
        try:
            status = main(argv)
        except SystemExit as exc:  # --help exits through argparse
            status = exc.code
        print("STATUS=%s" % status)
        """,
        tmp_path,
    )
    assert f"STATUS={code}" in run.stdout.splitlines(), run.stderr
    assert modules == []
