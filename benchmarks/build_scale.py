"""How `claimgraph build` scales with the archive: from scratch, adding one article, memory, each phase.

    python benchmarks/build_scale.py                    # 10, 100 and 1,000 articles
    python benchmarks/build_scale.py --up-to 100        # 10 and 100
    python benchmarks/build_scale.py --up-to 10000      # and 10,000
    python benchmarks/build_scale.py --from 10000 --up-to 10000 --identity-articles 0   # 10,000 alone
    git archive cbcbb1a src ontology queries | tar -x -C /tmp/before
    python benchmarks/build_scale.py --tree /tmp/before --up-to 100    # another version's build

For each size N, an archive of N+1 articles is generated (benchmarks/archive.py, one seed); the
last article is set aside, N are built from scratch, then the last one is put back and the archive
built again ("adding one article"). Every build is `claimgraph build` in a child process of its
own, so its peak memory (ru_maxrss of the largest process, the child or a process it started,
such as HermiT's Java: os.wait4 reports the larger) is its own.

Phases are timed from the build's own progress lines (CLAIMGRAPH_PROGRESS=1 prints them on
standard error), each stamped as it arrives: a phase lasts from its message to the next, the
last one to the end of the process. A message is mapped to a phase by its words (see PHASES),
so the table keeps working when the build is restructured; a message that maps to no phase is
shown under "other" with its words. "start" is the time before the first message (Python and
the imports).

Then the identity check: the smallest archive (--identity-articles) built at once, and built
again from nothing adding its articles in --identity-steps steps in order of publication; the
graph/ directories must be byte for byte the same. Ratios are against the smallest size of the
same run. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import write_archive  # noqa: E402

SIZES = (10, 100, 1000, 10000)
# (phase, words of a progress message that mean it), tried in this order: "writing graph/" is
# the write, not the graph; "checking the QC rules" is QC, not the derivation rules.
PHASES = (("write", ("writ",)), ("read", ("read",)), ("SHACL", ("shacl",)), ("QC", ("qc",)),
          ("OWL check", ("hermit", "owl", "consisten")), ("derivation", ("deriv", "rule", "infer")),
          ("graph", ("graph",)))
COLUMNS = ("start", "read", "graph", "SHACL", "QC", "derivation", "OWL check", "write")


@dataclass
class Build:
    seconds: float
    peak_mb: float
    triples: int
    phases: dict[str, float] = field(default_factory=dict)
    other: dict[str, float] = field(default_factory=dict)
    code: int = 0
    error: str = ""


def phase_of(message: str) -> str | None:
    words = message.lower()
    return next((phase for phase, keys in PHASES if any(key in words for key in keys)), None)


def run_build(root: Path, timeout: float, tree: Path | None = None) -> Build:
    """`claimgraph --root ROOT build` in a child process: its time, peak memory, triples, phases;
    with `tree`, the claimgraph of that source tree (its src/)."""
    env = dict(os.environ, CLAIMGRAPH_PROGRESS="1")
    if tree is not None:
        env["PYTHONPATH"] = str(tree / "src")
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "claimgraph", "--root", str(root), "build"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stamped: list[tuple[float, str]] = []
    output: list[str] = []
    readers = [threading.Thread(target=lambda: stamped.extend((time.monotonic(), line) for line in child.stderr)),
               threading.Thread(target=lambda: output.extend(child.stdout))]
    for reader in readers:
        reader.start()
    while True:  # os.wait4, not Popen.wait: it reports this child's own peak memory
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.02)
    ended = time.monotonic()
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    progress = [(at, m.group(1)) for at, line in stamped if (m := re.match(r"claimgraph: (.*) \(\d+\.\d s\)$", line))]
    triples = sum(int(n) for n in re.findall(r": (\d+) triples", "".join(output)))
    build = Build(ended - started, usage.ru_maxrss / 1024, triples, code=child.returncode)
    if child.returncode:
        problems = [line.strip() for _, line in stamped if not line.startswith("claimgraph: ") or "error" in line]
        build.error = "timed out" if ended - started > timeout else (problems[-1] if problems else "failed")[:300]
    marks = [(started, "start")] + progress + [(ended, "")]
    for (at, message), (next_at, _) in zip(marks, marks[1:]):
        phase = "start" if message == "start" else phase_of(message)
        if phase is None:
            build.other[message] = build.other.get(message, 0.0) + next_at - at
        else:
            build.phases[phase] = build.phases.get(phase, 0.0) + next_at - at
    return build


def articles_of(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "annotations").glob("*.yaml"))


def set_aside(root: Path, names: list[str], shelf: Path) -> None:
    shelf.mkdir(exist_ok=True)
    for name in names:
        for part, suffix in (("articles", ".txt"), ("annotations", ".yaml")):
            (root / part / f"{name}{suffix}").rename(shelf / f"{name}{suffix}")


def put_back(root: Path, names: list[str], shelf: Path) -> None:
    for name in names:
        for part, suffix in (("articles", ".txt"), ("annotations", ".yaml")):
            (shelf / f"{name}{suffix}").rename(root / part / f"{name}{suffix}")


def graph_bytes(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "graph").glob("*"))}


def generate(root: Path, articles: int, seed: int, tree: Path | None) -> None:
    """An archive; with `tree`, with that tree's ontology/ and queries/ (the build they belong to)."""
    write_archive(root, articles, seed)
    if tree is not None:
        for part in ("ontology", "queries"):
            shutil.rmtree(root / part)
            shutil.copytree(tree / part, root / part)


