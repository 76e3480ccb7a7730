"""The built wheel carries the bundled packs and seed documents and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("quizgame-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quizgame/_data/questions/jimmy-page.yaml" in names
    assert sum(n.startswith("quizgame/_data/seeds/") for n in names) == 5
    site = out / "site"
    zipfile.ZipFile(wheel).extractall(site)
    return site


def run_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import sys, quizgame, quizgame.cli; print(quizgame.__file__, file=sys.stderr);"
        f"sys.exit(quizgame.cli.main({list(args)!r}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_check_and_packs_work_from_another_folder(unpacked_wheel: Path, tmp_path: Path) -> None:
    check = run_installed(unpacked_wheel, "check", cwd=tmp_path)
    assert str(unpacked_wheel) in check.stderr, "the test must use the wheel, not the checkout"
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok  jimmy-page: 40 facts, 5 sources")
    packs = run_installed(unpacked_wheel, "packs", cwd=tmp_path)
    assert packs.returncode == 0
    assert "_data/questions/jimmy-page.yaml" in packs.stdout
    assert str(ROOT / "questions") not in packs.stdout
