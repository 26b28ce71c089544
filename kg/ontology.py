"""What the ontology says about relations and classes, read from ``ontology/kg.ttl``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.resources import ontology_files
from kg.vocab import KG, KG_NS, OWL, RDF, RDFS


@dataclass(frozen=True)
class Relation:
    """One relation property and its meaning.

    ``sign`` is +1 (cooperation, affiliation), -1 (hostility) or 0 (neutral);
    ``inverse`` is the local name of the inverse property, ``None`` for symmetric ones.
    """

    name: str
    iri: ox.NamedNode
    label: str
    symmetric: bool
    sign: int
    inverse: str | None
    plover: tuple[str, ...]
    cameo: tuple[str, ...]
    mmp: tuple[str, ...]


@cache
def ontology_graph() -> tuple[ox.Triple, ...]:
    """The ontology's triples: ``ontology/kg.ttl`` and its companion files, without the shapes."""
    return tuple(t for path in ontology_files() for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def _local(term: ox.NamedNode) -> str:
    return term.value[len(KG_NS):] if term.value.startswith(KG_NS) else term.value


@cache
def relations() -> dict[str, Relation]:
    """Every ``kg:Relation`` by local name, in the order the ontology declares them."""
    by_subject: dict[ox.NamedNode, list[ox.Triple]] = {}
    order: list[ox.NamedNode] = []
    for triple in ontology_graph():
        if triple.predicate == RDF.type and triple.object == KG.Relation:
            order.append(triple.subject)
        by_subject.setdefault(triple.subject, []).append(triple)
    result = {}
    for iri in order:
        facts = by_subject[iri]

        def values(predicate: ox.NamedNode, facts: list[ox.Triple] = facts) -> list:
            return [t.object for t in facts if t.predicate == predicate]

        types = values(RDF.type)
        inverse = values(OWL.inverseOf)
        name = _local(iri)
        result[name] = Relation(
            name=name,
            iri=iri,
            label=str(values(RDFS.label)[0].value),
            symmetric=OWL.SymmetricProperty in types,
            sign=int(values(KG.sign)[0].value),
            inverse=_local(inverse[0]) if inverse else None,
            plover=tuple(sorted(lit.value for lit in values(KG.ploverEventType))),
            cameo=tuple(sorted(lit.value for lit in values(KG.cameoRoot))),
            mmp=tuple(sorted(lit.value for lit in values(KG.mmpCode))),
        )
    return result


@cache
def subclasses(root: str) -> frozenset[str]:
    """Local names of ``kg:root`` and every class below it."""
    children: dict[str, set[str]] = {}
    for triple in ontology_graph():
        if triple.predicate == RDFS.subClassOf and isinstance(triple.object, ox.NamedNode):
            children.setdefault(_local(triple.object), set()).add(_local(triple.subject))
    found, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(children.get(name, ()))
    return frozenset(found)


def most_specific(classes: Iterable[str]) -> str | None:
    """The most specific of these kg classes (the first by name among equals); ``None`` for none.

    One rule for every reader that must pick a single class for a node typed several ways
    (the projection's node type, the gazetteer's kind).
    """
    classes = set(classes)
    specific = [c for c in classes if not any(other != c and other in subclasses(c) for other in classes)]
    return min(specific) if specific else None


def actor_types() -> frozenset[str]:
    """Concrete actor classes: the leaves under ``kg:Actor``."""
    return frozenset(subclasses("Actor") - {"Actor", "Organization"})


def place_types() -> frozenset[str]:
    return frozenset(subclasses("Place") - {"Place"})


def event_types() -> frozenset[str]:
    return frozenset(subclasses("Event") - {"Event"})
