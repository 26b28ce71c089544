"""Sources and evidence for the few relations a result shows, read when it shows them.

Reading every derivation's source and quote costs more than all the rest of a
projection on a large store, and no measure looks at them: only what is shown to a
reader does (a path's hops, the relations that changed between two dates). So the
commands project at ``detail="dates"`` and :func:`add_details` then reads the sources
and quotes of just those relations, with the filters of the projection, giving them the
``sources`` and ``evidence`` a ``detail="full"`` projection would have.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.network.projection import _edge_attributes, _keep, _resolve_party
from kg.network.reading import Derivation
from kg.store import Store
from kg.vocab import DCTERMS, KG, OA, PROV, SKOS

__all__ = ["add_details"]

_BATCH = 400
_DERIVATIONS = f"""SELECT DISTINCT ?st ?d ?source ?start ?end ?point ?confidence ?claimant ?quote WHERE {{
  ?st {PROV.qualifiedDerivation} ?d .
  OPTIONAL {{ ?d {PROV.entity} ?source }}
  OPTIONAL {{ ?d {KG.start} ?start }}
  OPTIONAL {{ ?d {KG.end} ?end }}
  OPTIONAL {{ ?d {KG.pointInTime} ?point }}
  OPTIONAL {{ ?d {KG.confidence} ?confidence }}
  OPTIONAL {{ ?d {KG.claimedBy} ?claimant }}
  OPTIONAL {{ ?d {KG.evidence} ?evidence . ?evidence {OA.exact} ?quote }}
}}"""
_TITLES = f"SELECT DISTINCT ?s ?title WHERE {{ ?s {DCTERMS.title} ?title }}"


def _batches(items: list, size: int = _BATCH) -> Iterable[list]:
    for at in range(0, len(items), size):
        yield items[at:at + size]


def _derivations(store: Store, statements: list[str]) -> dict[str, list[Derivation]]:
    """The derivations of these statements, each with its source and quotes, in the store's order."""
    found: dict[str, dict[str, dict]] = {}
    for batch in _batches(statements):
        result = store.query(_DERIVATIONS, {"st": [ox.NamedNode(st) for st in batch]})
        for row in result.records():
            value = {name: term.value for name, term in row.items()}
            slot = found.setdefault(value["st"], {}).setdefault(value["d"], {"claimants": {}, "quotes": {}})
            for name in ("source", "start", "end", "point"):
                if name in value:
                    slot[name] = value[name]
            if "confidence" in value:
                slot["confidence"] = max(float(value["confidence"]), slot.get("confidence") or 0.0)
            if "claimant" in value:
                slot["claimants"][value["claimant"]] = None
            if "quote" in value:
                slot["quotes"][value["quote"]] = None
    return {st: [Derivation(s.get("source"), s.get("start"), s.get("end"), s.get("point"), s.get("confidence"),
                            tuple(s["claimants"]), tuple(s["quotes"])) for s in by_d.values()]
            for st, by_d in found.items()}


def _titles(store: Store, sources: set[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for batch in _batches(sorted(sources)):
        for row in store.query(_TITLES, {"s": [ox.NamedNode(s) for s in batch]}).rows:
            titles[row[0].value] = row[1].value
    return titles


def _claimants(store: Store, parties: Iterable[str]) -> set[str]:
    """Actor IRIs for names, aliases or IRIs, resolved against the whole store as :func:`kg.network.project` does."""
    nodes: dict[str, dict] = {}
    for predicate, slot in ((SKOS.prefLabel, "label"), (SKOS.altLabel, "aliases")):
        for subject, name in store.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}").rows:
            node = nodes.setdefault(subject.value, {"label": None, "aliases": []})
            if slot == "label":
                node["label"] = name.value
            else:
                node["aliases"].append(name.value)
    return {_resolve_party(nodes, party) for party in parties}


def add_details(store: Store, graph: nx.MultiDiGraph, edges: Iterable[tuple], *, min_confidence: float | None = None,
                exclude_claims_by: str | Iterable[str] | None = None) -> None:
    """Give these edges of a projection the ``sources`` and ``evidence`` of a ``detail="full"`` one.

    Only the edges' own statements are read, so this is quick for the relations a result
    shows even on a large store. The projection's ``as_of`` is taken from the graph; pass
    the ``min_confidence`` and ``exclude_claims_by`` it was made with, so the same
    derivations count. ``graph.graph["sources"]`` gains the titles of their sources.

    Parameters
    ----------
    store : kg.store.Store
        The store the graph was projected from.
    graph : networkx.MultiDiGraph
        A projection (:func:`kg.network.project`), usually at ``detail="dates"``.
    edges : iterable of (u, v, key)
        The edges to complete; edges without a statement node have no details.
    min_confidence, exclude_claims_by
        The filters the projection was made with.

    Notes
    -----
    >>> import kg
    >>> from kg.network import project
    >>> store = kg.open_store("memory:"); _ = kg.build(store)
    >>> graph = project(store, detail="dates", relations=["atWarWith"])
    >>> add_details(store, graph, graph.edges(keys=True))
    >>> any(data["evidence"] for *_, data in graph.edges(data=True))
    True
    """
    if isinstance(exclude_claims_by, str):
        exclude_claims_by = [exclude_claims_by]
    excluded = _claimants(store, exclude_claims_by) if exclude_claims_by else set()
    as_of = graph.graph.get("as_of")
    wanted = {(u, v, key): graph.edges[u, v, key] for u, v, key in edges}
    # A blank statement node (its id has no scheme) cannot be named in a query: it keeps no details.
    statements = sorted({data["statement"] for data in wanted.values() if ":" in (data.get("statement") or "")})
    derivations = _derivations(store, statements)
    used: set[str] = set()
    for data in wanted.values():
        found = derivations.get(data.get("statement") or "", [])
        kept = [d for d in found if _keep(d, as_of, min_confidence, excluded)]
        full = _edge_attributes(data["relation"], data["sign"], data["symmetric"], data["statement"], kept)
        data["sources"], data["evidence"] = full["sources"], full["evidence"]
        used.update(d.source for d in found if d.source)
    sources = graph.graph.setdefault("sources", {})
    missing = used - sources.keys()
    if missing:
        sources.update(_titles(store, missing))

