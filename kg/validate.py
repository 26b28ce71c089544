"""SHACL validation of a store or a set of triples with pySHACL (``ontology/shapes.ttl``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from threading import Lock

import pyoxigraph as ox

from kg.resources import shapes_file
from kg.store import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int

    def summary(self, limit: int = 20) -> str:
        if self.conforms:
            return f"valid: {self.triples} triples conform to the kg shapes"
        lines = [f"invalid: {len(self.violations)} violation(s) of the kg shapes in {self.triples} triples"]
        for violation in self.violations[:limit]:
            where = f" {violation.path}" if violation.path else ""
            lines.append(f"  {violation.focus}{where}: {violation.message}")
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


_PATCH = Lock()


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """While pySHACL runs, parse each SPARQL constraint once, not once per focus node.

    pySHACL hands rdflib the same query text for every node a SPARQL constraint checks, and
    rdflib parses it anew each time: that parsing was over 90% of validation time. A parsed
    query is reused with the node passed as a binding, as rdflib's prepared queries are meant to be.
    The patch is process-wide, so validations hold a lock while it is in place.
    """
    from rdflib.plugins.sparql import processor

    prepared: dict[tuple, object] = {}

    def query(self, text, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(text, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            index = (text, namespaces, base)
            if index not in prepared:
                prepared[index] = processor.prepareQuery(text, initNs=dict(initNs or {}), base=base)
            text = prepared[index]
        return original(self, text, initBindings or {}, initNs or {}, base, DEBUG)

    with _PATCH:
        original = processor.SPARQLProcessor.query
        processor.SPARQLProcessor.query = query
        try:
            yield
        finally:
            processor.SPARQLProcessor.query = original


@cache
def _shapes():
    import rdflib

    return rdflib.Graph().parse(shapes_file(), format="turtle")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _converter():
    """pyoxigraph terms as the rdflib terms N-Triples parsing would make of them (cached per IRI and datatype):
    handing pySHACL the graph directly saves writing and parsing the text, a fifth of an ingest check."""
    import rdflib

    iris: dict[str, rdflib.URIRef] = {}

    def iri(value: str) -> rdflib.URIRef:
        found = iris.get(value)
        if found is None:
            found = iris[value] = rdflib.URIRef(value)
        return found

    def convert(term):
        if isinstance(term, ox.NamedNode):
            return iri(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return rdflib.Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else iri(datatype))
        if isinstance(term, ox.BlankNode):
            return rdflib.BNode(term.value)
        raise TypeError(f"not an RDF 1.1 term: {term!r}")

    return convert


def validate_triples(triples: Iterable[ox.Triple | ox.Quad]) -> ValidationReport:
    """Validate the union of the given triples (quads lose their graph name)."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    add = data.add
    term = _converter()
    for t in triples:
        add((term(t.subject), term(t.predicate), term(t.object)))
    with _prepared_queries():
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=_shapes(), inference="none", allow_warnings=True
        )
    violations = []
    rows = results.query(
        """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?message ?severity WHERE {
            ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
            OPTIONAL { ?r sh:resultPath ?path }
            OPTIONAL { ?r sh:resultMessage ?message }
        }"""
    )
    for focus, path, message, severity in rows:
        violations.append(
            Violation(
                focus=data.namespace_manager.normalizeUri(focus) if isinstance(focus, rdflib.URIRef) else str(focus),
                path=data.namespace_manager.normalizeUri(path) if isinstance(path, rdflib.URIRef) else "",
                message=str(message or "violates a shape"),
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def validate(store: Store) -> ValidationReport:
    """Validate everything in ``store`` (all named graphs as one graph)."""
    return validate_triples(store.quads())
