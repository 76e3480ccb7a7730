"""Only `play` (and the bare command) loads Textual: every other command stays a plain tool.

test_import_hygiene.py proves it for `--help`, `check` and `export --format json`; these tests
cover the rest: `stats` (empty and with a game in the profile, text and JSON), `packs`,
`formats`, `profiles`, `--version`, and an export in every family of formats. Each runs the
real `quizgame.cli.main` in a fresh interpreter whose data, config, state and cache folders are
temporary, then lists the Textual modules that interpreter ended up with.
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

CHILD = """
import json, sys
from quizgame.cli import main

statuses = []
for argv in json.loads(sys.argv[1]):
    try:
        statuses.append(main(argv))
    except SystemExit as exc:  # --help and --version leave through argparse
        statuses.append(exc.code)
sys.stdout.flush()
print("\\nSTATUSES=" + json.dumps(statuses))
print("TEXTUAL-MODULES=" + json.dumps(sorted(
    m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZGAME")}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        env[var] = str(tmp_path / "home")
    return env


def run_cli(tmp_path: Path, commands: list[list[str]], setup: str = "") -> tuple[list, list]:
    """Run each command through `main` in one fresh interpreter: (exit statuses, Textual modules).

    ``setup`` runs first in the same interpreter (it must not import Textual either).
    """
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(setup) + CHILD, json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env=env_for(tmp_path),
    )
    lines = run.stdout.splitlines()
    found = {
        key: json.loads(line.split("=", 1)[1])
        for line in lines
        for key in ("STATUSES", "TEXTUAL-MODULES")
        if line.startswith(key + "=")
    }
    assert len(found) == 2, f"the child failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return found["STATUSES"], found["TEXTUAL-MODULES"]


def test_the_probe_sees_the_game_ui(tmp_path: Path) -> None:
    """A control: importing quizgame's own UI does show up, so an empty list means something."""
    statuses, modules = run_cli(tmp_path, [], setup="import quizgame.tui.app\n")
    assert statuses == [] and "textual.app" in modules


@pytest.mark.parametrize(
    "commands",
    [
        [["stats"], ["stats", "--json"]],
        [["packs"], ["formats"], ["--version"]],
        [["profiles", "list"], ["profiles", "create", "Ana"], ["stats", "--profile", "Ana"]],
    ],
    ids=["stats", "packs-formats-version", "profiles"],
)
def test_plain_commands_load_no_textual(commands: list[list[str]], tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]  # the global option, before the command
    statuses, modules = run_cli(tmp_path, [data + c if c != ["--version"] else c for c in commands])
    assert statuses == [0] * len(commands)
    assert modules == []


def test_stats_of_a_played_profile_loads_no_textual(tmp_path: Path) -> None:
    """With a finished game and its answers in the profile, as after a real round."""
    data = tmp_path / "data"
    setup = f"""
    from quizgame.store.profile import Store
    store = Store.open({str(data)!r})
    game = store.start_game(None, pack="solar-system", mode="classic", seed="1", settings={{}})
    for n, right in enumerate([True, False, True]):
        store.record_answer(game, question_id=f"q{{n}}", fact=f"f{{n}}", kind="choice",
                            given="x", correct=right, points=100 * right, response_ms=3000)
    store.finish_game(game, score=200)
    store.close()
    """
    commands = [["stats", "--data-dir", str(data)], ["stats", "--json", "--data-dir", str(data)]]
    statuses, modules = run_cli(tmp_path, commands, setup=setup)
    assert statuses == [0, 0]
    assert modules == []


def test_every_family_of_export_formats_loads_no_textual(tmp_path: Path) -> None:
    """One interpreter writes the pack in every format the registry has (`quizgame formats`)."""
    from quizgame.export.registry import all_formats

    names = [f.name for f in all_formats()]
    assert "json" in names and "pdf" in names
    options = ["--seed", "1", "--force", "--data-dir", str(tmp_path / "data")]
    commands = [
        ["export", "--pack", str(GOOD_PACK), "--format", name, "-o", f"{tmp_path}/quiz-{name}"]
        + options
        for name in names
    ]
    statuses, modules = run_cli(tmp_path, commands)
    assert statuses == [0] * len(names), dict(zip(names, statuses, strict=True))
    assert modules == []


def test_play_loads_no_export_or_stats_code(tmp_path: Path) -> None:
    """`play` starts fast: it reaches its first check (here, no terminal) without having
    imported the exporters or the stats report, which only their own commands need."""
    probe = """
    import json, sys
    from quizgame.cli import main
    status = main(["play", "--seed", "1", "--data-dir", sys.argv[2]])
    heavy = ("quizgame.export", "quizgame.cli.export", "quizgame.cli.stats", "quizgame.store.stats")
    print("\\nSTATUS=" + json.dumps(status))
    print("LOADED=" + json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))
    """
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(probe), "[]", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdin=subprocess.DEVNULL,
    )
    found = dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line)
    assert json.loads(found["STATUS"]) == 2, run.stderr  # the game needs a terminal
    assert "needs a terminal" in run.stderr
    assert json.loads(found["LOADED"]) == []
