"""Faults while a command changes the project: killed at any moment (SIGKILL, SIGTERM, Ctrl-C), a
full disk, a second writer, the umask. `build`, `ingest`, `link` and `export -o` must leave the
project exactly as before or exactly as after, byte for byte (`snapshot`, which leaves out the
locks and journal in .claimgraph/).

The commands run as real processes (`python -m claimgraph`), each in a process group of its own
so that any child ends with it, and with a private TMPDIR so that killed runs leave
nothing in /tmp. A full disk is the kernel's file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored
so that a write fails with EFBIG instead of killing the process): set before the command starts,
or, to reach the moment the new files are staged, on the running process with prlimit(2).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DEV_ARTICLES, SEED, cli, snapshot

ARTICLE = min(DEV_ARTICLES, key=lambda p: p.stat().st_size)  # the shortest: quick to draft
OTHER_ARTICLE = next(a for a in DEV_ARTICLES if a != ARTICLE)
STATE = ".claimgraph"
KILL_SEED = 20241024
READS = (("query", "unconfirmed", "--format", "csv"), ("queries",))
RECOVERED = re.compile(r"claimgraph: finished what an interrupted `claimgraph (ingest|build)[^`]*` had begun "
                       r"\(\d+ files switched in\)\n")


# -- running claimgraph as a process ------------------------------------------------------------

def start(root: Path, *args, tmp: Path, progress: bool = False, umask: int | None = None,
          fsize: int | None = None) -> subprocess.Popen:
    """`claimgraph --root ROOT ARGS` as a process of its own (and its own process group)."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    env["TMPDIR"] = str(tmp)
    if progress:
        env["CLAIMGRAPH_PROGRESS"] = "1"  # plain step lines on stderr: where a kill landed

    def prepare():
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # so that Python turns Ctrl-C into KeyboardInterrupt
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the size limit fails with EFBIG
        if umask is not None:
            os.umask(umask)
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.Popen([sys.executable, "-m", "claimgraph", "--root", str(root), *map(str, args)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True, preexec_fn=prepare)


def finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    """Wait for the command; then end whatever is left of its process group."""
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def run(root: Path, *args, tmp: Path, timeout: float = 300, **options) -> tuple[int, str, str]:
    return finish(start(root, *args, tmp=tmp, **options), timeout)


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("claimgraph: error: "), err
    return err.strip()


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 300) -> None:
    """Poll (every half millisecond) until `condition()`; fail if the command ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the command ended before {what}: {proc.stderr.read().decode()}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.0005)


@contextlib.contextmanager
def holding_switch(root: Path):
    """Hold the switch lock shared, as a reader loading graph/ does: a writer that has written its
    journal (the point of no return) then waits before it switches a single file in."""
    (root / STATE).mkdir(exist_ok=True)
    fd = os.open(root / STATE / "switch.lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def freeze(proc: subprocess.Popen) -> None:
    """SIGSTOP the command and wait until it has stopped: what it has written is then all it wrote."""
    os.kill(proc.pid, signal.SIGSTOP)
    stat = Path(f"/proc/{proc.pid}/stat")
    while stat.read_text().rsplit(")", 1)[1].split()[0] not in ("T", "t", "Z", "X"):  # stopped (or ended)
        time.sleep(0.0005)


def journal(root: Path) -> bool:
    return (root / STATE / "journal.json").is_file()


def staging(root: Path) -> list[Path]:
    return sorted((root / STATE).glob("staging-*")) if (root / STATE).is_dir() else []


def locked(proc: subprocess.Popen, root: Path) -> None:
    """Wait until the command holds the write lock and has written who holds it: from then on it
    writes no byte until it stages its new files (drafting, building, checking and deriving all
    happen in memory)."""
    lock = root / STATE / "write.lock"
    wait_for(lambda: lock.is_file() and lock.stat().st_size > 0, proc, "the write lock")


# -- projects ------------------------------------------------------------------------------------

def copy_of(template: Path, dest: Path) -> Path:
    """A copy of a project, without its lock state (and without the link cache)."""
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns(STATE, ".cache"))
    return dest


def changed_annotation(root: Path) -> Path:
    """Change the seed's one statement from confirms to denies: `build` then rewrites the article's
    graph and the derived triples (the claim becomes a cg:DeniedClaim)."""
    path = root / "annotations" / f"{SEED}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "stance: confirms" in text
    path.write_text(text.replace("stance: confirms", "stance: denies"), encoding="utf-8")
    return root


def which(root: Path, before: dict, after: dict, without: tuple[str, ...] = ()) -> str:
    """"old" or "new", byte for byte; anything else fails and names the files that differ."""
    now = {k: v for k, v in snapshot(root).items() if not k.startswith(without)} if without else snapshot(root)
    if now == before:
        return "old"
    if now == after:
        return "new"

    def differing(other):
        return sorted(k for k in set(now) | set(other) if now.get(k) != other.get(k))
    raise AssertionError(f"neither before nor after: differs from before in {differing(before)}, "
                         f"from after in {differing(after)}")


def read_back(root: Path, command: tuple[str, ...]) -> bool:
    """One read command after a fault: it must work, and finish a switch the fault interrupted
    (saying so). Whether it did."""
    code, out, err = cli("--root", root, *command)
    assert code == 0, err
    assert err == "" or RECOVERED.fullmatch(err), err
    assert not journal(root)
    return bool(err)


@dataclass(frozen=True)
class Reference:
    before: dict[str, bytes]
    after: dict[str, bytes]
    seconds: float  # the uninterrupted run, from start to exit
    steps: list[tuple[float, str]]  # (seconds after start, progress step)


def reference_run(template: Path, dest: Path, *args) -> Reference:
    """One uninterrupted run on a copy: the project before and after, and how long it takes."""
    root = copy_of(template, dest / "project")
    before = snapshot(root)
    started = time.monotonic()
    proc = start(root, *args, tmp=dest / "tmp", progress=True)
    steps = []
    for line in proc.stderr:
        steps.append((time.monotonic() - started, line.decode().strip()))
    proc.wait()
    seconds = time.monotonic() - started
    code, _, err = finish(proc)
    assert code == 0, steps
    after = snapshot(root)
    assert after != before
    return Reference(before, after, seconds, steps)


@pytest.fixture(scope="module")
def ingested_reference(small_project, tmp_path_factory) -> Reference:
    """Two uninterrupted runs: "after" must be the same bytes each time (else old-or-new means
    nothing), and the kill moments spread over the quicker one (the first loads spaCy and Java cold)."""
    first, second = (reference_run(small_project, tmp_path_factory.mktemp("ingest-reference"), "ingest", ARTICLE)
                     for _ in range(2))
    assert (second.before, second.after) == (first.before, first.after)
    return min(first, second, key=lambda reference: reference.seconds)


@pytest.fixture(scope="module")
def changed_project(small_project, tmp_path_factory) -> Path:
    """The small project with its annotation changed since the last build."""
    return changed_annotation(copy_of(small_project, tmp_path_factory.mktemp("changed") / "project"))


@pytest.fixture(scope="module")
def built_reference(changed_project, tmp_path_factory) -> Reference:
    return reference_run(changed_project, tmp_path_factory.mktemp("build-reference"), "build")


# -- killed at any moment ------------------------------------------------------------------------

def phase_of(stderr: str) -> str:
    """Where a killed run was, from the last progress step it printed."""
    steps = re.findall(r"^claimgraph: (.*) \(\d+\.\d s\)$", stderr, re.M)
    if not steps:
        return "start-up"
    last = steps[-1]
    if last.startswith("writing"):
        return "switch"
    if last.startswith(("reading the project's", "loading the spaCy", "drafting")):
        return "drafting"
    return "build"  # reading the annotations, building, checking, reasoning, the derivation rules


@dataclass
class Kill:
    moment: str  # "3.21 s" or the event
    signal: str
    landed: bool  # the command was still running
    phase: str
    half: bool  # the files were half switched until the read command finished the switch
    recovered: bool
    state: str


def kill(template: Path, work: Path, args: tuple, signum: int, *, at: float | None = None, event: str | None = None,
         read: tuple[str, ...] = READS[0], reference: Reference) -> Kill:
    """Run the command on a fresh copy and send it `signum` after `at` seconds or at an event:
    "build" (it has printed that it builds the graph), "staging" (its staging directory
    appeared: it is stopped there, then killed), "journal" (its
    journal appeared), "journal-held" (its journal is written and it waits for the switch lock,
    which this test holds), "between-renames" (as journal-held, then the first rename of the
    journal done here, as the killed command would have done it: a kill between two renames).
    Then one read command, and the project must be the old or the new one."""
    root = copy_of(template, work / "project")
    held = holding_switch(root) if event in ("journal-held", "between-renames") else contextlib.nullcontext()
    with held:
        proc = start(root, *args, tmp=work / "tmp", progress=True)
        seen = []  # progress lines read before the kill
        if at is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=at)
        elif event == "build":
            for line in proc.stderr:  # each progress line is flushed as it is printed
                seen.append(line.decode("utf-8", "replace"))
                if "building the graph" in seen[-1]:
                    break
        elif event == "staging":
            wait_for(lambda: bool(staging(root)), proc, "the staging directory")
            freeze(proc)
        else:
            wait_for(lambda: journal(root), proc, "the journal")
            if event != "journal":
                time.sleep(0.3)  # it now blocks on the switch lock
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signum)  # the command itself, as `kill PID` does
            os.kill(proc.pid, signal.SIGCONT)
        code, _, err = finish(proc)
        err = "".join(seen) + err
        assert code in (0, -signum), err
        if event in ("journal-held", "between-renames"):
            assert code == -signum and journal(root)
            assert which(root, reference.before, reference.after) == "old"  # not one file switched yet
        if event == "between-renames":
            entries = json.loads((root / STATE / "journal.json").read_text())
            first = entries["entries"][0]
            os.replace(root / STATE / entries["staging"] / first["staged"], root / first["target"])
    half = False
    if journal(root):
        try:
            which(root, reference.before, reference.after)
        except AssertionError:
            half = True  # killed between two renames: only the journal can finish it
    recovered = read_back(root, read)
    state = which(root, reference.before, reference.after)
    shutil.rmtree(work)
    return Kill(f"{at:.2f} s" if at is not None else event, signal.Signals(signum).name, code == -signum,
                phase_of(err), half, recovered, state)


def moments(rng: random.Random, seconds: float, count: int) -> list[float]:
    """`count` moments spread over [0, seconds): one at a random point of each of `count` equal slices."""
    return [(i + rng.random()) * seconds / count for i in range(count)]


def summary(name: str, kills: list[Kill], reference: Reference) -> str:
    landed = [k for k in kills if k.landed]
    phases = {p: sum(1 for k in landed if k.phase == p) for p in ("start-up", "drafting", "build", "switch")}
    old, new = (sum(k.state == state for k in landed) for state in ("old", "new"))
    return (f"{name}: uninterrupted run {reference.seconds:.1f} s; {len(kills)} kills "
            f"({sum(k.signal == 'SIGTERM' for k in kills)} SIGTERM), {len(landed)} landed (phases {phases}); "
            f"old {old}, new {new}; half switched until the read {sum(k.half for k in kills)}, "
            f"finished by the read {sum(k.recovered for k in kills)}\n"
            + "\n".join(f"  {k.moment:>15} {k.signal:7} landed={k.landed!s:5} {k.phase:8} half={k.half!s:5} "
                        f"recovered={k.recovered!s:5} {k.state}" for k in kills))


@pytest.mark.slow
def test_ingest_killed_at_any_moment_leaves_the_project_old_or_new(small_project, ingested_reference, tmp_path):
    """24 moments spread over an uninterrupted run's length (4 of them SIGTERM), then the moments
    timing rarely hits: the build, staging, the journal, a kill between two renames. Run
    with -s to see where each landed."""
    reference = ingested_reference
    rng = random.Random(KILL_SEED)
    timed = moments(rng, reference.seconds * 0.97, 24)
    terms = set(rng.sample(range(len(timed)), 4))
    args = ("ingest", ARTICLE)
    kills = []
    for number, at in enumerate(timed):
        signum = signal.SIGTERM if number in terms else signal.SIGKILL
        kills.append(kill(small_project, tmp_path / f"kill-{number}", args, signum, at=at, read=READS[number % 2],
                          reference=reference))
    # the build is a small share of an ingest (spaCy's is most of it): timing alone rarely hits it
    for event, signum, read in (("build", signal.SIGKILL, READS[1]), ("build", signal.SIGTERM, READS[0]),
                                ("staging", signal.SIGKILL, READS[0]), ("journal", signal.SIGKILL, READS[0]),
                                ("journal-held", signal.SIGKILL, READS[1]), ("journal-held", signal.SIGTERM, READS[0]),
                                ("between-renames", signal.SIGKILL, READS[1])):
        kills.append(kill(small_project, tmp_path / f"kill-{event}-{signum}", args, signum, event=event, read=read,
                          reference=reference))
    print("\n" + summary("ingest", kills, reference))

    landed = [k for k in kills if k.landed]
    assert len(landed) >= 20
    assert {k.phase for k in landed} >= {"start-up", "drafting", "build", "switch"}
    assert {k.state for k in landed} == {"old", "new"}
    assert all(k.recovered and k.state == "new" for k in kills if k.moment in ("journal-held", "between-renames"))
    assert [k.half for k in kills if k.moment == "between-renames"] == [True]


@pytest.mark.slow
def test_a_killed_ingest_leaves_the_project_usable(small_project, ingested_reference, tmp_path):
    """Killed while staging: the project is the old one, not locked, and the next ingest (which
    clears the abandoned staging directory) gives exactly the uninterrupted result."""
    for attempt in range(5):  # stopped before its journal was written (on a fast disk it may be done first)
        root = copy_of(small_project, tmp_path / f"project-{attempt}")
        proc = start(root, "ingest", ARTICLE, tmp=tmp_path / "tmp")
        wait_for(lambda: bool(staging(root)), proc, "the staging directory")
        freeze(proc)
        os.kill(proc.pid, signal.SIGKILL)
        assert finish(proc)[0] == -signal.SIGKILL
        if not journal(root):
            break
    assert which(root, ingested_reference.before, ingested_reference.after) == "old"
    assert staging(root) and not journal(root)
    code, _, err = run(root, "ingest", ARTICLE, tmp=tmp_path / "tmp")
    assert (code, err) == (0, "")
    assert which(root, ingested_reference.before, ingested_reference.after) == "new"
    assert not staging(root) and not journal(root)


@pytest.mark.slow
def test_build_killed_at_several_moments_leaves_graph_old_or_new(changed_project, built_reference, tmp_path):
    """An annotation changed since the last build: 7 moments over the build (one SIGTERM), then
    killed while staging and after its journal."""
    reference = built_reference
    rng = random.Random(KILL_SEED + 1)
    timed = moments(rng, reference.seconds * 0.97, 7)
    term = rng.randrange(len(timed))
    kills = [kill(changed_project, tmp_path / f"kill-{number}", ("build",),
                  signal.SIGTERM if number == term else signal.SIGKILL, at=at, read=READS[number % 2],
                  reference=reference)
             for number, at in enumerate(timed)]
    for event in ("staging", "journal-held"):
        kills.append(kill(changed_project, tmp_path / f"kill-{event}", ("build",), signal.SIGKILL, event=event,
                          read=READS[1], reference=reference))
    print("\n" + summary("build", kills, reference))

    assert sum(k.landed for k in kills) >= 6
    assert {k.state for k in kills if k.landed} == {"old", "new"}
    assert all(k.recovered and k.state == "new" for k in kills if k.moment == "journal-held")


def test_ctrl_c_after_the_point_of_no_return_says_what_the_project_will_be(changed_project, built_reference,
                                                                          tmp_path):
    """Ctrl-C once the journal is written must not claim the project is as before: the next
    command switches the change in."""
    root = copy_of(changed_project, tmp_path / "project")
    with holding_switch(root):
        proc = start(root, "build", tmp=tmp_path / "tmp")
        wait_for(lambda: journal(root), proc, "the journal")
        time.sleep(0.3)  # it now blocks on the switch lock
        proc.send_signal(signal.SIGINT)
        code, out, err = finish(proc)
        assert which(root, built_reference.before, built_reference.after) == "old"
    assert code == 130
    line = one_line(err)
    assert "as it was before" not in line and "the next claimgraph command" in line, line
    assert read_back(root, ("queries",))
    assert which(root, built_reference.before, built_reference.after) == "new"


# -- a full disk ---------------------------------------------------------------------------------

FULL_DISK_CASES = {
    # name: (command, limit set before it starts, limit set once it holds the lock, expected message)
    "ingest-at-the-lock": ("ingest", 0, None, "cannot lock the project for writing"),
    "ingest-staging-first-byte": ("ingest", None, 0, "cannot stage the new files"),
    "ingest-staging-mid-file": ("ingest", None, "half", "cannot stage the new files"),
    "build-staging-first-byte": ("build", None, 0, "cannot stage the new files"),
}


@pytest.mark.parametrize("case", FULL_DISK_CASES)
def test_full_disk_leaves_the_project_unchanged(case, request, tmp_path):
    """The disk fills at the lock, or while the new files are staged (at their first byte, or half
    way through the largest): exit 2, one line, nothing changed."""
    command, limit, later, message = FULL_DISK_CASES[case]
    if command == "ingest":
        reference, template, args = request.getfixturevalue("ingested_reference"), \
            request.getfixturevalue("small_project"), ("ingest", ARTICLE)
    else:
        reference, template, args = request.getfixturevalue("built_reference"), \
            request.getfixturevalue("changed_project"), ("build",)
    root = copy_of(template, tmp_path / "project")
    tmp = tmp_path / "tmp"
    proc = start(root, *args, tmp=tmp, fsize=limit)
    if later is not None:
        written = [data for name, data in reference.after.items() if reference.before.get(name) != data]
        size = max(map(len, written)) // 2 if later == "half" else later
        locked(proc, root)
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (size, size))
    code, out, err = finish(proc)
    line = one_line(err)
    assert code == 2 and out == "", line
    assert line.startswith(f"claimgraph: error: {message}") and line.endswith("the project is unchanged"), line
    assert which(root, reference.before, reference.after) == "old"
    assert not journal(root) and not staging(root)
    assert not list(root.rglob("*.tmp"))


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "existing-file"])
def test_export_to_a_full_disk_writes_nothing(small_project, tmp_path, existing):
    """`export -o FILE` on a full disk: one line, and FILE absent or as before, no temporary file."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "claims.trig"
    if existing:
        target.write_bytes(b"# an earlier export\n")
    listing = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    code, whole, _ = run(small_project, "export", "--format", "trig", tmp=tmp_path / "tmp")
    assert code == 0 and len(whole) > 1024
    code, out, err = run(small_project, "export", "--format", "trig", "-o", target, tmp=tmp_path / "tmp", fsize=1024)
    line = one_line(err)
    assert code == 2 and "cannot write the output" in line and "nothing was written" in line, line
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == listing


