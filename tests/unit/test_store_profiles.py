"""Profiles: names, the default profile, settings, export/import, and `quizgame profiles`."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizgame.cli.profiles import run_profiles
from quizgame.store import ProfileError, Store
from quizgame.store.locations import cache_dir, data_dir, database_path, packs_dir

try:
    from . import helpers_store as h
except ImportError:  # tests/unit is not a package
    import helpers_store as h  # type: ignore[no-redef]


# -- locations ---------------------------------------------------------------------------------


def test_data_dir_honours_override_and_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert data_dir() == tmp_path / "xdg-data" / "quizgame"
    assert database_path() == tmp_path / "xdg-data" / "quizgame" / "profile.sqlite3"
    assert packs_dir() == tmp_path / "xdg-data" / "quizgame" / "packs"
    assert cache_dir() == tmp_path / "xdg-cache" / "quizgame"
    assert data_dir(tmp_path / "mine") == tmp_path / "mine"
    assert database_path(str(tmp_path / "mine")) == tmp_path / "mine" / "profile.sqlite3"
    assert not (tmp_path / "xdg-data").exists()  # asking for a path creates nothing


def test_open_with_no_override_uses_xdg_data_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    store = Store.open()
    store.close()
    assert (tmp_path / "quizgame" / "profile.sqlite3").is_file()


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a", "x" * 32, "Zoë", "Mary Jane", "玩家", "😀 fan", "O'Brien-2"])
def test_valid_names(tmp_path: Path, name: str) -> None:
    store = h.open_store(tmp_path)
    assert store.create_profile(name).name == name
    assert store.profile(name).name == name


@pytest.mark.parametrize(
    ("name", "complaint"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 33, "at most 32"),
        ("tab\there", "printable"),
        ("two\nlines", "printable"),
        ("bell\x07", "printable"),
    ],
)
def test_invalid_names_are_refused(tmp_path: Path, name: str, complaint: str) -> None:
    store = h.open_store(tmp_path)
    with pytest.raises(ProfileError, match=complaint):
        store.create_profile(name)
    assert [p.name for p in store.profiles()] == ["Player"]


def test_names_are_unique_ignoring_case_and_surrounding_spaces(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    store.create_profile("Alice")
    for clash in ("Alice", "alice", " ALICE "):
        with pytest.raises(ProfileError, match='"Alice" already exists'):
            store.create_profile(clash)
    assert store.profile("ALICE").name == "Alice"
    store.create_profile("Bob")
    with pytest.raises(ProfileError, match="already exists"):
        store.rename_profile("Bob", "alice")
    assert store.rename_profile("Alice", "alice").name == "alice"  # a change of case is fine


# -- lifecycle ---------------------------------------------------------------------------------


def test_first_run_has_a_default_profile(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    assert [p.name for p in store.profiles()] == ["Player"]
    info = store.profile()
    assert (info.name, info.games, info.last_played) == ("Player", 0, None)


def test_default_profile_is_the_one_played_last(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    store.create_profile("Ann")
    clock.advance(minutes=1)
    store.start_game("Ann", pack=h.PACK, mode="classic", seed="1", settings={})
    assert store.profile().name == "Ann"
    store.close()
    assert Store.open(tmp_path).profile().name == "Ann"  # remembered across runs


def test_unknown_profile_error_names_it(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    with pytest.raises(ProfileError, match='no profile named "Zed".*Player'):
        store.profile("Zed")
    with pytest.raises(ProfileError):
        store.start_game("Zed", pack=h.PACK, mode="classic", seed="1", settings={})


def test_rename_keeps_history(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    before = store.stats("Ann").as_json()
    store.rename_profile("Ann", "Annie")
    after = store.stats("Annie").as_json()
    assert after["profile"] == "Annie"
    assert {**before, "profile": "Annie"} == after
    with pytest.raises(ProfileError):
        store.profile("Ann")


def test_delete_removes_the_profile_and_only_its_history(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock, "Ann")
    h.scripted_history(store, clock, "Bea")
    store.delete_profile("ann")
    assert [p.name for p in store.profiles()] == ["Bea", "Player"]
    assert store.stats("Bea").as_json()["answers"] == 9
    db = tmp_path / "profile.sqlite3"
    assert h.table(db, "SELECT count(*) FROM answers") == [(9,)]
    assert h.table(db, "SELECT count(*) FROM memory") == [(6,)]
    assert h.table(db, "SELECT count(*) FROM tallies t JOIN profiles p ON p.id = t.profile_id") == (
        h.table(db, "SELECT count(*) FROM tallies")
    )


def test_deleting_every_profile_brings_back_a_default(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    store.delete_profile("Player")
    assert store.profiles() == []
    assert store.profile().name == "Player"
    store.delete_profile("Player")
    game = store.start_game(None, pack=h.PACK, mode="classic", seed="1", settings={})
    h.answer(store, game, "f1", "choice", True)
    assert (
        store.stats().as_json()["profile"] == "Player" and store.stats().as_json()["answers"] == 1
    )


def test_settings_per_profile(tmp_path: Path) -> None:
    store = h.open_store(tmp_path)
    store.create_profile("Ann")
    assert store.setting("Ann", "theme") is None
    assert store.setting("Ann", "theme", "dark") == "dark"
    store.set_setting("Ann", "theme", "light")
    store.set_setting("Ann", "theme", "solarized")
    assert store.setting("Ann", "theme") == "solarized"
    assert store.setting("Player", "theme") is None
    store.close()
    assert Store.open(tmp_path).setting("ann", "theme") == "solarized"


def test_profile_info_counts_games(tmp_path: Path) -> None:
    clock = h.Clock()
    store = h.open_store(tmp_path, clock)
    h.scripted_history(store, clock)
    ann = store.profile("Ann")
    assert ann.games == 4
    assert ann.last_played is not None and ann.last_played > h.T0


# -- export / import ---------------------------------------------------------------------------


def _played(tmp_path: Path) -> Store:
    clock = h.Clock()
    store = h.open_store(tmp_path / "here", clock)
    h.scripted_history(store, clock)
    store.set_setting("Ann", "theme", "light")
    return store


def test_export_then_import_on_another_machine_loses_nothing(tmp_path: Path) -> None:
    here = _played(tmp_path)
    export = tmp_path / "ann.json"
    here.export_profile("Ann", export)
    later = h.T0 + timedelta(days=5)

    there = h.open_store(tmp_path / "there")  # a fresh install
    info = there.import_profile(export)
    assert info.name == "Ann" and info.games == 4

    facts = ["f1", "f2", "f3", "f4", "f5", "f6"]
    for store in (here, there):
        store.clock = lambda: later
    assert h.without_ids(there.stats("Ann", games=None).as_json()) == h.without_ids(
        here.stats("Ann", games=None).as_json()
    )
    assert there.mastery("Ann", h.PACK) == here.mastery("Ann", h.PACK)
    assert there.due_facts("Ann", h.PACK, facts) == here.due_facts("Ann", h.PACK, facts)
    assert there.setting("Ann", "theme") == "light"
    assert there.profile("Ann").created == here.profile("Ann").created

    # and play goes on from where it was
    game = there.start_game("Ann", pack=h.PACK, mode="classic", seed="s9", settings={})
    h.answer(there, game, "f1", "choice", True)
    assert there.stats("Ann").as_json()["streak"] == {"current": 3, "best": 3}


def test_import_replaces_the_unplayed_default_of_a_fresh_install(tmp_path: Path) -> None:
    here = h.open_store(tmp_path / "here")
    game = here.start_game("Player", pack=h.PACK, mode="classic", seed="1", settings={})
    h.answer(here, game, "f1", "choice", True)
    here.export_profile("Player", tmp_path / "p.json")

    there = h.open_store(tmp_path / "there")
    there.import_profile(tmp_path / "p.json")
    assert [p.name for p in there.profiles()] == ["Player"]
    assert there.stats("Player").as_json()["answers"] == 1

    # now "Player" has history there: importing again needs a new name
    with pytest.raises(ProfileError, match="already exists"):
        there.import_profile(tmp_path / "p.json")
    assert there.import_profile(tmp_path / "p.json", "Player 2").name == "Player 2"
    assert there.stats("Player 2").as_json()["answers"] == 1


def test_export_overwrites_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = _played(tmp_path)
    target = tmp_path / "out" / "ann.json"
    target.parent.mkdir()
    target.write_text("old")
    store.export_profile("Ann", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "quizgame-profile" and data["version"] == 1
    assert len(data["answers"]) == 9 and len(data["games"]) == 4
    assert os.listdir(target.parent) == ["ann.json"]


def _bad_exports(tmp_path: Path, good: dict) -> list[tuple[str, str, str]]:
    missing = json.loads(json.dumps(good))
    del missing["answers"][3]["fact"]
    newer = {**good, "version": 99}
    wrong_type = json.loads(json.dumps(good))
    wrong_type["games"][0]["score"] = "lots"
    dangling = json.loads(json.dumps(good))
    dangling["answers"][0]["game"] = 17
    return [
        ("not json {", "not JSON", "garbage.json"),
        (json.dumps({"hello": 1}), "format", "other.json"),
        (json.dumps(missing), r"answers\[3\] has no 'fact'", "missing.json"),
        (json.dumps(newer), "newer quizgame", "newer.json"),
        (json.dumps(wrong_type), r"games\[0\].score should be a whole number", "type.json"),
        (json.dumps(dangling), "refers to no game", "dangling.json"),
    ]


def test_bad_import_files_are_refused_clearly_and_change_nothing(tmp_path: Path) -> None:
    store = _played(tmp_path)
    store.export_profile("Ann", tmp_path / "good.json")
    good = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    fresh = h.open_store(tmp_path / "fresh")
    for text, message, filename in _bad_exports(tmp_path, good):
        path = tmp_path / filename
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ProfileError, match=message) as caught:
            fresh.import_profile(path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
        assert [p.name for p in fresh.profiles()] == ["Player"]
    with pytest.raises(ProfileError, match="There is no file"):
        fresh.import_profile(tmp_path / "absent.json")
    with pytest.raises(ProfileError, match="at most 32"):
        fresh.import_profile(tmp_path / "good.json", "x" * 40)


# -- `quizgame profiles` -----------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(
    tmp_path: Path, action: str, stdin: io.StringIO | None = None, **kw
) -> tuple[int, str, str]:
    args = SimpleNamespace(
        data_dir=str(tmp_path), action=action, name=None, new_name=None, path=None, yes=False
    )
    for key, value in kw.items():
        setattr(args, key, value)
    out, err = io.StringIO(), io.StringIO()
    code = run_profiles(args, out, err, stdin=stdin or io.StringIO())
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_cli_create_list_rename(tmp_path: Path) -> None:
    assert _run(tmp_path, "create", name="Ann")[0] == 0
    code, out, _ = _run(tmp_path, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "GAMES", "LAST", "PLAYED"]
    assert [line[2:].split()[0] for line in lines[1:]] == ["Ann", "Player"]
    assert _run(tmp_path, "rename", name="ann", new_name="Annie") == (
        0,
        'Renamed profile "ann" to "Annie".\n',
        "",
    )
    code, _, err = _run(tmp_path, "create", name="annie")
    assert (code, err) == (2, 'quizgame: A profile named "Annie" already exists.\n')
    code, _, err = _run(tmp_path, "create", name="x" * 40)
    assert code == 2 and "at most 32" in err


def test_cli_delete_needs_confirmation(tmp_path: Path) -> None:
    _run(tmp_path, "create", name="Ann")
    code, _, err = _run(tmp_path, "delete", name="Ann")  # stdin is not a terminal
    assert code == 2 and "--yes" in err and err.count("\n") == 1
    code, out, _ = _run(tmp_path, "delete", stdin=_Tty("n\n"), name="Ann")
    assert code == 0 and "Delete profile Ann and all its history? [y/N] " in out
    assert "Nothing deleted" in out
    assert "Ann" in _run(tmp_path, "list")[1]
    code, out, _ = _run(tmp_path, "delete", stdin=_Tty("y\n"), name="Ann")
    assert code == 0 and 'Deleted profile "Ann"' in out
    assert "Ann" not in _run(tmp_path, "list")[1]
    _run(tmp_path, "create", name="Bea")
    assert _run(tmp_path, "delete", name="Bea", yes=True)[0] == 0
    code, _, err = _run(tmp_path, "delete", name="Nobody", yes=True)
    assert code == 2 and "Nobody" in err


def test_cli_export_import(tmp_path: Path) -> None:
    _played(tmp_path).close()
    here, there, file = tmp_path / "here", tmp_path / "there", tmp_path / "ann.json"
    assert _run(here, "export", name="Ann", path=str(file))[0] == 0
    code, _, err = _run(here, "export", name="Ann", path=str(file))
    assert code == 2 and "already exists" in err
    assert _run(here, "export", name="Ann", path=str(file), yes=True)[0] == 0
    code, out, _ = _run(there, "import", path=str(file))
    assert code == 0 and 'Imported profile "Ann" (4 games)' in out
    code, _, err = _run(there, "import", path=str(file))
    assert code == 2 and "already exists" in err
    assert _run(there, "import", path=str(file), new_name="Ann2")[0] == 0
    file.write_text("{}")
    code, _, err = _run(there, "import", path=str(file), new_name="Ann3")
    assert code == 2 and "not a usable quizgame profile export" in err and err.count("\n") == 1


def test_cli_refuses_changes_when_nothing_can_be_saved(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    code, _, err = _run(not_a_folder, "create", name="Ann")
    assert code == 1
    assert "Scores are not being saved" in err and "cannot be changed" in err