def identity(workdir: Path, articles: int, steps: int, seed: int, timeout: float, tree: Path | None) -> str:
    """Build an archive at once and in steps of articles added in order; the same graph/ bytes?"""
    at_once, in_steps = workdir / "at-once", workdir / "in-steps"
    generate(at_once, articles, seed, tree)
    shutil.copytree(at_once, in_steps)
    whole = run_build(at_once, timeout, tree)
    if whole.code:
        return f"could not build {articles} articles at once: {whole.error}"
    names = articles_of(in_steps)
    shelf = workdir / "shelf"
    set_aside(in_steps, names, shelf)
    bounds = sorted({max(1, round(articles * (step + 1) / steps)) for step in range(steps)})
    done = 0
    for bound in bounds:
        put_back(in_steps, names[done:bound], shelf)
        done = bound
        step = run_build(in_steps, timeout, tree)
        if step.code:
            return f"could not build the first {bound} articles: {step.error}"
    first, second = graph_bytes(at_once), graph_bytes(in_steps)
    differ = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    described = f"{articles} articles at once and in {len(bounds)} steps ({', '.join(map(str, bounds))})"
    if not differ:
        return f"identical: graph/ of {described} is the same, byte for byte ({len(first)} files)"
    return f"DIFFERENT: graph/ of {described}: {len(differ)} of {len(first)} files differ ({', '.join(differ[:5])})"


def row(size: int, scratch: Build, added: Build | None, base: tuple[int, Build] | None) -> str:
    per_article = ""
    if base and base[1].code == 0 and scratch.code == 0:
        per_article = f"{(scratch.seconds / size) / (base[1].seconds / base[0]):.2f}x"
    phases = " ".join(f"{scratch.phases.get(name, 0.0):8.1f}" for name in COLUMNS)
    other = ", ".join(f"{message} {seconds:.1f}" for message, seconds in scratch.other.items())
    added_text = f"{added.seconds:9.1f}" if added and added.code == 0 else f"{'-' if added is None else 'failed':>9}"
    added_mb = f"{added.peak_mb:8.0f}" if added and added.code == 0 else f"{'-':>8}"
    if scratch.code:
        return f"{size:>8,} build failed: {scratch.error}"
    return (f"{size:>8,} {scratch.triples:>10,} {scratch.seconds:9.1f} {per_article:>9} {added_text} "
            f"{scratch.peak_mb:8.0f} {added_mb}  {phases}  {other}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--up-to", type=int, default=1000, metavar="N",
                        help=f"largest archive, one of {', '.join(map(str, SIZES))} (default 1000)")
    parser.add_argument("--from", dest="smallest", type=int, default=SIZES[0], metavar="N",
                        help="smallest archive (default 10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--identity-articles", type=int, default=30, metavar="N",
                        help="size of the archive for the at-once-or-in-steps check (0: skip it)")
    parser.add_argument("--identity-steps", type=int, default=4, metavar="K")
    parser.add_argument("--timeout", type=float, default=3600.0, metavar="S", help="give up a build after S seconds")
    parser.add_argument("--workdir", type=Path, help="where the archives go (default: a temporary directory)")
    parser.add_argument("--tree", type=Path, metavar="DIR",
                        help="measure the build of another version: a tree with its src/, ontology/ and queries/")
    args = parser.parse_args(argv)
    sizes = [size for size in SIZES if args.smallest <= size <= args.up_to]
    if not sizes:
        parser.error(f"no size from --from to --up-to; the sizes are {', '.join(map(str, SIZES))}")
    workdir = Path(tempfile.mkdtemp(prefix="build-scale-", dir=args.workdir))
    print(f"# python benchmarks/build_scale.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores; seconds; peak RSS in MB "
          "(largest process); per article: time per article relative to the smallest size")
    print(f"{'articles':>8} {'triples':>10} {'scratch':>9} {'/article':>9} {'+1 art.':>9} {'RSS':>8} {'RSS +1':>8}  "
          + " ".join(f"{name[:8]:>8}" for name in COLUMNS) + "  other")
    base = None
    try:
        for size in sizes:
            root = workdir / f"archive-{size}"
            generate(root, size + 1, args.seed, args.tree)
            last = articles_of(root)[-1:]
            set_aside(root, last, workdir / f"shelf-{size}")
            scratch = run_build(root, args.timeout, args.tree)
            added = None
            if scratch.code == 0:
                put_back(root, last, workdir / f"shelf-{size}")
                added = run_build(root, args.timeout, args.tree)
            if base is None and scratch.code == 0:
                base = (size, scratch)
            print(row(size, scratch, added, base), flush=True)
            if added is not None and added.code == 0:
                print(f"{'':>8} adding one article, by phase: "
                      + ", ".join(f"{name} {seconds:.1f}" for name, seconds in {**added.phases, **added.other}.items()),
                      flush=True)
            shutil.rmtree(root, ignore_errors=True)
        if args.identity_articles:
            print(identity(workdir / "identity", args.identity_articles, args.identity_steps, args.seed, args.timeout,
                           args.tree))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