@pytest.fixture(scope="module")
def linked_reference(small_project, wikidata_endpoint, tmp_path_factory) -> Reference:
    dest = tmp_path_factory.mktemp("link-reference")
    root = copy_of(small_project, dest / "project")
    before = snapshot(root)
    code, _, err = run(root, "link", "--endpoint", wikidata_endpoint, tmp=dest / "tmp")
    assert code == 0, err
    after = {k: v for k, v in snapshot(root).items() if not k.startswith(".cache/")}
    assert after != before
    return Reference(before, after, 0.0, [])


def test_link_on_a_full_disk_leaves_the_project_unchanged(small_project, wikidata_endpoint, linked_reference,
                                                          tmp_path):
    """Room for the write lock, not for graph/links.ttl: one line, nothing changed, and no
    half-written entry in the lookup cache (.cache/, not part of the project, but read again)."""
    root = copy_of(small_project, tmp_path / "project")
    code, out, err = run(root, "link", "--endpoint", wikidata_endpoint, tmp=tmp_path / "tmp", fsize=256)
    line = one_line(err)
    assert code == 2 and line.startswith("claimgraph: error: cannot stage the new files"), line
    assert which(root, linked_reference.before, linked_reference.after, without=(".cache/",)) == "old"
    assert not journal(root) and not staging(root)
    assert not list(root.rglob("*.tmp"))  # nor half-written cache entries


