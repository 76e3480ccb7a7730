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


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr


def test_a_binary_format_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import pty

    main, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "quizgame", "export", "--format", "anki", "--count", "2"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        os.set_blocking(main, False)
        try:
            shown = os.read(main, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(main)
        os.close(terminal)
    one_line_error(result, "-o quiz.apkg")
    assert shown == b""  # not a byte of the deck reached the terminal


def test_a_binary_format_can_still_be_piped(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizgame", "export", "--format", "anki", "--count", "2"],
        capture_output=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"PK")  # a zip, for whoever reads the pipe


def test_format_names_are_read_in_any_case_and_pack_defaults_to_the_games(tmp_path: Path) -> None:
    result = run("export", "--format", "GIFT", "--count", "3", "--seed", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "quizgame export of pack jimmy-page" in result.stdout.splitlines()[0]
    assert "pack jimmy-page (the default" in result.stderr


def test_more_questions_than_facts_says_how_often_facts_repeat(tmp_path: Path) -> None:
    result = run("export", "--count", "999", "--seed", "1", "-o", "q.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    note = next(line for line in result.stderr.splitlines() if "999 questions from" in line)
    assert "each fact is asked up to" in note
    assert "wrote q.json (999 questions)" in result.stderr


def test_a_huge_count_is_refused_at_once(tmp_path: Path) -> None:
    result = run("export", "--count", "1000000000", "-o", "q.json", cwd=tmp_path)
    one_line_error(result, "--count 1000000000", "20,000")
    assert not (tmp_path / "q.json").exists()


def test_kahoot_summary_says_what_was_left_out_and_why(tmp_path: Path) -> None:
    result = run("export", "--format", "kahoot", "--seed", "1", "-o", "q.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    [wrote] = [line for line in lines if line.startswith("wrote q.xlsx")]
    kept, asked = wrote.split("(")[1].split(" questions")[0], wrote.split("of the ")[1].split()[0]
    listed = [line for line in lines if line.startswith("  #")]
    assert len(listed) == int(asked) - int(kept) > 0  # each question left out, one per line
    assert all("characters)" in line for line in listed)  # ... and why


def test_formats_fit_80_columns(tmp_path: Path) -> None:
    result = run("formats", cwd=tmp_path)
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_a_folder_that_cannot_hold_the_file_is_one_sentence(tmp_path: Path) -> None:
    for target in ("/proc/self/quiz.gift", "/proc/self/status"):
        result = run("export", "--format", "gift", "-o", target, "--force", cwd=tmp_path)
        one_line_error(result, "cannot write")


def test_a_file_size_limit_is_one_sentence_and_leaves_nothing(tmp_path: Path) -> None:
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    result = subprocess.run(
        [sys.executable, "-m", "quizgame", "export", "--format", "pdf", "-o", "q.pdf"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        preexec_fn=limit,
    )
    one_line_error(result, "cannot write", "q.pdf", "ulimit")
    assert list(tmp_path.iterdir()) == []  # no half file, no temporary file


def test_a_full_disk_on_standard_output_is_one_sentence(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "quizgame", "export", "--format", "gift", "--seed", "1"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
    one_line_error(result, "cannot write standard output")
