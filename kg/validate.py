"""SHACL validation of a store or a set of triples with pySHACL (``ontology/shapes.ttl``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

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


@cache
def _shapes():
    import rdflib

    return rdflib.Graph().parse(shapes_file(), format="turtle")


def validate_triples(triples: Iterable[ox.Triple | ox.Quad]) -> ValidationReport:
    """Validate the union of the given triples (quads lose their graph name)."""
    import pyshacl
    import rdflib

    text = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    data = rdflib.Graph().parse(data=text, format="nt")
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
