"""Where output goes: `-o FILE` never writes through a symbolic link, onto a device, pipe or
directory, or into a directory that is missing (which it does not create) or read-only; a full
disk is one line, exit 2. And what goes there: every export format, and `claimgraph build`,
give the same bytes whatever PYTHONHASHSEED, TZ and locale."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys

import pytest

from conftest import SEED, cli, snapshot
from support.pipes import unblock_later

EXPORT_FORMATS = ["ttl", "trig", "nt", "nq", "jsonld"]
ARTICLE = f"articles/{SEED}.txt"


def claimgraph(*args, env: dict | None = None, stdout=subprocess.PIPE, timeout: float = 120):
    """`claimgraph ARGS` in a process of its own (for what a test cannot change in this one)."""
    return subprocess.run([sys.executable, "-m", "claimgraph", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)


def _listing(directory) -> dict[str, str]:
    """Each entry of a directory with its kind and, for a file, its bytes or, for a link, its target."""
    listing = {}
    for path in sorted(directory.iterdir()):
        if path.is_symlink():
            listing[path.name] = f"link to {os.readlink(path)}"
        elif path.is_file():
            listing[path.name] = path.read_bytes().decode("utf-8", "replace")
        else:
            listing[path.name] = stat.filemode(path.lstat().st_mode)
    return listing


@pytest.fixture
def places(tmp_path):
    """A target file, a link to it, a link to nothing, a directory, a pipe and a socket."""
    (tmp_path / "target.ttl").write_text("the target\n")
    (tmp_path / "link.ttl").symlink_to("target.ttl")
    (tmp_path / "dangling.ttl").symlink_to("nowhere.ttl")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.ttl")
    unblock_later(tmp_path / "pipe.ttl")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "socket.ttl"))
    yield tmp_path
    server.close()


@pytest.fixture
def refused(built, places):
    """Run a command with `-o`; check it was refused in one line and that neither the project nor
    the places around the output changed; give the message."""
    before, around = snapshot(built), _listing(places)

    def run(*args) -> str:
        code, out, err = cli("--root", built, *args)
        assert code == 2, (code, out[:300], err[:500])
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err[:500]
        assert snapshot(built) == before and _listing(places) == around
        return err.rstrip("\n").replace(f"{places}/", "")

    return run


LINK = "is a symbolic link; name the file it points to (claimgraph does not write through links)"
SPECIAL = "is not a regular file (a device, pipe or socket); name a file, or leave out -o to write to standard output"
REFUSALS = {
    "symbolic-link": ("link.ttl", f"link.ttl: {LINK}"),
    "dangling-link": ("dangling.ttl", f"dangling.ttl: {LINK}"),
    "dev-null": ("/dev/null", f"/dev/null: {SPECIAL}"),
    "dev-full": ("/dev/full", f"/dev/full: {SPECIAL}"),
    "dev-zero": ("/dev/zero", f"/dev/zero: {SPECIAL}"),
    "named-pipe": ("pipe.ttl", f"pipe.ttl: {SPECIAL}"),
    "socket": ("socket.ttl", f"socket.ttl: {SPECIAL}"),
    "a-directory": ("folder", "folder: is a directory; name a file to write"),
    "a-directory-slash": ("folder/", "folder: is a directory; name a file to write"),
    "missing-directory": ("missing/claims.ttl",
                          "missing/claims.ttl: no such directory: {tmp}/missing; create it first"),
    "missing-directories": ("missing/deeper/claims.ttl", "missing/deeper/claims.ttl: no such directory: "
                                                         "{tmp}/missing/deeper; create it first"),
    "a-file-as-directory": ("target.ttl/claims.ttl", "target.ttl/claims.ttl: cannot write the output: Not a directory"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_export_refuses_each_output(refused, places, case):
    target, expected = REFUSALS[case]
    path = target if target.startswith("/") else f"{places}/{target}"
    assert refused("export", "-o", path) == "claimgraph: error: " + expected.replace("{tmp}/", "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISFIFO(os.stat(places / "pipe.ttl").st_mode)
    assert os.readlink(places / "link.ttl") == "target.ttl" and (places / "target.ttl").read_text() == "the target\n"
    assert not (places / "nowhere.ttl").exists() and not (places / "missing").exists()


def test_an_empty_output_name_is_refused(built):
    """`-o "$UNSET"` is a mistake, not a request for standard output."""
    process = claimgraph("--root", built, "export", "-o", "")
    assert (process.returncode, process.stdout) == (2, b"")
    assert process.stderr == (b"claimgraph export: error: argument -o/--output: needs a file name (see "
                              b"'claimgraph export --help')\n")


@pytest.mark.parametrize("case", ["symbolic-link", "missing-directory", "dev-null"])
def test_extract_refuses_the_same_outputs_before_reading_the_article(refused, built, places, case):
    target, expected = REFUSALS[case]
    path = target if target.startswith("/") else f"{places}/{target}"
    assert refused("extract", built / ARTICLE, "-o", path) == "claimgraph: error: " + expected.replace("{tmp}/", "")


def test_export_replaces_a_hard_link_not_its_other_name(built, tmp_path):
    (tmp_path / "other.ttl").write_text("the other name\n")
    os.link(tmp_path / "other.ttl", tmp_path / "claims.ttl")
    code, out, err = cli("--root", built, "export", "-o", tmp_path / "claims.ttl")
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "other.ttl").read_text() == "the other name\n"
    assert (tmp_path / "claims.ttl").read_bytes().startswith(b"# Generated by `claimgraph export --format ttl`")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.ttl", "other.ttl"]


def test_a_read_only_directory_is_refused_and_left_empty(built, tmp_path):
    """As root, permissions do not stop a write: the directory is then made read-only by a bind
    mount in a mount namespace of the command's own (`unshare`), which nothing else sees."""
    directory = tmp_path / "read-only"
    directory.mkdir()
    args = [sys.executable, "-m", "claimgraph", "--root", str(built), "export", "-o", str(directory / "claims.ttl")]
    if os.geteuid() == 0:
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        args = ["unshare", "--mount", "sh", "-c", script, str(directory), *args]
        reason = "the file system is read-only"
    else:
        directory.chmod(0o555)
        reason = "permission denied"
    try:
        process = subprocess.run(args, capture_output=True, text=True, timeout=120)
    finally:
        directory.chmod(0o755)
    assert process.returncode == 2 and process.stdout == "" and process.stderr.count("\n") == 1, process.stderr
    assert f"cannot write the output: {reason}; nothing was written" in process.stderr
    assert process.stderr.startswith(f"claimgraph: error: {directory}/claims.ttl: ")  # the file named, not a temporary one
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize("args", [("export",), ("export", "--format", "jsonld"), ("queries",),
                                  ("query", "status-as-of", "--param", "date=2024-10-28")],
                         ids=["export-ttl", "export-jsonld", "queries", "query"])
