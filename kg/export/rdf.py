"""RDF exports, streamed from the store by pyoxigraph's serialisers.

N-Quads, TriG and JSON-LD keep each named graph (one per source document or dataset
file). Turtle has no named graphs: it gets the union of the selected graphs, so a triple
that several graphs hold appears once per graph (any reader merges them); use ``--graph``
for one graph, or a dataset format to keep the graphs apart.

By default the ontology and the built-in Sahel graph are left out: ``kg build`` loads them
itself and refuses a file that holds them again, so the default export is what
``kg build --data FILE`` restores. ``include_builtin`` keeps them, for other tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import LocalStore, Store
from kg.vocab import PREFIXES

RDF_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
}


def builtin_graph_names() -> set[ox.NamedNode]:
    """The graphs ``kg build`` always writes itself: the ontology and the built-in curated data."""
    from kg.build import builtin_graphs

    return set(builtin_graphs())


def _graph_quads(store: Store, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    if isinstance(store, LocalStore):
        # Straight from the store's index: nothing is collected in memory.
        yield from store.oxigraph.quads_for_pattern(None, None, None, graph)
        return
    result = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
    for s, p, o in result.rows:
        yield ox.Quad(s, p, o, graph)


def _counted(items: Iterable, counter: list[int]) -> Iterator:
    for item in items:
        counter[0] += 1
        yield item


def write_rdf(store: Store, graphs: list[ox.NamedNode], fmt: str, path: Path) -> int:
    """Write ``graphs`` to ``path`` in ``fmt`` (a key of :data:`RDF_FORMATS`); returns the statements written."""
    rdf_format = RDF_FORMATS[fmt]
    quads: Iterable = (quad for graph in graphs for quad in _graph_quads(store, graph))
    if not rdf_format.supports_datasets:
        quads = (quad.triple for quad in quads)
    counter = [0]
    prefixes = dict(PREFIXES) if fmt != "nquads" else None
    try:
        ox.serialize(_counted(quads, counter), str(path), rdf_format, prefixes=prefixes)
    except OSError as error:
        raise KgError(f"{path}: cannot write: {error}") from None
    return counter[0]
