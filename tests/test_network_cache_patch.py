"""kg.network.patch: after a small write through kg, the cache is patched, and is exactly what a full read gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import build, open_store
from kg.beside import CACHE_STAMP, JOURNAL
from kg.ingest.write import graph_of, ingest
from kg.network import cache, reading
from kg.network.reading import DETAILS
from kg.statements import Derivation, Evidence, RelationFact, Source, relation_triples, source_triples
from kg.vocab import KG, KGR, OA, PROV, RDF, SKOS, XSD
from tests.conftest import REPO

DEVSET = REPO / "tests" / "devset"
ARTICLE = DEVSET / "burkina-jnim-djibo-2025.txt"
OTHERS = [DEVSET / "mozambique-mocimboa-2021.txt"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("patch") / "template"
    with open_store(str(path)) as store:
        build(store)
        ingest(store, OTHERS[:1], validate=False)
    return path


@pytest.fixture
def store(built, tmp_path):
    path = tmp_path / "sahel"
    shutil.copytree(built, path)
    with open_store(str(path)) as opened:
        for detail in DETAILS:
            cache.read(opened, detail)  # a cache of every detail, to be patched
        yield opened


def patched_only(monkeypatch) -> None:
    """From here on a projection that reads the whole store fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the store was read in full")

    monkeypatch.setattr(reading, "read_noting_minted", refuse)


def assert_patched_as_read(store, monkeypatch) -> None:
    """At every detail the patched cache is what a full read gives, in the same order, and it is saved."""
    expected = {detail: reading.read(store, detail) for detail in DETAILS}
    with monkeypatch.context() as patching:
        patched_only(patching)
        for detail in DETAILS:
            for _ in range(2):  # patched, then saved: the next read is warm, with the journal consumed
                found = cache.read(store, detail)
                assert found == expected[detail], detail
                # Dicts compare without their order; a projection adds nodes in this order.
                assert list(found.nodes) == list(expected[detail].nodes)
                assert list(found.titles) == list(expected[detail].titles)
            meta = json.loads((cache.cache_path(store) / f"{detail}.json").read_text())
            assert meta["journal"] == (cache.cache_path(store) / JOURNAL).stat().st_size
    assert (cache.cache_path(store) / CACHE_STAMP).exists()


def edges(store, detail="dates") -> set[tuple]:
    records = cache.read(store, detail)
    return set(zip(records.subjects, records.names, records.objects))


def test_ingest_reingest_and_drop_are_patched(store, monkeypatch, tmp_path):
    before = edges(store)
    ingest(store, [ARTICLE], validate=False)
    assert_patched_as_read(store, monkeypatch)
    assert edges(store) > before
    changed = tmp_path / ARTICLE.name  # the same document (same graph), its text changed
    changed.write_text(ARTICLE.read_text(encoding="utf-8").split("\n\n")[0] + "\n\nThe army fought JNIM near Gao.\n",
                       encoding="utf-8")
    ingest(store, [changed], validate=False)
    assert_patched_as_read(store, monkeypatch)
    store.drop_graphs([graph_of(ARTICLE.stem), graph_of(OTHERS[0].stem)])
    assert_patched_as_read(store, monkeypatch)
    assert edges(store) < before


def test_a_second_source_for_a_relation_and_new_labels_and_types_are_patched(store, monkeypatch):
    source = Source(KGR["source/second"], "A second report", "news article")
    fact = RelationFact(KGR["isgs"], "atWarWith", KGR["jnim"],
                        Derivation(source.iri, start="2020-05", confidence=0.7, claimed_by=[KGR["jnim"]],
                                   evidence=Evidence("ISGS and JNIM fought.", 0, 21)))
    graph = KGR["graph/second"]
    store.replace_graphs({graph: [*source_triples(source), *relation_triples(fact),
                                  ox.Triple(KGR["jnim"], SKOS.altLabel, ox.Literal("Nusrat")),
                                  ox.Triple(KGR["new-group"], RDF.type, KG.MilitantGroup)]})
    assert_patched_as_read(store, monkeypatch)
    full = cache.read(store, "full")
    row = next(i for i, key in enumerate(zip(full.subjects, full.names, full.objects))
               if key == reading.canonical(KGR["isgs"].value, "atWarWith", KGR["jnim"].value))
    assert len(full.derivations[row]) >= 2 and "A second report" in full.titles.values()
    assert "Nusrat" in full.nodes[KGR["jnim"].value]["aliases"] and KGR["new-group"].value in full.nodes
    store.drop_graphs([graph])
    assert_patched_as_read(store, monkeypatch)


