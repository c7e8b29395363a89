"""Hostile annotations: every wrong type, value, reference and YAML trick gets one line naming the
file, line and field, exit 2, and leaves the built graph as it was.

The cases are data files (tests/invalid/annotations/invalid-*.yaml), each valid-base.yaml with one
thing wrong and an `# expect:` line holding the message after the file name; the pathological
ones (too deep, too big, not text) are made here because no one would keep them as files."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEED, SMALL_BASE as BASE, cli, snapshot

CASES_DIR = BASE.parent
CASES = sorted(CASES_DIR.glob("invalid-*.yaml"))
ANNOTATION = f"annotations/{SEED}.yaml"


@pytest.fixture
def refused(small_project):
    """Write an annotation, run `claimgraph build`, check it was refused cleanly; give the message."""
    before = snapshot(small_project)

    def run(content: bytes) -> str:
        (small_project / ANNOTATION).write_bytes(content)
        code, out, err = cli("--root", small_project, "build")
        assert code == 2, (code, out, err[:500])
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err[:500]
        after = snapshot(small_project)
        after.pop(ANNOTATION)
        expected = dict(before)
        expected.pop(ANNOTATION)
        assert after == expected, "a refused build changed the project"
        return err.removeprefix("claimgraph: error: ").rstrip("\n")

    yield run
    shutil.copy(BASE, small_project / ANNOTATION)


def test_the_base_of_the_cases_builds_and_validates(small_project):
    code, out, err = cli("--root", small_project, "validate")
    assert (code, err) == (0, ""), out


def test_there_are_cases_of_every_kind():
    assert len(CASES) >= 35
    for case in CASES:
        assert case.read_text().splitlines()[1].startswith("# expect: "), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem.removeprefix("invalid-"))
def test_each_invalid_annotation_is_refused_with_its_message(refused, case):
    expected = case.read_text().splitlines()[1].removeprefix("# expect: ")
    assert refused(case.read_bytes()) == f"{ANNOTATION}:{expected}"


def test_nesting_five_thousand_deep_is_refused(refused):
    message = refused(b"entities: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert message.startswith(f"{ANNOTATION}") and "nested" in message


def test_an_alias_bomb_is_refused_before_it_expands(refused):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    message = refused(("\n".join(lines) + "\nentities: *a9\n").encode())
    assert message == f"{ANNOTATION}:1: anchors (&name) are not allowed in an annotation; write the value out"


def test_a_megabyte_bad_value_is_shown_short(refused):
    content = (BASE).read_text().replace("stance: confirms", "stance: " + "x" * 1_000_000)
    message = refused(content.encode())
    assert len(message) < 400 and "stance" in message and "…" in message


def test_an_annotation_that_is_not_utf8_names_the_line(refused):
    content = (BASE).read_bytes().replace(b"United States}", b"\xe9tats-Unis}")
    offset = content.index(b"\xe9")
    assert refused(content) == (f"{ANNOTATION}:4: annotation is not valid UTF-8 (byte 0xe9 at offset {offset}); "
                                "re-save it as UTF-8")


@pytest.mark.parametrize("content, expected", [
    (b"", "annotation is empty"),
    (b"# only a comment\n", "annotation is empty"),
    (b"just words\n", "1: annotation: expected a mapping of fields, found str 'just words'"),
    (b"entities: [\x00]\n", "malformed YAML"),
], ids=["empty", "comment-only", "a-scalar", "nul-byte"])
def test_empty_and_non_annotations(refused, content, expected):
    assert expected in refused(content)