# -- two writers ---------------------------------------------------------------------------------

def test_a_second_writer_is_refused_while_the_first_completes(small_project, ingested_reference, tmp_path):
    """A `build` while an `ingest` drafts, and an `ingest` while it waits to switch its files in
    (this test holds the switch lock as a reader would): both refused in one line naming it; a
    reader meanwhile gets the old graph; the first ingest completes as if alone."""
    root = copy_of(small_project, tmp_path / "project")
    lock = root / STATE / "write.lock"
    with holding_switch(root):
        first = start(root, "ingest", ARTICLE, tmp=tmp_path / "tmp")
        wait_for(lambda: lock.is_file() and lock.read_text().startswith(f"pid {first.pid},"), first, "the write lock")
        refusals = [run(root, "build", tmp=tmp_path / "tmp", timeout=60)]  # while the first drafts
        wait_for(lambda: journal(root), first, "the journal")  # the first now waits to switch its files in
        refusals.append(run(root, "ingest", OTHER_ARTICLE, tmp=tmp_path / "tmp", timeout=60))
        # a reader meanwhile reads the old graph; the journal is the live writer's to finish, not the reader's
        reader = start(root, "query", "unconfirmed", "--format", "csv", tmp=tmp_path / "tmp")
        code, rows, err = finish(reader, timeout=60)
        assert (code, err) == (0, ""), err
        assert rows == cli("--root", small_project, "query", "unconfirmed", "--format", "csv")[1]
        assert first.poll() is None
    for code, out, err in refusals:
        line = one_line(err)
        assert code == 2 and out == "", line
        assert f"another claimgraph command (pid {first.pid}, `claimgraph ingest {ARTICLE.name}`" in line, line
    code, out, err = finish(first)
    assert (code, err) == (0, "")
    assert which(root, ingested_reference.before, ingested_reference.after) == "new"


