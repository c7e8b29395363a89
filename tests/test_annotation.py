"""The curated annotation: the seed loads completely, and each kind of mistake is named precisely."""

import pytest

from claimgraph.model.annotation import load_annotation
from claimgraph.model.article import read_article
from claimgraph.errors import ClaimgraphError
from conftest import REPO, SEED

ANNOTATION = REPO / "annotations" / f"{SEED}.yaml"


@pytest.fixture(scope="module")
def article():
    return read_article(REPO / "articles" / f"{SEED}.txt")


def test_seed_annotation_is_complete(article, seed_body):
    annotation = load_annotation(ANNOTATION, article)
    assert len(annotation.statements) == 26
    assert len(annotation.claims) == 14
    assert len(annotation.entities) == 19
    speakers = {s.speaker for s in annotation.statements}
    assert {"senior-us-official", "lloyd-austin", "farah-dakhlallah", "unnamed-nato-allies",
            "national-intelligence-service", "park-sun-won", "north-korea", "russia", "south-korea",
            "united-states", "agence-france-presse"} == speakers
    for statement in annotation.statements:
        assert seed_body[statement.start:statement.end] == statement.quote
    stances = {s.stance for s in annotation.statements}
    assert {"asserts", "confirms", "denies", "declines-to-confirm", "forecasts", "states-conditionally"} <= stances


def _edited(tmp_path, old: str, new: str, count: int = 1):
    text = ANNOTATION.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"test setup: {old!r} not in the seed annotation"
    path = tmp_path / f"{SEED}.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _error(path, article) -> str:
    with pytest.raises(ClaimgraphError) as error:
        load_annotation(path, article)
    return str(error.value)


def test_quote_at_wrong_offsets_names_line_field_and_true_position(tmp_path, article):
    path = _edited(tmp_path, "    start: 206\n", "    start: 207\n")
    message = _error(path, article)
    assert message.startswith(f"{path}:")
    assert "statements[2] (s03).quote" in message
    assert "does not match the article text at 207-255" in message
    assert "the quote occurs at start 206, end 255" in message
    assert f":{_line_of(path, 'quote: Pyongyang deployed troops')}:" in message


def test_quote_not_in_article(tmp_path, article):
    path = _edited(tmp_path, "quote: more troops were sent", "quote: more troops were sant")
    message = _error(path, article)
    assert "statements[" in message and "(s21).quote" in message
    assert "does not occur anywhere in" in message


def test_malformed_yaml_names_the_line(tmp_path, article):
    path = _edited(tmp_path, "  - id: s05\n", "  - id: s05\n   bad: [unclosed\n")
    message = _error(path, article)
    assert "malformed YAML" in message
    assert message.startswith(f"{path}:")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("    stance: denies\n", "    stance: refutes\n", "(s24).stance: 'refutes' is not one of: asserts"),
        ("    certainty: probable\n", "    certainty: likely\n", "(s23).certainty: 'likely' is not one of"),
        ("    speaker: park-sun-won\n", "    speaker: park-sun-woo\n",
         "(s22).speaker: 'park-sun-woo' is not an entity in this annotation"),
        ("    speaker: north-korea\n", "    speaker: vladivostok\n", "(s24).speaker: 'vladivostok' is a City; expected an actor"),
        ("    claim: russia-military-cooperation-with-north-korea-justified\n", "    claim: no-such-claim\n",
         "(s26).claim: 'no-such-claim' is not a claim"),
        ("    direct: true\n", "    direct: maybe\n", "(s06).direct: expected true or false"),
        ("    said: last week\n", "    said: some time ago\n", "(s03).said: cannot resolve date expression"),
        ("    start: 0\n", "    start: -4\n", "(s01).start: expected a character offset"),
        ("    verb: has said\n", "    verb: has said\n    mood: grim\n", "(s03).mood: unknown field"),
        ("  - id: s02\n", "  - id: s01\n", "(s01).id: duplicate id 's01'"),
        ("    sender: north-korea\n", "    sender: nato\n", "sender: 'nato' is a MilitaryAlliance; expected a Country"),
        ("    affiliation: nato\n\ndeployments", "\ndeployments", "an anonymous source needs an affiliation"),
        ("    condition: The North Korean troops are co-belligerents.\n", "",
         "(s13).stance: states-conditionally needs a 'condition'"),
        ("  - {value: 3000, qualifier: exactly, measure: troop-strength, unit: soldiers, modality: estimate,",
         "  - {value: '3,000', qualifier: exactly, measure: troop-strength, unit: soldiers, modality: estimate,",
         "value: expected a number such as 1500"),
        ("modality: forecast,\n         of: north-korean-troops-in-russia, by: by December}",
         "modality: forecast,\n         of: north-korean-troops-in-russia, as_of: by December}",
         "a forecast needs a target date in 'by'"),
        ("  outlet: agence-france-presse\n", "  outlet: nato\n", "article.outlet: 'nato' is not a NewsOutlet"),
    ],
)
def test_each_mistake_is_named_with_its_field(tmp_path, article, old, new, expected):
    message = _error(_edited(tmp_path, old, new), article)
    assert expected in message
    assert message.startswith(str(tmp_path))


def test_claim_without_statements_is_refused(tmp_path, article):
    path = _edited(tmp_path, "claims:\n", "claims:\n  - id: orphan-claim\n    text: Nobody says this.\n")
    assert "claim 'orphan-claim' has no statement" in _error(path, article)


def test_missing_required_field(tmp_path, article):
    path = _edited(tmp_path, "    quote: more troops were sent\n", "")
    message = _error(path, article)
    assert "missing required field 'quote'" in message and "(s21)" in message


def test_empty_and_non_mapping_annotations(tmp_path, article):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here\n")
    assert "annotation is empty" in _error(empty, article)
    listy = tmp_path / "list.yaml"
    listy.write_text("- just\n- a list\n")
    assert "expected a mapping of fields" in _error(listy, article)


def test_duplicate_keys_are_refused(tmp_path, article):
    path = _edited(tmp_path, "    stance: denies\n", "    stance: denies\n    stance: confirms  # the duplicate\n")
    message = _error(path, article)
    assert "duplicate key 'stance'" in message
    assert f":{_line_of(path, '# the duplicate')}:" in message


def test_libyaml_and_python_readers_agree_on_every_annotation():
    """Annotations are read with libyaml when nothing in them needs the Python reader's checks; both
    must give the same values and the same line for every value, on every annotation we hold."""
    from claimgraph.model import yamlfile

    files = sorted(p for folder in ("annotations", "benchmarks", "tests/fixtures")
                   for p in (REPO / folder).rglob("*.yaml"))
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not yamlfile._plain(text):
            continue
        assert yamlfile._load(yamlfile._FastLoader, text, path, "annotation") == \
            yamlfile._load(yamlfile._Loader, text, path, "annotation"), path
        compared += 1
    assert compared >= 30


@pytest.mark.parametrize("text, message", [
    ("a: &x 1\nb: *x\n", "anchors (&name) are not allowed"),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)), "nested more than 12 levels deep"),
    ("a: [[[[[[[[[[[[[[1]]]]]]]]]]]]]]\n", "nested more than 12 levels deep"),
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("a: b: c\n", "malformed YAML"),
])
def test_what_libyaml_must_not_judge_goes_to_the_python_reader(text, message):
    from claimgraph.model import yamlfile

    with pytest.raises(ClaimgraphError, match=message.replace("(", r"\(").replace(")", r"\)")):
        yamlfile.load(text, "x.yaml")
