"""Measure scaffold-migrate against libcst's no-op codemod and a read-and-search floor.

    python benchmarks/run.py [--files 5000] [--legacy-files 200] [--scale-files 10000] [--sample 500]
                             [--work DIR] [--baseline REV]

In one run, on this machine: `scaffold-migrate --check` with default jobs and -j 1;
`python -m libcst.tool codemod` with libcst's NOOPCommand (on a sample of the tree,
scaled, when --sample is smaller than the tree); the floor, a Python loop reading
every file and searching it for the rules' trigger words (timed inside its process,
without its imports); the time to import the tool; `--check` on one clean file
against django-upgrade on it (installed in the work folder), and on one file of the
synthetic tree, as a pre-commit hook runs (medians of 15 runs each). On
the synthetic tree and on the running interpreter's standard library, each row with
its ratios to that tree's no-op and floor; and on a tree of legacy files only (-j 2
against -j 1, against libcst's no-op, and against a floor of parsing each file with
libcst and printing it back; the best of LEGACY_RUNS runs of each of the four, taking
turns); phase one alone (the project index) on the synthetic
and stdlib trees, and -j 1 with phase one replaced by an empty index (what the index
adds: the better of two runs each, interleaved with -j 1's); --check on a tree of
--scale-files files, for scaling; and on a tree of real packages (REAL_PACKAGES, from PyPI, downloaded once). With
--baseline, the same --check runs with the tool's code at that git revision, in the
same run, each also as a ratio (the better of two runs each, interleaved with this
revision's). Each command runs in its own process; peak RSS is the largest of its
processes. Prints a table and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

FLOOR = """
import sys
import time
from codemods import CATALOGUE
from scaffold_migrate.discovery import discover
paths = discover([sys.argv[1]])
words = sorted({word for entry in CATALOGUE for word in entry.words})
start = time.perf_counter()
hits = 0
for path in paths:
    with open(path, "rb") as file:
        data = file.read()
    hits += any(word in data for word in words)
print(len(paths), hits, time.perf_counter() - start)
"""

# What parsing every file with libcst and printing it back costs, imports left out:
# the floor of any libcst-based tool on a tree whose every file needs parsing.
PARSE_FLOOR = """
import sys
import time
import libcst
from scaffold_migrate.discovery import discover
paths = discover([sys.argv[1]])
start = time.perf_counter()
for path in paths:
    with open(path, "rb") as file:
        libcst.parse_module(file.read()).code
print(len(paths), 0, time.perf_counter() - start)
"""

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
completed = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rss_mb": rss / 1024, "code": completed.returncode,
                  "stdout": completed.stdout.decode()[-2000:], "stderr": completed.stderr.decode()[-2000:]}))
"""


def measure(*command: str, code: Path | None = None) -> dict:
    """Run `command`, with the tool's code from the folder `code` if given (run
    there: `python -m` puts the current folder first on the import path)."""
    env = dict(os.environ, PYTHONPATH=str(code)) if code is not None else None
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True, env=env, cwd=code
    )
    return json.loads(completed.stdout)


# The tool with phase one replaced by an empty project index: the run as it would be
# without the index, for what the index adds to it.
WITHOUT_INDEX = """
import scaffold_migrate.api
from codemods._project import ProjectIndex
scaffold_migrate.api.build_index = lambda *args, **kwargs: ProjectIndex()
from scaffold_migrate.cli import main
main()
"""


def tool(path: Path, jobs: str | None = None, code: Path | None = None, without_index: bool = False) -> dict:
    program = ["-c", WITHOUT_INDEX] if without_index else ["-m", "scaffold_migrate"]
    command = [sys.executable, *program, "--check", "-t", "3.1", "--no-progress", "-q", str(path)]
    return measure(*command, *(["-j", jobs] if jobs else []), code=code)


def with_and_without_index(path: Path) -> tuple[dict, dict]:
    """`--check -j 1` with the index and without it, the better of two interleaved runs each."""
    runs = [(tool(path, "1"), tool(path, "1", without_index=True)) for _ in range(2)]
    with_index, without = (min(side, key=lambda result: result["wall"]) for side in zip(*runs))
    return with_index, without


