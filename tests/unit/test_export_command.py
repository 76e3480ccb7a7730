"""`quizgame export` and `quizgame formats` as a teacher meets them on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizgame", *args], capture_output=True, text=True, cwd=cwd
    )


def test_formats_lists_every_format_with_its_conversions(tmp_path: Path) -> None:
    result = run("formats", cwd=tmp_path)
    assert result.returncode == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert {
        "json",
        "gift",
        "moodle-xml",
        "qti12",
        "qti21",
        "anki",
        "kahoot",
        "wayground",
        "blooket",
        "gimkit",
        "quizlet",
        "opentdb",
        "pdf",
        "markdown",
    } <= lines.keys()
    assert "order→matching" in lines["gift"]
    assert "order" not in lines["kahoot"]


def test_written_files_can_be_shared(tmp_path: Path) -> None:
    """Exports get ordinary permissions (the umask's), not owner-only temp-file permissions."""
    old = os.umask(0o022)
    try:
        result = run(
            "export",
            "--pack",
            "jimmy-page",
            "--format",
            "gift",
            "--seed",
            "1",
            "--count",
            "3",
            "-o",
            "quiz.gift",
            cwd=tmp_path,
        )
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "quiz.gift").stat().st_mode & 0o777 == 0o644


def test_without_a_seed_the_seed_used_is_printed_so_it_can_be_repeated(tmp_path: Path) -> None:
    first = run("export", "--pack", "jimmy-page", "--count", "4", "-o", "a.json", cwd=tmp_path)
    seed = first.stderr.split("--seed ")[1].split()[0]
    again = run(
        "export",
        "--pack",
        "jimmy-page",
        "--count",
        "4",
        "--seed",
        seed,
        "-o",
        "b.json",
        cwd=tmp_path,
    )
    assert again.returncode == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_unknown_pack_and_format_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args, text in (
        (("--pack", "nope"), "no pack 'nope'"),
        (("--pack", "jimmy-page", "--format", "docx"), "unknown format 'docx'"),
    ):
        result = run("export", *args, cwd=tmp_path)
        assert result.returncode == 2
        assert text in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