# -- the umask -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)], ids=["022", "077"])
def test_written_files_honour_the_umask(small_project, wikidata_endpoint, tmp_path, umask, mode):
    """Every file that build, ingest, link and export -o write: 0666 less the umask."""
    root = copy_of(small_project, tmp_path / "project")
    shutil.rmtree(root / "graph")
    tmp = tmp_path / "tmp"
    for args in (("build",), ("ingest", ARTICLE), ("link", "--endpoint", wikidata_endpoint),
                 ("export", "--format", "ttl", "-o", tmp_path / "claims.ttl")):
        code, _, err = run(root, *args, tmp=tmp, umask=umask)
        assert code == 0, err
    written = sorted((root / "graph").glob("*.ttl")) + [root / "articles" / ARTICLE.name,
                                                         root / "annotations" / f"{ARTICLE.stem}.yaml",
                                                         tmp_path / "claims.ttl"]
    assert len(written) == 7  # the two articles' graphs, inferred.ttl, links.ttl, the article, its draft, the export
    assert {p.relative_to(tmp_path).as_posix(): oct(p.stat().st_mode & 0o777) for p in written} == \
        {p.relative_to(tmp_path).as_posix(): oct(mode) for p in written}
    assert (root / "graph").stat().st_mode & 0o777 == 0o777 & ~umask
