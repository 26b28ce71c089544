"""``kg export``: the store, or one source's graph, as a file for other tools.

RDF formats (:mod:`kg.export.rdf`) stream the named graphs through pyoxigraph's
serialisers; network formats (:mod:`kg.export.network`) write the actor network that
:func:`kg.network.project` builds. Every export is written to a temporary file beside the
target and renamed into place when complete (:mod:`kg.export.output`), so a failed export
leaves no partial file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.export.network import NETWORK_FORMATS, csv_paths, network, write_network
from kg.export.output import atomic_paths
from kg.export.rdf import RDF_FORMATS, builtin_graph_names, write_rdf
from kg.store import Store
from kg.vocab import PREFIXES

__all__ = ["FORMATS", "Exported", "export", "format_for", "select_graph"]

FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)
_EXTENSIONS = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".graphml": "graphml",
               ".gexf": "gexf", ".csv": "csv"}


@dataclass
class Exported:
    """What an export wrote: the files, and how many statements (RDF) or actors and relations (network)."""

    files: list[Path]
    graphs: list[str] = field(default_factory=list)
    statements: int = 0
    nodes: int = 0
    edges: int = 0


def format_for(output: Path, fmt: str | None) -> str:
    """The export format: ``fmt`` if given, else read from the output file's extension."""
    if fmt is not None:
        return fmt
    found = _EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise KgError(f"-o {output}: cannot tell the format from the extension; give --format ({'|'.join(FORMATS)})")
    return found


def _as_iri(text: str) -> str:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


def select_graph(store: Store, name: str) -> ox.NamedNode:
    """The named graph that ``--graph name`` means.

    ``name`` may be a graph IRI (``<…>``, ``kgr:…`` or bare), the IRI or title of the source
    document a graph holds, or the last part of a graph IRI (``mali-coup-2020``,
    ``ontology``). Ingested texts and imported files each have their own graph, so an
    analyst can name one by what it came from.
    """
    name = name.strip()
    iri = _as_iri(name)
    graphs = store.graph_names()
    if iri in {g.value for g in graphs}:
        return ox.NamedNode(iri)
    by_source = store.query(
        """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?src a kg:SourceDocument .
             OPTIONAL { ?src dcterms:title ?title } }
             FILTER(STR(?src) = ?name || LCASE(STR(?title)) = LCASE(?name)) }""",
        {"name": ox.Literal(iri if "://" in iri else name)},
    )
    found = {row[0] for row in by_source.rows}
    found |= {g for g in graphs if g.value.rsplit("/", 1)[-1] == name}
    if not found:
        raise KgError(f"--graph {name}: no named graph or source of that IRI, title or name in the store")
    if len(found) > 1:
        raise KgError(f"--graph {name} is ambiguous: {', '.join(sorted(g.value for g in found))}")
    return found.pop()


def _sources_in(store: Store, graph: ox.NamedNode) -> set[str]:
    result = store.query("SELECT ?src WHERE { GRAPH ?g { ?src a kg:SourceDocument } }", {"g": graph})
    sources = {row[0].value for row in result.rows}
    if not sources:
        raise KgError(f"--graph {graph.value}: holds no source document, so no relations can be selected by it "
                      "(the network formats keep the relations a source reports)")
    return sources


def export(store: Store, output: Path, fmt: str, *, graph: str | None = None, as_of: str | None = None,
           include_builtin: bool = False) -> Exported:
    """Export ``store`` to ``output`` as ``fmt`` (one of :data:`FORMATS`).

    ``graph`` selects one named graph (see :func:`select_graph`); for the network formats it
    keeps the relations that graph's sources report. ``as_of`` (network formats only) keeps
    the relations valid on that date. ``include_builtin`` (RDF formats) keeps the ontology
    and the built-in Sahel graph, which are otherwise left out because ``kg build`` loads
    them itself. A CSV export writes two files, see :func:`kg.export.network.csv_paths`.
    """
    if fmt not in FORMATS:
        raise KgError(f"--format {fmt}: unknown; use one of {', '.join(FORMATS)}")
    selected = select_graph(store, graph) if graph is not None else None
    if fmt in RDF_FORMATS:
        if as_of is not None:
            raise KgError(f"--as-of applies to the network formats ({', '.join(NETWORK_FORMATS)}); "
                          f"an {fmt} export keeps every statement with its dates")
        if selected is not None:
            graphs = [selected]
        else:
            left_out = set() if include_builtin else builtin_graph_names()
            graphs = [g for g in store.graph_names() if g not in left_out]
        with atomic_paths(output) as (work,):
            count = write_rdf(store, graphs, fmt, work)
        return Exported(files=[output], graphs=[g.value for g in graphs], statements=count)
    targets = list(csv_paths(output)) if fmt == "csv" else [output]
    with atomic_paths(*targets) as work:
        projected = network(store, as_of=as_of, sources=_sources_in(store, selected) if selected is not None else None)
        write_network(projected, fmt, work)
    return Exported(files=targets, graphs=[selected.value] if selected is not None else [],
                    nodes=projected.number_of_nodes(), edges=projected.number_of_edges())

