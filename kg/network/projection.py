"""RDF to networkx: the actors as nodes, every relation statement as an edge.

:mod:`kg.network.reading` gets the rows from the store; :func:`project` joins them into a
``networkx.MultiDiGraph`` and applies the filters. Relation meaning (sign, symmetry) is
read from the ontology through :func:`kg.ontology.relations`, never kept here.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg import ontology
from kg.collector import collector_paused
from kg.errors import KgError
from kg.names import normalize
from kg.network import cache as projection_cache
from kg.network.dates import parse_date, valid_on
from kg.network.reading import DETAILS, Derivation, Records, node_classes
from kg.store import Store
from kg.vocab import KGR_NS

__all__ = ["collapse", "find_node", "project", "signed", "undirected"]


def _resolve_party(nodes: dict[str, dict], party: str) -> str:
    """An actor IRI from an IRI, a ``kgr:`` name, a label or an alias."""
    if party in nodes:
        return party
    if party.startswith("kgr:") and KGR_NS + party[4:] in nodes:
        return KGR_NS + party[4:]
    key = normalize(party)
    found = sorted(
        iri for iri, data in nodes.items()
        if key and any(normalize(name) == key for name in [data["label"] or "", *data["aliases"]])
    )
    if not found:
        raise KgError(f"{party!r}: no actor of that name, alias or IRI in the store")
    if len(found) > 1:
        raise KgError(f"{party!r} is ambiguous: {', '.join(found)}")
    return found[0]


def _add_new_edges(graph: nx.MultiDiGraph, edges: list[tuple[str, str, str, dict]]) -> None:
    """``graph.add_edges_from(edges)`` for keys not yet in the graph, in a third of the time.

    It fills the adjacency dicts the way :meth:`networkx.MultiDiGraph.add_edge` does (one
    key dict shared by ``_succ[u][v]`` and ``_pred[v][u]``, the attribute dict as given),
    without the view lookups and dict copies networkx makes per edge: on a million
    relations that saves seconds. The tests compare the result with ``add_edges_from``.
    """
    succ, pred, node = graph._succ, graph._pred, graph._node
    for u, v, key, data in edges:
        if u not in succ:
            succ[u], pred[u], node[u] = {}, {}, {}
        if v not in succ:
            succ[v], pred[v], node[v] = {}, {}, {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[key] = data


def _keep(derivation: Derivation, as_of: str | None, min_confidence: float | None, excluded: set[str]) -> bool:
    if as_of is not None and not valid_on(as_of, derivation.start, derivation.end, derivation.point):
        return False
    if excluded.intersection(derivation.claimed_by):
        return False
    # A derivation without kg:confidence is a plain statement by its source: it passes any minimum.
    return min_confidence is None or derivation.confidence is None or derivation.confidence >= min_confidence


def _edge_attributes(name: str, sign: int, symmetric: bool, statement: str | None, kept: list[Derivation]) -> dict:
    if not kept:
        return {"relation": name, "sign": sign, "symmetric": symmetric, "start": None, "end": None,
                "point": None, "confidence": None, "claimed_by": [], "independent": True, "sources": [], "evidence": [],
                "statement": statement, "periods": []}
    if len(kept) == 1:  # most statements have one source: the same values as below, without the merging
        (d,) = kept
        return {
            "relation": name, "sign": sign, "symmetric": symmetric,
            "start": d.start or None, "end": d.end or None, "point": d.point or None, "confidence": d.confidence,
            "claimed_by": sorted(set(d.claimed_by)) if d.claimed_by else [], "independent": not d.claimed_by,
            "sources": [d.source] if d.source else [],
            "evidence": [{"quote": quote, "source": d.source} for quote in dict.fromkeys(d.quotes)] if d.quotes else [],
            "statement": statement,
            "periods": [{"start": d.start, "end": d.end, "point": d.point}],
        }
    starts = [d.start for d in kept if d.start]
    ends = [d.end for d in kept if d.end]
    points = [d.point for d in kept if d.point]
    confidences = [d.confidence for d in kept]
    evidence = list({(q, d.source): None for d in kept for q in d.quotes})
    return {
        "relation": name,
        "sign": sign,
        "symmetric": symmetric,
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
        "point": min(points) if points else None,
        "confidence": None if None in confidences else max(confidences),
        "claimed_by": sorted({c for d in kept for c in d.claimed_by}),
        "independent": any(not d.claimed_by for d in kept),
        "sources": sorted({d.source for d in kept if d.source}),
        "evidence": [{"quote": quote, "source": source} for quote, source in evidence],
        "statement": statement,
        "periods": [{"start": d.start, "end": d.end, "point": d.point} for d in kept],
    }


def _check_filters(names: Iterable[str] | None, types: Iterable[str] | None) -> tuple[set[str] | None, set[str] | None]:
    known = ontology.relations()
    wanted_relations = None
    if names is not None:
        wanted_relations = set(names)
        unknown = sorted(wanted_relations - set(known))
        if unknown:
            raise KgError(f"unknown relation {', '.join(unknown)}; known: {', '.join(known)}")
    wanted_types = None
    if types is not None:
        wanted_types = set()
        for name in types:
            expanded = ontology.subclasses(name)
            if name not in node_classes():
                raise KgError(f"unknown actor or place type {name!r}; known: {', '.join(node_classes())}")
            wanted_types |= set(expanded)
    return wanted_relations, wanted_types


def project(
    store: Store,
    *,
    as_of: str | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    min_confidence: float | None = None,
    exclude_claims_by: str | Iterable[str] | None = None,
    isolates: bool = False,
    detail: str = "full",
    cache: bool = True,
) -> nx.MultiDiGraph:
    """The store's actors and relations as a ``networkx.MultiDiGraph``.

    Nodes are IRIs with attributes ``iri``, ``label``, ``type`` (the most specific kg class,
    a local name) and ``aliases``. Each relation statement is one edge, keyed
    ``"<relation> <statement IRI>"``, with ``relation`` (local name), ``sign`` and
    ``symmetric`` (from the ontology), ``start``, ``end``, ``point`` (dates at the source's
    precision), ``confidence`` (the highest of its derivations; ``None`` when a source
    states it plainly), ``claimed_by`` (actor IRIs), ``independent`` (some source reports
    it as fact rather than as someone's claim), ``sources``, ``evidence`` (``quote`` and
    ``source`` dicts) and ``statement`` (``None`` for a relation stated only as a direct
    triple) and ``periods`` (the dates of each derivation, for :func:`kg.network.as_of`).
    A symmetric relation is one edge, from the smaller IRI; its ``symmetric``
    flag says it runs both ways (:func:`undirected` gives that view).
    ``graph.graph["sources"]`` maps source IRIs to titles.

    Parameters
    ----------
    store : kg.store.Store
        The store to read.
    as_of : str, optional
        Keep relations that hold on this date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``):
        begun, not ended, and, when observed at a point in time, observed by then. Dates
        are compared on their common prefix.
    relations : iterable of str, optional
        Relation local names to keep (``atWarWith``, ``cooperatesWith``…).
    types : iterable of str, optional
        Node classes to keep, with their subclasses (``MilitantGroup``, ``Organization``…).
    min_confidence : float, optional
        Drop derivations with a lower ``kg:confidence`` (plain statements always pass).
    exclude_claims_by : str or iterable of str, optional
        Drop derivations claimed by this party (IRI, ``kgr:`` name, label or alias).
    isolates : bool
        Also keep actors left without any relation.
    detail : {"full", "dates", "structure"}
        How much to read (see :mod:`kg.network.reading`; reading costs time on large
        on-disk stores: on a million statements ``"full"`` reads about twice what
        ``"dates"`` does, and ``"dates"`` three times what ``"structure"`` does).
        ``"dates"`` leaves out ``sources`` and ``evidence`` (empty lists), which
        :func:`kg.network.add_details` reads later for the edges a result shows;
        ``"structure"`` reads only the direct triples, so edges have no dates,
        confidence or claimants either; it becomes ``"dates"`` when a filter needs them.
        ``graph.graph["detail"]`` records what was read.
    cache : bool
        Use (and keep) what was read in the cache beside an on-disk store
        (:mod:`kg.network.cache`), so an unchanged store is not read again; ``False``
        reads the store.

    Returns
    -------
    networkx.MultiDiGraph
        A relation with no derivation left after the filters is not in the graph; one
        stated only as a direct triple has no dates and holds on every date.

    Notes
    -----
    >>> import kg
    >>> store = kg.open_store("memory:"); _ = kg.build(store)
    >>> graph = project(store, as_of="2020-06-01", relations=["atWarWith"])
    >>> sorted(graph.nodes[n]["label"] for n in graph)[:3]
    ['Islamic State in the Greater Sahara', "Jama'at Nusrat al-Islam wal-Muslimin", 'al-Qaeda']
    """
    if as_of is not None:
        as_of = parse_date(as_of, "as of")
    wanted_relations, wanted_types = _check_filters(relations, types)
    if detail not in DETAILS:
        raise KgError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    if detail == "structure" and (as_of or min_confidence is not None or exclude_claims_by):
        detail = "dates"
    with collector_paused(keep=True):
        records = projection_cache.read(store, detail, wanted_relations, cache=cache)
        return _project(records, as_of, wanted_relations, wanted_types, min_confidence, exclude_claims_by, isolates, detail)


def _project(records: Records, as_of: str | None, wanted_relations: set[str] | None, wanted_types: set[str] | None,
             min_confidence: float | None, exclude_claims_by: str | Iterable[str] | None, isolates: bool,
             detail: str) -> nx.MultiDiGraph:
    nodes = records.nodes
    if isinstance(exclude_claims_by, str):
        exclude_claims_by = [exclude_claims_by]
    try:
        excluded = {_resolve_party(nodes, party) for party in exclude_claims_by or ()}
    except KgError as error:
        raise KgError(f"exclude claims by {error}") from None

    meaning = {name: (relation.sign, relation.symmetric) for name, relation in ontology.relations().items()}
    filtering = as_of is not None or min_confidence is not None or bool(excluded)
    type_of = {iri: data["type"] for iri, data in nodes.items()} if wanted_types is not None else {}
    edges = []
    for subject, name, obj, statement, iri, found in zip(records.subjects, records.names, records.objects,
                                                        records.statements, records.iris, records.derivations):
        if wanted_relations is not None and name not in wanted_relations:
            continue
        if wanted_types is not None and (type_of.get(subject) not in wanted_types or type_of.get(obj) not in wanted_types):
            continue
        kept = [d for d in found if _keep(d, as_of, min_confidence, excluded)] if filtering else found
        if found and not kept:
            continue
        sign, symmetric = meaning[name]
        edges.append((subject, obj, f"{name} {iri}", _edge_attributes(name, sign, symmetric, statement, kept)))
    graph = nx.MultiDiGraph(as_of=as_of, detail=detail)
    _add_new_edges(graph, edges)
    if isolates:
        actor_types = ontology.actor_types()
        graph.add_nodes_from(iri for iri, data in nodes.items()
                             if data["type"] in actor_types and (wanted_types is None or data["type"] in wanted_types))
    for iri, attributes in graph.nodes(data=True):
        data = nodes.get(iri) or {"iri": iri, "label": None, "type": None, "aliases": []}
        attributes.update(data, label=data["label"] or iri.rsplit("/", 1)[-1])
    used = {d.source for found in records.derivations for d in found if d.source} if records.titles else set()
    graph.graph["sources"] = {iri: title for iri, title in records.titles.items() if iri in used}
    return graph


def find_node(graph: nx.Graph, name: str) -> str:
    """The node a name refers to: its IRI, ``kgr:`` name, label or an alias (spelling folded).

    >>> graph = nx.Graph(); graph.add_node("https://w3id.org/kg/id/jnim", label="JNIM group", aliases=["JNIM"])
    >>> find_node(graph, "jnim")
    'https://w3id.org/kg/id/jnim'
    """
    try:
        return _resolve_party({n: {"label": d.get("label"), "aliases": d.get("aliases", [])} for n, d in graph.nodes(data=True)},
                              name)
    except KgError:
        raise KgError(f"{name!r}: no actor of that name, alias or IRI in the graph") from None


def undirected(graph: nx.MultiDiGraph) -> nx.MultiGraph:
    """Every relation as an undirected edge, its direction kept in ``subject`` and ``object``.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", relation="atWarWith")
    >>> [(d["subject"], d["object"]) for *_, d in undirected(g).edges(data=True)]
    [('a', 'b')]
    """
    view = nx.MultiGraph(**graph.graph)
    view.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        view.add_edge(u, v, key=key, **data, subject=u, object=v)
    return view


def _recency(data: dict) -> tuple[int, str]:
    """Order relations by how recently they held: open ones first, then by latest date."""
    if data.get("end"):
        return 0, data["end"]
    return 1, data.get("start") or data.get("point") or ""


def collapse(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per pair of actors, with a net ``sign`` for signed-network measures.

    Each edge carries ``weight`` (the number of relations between the pair), ``positive``,
    ``negative`` and ``neutral`` (counts by sign), ``relations`` (their local names) and
    ``sign``: +1 or -1 when the signed relations agree, 0 when the pair has only neutral
    ones (leadership, presence). When a pair has both, ``mixed`` is set and the sign is
    that of the relation that held most recently: one without an end beats one that
    ended, then the later start (or observation) wins; a tie counts as hostile. Use
    ``project(..., as_of=…)`` to look at one moment instead.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("isgs", "jnim", relation="cooperatesWith", sign=1, end="2020-05-08")
    >>> _ = g.add_edge("isgs", "jnim", relation="atWarWith", sign=-1, start="2020-05-08")
    >>> collapse(g).edges["isgs", "jnim"]["sign"]
    -1
    """
    result = nx.Graph(**graph.graph)
    result.add_nodes_from(graph.nodes(data=True))
    pairs: dict[tuple, list[dict]] = {}
    for u, v, data in graph.edges(data=True):
        if u != v:
            pairs.setdefault((u, v) if (v, u) not in pairs else (v, u), []).append(data)
    for (u, v), items in pairs.items():
        signs = [d.get("sign", 0) for d in items]
        positive, negative = signs.count(1), signs.count(-1)
        if positive and negative:
            latest = max(_recency(d) for d in items if d.get("sign"))
            winners = {d["sign"] for d in items if d.get("sign") and _recency(d) == latest}
            sign = 1 if winners == {1} else -1
        else:
            sign = 1 if positive else -1 if negative else 0
        result.add_edge(u, v, sign=sign, weight=len(items), positive=positive, negative=negative,
                        neutral=len(items) - positive - negative, mixed=bool(positive and negative),
                        relations=sorted({d.get("relation", "") for d in items}))
    return result


def signed(graph: nx.Graph) -> nx.Graph:
    """The edges of a collapsed graph whose sign is +1 or -1, with their end nodes.

    >>> g = nx.Graph(); g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=0)
    >>> sorted(signed(g).edges)
    [('a', 'b')]
    """
    result = nx.Graph(**graph.graph)
    edges = [(u, v, d) for u, v, d in graph.edges(data=True) if d.get("sign") in (1, -1)]
    result.add_nodes_from((n, graph.nodes[n]) for u, v, _ in edges for n in (u, v))
    result.add_edges_from(edges)
    return result
