"""What every benchmark shares: paths, statistics, the big test pack, rows of the results table,
an environment that never touches the user's real folders, and start-up timing in a real
pseudo-terminal.

Benchmarks report *rows*: one measured figure each, with what it is compared with and its target::

    {"id": "startup.time", "measure": "...", "quizgame": 0.41, "reference": 0.33, "unit": "s",
     "value": 1.24, "value_unit": "x", "target": "<= 1.3x", "ok": True, "runs": 10, "note": ""}

``value`` is what the target applies to: a ratio (``value_unit`` "x") when there is a reference
measured in the same run, otherwise the quizgame figure itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"  # ignored by git: generated packs, the big profile, smoke results
RESULTS = HERE / "results"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------------------------
# Statistics and rows


def median(samples: Iterable[float]) -> float:
    return statistics.median(list(samples))


def spread(samples: Sequence[float], scale: float = 1.0, digits: int = 4) -> dict[str, Any]:
    """Median, min, max and the number of runs of a list of samples (times ``scale``)."""
    ordered = sorted(samples)
    return {
        "runs": len(ordered),
        "median": round(statistics.median(ordered) * scale, digits),
        "min": round(ordered[0] * scale, digits),
        "max": round(ordered[-1] * scale, digits),
    }


def row(
    id: str,
    measure: str,
    *,
    quizgame: float,
    unit: str,
    target: float | None,
    reference: float | None = None,
    runs: int,
    note: str = "",
    higher_is_better: bool = False,
    ratio_target: bool | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One line of the table. With a ``reference``, the target applies to quizgame / reference
    (or reference / quizgame when ``higher_is_better``: "at least 10x faster"). A row without a
    target is information only (``ok`` is None)."""
    ratio = reference is not None if ratio_target is None else ratio_target
    if ratio:
        assert reference is not None
        value = (reference / quizgame) if higher_is_better else (quizgame / reference)
        value_unit = "x"
    else:
        value, value_unit = quizgame, unit
    ok = None if target is None else bool(value >= target if higher_is_better else value <= target)
    return {
        "id": id,
        "measure": measure,
        "quizgame": quizgame,
        "reference": reference,
        "unit": unit,
        "value": round(value, 3),
        "value_unit": value_unit,
        "target": ""
        if target is None
        else f"{'>=' if higher_is_better else '<='} {target:g}"
        + (value_unit if value_unit == "x" else f" {value_unit}"),
        "target_value": target,
        "ok": ok,
        "runs": runs,
        "note": note,
        **(extra or {}),
    }


def fmt_amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}"


def fmt_value(r: dict[str, Any]) -> str:
    if r["value_unit"] == "x":
        return f"{r['value']:.2f}x"
    return fmt_amount(r["value"], r["value_unit"])


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1048576, 1)
                break
    with contextlib.suppress(Exception):
        import textual

        info["textual"] = textual.__version__
    with contextlib.suppress(Exception):
        import yaml

        info["pyyaml"] = f"{yaml.__version__} (libyaml: {yaml.__with_libyaml__})"
    return info


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# An environment that keeps quizgame out of the user's real folders


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """os.environ with every XDG folder under ``home`` (platformdirs honours them on Linux)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "QUIZGAME"))}
    # Compiled bytecode as an installed program has it: written once (by the first, discarded
    # run) into a cache of our own, never beside the sources. Without this, an environment with
    # PYTHONDONTWRITEBYTECODE recompiles every recently edited module at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        env[var] = str(home / sub)
    env.update(extra)
    return env


@contextlib.contextmanager
def isolated_cache_dir(folder: Path):
    """Point this process's platformdirs cache (quizgame's compiled packs) at ``folder``."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        yield folder
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old


# --------------------------------------------------------------------------------------------
# Whole processes in a pseudo-terminal

# Escape sequences: CSI (colours, cursor moves), OSC (titles ...), DCS/SOS/PM/APC, and 2-byte ones.
_ESCAPE = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)