def compiled(code: Path) -> Path:
    """The tool's code at `code` with its bytecode written, as an installed tool has
    it (a run with PYTHONDONTWRITEBYTECODE would compile every module each time)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(code / "scaffold_migrate"), str(code / "codemods")], check=True
    )
    return code


def checkout(revision: str, out: Path) -> Path:
    """The tool's code at a git revision, for the before-and-after rows."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return out


def libcst_noop(path: Path) -> dict:
    return measure(
        sys.executable,
        "-m",
        "libcst.tool",
        "codemod",
        "-x",
        "--no-format",
        "--hide-progress",
        "libcst.codemod.commands.noop.NOOPCommand",
        str(path),
    )


def floor(path: Path, script: str = FLOOR) -> dict:
    """A floor's time: its loop alone, timed inside its process (not its imports)."""
    result = measure(sys.executable, "-c", script, str(path))
    files, hits, loop = result["stdout"].split()
    result.update(files=int(files), hits=int(hits), wall=float(loop))
    return result


# Phase one alone (the project index), timed inside its process, imports left out.
INDEX = """
import sys
import time
from scaffold_migrate.discovery import discover
from scaffold_migrate.project import build_index
paths = discover([sys.argv[1]])
start = time.perf_counter()
build_index(sys.argv[1], paths, given=[sys.argv[1]])
print(len(paths), 0, time.perf_counter() - start)
"""

# Legacy Flask and extensions at their last releases before Flask 2, from PyPI
# (downloaded once into the work folder): a real tree for the prefilter.
REAL_PACKAGES = (
    "Flask==1.1.4",
    "flask-restx==0.3.0",
    "Flask-AppBuilder==3.4.5",
    "Flask-Admin==1.5.8",
    "Flask-Login==0.5.0",
    "Flask-SQLAlchemy==2.5.1",
    "Flask-WTF==0.14.3",
)

STARTUP_RUNS = 15


def startup(command: list[str], code: Path | None = None) -> dict:
    """The median of STARTUP_RUNS runs of `command` (one clean file: start-up alone)."""
    results = sorted((measure(*command, code=code) for _ in range(STARTUP_RUNS)), key=lambda result: result["wall"])
    return results[len(results) // 2]


def real_packages(work: Path, notes: list) -> Path | None:
    """REAL_PACKAGES' sources, unpacked side by side (downloaded on the first run)."""
    sdists, tree = work / "real-sdists", work / "real"
    if not tree.exists():
        sdists.mkdir(exist_ok=True)
        downloaded = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(sdists)]
            + list(REAL_PACKAGES),
            capture_output=True,
            text=True,
        )
        if downloaded.returncode != 0:
            notes.append(f"the real packages could not be downloaded: {downloaded.stderr.strip()[-300:]}")
            return None
        tree.mkdir()
        for archive in sorted(sdists.iterdir()):
            shutil.unpack_archive(str(archive), str(tree))
    return tree


def parsed_files(result: dict) -> int | None:
    """How many files a --check run parsed, from its summary line."""
    found = re.search(r"(\d+) files? checked \((\d+) with nothing a rule acts on", result["stderr"])
    return int(found.group(1)) - int(found.group(2)) if found else None


def django_upgrade(work: Path, notes: list) -> Path | None:
    """django-upgrade, installed in a virtual environment of the benchmark's own."""
    environment = work / "django-upgrade-venv"
    program = environment / "bin" / "django-upgrade"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True, capture_output=True)
        installed = subprocess.run(
            [str(environment / "bin" / "pip"), "install", "-q", "django-upgrade"], capture_output=True, text=True
        )
        if installed.returncode != 0:
            notes.append(f"django-upgrade could not be installed: {installed.stderr.strip()[-300:]}")
            return None
    return program


