"""Writing extractions: one named graph per document, provenance, no-op re-ingest, replacement, corroboration."""

import shutil

import pyoxigraph as ox
import pytest

from kg import build, open_store
from kg.errors import KgError
from kg.ingest.pipeline import extractor
from kg.ingest.write import graph_of, ingest
from kg.validate import validate

XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")

ARTICLE = """Sahel Groups Turn On Each Other

BAMAKO (May 20) — The Macina Liberation Front and the Azawad Liberation Movement cooperated with one another in 2019.
On May 8, 2020, the Macina Liberation Front started a war against the Azawad Liberation Movement.
"""


@pytest.fixture
def store():
    store = open_store("memory:")
    build(store, check=False)
    return store


def write(tmp_path, name, text, date="2020-05-20"):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    (tmp_path / f"{name}.meta.json").write_text(f'{{"published": "{date}"}}', encoding="utf-8")
    return path


def statements(store, predicate="atWarWith"):
    return store.query(f"""SELECT ?st (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?st rdf:predicate kg:{predicate} ;
                           rdf:subject|rdf:object kgr:macina-liberation-front ; prov:qualifiedDerivation ?d }}
                           GROUP BY ?st""").rows


def test_a_document_becomes_its_own_valid_graph_with_provenance(store, tmp_path):
    report = ingest(store, [write(tmp_path, "sahel-war", ARTICLE)])
    assert report.written and report.statements >= 2
    graph = graph_of("sahel-war")
    assert graph in store.graph_names()
    rows = store.query("""SELECT ?title ?sha ?quote ?start WHERE { GRAPH ?g { ?src a kg:SourceDocument ; dcterms:title ?title ;
        kg:sha256 ?sha . ?st rdf:predicate kg:atWarWith ; prov:qualifiedDerivation ?d . ?d prov:entity ?src ;
        kg:evidence/oa:exact ?quote ; kg:start ?start } }""", {"g": graph}).rows
    (title, sha, quote, start), = rows
    assert title.value == "Sahel Groups Turn On Each Other" and len(sha.value) == 64
    assert "started a war against" in quote.value and start.value == "2020-05-08"
    assert validate(store).conforms


def test_ingesting_the_same_text_again_changes_nothing(store, tmp_path):
    path = write(tmp_path, "sahel-war", ARTICLE)
    ingest(store, [path])
    before = sorted(str(q) for q in store.quads())
    report = ingest(store, [path])
    assert report.unchanged == [str(path)] and not report.written
    assert sorted(str(q) for q in store.quads()) == before


def test_a_text_ingested_by_an_older_extractor_is_extracted_again(store, tmp_path):
    path = write(tmp_path, "sahel-war", ARTICLE)
    ingest(store, [path])
    note = f"Extracted by {extractor(learned=True)} from sahel-war.txt."
    assert note.startswith("Extracted by kg-rules-") and len(extractor()) == len("kg-rules-") + 12
    store.update(f"""DELETE {{ GRAPH ?g {{ ?src rdfs:comment "{note}" }} }}
                    INSERT {{ GRAPH ?g {{ ?src rdfs:comment "Extracted by kg-rules-2 from sahel-war.txt." }} }}
                    WHERE {{ GRAPH ?g {{ ?src rdfs:comment "{note}" }} }}""")
    report = ingest(store, [path])
    assert report.written == [str(path)] and not report.unchanged
    assert ingest(store, [path]).unchanged == [str(path)]


def test_a_changed_text_replaces_its_graph(store, tmp_path):
    ingest(store, [write(tmp_path, "sahel-war", ARTICLE)])
    ingest(store, [write(tmp_path, "sahel-war", ARTICLE.replace("started a war against", "allied with"))])
    assert not statements(store, "atWarWith")
    assert validate(store).conforms