def test_standard_output_on_a_full_disk_is_one_line(built, args):
    with open("/dev/full", "w") as full:
        process = claimgraph("--root", built, *args, stdout=full)
    assert process.returncode == 2
    assert process.stderr == b"claimgraph: error: cannot write the output: the disk is full\n"


def test_extract_to_a_full_disk_is_one_line(built):
    with open("/dev/full", "w") as full:
        process = claimgraph("--root", built, "extract", built / ARTICLE, stdout=full)
    assert process.returncode == 2
    assert process.stderr == b"claimgraph: error: cannot write the output: the disk is full\n"


def _other_locale(directory) -> dict[str, str]:
    """A locale that is not C or POSIX: one the system has, else Turkish compiled with localedef
    into `directory` (Turkish: its dotted and dotless i break case-insensitive code)."""
    names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    others = [name for name in names if name.split(".")[0] not in ("C", "POSIX")]
    if others:
        return {"LC_ALL": others[0]}
    subprocess.run(["localedef", "-i", "tr_TR", "-f", "UTF-8", str(directory / "tr_TR.UTF-8")], capture_output=True)
    return {"LC_ALL": "tr_TR.UTF-8", "LOCPATH": str(directory)}


@pytest.fixture(scope="module")
def environments(tmp_path_factory) -> dict[str, dict[str, str]]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG", "TZ", "PYTHONHASH"))}
    other = _other_locale(tmp_path_factory.mktemp("locale"))
    environments = {
        "seed-0-utc-c.utf8": {**base, "PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        f"seed-1-kiritimati-{other['LC_ALL']}": {**base, "PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati", **other},
        "seed-12345-los-angeles-posix": {**base, "PYTHONHASHSEED": "12345", "TZ": "America/Los_Angeles",
                                         "LC_ALL": "POSIX"},
    }
    probe = "import locale, time; print(locale.setlocale(locale.LC_ALL, ''), time.strftime('%z'), hash('x'))"
    seen = {subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
            for env in environments.values()}
    assert len(seen) == 3 and any(other["LC_ALL"] in line for line in seen), seen  # each really differs
    return environments


@pytest.fixture(scope="module")
def exports(built, environments) -> dict[str, dict[str, bytes]]:
    """Every format exported once in each environment: {format: {environment: bytes}}."""
    found: dict[str, dict[str, bytes]] = {fmt: {} for fmt in EXPORT_FORMATS}
    for name, env in environments.items():
        for fmt in EXPORT_FORMATS:
            process = claimgraph("--root", built, "export", "--format", fmt, env=env)
            assert process.returncode == 0 and process.stderr == b"", process.stderr
            found[fmt][name] = process.stdout
    return found


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_format_is_the_same_bytes_in_every_environment(exports, fmt):
    outputs = exports[fmt]
    assert len(outputs) == 3 and len(next(iter(outputs.values()))) > 10_000
    first = next(iter(outputs.values()))
    for name, data in outputs.items():
        assert data == first, f"export --format {fmt} differs in {name}"


def test_build_again_in_another_environment_changes_no_byte(built, environments, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    before = snapshot(root)
    env = list(environments.values())[1]
    process = claimgraph("--root", root, "build", env=env, timeout=300)
    assert process.returncode == 0, process.stderr[-2000:]
    lines = process.stdout.decode().splitlines()
    assert lines and all(line.endswith("(unchanged)") for line in lines), lines
    assert snapshot(root) == before