def test_a_derivation_or_quote_told_more_by_another_graph_is_patched(store, monkeypatch):
    """The derivation and its evidence gain triples in a graph of their own: only they are touched, not their statement."""
    (derivation, evidence), = store.query(
        "SELECT ?d ?e WHERE { ?st rdf:predicate ?p ; prov:qualifiedDerivation ?d . ?d kg:evidence ?e } ORDER BY ?d LIMIT 1").rows
    store.replace_graphs({KGR["graph/more"]: [ox.Triple(derivation, KG.confidence, ox.Literal("0.99", datatype=XSD.decimal)),
                                              ox.Triple(derivation, KG.claimedBy, KGR["jnim"])]})
    assert set(journal_lines(store)) == {derivation.value}
    assert_patched_as_read(store, monkeypatch)
    store.replace_graphs({KGR["graph/quote"]: [ox.Triple(evidence, OA.exact, ox.Literal("and more"))]})
    assert set(journal_lines(store)) == {derivation.value, evidence.value}
    assert_patched_as_read(store, monkeypatch)
    full = cache.read(store, "full")
    assert any(d.confidence == 0.99 and "and more" in d.quotes for found in full.derivations for d in found)


def test_a_relation_whose_statement_gains_its_first_derivation_is_patched(store, monkeypatch):
    subject, obj = reading.canonical(KGR["group-a"].value, "atWarWith", KGR["group-b"].value)[::2]
    store.replace_graphs({KGR["graph/direct"]: [ox.Triple(ox.NamedNode(obj), KG.atWarWith, ox.NamedNode(subject))]})
    assert_patched_as_read(store, monkeypatch)
    dates = cache.read(store, "dates")
    row = dates.subjects.index(subject)
    assert dates.statements[row] is None  # stated only as a direct triple
    # Its statement node and a derivation, in a graph of their own: the relation's ends are not touched.
    statement, derivation = ox.NamedNode(dates.iris[row]), KGR["derivation/later"]
    store.replace_graphs({KGR["graph/later"]: [
        ox.Triple(statement, RDF.subject, ox.NamedNode(subject)), ox.Triple(statement, RDF.predicate, KG.atWarWith),
        ox.Triple(statement, RDF.object, ox.NamedNode(obj)), ox.Triple(statement, PROV.qualifiedDerivation, derivation),
        ox.Triple(derivation, KG.start, ox.Literal("2021-03"))]})
    assert_patched_as_read(store, monkeypatch)
    assert cache.read(store, "dates").derivations[row][0].start == "2021-03"


def journal_lines(store) -> list[str]:
    return (cache.cache_path(store) / JOURNAL).read_text().splitlines()[1:]


def test_what_a_patch_cannot_promise_is_read_in_full(store):
    # A statement node for an existing relation, named otherwise: a full read finds it by counting; a patch cannot.
    statement = KGR["statement/handmade"]
    isgs, jnim = KGR["isgs"], KGR["jnim"]
    store.replace_graphs({KGR["graph/handmade"]: [
        ox.Triple(statement, RDF.subject, isgs), ox.Triple(statement, RDF.predicate, KG.atWarWith),
        ox.Triple(statement, RDF.object, jnim)]})
    for detail in DETAILS:
        assert cache.read(store, detail) == reading.read(store, detail)
    # A blank node as subject cannot be named in a query: the write makes the cache stale instead of noting it.
    store.replace_graphs({KGR["graph/blank"]: [ox.Triple(ox.BlankNode(), SKOS.prefLabel, ox.Literal("someone"))]})
    assert not (cache.cache_path(store) / CACHE_STAMP).exists()
    assert cache.read(store, "structure") == reading.read(store, "structure")


def test_a_damaged_journal_is_never_an_error(store, monkeypatch):
    ingest(store, [ARTICLE], validate=False)
    path = cache.cache_path(store) / JOURNAL
    with path.open("ab") as handle:
        handle.write(b"not an iri> } DROP ALL ; {\n")
    for detail in DETAILS:  # the line is no IRI: read in full
        assert cache.read(store, detail) == reading.read(store, detail)
    assert reading.read(store, "structure").subjects  # and nothing else came of it
    with path.open("ab") as handle:
        handle.write(b"\xff\xfe\n")
    for detail in DETAILS:  # unreadable: read in full, and the cache starts afresh under a new stamp
        assert cache.read(store, detail) == reading.read(store, detail)
    expected = {detail: cache.read(store, detail) for detail in DETAILS}
    with monkeypatch.context() as patching:
        patched_only(patching)
        for detail in DETAILS:
            assert cache.read(store, detail) == expected[detail]