def lines_of(path: Path) -> int:
    from scaffold_migrate.discovery import discover

    total = 0
    for name in discover([str(path)]):
        with open(name, "rb") as file:
            total += file.read().count(b"\n")
    return total


def sample_tree(tree: Path, out: Path, count: int) -> int:
    files = sorted(tree.rglob("*.py"))
    step = max(1, len(files) // count)
    chosen = files[::step][:count]
    for path in chosen:
        target = out / path.relative_to(tree)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return len(chosen)


def copy_stdlib(source: Path, out: Path) -> Path:
    """The standard library's .py files, copied out: an installed Python may sit in a
    git checkout whose .gitignore would hide it from the tool (pyenv's does)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc", "*.so", "*.a"))
    return out


def row(name: str, tree: str, result: dict, files: int, lines: int, scale: float = 1.0) -> dict:
    wall = result["wall"] * scale
    return {
        "name": name,
        "tree": tree,
        "wall": wall,
        "files_s": files / wall,
        "lines_s": lines / wall,
        "rss": result["rss_mb"],
        "code": result["code"],
        "stderr": result["stderr"],
    }


def noop_row(tree_name: str, result: dict, sampled: int, files: int, lines: int, notes: list) -> dict:
    """libcst's no-op on a sample of a tree, its time scaled to the whole tree."""
    scale = files / sampled
    if sampled < files:
        notes.append(
            f"libcst's no-op ran on {sampled} of {files} files of the {tree_name} tree; "
            f"its time is scaled by {scale:.3g}"
        )
    return row(
        f"libcst no-op codemod, {tree_name} (sample of {sampled}, x{scale:.3g})", tree_name, result, files, lines, scale
    )


# The legacy-only rows' ratios are targets: each of the four is the best of this many
# runs, interleaved (the machine's speed drifts over a run, here by a fifth within minutes).
LEGACY_RUNS = 3


def best_of(runs: int, *commands: Callable[[], dict]) -> list[dict]:
    """Each command's fastest of `runs` runs, the commands taking turns."""
    results = [[command() for command in commands] for _ in range(runs)]
    return [min(column, key=lambda result: result["wall"]) for column in zip(*results)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--legacy-files", type=int, default=200)
    parser.add_argument("--scale-files", type=int, default=10000, help="files of the tree that checks scaling")
    parser.add_argument("--sample", type=int, default=500, help="files of each tree given to libcst's no-op")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--baseline", help="a git revision of the tool to measure beside this one, in the same run")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="scaffold-migrate-bench-"))
    synthetic, half, legacy, scaled = work / "synthetic", work / "half", work / "legacy", work / "scaled"
    for folder in (synthetic, half, legacy, scaled, work / "sample", work / "stdlib-sample", work / "legacy-sample"):
        shutil.rmtree(folder, ignore_errors=True)
    lines = generate(synthetic, args.files)
    half_lines = generate(half, args.files // 2)
    scaled_lines = generate(scaled, args.scale_files)
    legacy_lines = generate(legacy, args.legacy_files, legacy_only=True)
    stdlib = copy_stdlib(Path(sysconfig.get_paths()["stdlib"]), work / "stdlib")
    stdlib_lines = lines_of(stdlib)

    compiled(HERE.parent)
    imported = measure(sys.executable, "-c", "import scaffold_migrate.cli")
    rows: list[dict] = []
    notes: list[str] = []
    clean = work / "one-clean-file"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    (clean / "setup.py").write_text("")
    (clean / "clean.py").write_text("import os\n\n\ndef cwd():\n    return os.getcwd()\n")
    clean_command = [sys.executable, "-m", "scaffold_migrate", "--check", "-t", "3.1", "-q", str(clean / "clean.py")]
    ours_startup = startup(clean_command)
    rows.append(row("scaffold-migrate --check, one clean file", "one file", ours_startup, 1, 5))
    (synthetic / "pyproject.toml").write_text("")  # the project a file of the tree belongs to
    one_of_many = [sys.executable, "-m", "scaffold_migrate", "--check", "-t", "3.1", "-q"]
    one_of_many.append(str(next(iter(sorted(synthetic.rglob("*.py"))))))
    rows.append(
        row("scaffold-migrate --check, one file of the synthetic tree", "one file", startup(one_of_many), 1, 200)
    )
    upgrader = django_upgrade(work, notes)
    theirs_startup = startup([str(upgrader), str(clean / "clean.py")]) if upgrader else None
    if theirs_startup is not None:
        rows.append(row("django-upgrade, one clean file", "one file", theirs_startup, 1, 5))
    floor_synthetic = floor(synthetic)
    rows.append(row("floor: read + search, synthetic", "synthetic", floor_synthetic, args.files, lines))
    default = tool(synthetic)
    rows.append(
        row(f"scaffold-migrate --check (-j {os.cpu_count()}), synthetic", "synthetic", default, args.files, lines)
    )
    serial = tool(synthetic, "1")
    rows.append(row("scaffold-migrate --check -j 1, synthetic", "synthetic", serial, args.files, lines))
    sampled = sample_tree(synthetic, work / "sample", args.sample)
    noop = noop_row("synthetic", libcst_noop(work / "sample"), sampled, args.files, lines, notes)
    rows.append(noop)
    halved = tool(half)
    rows.append(
        row(
            f"scaffold-migrate --check, half tree ({args.files // 2} files)",
            "half",
            halved,
            args.files // 2,
            half_lines,
        )
    )
    large = tool(scaled)
    rows.append(
        row(f"scaffold-migrate --check, {args.scale_files} files", "scaled", large, args.scale_files, scaled_lines)
    )
    index_synthetic = floor(synthetic, INDEX)
    rows.append(row("phase one alone (project index), synthetic", "synthetic", index_synthetic, args.files, lines))
    indexed, unindexed = with_and_without_index(synthetic)
    rows.append(row("--check -j 1 without the project index, synthetic", "synthetic", unindexed, args.files, lines))
    floor_stdlib = floor(stdlib)
    stdlib_files = floor_stdlib["files"]
    rows.append(row("floor: read + search, stdlib", "stdlib", floor_stdlib, stdlib_files, stdlib_lines))
    on_stdlib = tool(stdlib)
    rows.append(
        row(f"scaffold-migrate --check (-j {os.cpu_count()}), stdlib", "stdlib", on_stdlib, stdlib_files, stdlib_lines)
    )
    index_stdlib = floor(stdlib, INDEX)
    rows.append(row("phase one alone (project index), stdlib", "stdlib", index_stdlib, stdlib_files, stdlib_lines))
    serial_stdlib = tool(stdlib, "1")
    rows.append(row("scaffold-migrate --check -j 1, stdlib", "stdlib", serial_stdlib, stdlib_files, stdlib_lines))
    indexed_stdlib, unindexed_stdlib = with_and_without_index(stdlib)
    rows.append(
        row("--check -j 1 without the project index, stdlib", "stdlib", unindexed_stdlib, stdlib_files, stdlib_lines)
    )
    sampled = sample_tree(stdlib, work / "stdlib-sample", args.sample)
    noop_stdlib = noop_row("stdlib", libcst_noop(work / "stdlib-sample"), sampled, stdlib_files, stdlib_lines, notes)
    rows.append(noop_stdlib)
    sampled = sample_tree(legacy, work / "legacy-sample", args.sample)
    legacy_one, legacy_two, parse_floor, noop_on_legacy = best_of(
        LEGACY_RUNS,
        lambda: tool(legacy, "1"),
        lambda: tool(legacy, "2"),
        lambda: floor(legacy, PARSE_FLOOR),
        lambda: libcst_noop(work / "legacy-sample"),
    )
    rows.append(
        row(
            f"scaffold-migrate --check -j 1, legacy only ({args.legacy_files})",
            "legacy",
            legacy_one,
            args.legacy_files,
            legacy_lines,
        )
    )
    rows.append(
        row("scaffold-migrate --check -j 2, legacy only", "legacy", legacy_two, args.legacy_files, legacy_lines)
    )
    rows.append(row("floor: libcst parse + code, legacy only", "legacy", parse_floor, args.legacy_files, legacy_lines))
    noop_legacy = noop_row("legacy", noop_on_legacy, sampled, args.legacy_files, legacy_lines, notes)
    rows.append(noop_legacy)
    real = real_packages(work, notes)
    if real is not None:
        real_files, real_lines = len(list(real.rglob("*.py"))), lines_of(real)
        floor_real = floor(real)
        rows.append(
            row(
                f"floor: read + search, real packages ({len(REAL_PACKAGES)})",
                "real",
                floor_real,
                real_files,
                real_lines,
            )
        )
        real_command = [sys.executable, "-m", "scaffold_migrate", "--check", "-t", "3.1", "--no-progress", str(real)]
        on_real = measure(*real_command, "-j", "1")
        rows.append(row("scaffold-migrate --check -j 1, real packages", "real", on_real, real_files, real_lines))
        notes.append(
            f"the real packages ({', '.join(REAL_PACKAGES)}): {real_files} files, of which the run parsed "
            f"{parsed_files(on_real)}"
        )
    compared = []
    if args.baseline:
        code = compiled(checkout(args.baseline, work / "baseline"))
        for name, tree, path, jobs, files, count, ours in (
            ("synthetic", "synthetic", synthetic, None, args.files, lines, default),
            ("synthetic", "synthetic", synthetic, "1", args.files, lines, serial),
            ("stdlib", "stdlib", stdlib, None, stdlib_files, stdlib_lines, on_stdlib),
            ("legacy only", "legacy", legacy, "1", args.legacy_files, legacy_lines, legacy_one),
        ):
            # Interleaved, best of two each: the machine's speed drifts over a run.
            first = tool(path, jobs, code=code)
            again = tool(path, jobs)
            theirs = min(first, tool(path, jobs, code=code), key=lambda result: result["wall"])
            best = min(ours["wall"], again["wall"])
            label = f"-j {jobs}" if jobs else f"(-j {os.cpu_count()})"
            rows.append(row(f"baseline {args.baseline} --check {label}, {name}", tree, theirs, files, count))
            compared.append((f"{label}, {name}", best / theirs["wall"]))
        theirs = startup(clean_command, code=code)
        rows.append(row(f"baseline {args.baseline} --check, one clean file", "one file", theirs, 1, 5))
        compared.append(("one clean file", ours_startup["wall"] / theirs["wall"]))

    baselines = {
        "synthetic": (noop["wall"], floor_synthetic["wall"]),
        "stdlib": (noop_stdlib["wall"], floor_stdlib["wall"]),
        "legacy": (noop_legacy["wall"], parse_floor["wall"]),
    }
    if real is not None:
        baselines["real"] = (None, floor_real["wall"])
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    print(f"synthetic: {args.files} files, {lines} lines; stdlib: {stdlib_files} files, {stdlib_lines} lines")
    print(f"import scaffold_migrate.cli: {imported['wall']:.2f} s\n")
    print("| run | wall s | files/s | lines/s | peak RSS MB | x faster than no-op | x floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for entry in rows:
        noop_wall, floor_wall = baselines.get(entry["tree"], (None, None))
        faster = "-" if noop_wall is None else f"{noop_wall / entry['wall']:.2f}"
        of_floor = "-" if floor_wall is None else f"{entry['wall'] / floor_wall:.2f}"
        print(
            f"| {entry['name']} | {entry['wall']:.2f} | {entry['files_s']:.0f} | {entry['lines_s']:.0f} "
            f"| {entry['rss']:.0f} | {faster} | {of_floor} |"
        )
    stdlib_bound = 2 * (floor_stdlib["wall"] + imported["wall"])
    targets = [
        (
            "stdlib --check within 2x of (floor + import)",
            on_stdlib["wall"] / (floor_stdlib["wall"] + imported["wall"]),
            "<= 2",
            on_stdlib["wall"] <= stdlib_bound,
        ),
        (
            "faster than libcst's no-op on the synthetic tree",
            noop["wall"] / default["wall"],
            ">= 20",
            noop["wall"] / default["wall"] >= 20,
        ),
        (
            "-j 2 against -j 1, legacy only",
            legacy_one["wall"] / legacy_two["wall"],
            ">= 1.6",
            legacy_one["wall"] / legacy_two["wall"] >= 1.6,
        ),
        (
            "-j 2 against libcst's no-op, legacy only",
            noop_legacy["wall"] / legacy_two["wall"],
            ">= 1",
            noop_legacy["wall"] >= legacy_two["wall"],
        ),
        (
            "-j 1 against the parse floor, legacy only",
            legacy_one["wall"] / parse_floor["wall"],
            "<= 1.5",
            legacy_one["wall"] <= 1.5 * parse_floor["wall"],
        ),
        ("peak RSS on the synthetic tree (MB)", default["rss_mb"], "<= 250", default["rss_mb"] <= 250),
        ("RSS growth from half to full tree (MB)", default["rss_mb"] - halved["rss_mb"], "small", None),
        (
            f"peak RSS at {args.scale_files} files (MB)",
            large["rss_mb"],
            "<= 250",
            large["rss_mb"] <= 250,
        ),
        (
            f"{args.scale_files} files against {args.files}, per file",
            (large["wall"] / args.scale_files) / (default["wall"] / args.files),
            "<= 1.1 (linear)",
            large["wall"] / args.scale_files <= 1.1 * default["wall"] / args.files,
        ),
        (
            "what the project index adds to --check -j 1, synthetic",
            indexed["wall"] / unindexed["wall"] - 1,
            "<= 0.3",
            indexed["wall"] <= 1.3 * unindexed["wall"],
        ),
        (
            "what the project index adds to --check -j 1, stdlib",
            indexed_stdlib["wall"] / unindexed_stdlib["wall"] - 1,
            "<= 0.3",
            indexed_stdlib["wall"] <= 1.3 * unindexed_stdlib["wall"],
        ),
        ("phase one alone against --check -j 1, synthetic", index_synthetic["wall"] / serial["wall"], "ratio", None),
        ("phase one alone against --check -j 1, stdlib", index_stdlib["wall"] / serial_stdlib["wall"], "ratio", None),
        ("time against the floor, synthetic", default["wall"] / floor_synthetic["wall"], "ratio", None),
    ]
    if theirs_startup is not None:
        targets.append(
            (
                "one clean file against django-upgrade",
                ours_startup["wall"] / theirs_startup["wall"],
                "<= 1.5",
                ours_startup["wall"] <= 1.5 * theirs_startup["wall"],
            )
        )
    for name, ratio in compared:
        targets.append((f"against {args.baseline} --check {name}", ratio, "<= 1.3", ratio <= 1.3))
    print("\n| target | measured | goal | met |\n|---|---:|---|---|")
    for name, value, goal, met in targets:
        print(f"| {name} | {value:.2f} | {goal} | {'-' if met is None else 'yes' if met else 'NO'} |")
    notes.append(
        "peak RSS is the largest of the measured command's processes, as the OS reports it "
        "to its parent: with -j N > 1 on Linux the pool's workers are forked from the tool "
        "and included; the -j 1 rows do all the work in one process"
    )
    for note in notes:
        print(f"\nnote: {note}")
    checks = (default, serial, unindexed, on_stdlib, serial_stdlib, unindexed_stdlib, legacy_one, legacy_two)
    for result in (*checks, ours_startup):
        if result["code"] not in (0, 1):
            print(f"\nwarning: a run exited {result['code']}: {result['stderr'][-500:]}")
    for name, result in (("synthetic", noop), ("stdlib", noop_stdlib), ("legacy", noop_legacy)):
        if result["code"] != 0:
            print(f"\nwarning: libcst's no-op exited {result['code']} on the {name} sample: {result['stderr'][-300:]}")


if __name__ == "__main__":
    main()