def test_two_documents_corroborate_one_statement(store, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    ingest(store, [write(tmp_path, "first", ARTICLE), write(other, "second", ARTICLE.replace("BAMAKO", "NIAMEY"))])
    (row,) = statements(store, "atWarWith")
    assert int(row[1].value) == 2
    store.drop_graphs([graph_of("first")])
    (row,) = statements(store, "atWarWith")
    assert int(row[1].value) == 1


def test_the_seed_article_meets_the_curated_statements(store, tmp_path, corpus_text):
    from tests.conftest import CORPUS

    shutil.copy(CORPUS, tmp_path / CORPUS.name)
    shutil.copy(CORPUS.with_name("mali-coup-2020.meta.json"), tmp_path)
    ingest(store, [tmp_path / CORPUS.name])
    rows = store.query("""SELECT (COUNT(DISTINCT ?src) AS ?n) WHERE {
        ?st rdf:subject kgr:jnim ; rdf:predicate kg:affiliateOf ; prov:qualifiedDerivation/prov:entity ?src }""").rows
    assert int(rows[0][0].value) == 2
    assert validate(store).conforms


def test_a_bad_file_in_a_batch_writes_nothing(store, tmp_path):
    good = write(tmp_path, "good", ARTICLE)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary\x00")
    before = len(list(store.quads()))
    with pytest.raises(KgError, match="bad.txt"):
        ingest(store, [good, bad])
    assert len(list(store.quads())) == before
    report = ingest(store, [good, bad], skip_bad=True)
    assert report.written == [str(good)] and report.skipped == [str(bad)]


def test_the_shapes_refuse_an_invalid_graph_in_one_line_and_write_nothing(store, tmp_path):
    from kg.ingest.pipeline import extract, known_names
    from kg.ingest.read import read_document
    from kg.ingest.write import document_triples, validate_graphs
    from kg.vocab import KG

    extraction = extract(read_document(write(tmp_path, "sahel-war", ARTICLE)), known_names(store))
    graph = {graph_of("sahel-war"): document_triples(extraction, "sahel-war")}
    validate_graphs(store, graph)  # as extracted: valid
    # A confidence above 1, as a broken extractor would write it.
    broken = [ox.Triple(t.subject, t.predicate, ox.Literal("1.5", datatype=XSD_DECIMAL)) if t.predicate == KG.confidence else t
              for t in graph[graph_of("sahel-war")]]
    before = len(list(store.quads()))
    with pytest.raises(KgError) as refused:
        validate_graphs(store, {graph_of("sahel-war"): broken})
    message = str(refused.value)
    assert refused.value.exit_code == 1 and "\n" not in message
    assert message.startswith("ingest refused, the store is unchanged") and "confidence" in message
    assert len(list(store.quads())) == before
    # An evidence span that does not fit its quote: a SPARQL-based shape, run with prepared queries.
    end = ox.NamedNode("http://www.w3.org/ns/oa#end")
    shifted = [ox.Triple(t.subject, t.predicate, ox.Literal(str(int(t.object.value) + 1), datatype=t.object.datatype))
               if t.predicate == end else t for t in graph[graph_of("sahel-war")]]
    with pytest.raises(KgError, match="EvidenceShape|length of its quote"):
        validate_graphs(store, {graph_of("sahel-war"): shifted})


def test_ingest_validates_by_default(store, tmp_path):
    import inspect

    assert inspect.signature(ingest).parameters["validate"].default is True
    report = ingest(store, [write(tmp_path, "sahel-war", ARTICLE)])
    assert report.written and validate(store).conforms


def test_actors_minted_by_one_document_are_reused_by_the_next(store, tmp_path):
    ingest(store, [write(tmp_path, "first", ARTICLE)])
    ingest(store, [write(tmp_path, "second", "The Macina Liberation Front attacked Bamako on May 9, 2020.")])
    labels = store.query("SELECT ?l WHERE { kgr:macina-liberation-front skos:prefLabel ?l }").rows
    assert [row[0].value for row in labels] == ["Macina Liberation Front"] * len(labels)
    assert validate(store).conforms
