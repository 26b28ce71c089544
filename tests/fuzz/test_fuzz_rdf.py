"""``kg build --data``: mutated and generated Turtle, N-Triples, JSON-LD, N-Quads, TriG, RDF/XML and curated TOML."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.build import read_rdf
from kg.errors import KgError
from kg.resources import data_dir
from tests.conftest import run_kg
from tests.fuzz.fuzzing import COUNTS, check_outcome, examples, run_cli, scratch, store_copy, store_digest
from tests.fuzz.mutations import mutated, unicode_text

_GRAPH, _TRIPLES = next(iter(read_rdf(data_dir() / "sahel.toml").items()))
_SAMPLE = _TRIPLES[:80]
SEEDS = {
    ".ttl": ox.serialize(_SAMPLE, format=ox.RdfFormat.TURTLE, prefixes={"kg": "https://w3id.org/kg/ontology#",
                                                                         "kgr": "https://w3id.org/kg/id/"}),
    ".nt": ox.serialize(_SAMPLE, format=ox.RdfFormat.N_TRIPLES),
    ".jsonld": ox.serialize(_SAMPLE, format=ox.RdfFormat.JSON_LD),
    ".nq": ox.serialize([ox.Quad(t.subject, t.predicate, t.object, _GRAPH) for t in _SAMPLE], format=ox.RdfFormat.N_QUADS),
    ".trig": ox.serialize([ox.Quad(t.subject, t.predicate, t.object, _GRAPH) for t in _SAMPLE], format=ox.RdfFormat.TRIG),
    ".rdf": ox.serialize(_SAMPLE, format=ox.RdfFormat.RDF_XML),
}
TOML_SEED = b'''[source]
id = "fuzz"
title = "A fuzzed source"
kind = "report"
issued = "2021-03"

[[actor]]
id = "fuzz-group"
type = "MilitantGroup"
label = "Fuzz Group"
aliases = ["FG", "the Fuzzers"]

[[actor]]
id = "fuzz-leader"
type = "Person"
label = "Fuzz Leader"

[[place]]
id = "fuzz-land"
type = "Country"
label = "Fuzzland"

[[relation]]
subject = "fuzz-leader"
predicate = "leaderOf"
object = "fuzz-group"
start = "2019-05"
confidence = 0.7
quote = "Fuzz Leader leads the Fuzz Group"
span = [10, 42]

[[event]]
id = "fuzz-attack"
type = "Attack"
label = "An attack in Fuzzland"
point = "2021-02-03"
place = ["fuzz-land"]
agent = ["fuzz-group"]

[[figure]]
id = "fuzz-killed"
measure = "killed"
count = 12
qualifier = "at least"
place = ["fuzz-land"]
'''


def _parse(suffix: str, data: bytes, target: str) -> None:
    """read_rdf returns graphs or raises KgError with a one-line message naming the file."""
    COUNTS[target] += 1
    with scratch() as folder:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        try:
            graphs = read_rdf(path)
        except KgError as error:
            message = str(error)
            assert "\n" not in message and message.startswith(str(path)), message
            return
        assert all(isinstance(name, ox.NamedNode) for name in graphs)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@examples(40)
@given(data=st.data())
def test_rdf_parse_mutated(suffix, data):
    _parse(suffix, data.draw(mutated(SEEDS[suffix])), f"rdf-parse{suffix}")


@pytest.mark.parametrize("suffix", [*sorted(SEEDS), ".toml"])
@pytest.mark.parametrize("data", [b"", b"\x00" * 1000, b"\xef\xbb\xbf", b"\xff\xfe\x00", "\u202e".encode() * 100])
def test_rdf_parse_empty_and_binary(suffix, data):
    _parse(suffix, data, "rdf-parse-binary")


@examples(80)
@given(data=mutated(TOML_SEED))
def test_toml_parse_mutated(data):
    _parse(".toml", data, "toml-parse")


_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | unicode_text(max_size=30)
    | st.dates() | st.datetimes() | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "type", "x"]), inner, max_size=3),
    max_leaves=6,
)
_FIELDS = ["id", "type", "label", "aliases", "subject", "predicate", "object", "start", "end", "point", "confidence",
           "quote", "span", "claimed_by", "place", "agent", "target", "count", "qualifier", "measure", "country", "role",
           "tally_by", "figure_of", "located_in", "part_of", "time_note", "description"]


def _toml_value(value) -> str:
    """A TOML rendering of a generated value (None becomes an empty inline table)."""
    if value is None:
        return "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value == value else "nan"  # TOML spells infinities as Python does
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat() if not isinstance(value, int) else str(value)


@st.composite
def curated_documents(draw) -> str:
    """A curated-facts file whose entries take fields of any type, in and out of their sections."""
    lines = ['[source]', 'id = "gen"', 'title = "Generated"', 'kind = "report"']
    good = {"type": st.sampled_from(["MilitantGroup", "Person", "Country", "Attack", "CasualtyFigure", "leaderOf", "x"]),
            "predicate": st.sampled_from(["leaderOf", "atWarWith", "cooperatesWith", "operatesIn", "nope"]),
            "id": st.sampled_from(["a", "b", "c", "kgr:a", "http://x/y", "bad id", "", "<x>"])}
    for _ in range(draw(st.integers(1, 6))):
        section = draw(st.sampled_from(["actor", "place", "relation", "event", "figure"]))
        lines.append(f"[[{section}]]")
        for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=8, unique=True)):
            value = draw(good[key] if key in good and draw(st.booleans()) else _VALUE)
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


@examples(120)
@given(document=curated_documents())
def test_toml_parse_generated(document):
    _parse(".toml", document.encode("utf-8"), "toml-generated")




@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".toml"])
@examples(8)
@given(data=st.data())
def test_build_mutated_through_cli(built, suffix, data):
    """The whole command, validation included: success, or one error and the store as it was."""
    seed = TOML_SEED if suffix == ".toml" else SEEDS[suffix]
    payload = data.draw(mutated(seed))
    with scratch() as folder, store_copy(built) as store:
        path = folder / f"input{suffix}"
        path.write_bytes(payload)
        run_cli(["build", "--store", str(store), "--data", str(path)], store=store, target=f"build-cli{suffix}")


@examples(10)
@given(document=curated_documents())
def test_build_generated_toml_through_cli(built, document):
    with scratch() as folder, store_copy(built) as store:
        path = folder / "generated.toml"
        path.write_text(document, encoding="utf-8")
        run_cli(["build", "--store", str(store), "--data", str(path)], store=store, target="build-cli-generated.toml")


@pytest.mark.parametrize("name, text", [
    ("deep.toml", "a = " + "[" * 50_000 + "]" * 50_000 + "\n"),
    ("deep.jsonld", '{"@id": "http://x/a", "http://x/p": ' + '{"http://x/p": ' * 70_000 + "1" + "}" * 70_001),
    ("deep.ttl", "@prefix x: <http://x/> .\nx:a x:p " + "[ x:p " * 5_000 + "x:b" + " ]" * 5_000 + " .\n"),
    ("long-line.nt", "<http://x/a> <http://x/p> \"" + "x" * 5_000_000 + "\" .\n"),
])
def test_build_extreme_files_in_a_subprocess(tmp_path, built, name, text):
    """Nesting and size that could overflow a stack, in a real process (a crash there would not take pytest down)."""
    COUNTS["build-subprocess"] += 1
    store = tmp_path / "store"
    shutil.copytree(built, store)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = store_digest(store)
    result = run_kg("build", "--store", str(store), "--no-validate", "--data", str(path), timeout=120)
    check_outcome(result.returncode, result.stdout, result.stderr)
    if result.returncode:
        assert store_digest(store) == before
