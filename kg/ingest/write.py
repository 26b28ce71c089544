"""Extractions into the store (the last stage of ingest).

Input: :class:`kg.ingest.pipeline.Extraction` records. Output: one named graph per
document, ``kgr:graph/text/<name>``, written through :mod:`kg.statements`: the source
document (a ``prov:Entity`` with the text's SHA-256), the actors the store did not know,
each relation as a statement with this document's derivation (time, confidence,
claimant, evidence quote and span), events and figures. Statement IRIs derive from
subject, relation and object, so a relation two documents report is one statement with
two derivations. Ingesting an unchanged text again changes nothing; a changed text
replaces its graph. All graphs of one call are written in one atomic step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.build import ontology_if_missing
from kg.errors import KgError
from kg.ingest.known import Known, KnownNames, slug
from kg.ingest.pipeline import Extraction, extract, extractor, known_names, stage_of
from kg.ingest.read import read_document
from kg.ingest.resolve import Entity as Found
from kg.sparql import csv_rows
from kg.statements import (
    Derivation,
    Entity,
    Evidence,
    Occurrence,
    RelationFact,
    Source,
    entity_triples,
    occurrence_triples,
    relation_triples,
    source_triples,
    unique,
)
from kg.store import LocalStore, Store
from kg.vocab import KGR, RDF, RDFS

TEXT_GRAPHS = KGR["graph/text/"].value


def graph_of(name: str) -> ox.NamedNode:
    """The named graph of the document called ``name`` (its file name without extension)."""
    return KGR["graph/text/" + slug(name)]


def source_of(name: str) -> ox.NamedNode:
    return KGR["source/text/" + slug(name)]


def _times(value: str | None) -> dict[str, str | None]:
    """EDTF ``a/b``, ``a/..``, ``../b`` or ``a`` as start, end or point in time."""
    if not value:
        return {}
    if "/" not in value:
        return {"point": value}
    first, last = value.split("/", 1)
    return {"start": None if first == ".." else first, "end": None if last == ".." else last}


def document_triples(extraction: Extraction, name: str, defined: set[str] | frozenset[str] = frozenset()) -> list[ox.Triple]:
    """Every triple of one document's graph.

    Actors and places are described in the graph unless ``defined`` elsewhere (curated or
    imported data): an actor first met in text is described by every document that names
    it, so dropping one document's graph never leaves the others' statements dangling.
    """
    document = extraction.document
    source = source_of(name)
    notes = [f"Extracted by {extraction.extractor} from {Path(document.source).name}.", *document.notes]
    triples = source_triples(Source(
        iri=source,
        title=document.title or Path(document.source).stem,
        kind=str(document.meta.get("kind") or "news"),
        issued=document.date,
        sha256=document.sha256,
        note=" ".join(notes),
    ))
    for entity in extraction.used_entities():
        if entity.iri.value not in defined:
            triples += entity_triples(_entity(entity, extraction))
    for finding in extraction.relations:
        quote, start, end = extraction.evidence(finding.start, finding.end)
        triples += relation_triples(RelationFact(
            subject=finding.subject.iri,
            predicate=finding.predicate,
            object=finding.object.iri,
            role=finding.role,
            derivation=Derivation(source=source, confidence=finding.confidence,
                                  claimed_by=[c.iri for c in finding.claimed_by],
                                  evidence=Evidence(quote, start, end), stage=stage_of(finding), **_times(finding.date)),
        ))
    event_iris = {}
    for number, event in enumerate(extraction.events, start=1):
        iri = KGR[f"event/{slug(name)}/{number}"]
        event_iris[id(event)] = iri
        quote, start, end = extraction.evidence(event.start, event.end)
        triples += occurrence_triples(Occurrence(
            iri=iri, type=event.type, label=event.label,
            derivation=Derivation(source=source, confidence=event.confidence, evidence=Evidence(quote, start, end)),
            places=[e.iri for e in event.places], agents=[e.iri for e in event.agents],
            targets=[e.iri for e in event.targets], **_times(event.date),
        ))
    for number, figure in enumerate(extraction.figures, start=1):
        quote, start, end = extraction.evidence(figure.start, figure.end)
        triples += occurrence_triples(Occurrence(
            iri=KGR[f"figure/{slug(name)}/{number}"], type=figure.type,
            derivation=Derivation(source=source, confidence=figure.confidence, evidence=Evidence(quote, start, end)),
            measure=figure.measure, count=figure.count, qualifier=figure.qualifier, victims=figure.victims,
            places=[e.iri for e in figure.places], agents=[e.iri for e in figure.agents],
            tally_by=figure.tally_by.iri if figure.tally_by else None,
            figure_of=event_iris.get(id(figure.figure_of)) if figure.figure_of else None, **_times(figure.date),
        ))
    return unique(triples)


def _entity(entity: Found, extraction: Extraction) -> Entity:
    country = None
    if entity.country:
        country = next((e.iri for e in extraction.entities if e.type == "Country" and e.label == entity.country), None)
    return Entity(iri=entity.iri, type=entity.type, label=entity.label, aliases=entity.aliases, country=country)


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    statements: int = 0
    events: int = 0
    triples: int = 0
    notes: list[str] = field(default_factory=list)


def stored_hashes(store: Store) -> dict[str, str]:
    """For each ingested document graph: the SHA-256 and extractor its source records, as "sha|note"."""
    result = store.query(
        """SELECT ?g ?sha ?note WHERE { GRAPH ?g { ?src a kg:SourceDocument ; kg:sha256 ?sha .
             OPTIONAL { ?src rdfs:comment ?note } } FILTER(STRSTARTS(STR(?g), ?prefix)) }""",
        {"prefix": ox.Literal(TEXT_GRAPHS)},
    )
    return {g.value: f"{sha.value}|{note.value if note is not None else ''}" for g, sha, note in result.rows}


def defined_outside_text(store: Store) -> set[str]:
    """IRIs of the actors and places that curated or imported data describe (not ingested text).

    On an embedded store, every label's graph is read as CSV (one triple pattern, no
    per-row string test in the query) and the text graphs are left out here.
    """
    if isinstance(store, LocalStore):
        return csv_rows(store.oxigraph, "SELECT ?x ?g WHERE { GRAPH ?g { ?x skos:prefLabel ?label } }", False,
                        lambda rows: {x for x, g in rows if not g.startswith(TEXT_GRAPHS)})
    result = store.query(
        """SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x skos:prefLabel ?label } FILTER(!STRSTARTS(STR(?g), ?prefix)) }""",
        {"prefix": ox.Literal(TEXT_GRAPHS)})
    return {row[0].value for row in result.rows}


def ingest(store: Store, paths: Iterable[str | Path], *, date: str | None = None, validate: bool = True,
           skip_bad: bool = False, progress: Callable[[str], None] | None = None, parse: bool = False,
           learned: bool = True) -> IngestReport:
    """Read, extract and write each file; all changed graphs go into the store in one atomic write.

    A file that cannot be read stops the whole call before anything is written, unless
    ``skip_bad``, which skips it with a note. The graphs are made by :mod:`kg.statements`
    and so have the shapes' form; ``validate`` (the default) checks them with pySHACL
    before writing (:func:`validate_graphs`), and an invalid batch is refused whole.
    """
    report = IngestReport()
    known = known_names(store)
    hashes = stored_hashes(store)
    defined = defined_outside_text(store)
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    names: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        try:
            document = read_document(path, date=date)
        except KgError as error:
            if not skip_bad:
                raise
            report.skipped.append(str(path))
            report.notes.append(f"skipped {error}")
            if progress:
                progress(str(path))
            continue
        name = path.stem
        graph = graph_of(name)
        if graph.value in names.values() and names.get(str(path)) != graph.value:
            raise KgError(f"{path}: another file of this batch has the name {name!r}; rename one of them")
        names[str(path)] = graph.value
        stamp = hashes.get(graph.value, "")
        if stamp.startswith(document.sha256 + "|") and f"Extracted by {extractor(parse, learned)} from " in stamp:
            report.unchanged.append(str(path))
        else:
            extraction = extract(document, known, parse, learned)
            triples = document_triples(extraction, name, defined)
            _learn(known, extraction)
            graphs[graph] = triples
            report.written.append(str(path))
            report.statements += len(extraction.relations)
            report.events += len(extraction.events) + len(extraction.figures)
            report.triples += len(triples)
            report.notes += [f"{path}: {note}" for note in document.notes]
            report.notes += [f"{path}: '{a.text}' at {a.start}-{a.end} {a.reason}: not merged ({', '.join(a.candidates)})"
                             for a in extraction.ambiguous]
        if progress:
            progress(str(path))
    if graphs:
        if validate:
            validate_graphs(store, graphs)
        store.replace_graphs({**graphs, **ontology_if_missing(store)})
    return report


def _learn(known: KnownNames, extraction: Extraction) -> None:
    for entity in extraction.used_entities():
        if entity.iri.value not in known.iris:
            known.add(Known(entity.iri, entity.label, entity.type), [entity.label, *entity.aliases])


#: The ontology triples the shapes read: class and relation types, the class hierarchy, domains and ranges.
_SCHEMA = frozenset((RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range))


def validate_graphs(store: Store, graphs: dict[ox.NamedNode, list[ox.Triple]]) -> None:
    """Check the new graphs against the SHACL shapes, with only the context they need; refuse them if invalid.

    The context is what ``kg build`` checks its new graphs with (types and labels the store
    holds for the resources named, reverse symmetric triples) plus the ontology's schema
    triples, so that a store that was never built is checked the same way. Labels, comments
    and the trigger lexicon are left out: the shapes do not read them, and pySHACL's time
    grows with the graph.
    """
    from kg.build import context_triples
    from kg.ontology import ontology_graph
    from kg.validate import validate_triples

    def everything() -> Iterable[ox.Triple]:
        yield from (t for t in ontology_graph() if t.predicate in _SCHEMA)
        yield from context_triples(store, graphs)
        for triples in graphs.values():
            yield from triples

    report = validate_triples(everything())
    if not report.conforms:
        first = report.violations[0]
        where = f" {first.path}" if first.path else ""
        raise KgError(f"ingest refused, the store is unchanged: {len(report.violations)} violation(s) of the kg shapes, "
                      f"first: {first.focus}{where}: {first.message} (kg ingest --no-validate writes anyway)", exit_code=1)
