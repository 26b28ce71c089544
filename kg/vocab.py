"""RDF vocabularies as pyoxigraph terms.

``KG`` is closed over the terms the ontology declares: ``KG.leaderOf`` works,
a misspelt term raises ``AttributeError`` at once, so the code cannot drift from
``ontology/kg.ttl``.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from kg.resources import ontology_file, ontology_files

KG_NS = "https://w3id.org/kg/ontology#"
KGR_NS = "https://w3id.org/kg/id/"


class Namespace:
    """Terms under one IRI prefix: ``Namespace("http://x/").name`` is ``<http://x/name>``."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        term = ox.NamedNode(self._base + name)
        setattr(self, name, term)  # later look-ups skip __getattr__ (hot in bulk imports)
        return term

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self._base + name)

    def __str__(self) -> str:
        return self._base


class _OntologyNamespace(Namespace):
    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in declared_terms():
            raise AttributeError(f"kg:{name} is not declared in {ontology_file().name}")
        term = ox.NamedNode(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)


@cache
def declared_terms() -> frozenset[str]:
    """Local names of every ``kg:`` term the ontology declares (has an rdf:type for)."""
    names = set()
    triples = (t for path in ontology_files() for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    for triple in triples:
        subject = triple.subject
        if (
            isinstance(subject, ox.NamedNode)
            and subject.value.startswith(KG_NS)
            and triple.predicate == RDF.type
        ):
            names.add(subject.value[len(KG_NS):])
    return frozenset(names)


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
KG = _OntologyNamespace(KG_NS)
KGR = Namespace(KGR_NS)

#: Prefixes pre-bound in every query and used to print compact names.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgr": KGR_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "schema": str(SCHEMA),
}