class PtyResult:
    def __init__(
        self, seconds: float | None, peak_kb: int | None, output: bytes, seen: dict[str, float]
    ) -> None:
        self.seconds = seconds  # None: the markers never appeared
        self.peak_kb = peak_kb
        self.output = output
        self.seen = seen  # marker -> seconds until it first appeared (markers and watch)

    @property
    def text(self) -> str:
        return _ESCAPE.sub(b"", self.output).decode("utf-8", "replace")


def _peak_kb(pid: int) -> int | None:
    """The process's peak resident set size (VmHWM), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def run_in_pty(
    argv: Sequence[str],
    markers: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    watch: Sequence[str] = (),
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
    settle: float = 0.3,
) -> PtyResult:
    """Start ``argv`` on a new pseudo-terminal and time it until every marker is on screen.

    The clock starts just before the process is spawned and stops when all ``markers`` have
    appeared in the output (escape sequences removed, so a marker split by a style change still
    counts). The output keeps being read for ``settle`` seconds, so that the peak memory (VmHWM,
    read from /proc just before the process is killed) includes the work of showing that screen;
    the first appearance of each ``watch`` text is recorded too, for information.
    """
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    wanted = {m: m.encode() for m in [*markers, *watch]}
    seen: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        close_fds=True,
        start_new_session=True,  # its own session: the pty becomes its controlling terminal
    )
    os.close(slave)
    output = b""
    seconds = None

    def read(wait: float) -> bool:
        nonlocal output
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return process.poll() is None
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        now = time.perf_counter() - started
        output += chunk
        plain = _ESCAPE.sub(b"", output)
        for name, raw in wanted.items():
            if name not in seen and (raw in output or raw in plain):
                seen[name] = now
        return True

    try:
        deadline = started + timeout
        while time.perf_counter() < deadline and read(0.05):
            if all(m in seen for m in markers):
                seconds = max(seen[m] for m in markers)
                break
        settle_until = time.perf_counter() + (settle if seconds is not None else 0)
        while time.perf_counter() < settle_until and read(0.02):
            pass  # keep the pty drained while it settles
        peak = _peak_kb(process.pid)
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the group we started, nothing else
        process.wait()
        os.close(master)
    return PtyResult(seconds, peak, output, seen)


# --------------------------------------------------------------------------------------------
# The big pack: 10,000 generated facts (about 4.4 MB of YAML) and their source documents

PACK_VERSION = "bench-1"  # change when the generated pack changes, to rebuild the cache

FIRST = [
    "Ada",
    "Bram",
    "Chloé",
    "Dmitri",
    "Eun-ji",
    "Farah",
    "Gustav",
    "Hana",
    "Ivo",
    "Jalen",
    "Kofi",
    "Lena",
    "Mateo",
    "Noor",
    "Oskar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tamar",
]
LAST = [
    "Abbott",
    "Brandt",
    "Castellanos",
    "Delacroix",
    "Eriksen",
    "Fujimoto",
    "García",
    "Horvat",
    "Ibrahim",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Neill",
    "Petrović",
    "Quinlan",
    "Rossi",
    "Szabó",
    "Tanaka",
]
PLACES = [
    "Lyon",
    "Kraków",
    "Osaka",
    "Recife",
    "Tromsø",
    "Galway",
    "Accra",
    "Tbilisi",
    "Quito",
    "Hobart",
    "Tallinn",
    "Izmir",
    "Mombasa",
    "Porto",
    "Leeds",
    "Gdańsk",
    "Cusco",
    "Split",
    "Bergen",
    "Malmö",
    "Aarhus",
    "Trieste",
    "Ghent",
    "Bilbao",
    "Brno",
]
INSTRUMENTS = [
    "cello",
    "oboe",
    "theremin",
    "sitar",
    "banjo",
    "harp",
    "tuba",
    "bassoon",
    "kora",
    "dulcimer",
    "marimba",
    "accordion",
    "zither",
    "bagpipes",
    "koto",
]
TOPICS = [f"topic-{i:02d}" for i in range(20)]
SOURCES = 20


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def build_pack(folder: Path, facts: int) -> Path:
    """Write a valid pack of ``facts`` facts (people, places, years, instruments) and its docs."""
    rng = random.Random(20240901)
    folder.mkdir(parents=True, exist_ok=True)
    people = [f"{f} {m} {last}" for f in FIRST for m in "ABCDEFGHJKLMNPRSTVWZ" for last in LAST]
    rng.shuffle(people)
    lines = [
        "format: 1",
        "id: bench-10k",
        f"title: {_yaml_str('Benchmark: 10,000 musicians')}",
        "description: Generated facts for the export benchmark.",
        "language: en",
        "licence: CC0-1.0",
        "authors: [quizgame benchmarks]",
        f"version: {PACK_VERSION}",
        "sources:",
    ]
    for s in range(SOURCES):
        lines += [
            f"  - id: doc-{s:02d}",
            f"    file: doc-{s:02d}.txt",
            f"    title: {_yaml_str(f'Benchmark register, volume {s + 1}')}",
            "    publisher: quizgame",
            "    date: 2024-09-01",
        ]
    lines += [
        "pools:",
        "  instrument: [" + ", ".join(INSTRUMENTS) + "]",
        "  place: [" + ", ".join(PLACES) + "]",
        "facts:",
    ]
    docs: list[list[str]] = [[] for _ in range(SOURCES)]
    for i in range(facts):
        person = people[i % len(people)] + ("" if i < len(people) else f" {i // len(people) + 1}")
        year = 1900 + rng.randrange(120)
        month = rng.randrange(1, 13)
        kind = i % 3
        if kind == 0:
            answer, akind = rng.choice(PLACES), "place"
            statement = f"In {year}, {person} gave a first concert in {answer}."
            question = f"Where did {person} give a first concert in {year}?"
        elif kind == 1:
            answer, akind = rng.choice(INSTRUMENTS), "instrument"
            statement = f"{person} recorded a {answer} solo in {year} that critics still discuss."
            question = f"Which instrument did {person} play on the solo recorded in {year}?"
        else:
            answer, akind = person, "person"
            statement = (
                f"The {rng.choice(INSTRUMENTS)} part on the {year} recording of "
                f"“Song {i}” was played by {person}."
            )
            question = f"Who played on the {year} recording of “Song {i}”?"
        doc = i % SOURCES
        quote = statement if kind != 2 else statement.replace("The ", "Notes say the ", 1)
        docs[doc].append(quote)
        tags = [TOPICS[i % len(TOPICS)], TOPICS[(i * 7) % len(TOPICS)]]
        lines += [
            f"  - id: f{i:05d}",
            f"    statement: {_yaml_str(statement)}",
            f"    questions: [{_yaml_str(question)}]",
            f"    answer: {_yaml_str(answer)}",
            f"    kind: {akind}",
            f"    date: {year}-{month:02d}",
            f"    event: {_yaml_str(f'{person} on record ({year})')}",
            f"    tags: [{', '.join(dict.fromkeys(tags))}]",
            "    source:",
            f"      doc: doc-{doc:02d}",
            f"      quote: {_yaml_str(quote)}",
        ]
    for s, quotes in enumerate(docs):
        (folder / f"doc-{s:02d}.txt").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    path = folder / "bench.yaml"
    tmp = folder / "bench.yaml.tmp"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # complete or absent: an interrupted build is not mistaken for a pack
    return path


def cached_pack(facts: int) -> Path:
    """The generated pack of ``facts`` facts, built once into benchmarks/.cache/."""
    folder = CACHE / f"pack-{facts}-{PACK_VERSION}"
    path = folder / "bench.yaml"
    return path if path.is_file() else build_pack(folder, facts)


# --------------------------------------------------------------------------------------------
# Small helpers


def time_it(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run_child(code: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run ``code`` in a fresh interpreter; it prints one JSON line, which is returned."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
