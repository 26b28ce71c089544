"""Minting RDF for the data model: actors, relation statements, events, figures, sources.

Every way in (curated facts, text ingest, dataset import) writes through these
functions, so a relation always has the same shape:

- the direct triple ``subject predicate object`` (symmetric relations in one canonical
  direction, the smaller IRI first);
- a ``kg:RelationStatement`` node whose IRI is derived from subject, predicate and
  object, so that two sources meet at one node (corroboration);
- one ``kg:Derivation`` per source and piece of evidence, reached through
  ``prov:qualifiedDerivation``, holding the source (``prov:entity``), the time at the
  source's precision, the evidence quote with its character span, the confidence and
  ``kg:claimedBy``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.ontology import relations
from kg.vocab import DCTERMS, KG, KGR, OA, ORG, PROV, RDF, RDFS, SKOS, XSD

_DATE_FORMS = (
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
)


def time_literal(value: str) -> ox.Literal:
    """A date at the precision given: ``2020`` (year), ``2020-05`` (month), ``2020-05-08`` (day).

    >>> time_literal("2020-05").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    import datetime

    text = str(value).strip()
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            parts = [int(p) for p in text.lstrip("-").split("-")]
            try:
                datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            except ValueError:
                break
            return ox.Literal(text, datatype=datatype)
    raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def entity_iri(identifier: str) -> ox.NamedNode:
    """The IRI of an actor, place, event or figure: a full IRI stays, a slug goes under ``kgr:``."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", identifier):
        return ox.NamedNode(identifier)
    return KGR[identifier]


def canonical(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode) -> tuple[ox.NamedNode, ox.NamedNode]:
    """Order the ends of a symmetric relation so it is stored once."""
    if relations()[predicate].symmetric and obj.value < subject.value:
        return obj, subject
    return subject, obj


def statement_iri(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode) -> ox.NamedNode:
    subject, obj = canonical(subject, predicate, obj)
    return ox.NamedNode(statement_iri_value(subject.value, predicate, obj.value))


def statement_iri_value(subject: str, predicate: str, obj: str) -> str:
    """:func:`statement_iri` of a relation given as strings, its ends already in :func:`canonical` order.

    For readers that hold a million IRIs as strings (:mod:`kg.network.reading`), where
    making a term of each would cost more than the digest.
    """
    return f"{KGR}statement/{_digest(subject, predicate, obj)}"


@dataclass
class Evidence:
    """A quote from the source and, where known, its character span in the source text."""

    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class Derivation:
    """What one source says about a statement, event or figure."""

    source: ox.NamedNode
    start: str | None = None
    end: str | None = None
    point: str | None = None
    time_note: str | None = None
    confidence: float | None = None
    claimed_by: Sequence[ox.NamedNode] = ()
    evidence: Evidence | None = None
    #: Which stage of text ingest read it (``kg:extractionStage``): "rules", "parse" or "learned".
    stage: str | None = None


@dataclass
class RelationFact:
    subject: ox.NamedNode
    predicate: str
    object: ox.NamedNode
    derivation: Derivation
    role: str | None = None
    curated: bool = False


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{float(value):.3f}".rstrip("0").rstrip(".") or "0", datatype=XSD.decimal)


def _time_triples(node: ox.NamedNode, start: str | None, end: str | None, point: str | None) -> list[ox.Triple]:
    triples = []
    for predicate, value in ((KG.start, start), (KG.end, end), (KG.pointInTime, point)):
        if value:
            triples.append(ox.Triple(node, predicate, time_literal(value)))
    return triples


def derivation_triples(owner: ox.NamedNode, derivation: Derivation) -> list[ox.Triple]:
    """The ``kg:Derivation`` node linking ``owner`` to one source."""
    evidence = derivation.evidence
    key = _digest(
        owner.value,
        derivation.source.value,
        evidence.text if evidence else "",
        str(evidence.start if evidence else ""),
    )
    node = KGR["derivation/" + key]
    triples = [
        ox.Triple(owner, PROV.wasDerivedFrom, derivation.source),
        ox.Triple(owner, PROV.qualifiedDerivation, node),
        ox.Triple(node, RDF.type, KG.Derivation),
        ox.Triple(node, PROV.entity, derivation.source),
        *_time_triples(node, derivation.start, derivation.end, derivation.point),
    ]
    if derivation.time_note:
        triples.append(ox.Triple(node, KG.timeNote, ox.Literal(derivation.time_note)))
    if derivation.confidence is not None:
        triples.append(ox.Triple(node, KG.confidence, _decimal(derivation.confidence)))
    for claimant in derivation.claimed_by:
        triples.append(ox.Triple(node, KG.claimedBy, claimant))
    if derivation.stage:
        triples.append(ox.Triple(node, KG.extractionStage, ox.Literal(derivation.stage)))
    if evidence is not None:
        selector = KGR["evidence/" + key]
        triples += [
            ox.Triple(node, KG.evidence, selector),
            ox.Triple(selector, RDF.type, OA.TextQuoteSelector),
            ox.Triple(selector, OA.exact, ox.Literal(evidence.text)),
        ]
        if evidence.start is not None and evidence.end is not None:
            triples += [
                ox.Triple(selector, RDF.type, OA.TextPositionSelector),
                ox.Triple(selector, OA.start, ox.Literal(str(evidence.start), datatype=XSD.integer)),
                ox.Triple(selector, OA.end, ox.Literal(str(evidence.end), datatype=XSD.integer)),
            ]
    return triples


def relation_triples(fact: RelationFact) -> list[ox.Triple]:
    """Direct triple, statement node and derivation for one relation from one source."""
    if fact.predicate not in relations():
        raise ValueError(f"{fact.predicate!r} is not a kg relation")
    subject, obj = canonical(fact.subject, fact.predicate, fact.object)
    predicate = relations()[fact.predicate].iri
    node = statement_iri(subject, fact.predicate, obj)
    triples = [
        ox.Triple(subject, predicate, obj),
        ox.Triple(node, RDF.type, KG.RelationStatement),
        ox.Triple(node, RDF.subject, subject),
        ox.Triple(node, RDF.predicate, predicate),
        ox.Triple(node, RDF.object, obj),
    ]
    if fact.role:
        triples.append(ox.Triple(node, KG.role, ox.Literal(fact.role)))
    if fact.curated:
        triples.append(ox.Triple(node, KG.curated, ox.Literal("true", datatype=XSD.boolean)))
    return triples + derivation_triples(node, fact.derivation)


@dataclass
class Entity:
    """An actor or place: its class (a kg local name), labels and descriptive links."""

    iri: ox.NamedNode
    type: str
    label: str
    aliases: Sequence[str] = ()
    country: ox.NamedNode | None = None
    located_in: ox.NamedNode | None = None
    part_of: ox.NamedNode | None = None
    description: str | None = None


def entity_triples(entity: Entity) -> list[ox.Triple]:
    node = entity.iri
    triples = [
        ox.Triple(node, RDF.type, KG[entity.type]),
        ox.Triple(node, SKOS.prefLabel, ox.Literal(entity.label)),
    ]
    triples += [
        ox.Triple(node, SKOS.altLabel, ox.Literal(alias))
        for alias in dict.fromkeys(entity.aliases)
        if alias != entity.label
    ]
    if entity.country is not None:
        triples.append(ox.Triple(node, KG.country, entity.country))
    if entity.located_in is not None:
        triples.append(ox.Triple(node, KG.locatedIn, entity.located_in))
    if entity.part_of is not None:
        triples.append(ox.Triple(node, ORG.subOrganizationOf, entity.part_of))
    if entity.description:
        triples.append(ox.Triple(node, RDFS.comment, ox.Literal(entity.description)))
    return triples


@dataclass
class Occurrence:
    """An event (``type`` one of kg's event classes) or a figure (``type`` Figure/CasualtyFigure)."""

    iri: ox.NamedNode
    type: str
    derivation: Derivation
    label: str | None = None
    start: str | None = None
    end: str | None = None
    point: str | None = None
    places: Sequence[ox.NamedNode] = ()
    agents: Sequence[ox.NamedNode] = ()
    targets: Sequence[ox.NamedNode] = ()
    description: str | None = None
    measure: str | None = None
    count: int | None = None
    qualifier: str | None = None
    victims: str | None = None
    tally_by: ox.NamedNode | None = None
    figure_of: ox.NamedNode | None = None
    extra: list[ox.Triple] = field(default_factory=list)


def occurrence_triples(item: Occurrence) -> list[ox.Triple]:
    node = item.iri
    triples = [ox.Triple(node, RDF.type, KG[item.type])]
    if item.label:
        triples.append(ox.Triple(node, SKOS.prefLabel, ox.Literal(item.label)))
    triples += _time_triples(node, item.start, item.end, item.point)
    triples += [ox.Triple(node, KG.place, place) for place in item.places]
    triples += [ox.Triple(node, KG.agent, agent) for agent in item.agents]
    triples += [ox.Triple(node, KG.target, target) for target in item.targets]
    literals = (
        (KG.description, item.description),
        (KG.measure, item.measure),
        (KG.qualifier, item.qualifier),
        (KG.victims, item.victims),
    )
    triples += [ox.Triple(node, p, ox.Literal(v)) for p, v in literals if v]
    if item.count is not None:
        triples.append(ox.Triple(node, KG["count"], ox.Literal(str(int(item.count)), datatype=XSD.integer)))
    if item.tally_by is not None:
        triples.append(ox.Triple(node, KG.tallyBy, item.tally_by))
    if item.figure_of is not None:
        triples.append(ox.Triple(node, KG.figureOf, item.figure_of))
    return triples + item.extra + derivation_triples(node, item.derivation)


@dataclass
class Source:
    iri: ox.NamedNode
    title: str
    kind: str
    publisher: ox.NamedNode | None = None
    issued: str | None = None
    sha256: str | None = None
    place: ox.NamedNode | None = None
    note: str | None = None


def source_triples(source: Source) -> list[ox.Triple]:
    node = source.iri
    triples = [
        ox.Triple(node, RDF.type, KG.SourceDocument),
        ox.Triple(node, DCTERMS.title, ox.Literal(source.title)),
        ox.Triple(node, KG.sourceKind, ox.Literal(source.kind)),
    ]
    if source.publisher is not None:
        triples.append(ox.Triple(node, DCTERMS.publisher, source.publisher))
    if source.issued:
        triples.append(ox.Triple(node, DCTERMS.issued, time_literal(source.issued)))
    if source.sha256:
        triples.append(ox.Triple(node, KG.sha256, ox.Literal(source.sha256)))
    if source.place is not None:
        triples.append(ox.Triple(node, DCTERMS.spatial, source.place))
    if source.note:
        triples.append(ox.Triple(node, RDFS.comment, ox.Literal(source.note)))
    return triples


def unique(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Drop repeated triples, keeping first-seen order (deterministic output)."""
    return list(dict.fromkeys(triples))
