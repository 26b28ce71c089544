"""Reading what a projection needs from the store, one triple pattern at a time.

Oxigraph has no cost-based optimiser, and the union of named graphs it uses as default
graph repeats a triple once per graph that holds it, so a join over statement nodes
multiplies rows. Every query here is therefore a single triple pattern, and the rows
are joined in Python. What costs most on an on-disk store is turning stored terms back
into strings (a few microseconds each), so each query asks for two terms a row and the
reader asks only for what the requested ``detail`` needs:

- ``"structure"``: the direct triples, labels and classes;
- ``"dates"``: also each statement's derivations with their time, confidence and claimants;
- ``"full"``: also each derivation's source and evidence quote, and the sources' titles.

On an embedded store the rows stream straight from pyoxigraph; on a SPARQL endpoint
they come through :meth:`kg.store.Store.query`. Both feed the same joins.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import ontology
from kg.statements import statement_iri
from kg.store import LocalStore, Store
from kg.vocab import DCTERMS, KG, OA, PREFIXES, PROV, RDF, SKOS

__all__ = ["DETAILS", "Derivation", "Records", "canonical", "node_classes", "read"]

DETAILS = ("structure", "dates", "full")
Key = tuple[str, str, str]


@dataclass
class Derivation:
    """What one source says about a statement, as far as a projection needs it."""

    source: str | None = None
    start: str | None = None
    end: str | None = None
    point: str | None = None
    confidence: float | None = None
    claimed_by: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Records:
    """The store's relations, statements, derivations and nodes, as plain strings."""

    direct: set[Key]
    minted: dict[Key, str]
    statements: dict[Key, str]
    derivations: dict[str, list[Derivation]]
    nodes: dict[str, dict]
    titles: dict[str, str]


def node_classes() -> list[str]:
    """The kg classes a node of a projection can have: actors and places."""
    return sorted(ontology.subclasses("Actor") | ontology.subclasses("Place"))


def _rows(store: Store, sparql: str) -> Iterator[tuple]:
    if isinstance(store, LocalStore) and store.oxigraph is not None:
        for solution in store.oxigraph.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True):
            yield tuple(solution)
    else:
        yield from store.query(sparql).rows


def _pairs(store: Store, predicate: ox.NamedNode, obj: ox.NamedNode | None = None) -> Iterator[tuple[str, str]]:
    """``(subject, object)`` values of one triple pattern (only subjects when ``obj`` is fixed)."""
    if obj is not None:
        for (subject,) in _rows(store, f"SELECT DISTINCT ?s WHERE {{ ?s {predicate} {obj} }}"):
            yield subject.value, obj.value
        return
    for subject, value in _rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
        yield subject.value, value.value


def canonical(subject: str, name: str, obj: str) -> Key:
    """Symmetric relations have one direction, the smaller IRI first (as ``kg.statements`` stores them)."""
    if ontology.relations()[name].symmetric and obj < subject:
        return obj, name, subject
    return subject, name, obj


def _direct(store: Store, names: set[str] | None) -> set[Key]:
    direct = set()
    for name, relation in ontology.relations().items():
        if names is not None and name not in names:
            continue
        direct.update(canonical(s, name, o) for s, o in _pairs(store, relation.iri))
    return direct


def _minted(direct: set[Key]) -> dict[Key, str]:
    """The statement IRI ``kg.statements`` gives each relation (it is derived from the triple)."""
    return {(s, name, o): statement_iri(ox.NamedNode(s), name, ox.NamedNode(o)).value for s, name, o in direct}


def _statements(store: Store, minted_by_key: dict[Key, str], wanted: set[str] | None) -> dict[Key, str]:
    """Each relation's statement node. Most have the IRI kg mints, so they need no query."""
    minted = {iri: key for key, iri in minted_by_key.items()}
    names = {relation.iri.value: name for name, relation in ontology.relations().items()
             if wanted is None or name in wanted}
    found = {st for predicate in names for st, _ in _pairs(store, RDF.predicate, ox.NamedNode(predicate))}
    statements = {minted[st]: st for st in found if st in minted}
    if len(statements) < len(found):  # statement nodes named some other way: read their triples
        parts: dict[str, dict[str, str]] = {}
        for part in ("subject", "predicate", "object"):
            for st, value in _pairs(store, RDF[part]):
                if st in found and st not in minted:
                    parts.setdefault(st, {})[part] = value
        for st, triple in parts.items():
            if len(triple) == 3 and triple["predicate"] in names:
                statements[canonical(triple["subject"], names[triple["predicate"]], triple["object"])] = st
    return statements


_TIMES = {"start": KG.start, "end": KG.end, "point": KG.pointInTime}


def _derivations(store: Store, statements: set[str], full: bool) -> dict[str, list[Derivation]]:
    owner = {d: st for st, d in _pairs(store, PROV.qualifiedDerivation) if st in statements}
    derivations = {d: Derivation() for d in owner}
    for slot, predicate in _TIMES.items():
        for d, value in _pairs(store, predicate):
            if d in derivations:
                setattr(derivations[d], slot, value)
    for d, value in _pairs(store, KG.confidence):
        if d in derivations:
            derivations[d].confidence = max(float(value), derivations[d].confidence or 0.0)
    for d, claimant in _pairs(store, KG.claimedBy):
        if d in derivations:
            derivations[d].claimed_by.append(claimant)
    if full:
        for d, source in _pairs(store, PROV.entity):
            if d in derivations:
                derivations[d].source = source
        evidence = {e: d for d, e in _pairs(store, KG.evidence) if d in derivations}
        for e, quote in _pairs(store, OA.exact):
            if e in evidence:
                derivations[evidence[e]].quotes.append(quote)
    by_statement: dict[str, list[Derivation]] = {}
    for d, st in owner.items():
        by_statement.setdefault(st, []).append(derivations[d])
    return by_statement


def _nodes(store: Store) -> dict[str, dict]:
    """Label, aliases and most specific kg class of every labelled or typed resource."""
    nodes: dict[str, dict] = {}

    def node(iri: str) -> dict:
        return nodes.setdefault(iri, {"iri": iri, "label": None, "type": None, "aliases": [], "types": set()})

    for iri, label in _pairs(store, SKOS.prefLabel):
        node(iri)["label"] = label
    for iri, alias in _pairs(store, SKOS.altLabel):
        node(iri)["aliases"].append(alias)
    for name in node_classes():
        for iri, _ in _pairs(store, RDF.type, KG[name]):
            node(iri)["types"].add(name)
    for data in nodes.values():
        types = data.pop("types")
        specific = [t for t in types if not any(other != t and other in ontology.subclasses(t) for other in types)]
        data["type"] = min(specific) if specific else None
        data["aliases"] = sorted(set(data["aliases"]) - {data["label"]})
    return nodes


def read(store: Store, detail: str = "full", relations: set[str] | None = None) -> Records:
    """Everything a projection at ``detail`` needs (for the ``relations`` named, or all), read with single-pattern queries."""
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    direct = _direct(store, relations)
    minted = _minted(direct)
    statements: dict[Key, str] = {}
    derivations: dict[str, list[Derivation]] = {}
    if detail != "structure":
        statements = _statements(store, minted, relations)
        derivations = _derivations(store, set(statements.values()), full=detail == "full")
    titles = dict(_pairs(store, DCTERMS.title)) if detail == "full" else {}
    return Records(direct, minted, statements, derivations, _nodes(store), titles)

