"""Where exports are written: only where the user said, whatever the pack says.

* ``-o`` (with or without ``--variants``) writes only beside the given path, with names made
  from that path alone: a pack's title (``../``, ``/``, backslashes) never reaches a file name,
  and a pack id that could is refused by the loader;
* zip-based formats hold only plain relative member names (nothing an unzip could write
  outside its folder);
* a symlink at a destination is never written through: without ``--force`` it counts as an
  existing file (even when it points nowhere); with ``--force`` the symlink itself is replaced
  by the file, and whatever it pointed to is untouched. ``profiles export`` behaves the same;
* ``-o`` naming a folder (``/``, ``.``, ``..``, ``dir/``, empty) is refused in one line, exit 2;
* in the export screen, a destination the OS cannot take (a NUL pasted in) or a folder is
  reported, and the app keeps running.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from quizgame.cli import main
from quizgame.export.registry import all_formats
from quizgame.store.profile import Store
from quizgame.tui.screens.export import ExportScreen
from quizgame.tui.screens.home import HomeScreen

from .hostile import make_app, paste, screen_text, until, write_pack

EVIL_TITLE = "../../../escaped/..\\..\\x/ title /etc/passwd ~/.bashrc"


def tree(root: Path) -> set[str]:
    """Every file and link under root (hidden ones too), as relative paths."""
    found = set()
    for folder, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            found.add(str((Path(folder) / name).relative_to(root)))
    return found


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", "--seed", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def evil_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack", pack_id="safe-id", title=EVIL_TITLE)


def test_every_format_writes_only_the_named_files(tmp_path: Path, evil_pack: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    before = tree(tmp_path)
    expected = set()
    for fmt in all_formats():
        for variants in (1, 2):
            target = out / f"{fmt.name}-{variants}{fmt.extension}"
            code, _, err = export(
                capsys,
                "--pack",
                str(evil_pack),
                "--format",
                fmt.name,
                "--variants",
                str(variants),
                "-o",
                str(target),
            )
            assert code == 0, err
            if variants == 1:
                names = [target.name]
            else:
                stem = target.stem
                names = [f"{stem}-{f}{fmt.extension}" for f in "AB"]
                names += [f"{stem}-{f}-key{fmt.key_extension}" for f in "AB"]
            expected |= {f"out/{n}" for n in names}
    assert tree(tmp_path) - before == expected  # nothing else, anywhere (no temp files left)
    for name in expected:
        assert "escaped" not in name and "passwd" not in name
        if name.endswith((".zip", ".apkg")):
            with zipfile.ZipFile(tmp_path / name) as zf:
                for member in zf.namelist():
                    parts = member.replace("\\", "/").split("/")
                    assert not member.startswith("/") and ".." not in parts and ":" not in member


def test_a_pack_id_that_is_a_path_is_refused(tmp_path: Path, capsys):
    for bad in ("../../escaped", "a/b", "..", "x\\y"):
        pack = write_pack(tmp_path / "pack", pack_id=bad)
        code, out, err = export(capsys, "--pack", str(pack), "-o", str(tmp_path / "q.json"))
        assert code == 2 and "is not a valid id" in err, err
        assert main(["check", str(pack)]) == 2
        capsys.readouterr()
    assert not (tmp_path / "q.json").exists() and not (tmp_path.parent / "escaped").exists()


def test_without_o_nothing_is_written_at_all(tmp_path: Path, evil_pack: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    code, out, _ = export(capsys, "--pack", str(evil_pack), "--format", "gift")
    assert code == 0 and "::" in out
    assert tree(tmp_path) == before


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_symlink_at_the_destination_is_never_written_through(
    tmp_path: Path, evil_pack: Path, capsys, dangling: bool
) -> None:
    victim = tmp_path / "victim" / "important.txt"
    victim.parent.mkdir()
    if not dangling:
        victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "quiz.gift"
    link.symlink_to(victim)

    code, _, err = export(capsys, "--pack", str(evil_pack), "--format", "gift", "-o", str(link))
    assert code == 2 and "already exists; pass --force" in err
    assert link.is_symlink()

    code, _, err = export(
        capsys, "--pack", str(evil_pack), "--format", "gift", "-o", str(link), "--force"
    )
    assert code == 0, err
    assert not link.is_symlink() and "::" in link.read_text()  # the link itself was replaced
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "precious"
    assert tree(victim.parent) == ({"important.txt"} if not dangling else set())


def test_one_symlinked_form_among_variants_stops_them_all(tmp_path: Path, evil_pack: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quiz-B-key.txt").symlink_to(tmp_path / "nowhere.txt")
    code, _, err = export(
        capsys,
        "--pack",
        str(evil_pack),
        "--format",
        "gift",
        "--variants",
        "2",
        "-o",
        str(out / "quiz.gift"),
    )
    assert code == 2 and "quiz-B-key.txt already exists" in err
    assert tree(out) == {"quiz-B-key.txt"} and not (tmp_path / "nowhere.txt").exists()


@pytest.mark.parametrize("output", ["/", ".", "..", "", "sub/", "a/..", "out/"])
def test_a_folder_as_output_is_one_clear_line(tmp_path, evil_pack, capsys, monkeypatch, output):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    before = tree(tmp_path)
    for variants in ("1", "3"):
        code, _, err = export(
            capsys, "--pack", str(evil_pack), "--variants", variants, "-o", output
        )
        assert code == 2, err
        assert err.count("\n") == 1 and "not a file name" in err or "file name is empty" in err
        assert "Traceback" not in err and "unexpected" not in err
    assert tree(tmp_path) == before


def test_profile_export_does_not_replace_a_symlink_silently(tmp_path: Path, capsys):
    data = tmp_path / "data"
    Store.open(data).close()
    link = tmp_path / "profile.json"
    link.symlink_to(tmp_path / "elsewhere.json")  # dangling
    code = main(["--data-dir", str(data), "profiles", "export", "Player", str(link)])
    _, err = capsys.readouterr()
    assert code == 2 and "already exists" in err
    assert link.is_symlink() and not (tmp_path / "elsewhere.json").exists()


async def test_export_screen_reports_bad_destinations_and_keeps_running(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    async with app.run_test(size=(140, 50), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), "home")
        await until(pilot, lambda: pilot.app.screen.packs, "packs listed")
        await pilot.pause(0.1)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen), "export screen")
        await until(pilot, lambda: "Will write" in screen_text(pilot.app), "preview")
        screen = pilot.app.screen
        variants = screen.query_one("#variants")
        variants.value = "2"
        destination = screen.query_one("#destination")
        for folder in ("/", ".."):  # a folder and variants: the preview says so, no crash
            destination.value = folder
            await until(pilot, lambda: "not a file name" in screen_text(pilot.app), "preview")
        # Pasted control characters never reach the field (nor the terminal, echoed back).
        destination.value = ""
        destination.focus()
        await paste(pilot, str(tmp_path / "quiz\x00\x1b[2J.gift"))
        assert destination.value == str(tmp_path / "quiz[2J.gift")
        # A name the OS cannot take, however it got there: refused, said, no crash.
        destination.value = str(tmp_path / "quiz\x00.gift")
        await pilot.click("#write")
        await until(pilot, lambda: "NUL character" in screen_text(pilot.app), "refusal")
        assert pilot.app.is_running
    assert tree(tmp_path) - tree(data_dir.parent) == set()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("quiz")]
