"""Reading what a projection needs from the store, one triple pattern at a time.

Oxigraph has no cost-based optimiser, and the union of named graphs it uses as default
graph repeats a triple once per graph that holds it, so a join over statement nodes
multiplies rows; a join it does run costs an index lookup per row. Every query here is
therefore a single triple pattern (a sequential index scan), and the rows are joined in
Python. What costs most on an on-disk store is turning a stored IRI back into a string
(a random read, a few microseconds), so the reader asks only for what the requested
``detail`` needs, and never for what it can compute:

- ``"structure"``: the direct triples, labels and classes;
- ``"dates"``: also each statement's derivations with their time, confidence and claimants;
- ``"full"``: also each derivation's source and evidence quote, and the sources' titles.

A relation's statement node normally has the IRI :func:`kg.statements.statement_iri`
mints from the triple, so it is computed, not read; one count query checks that the
store holds no other statement nodes, and only if it does are they read.

On an embedded store every query's rows are written out as CSV by pyoxigraph, which
does so without holding Python's lock, so the queries run two at a time on two threads
while Python parses the previous answers. On a SPARQL endpoint the same queries go one
after the other through :meth:`kg.store.Store.query`. Both feed the same joins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg import ontology
from kg.sparql import csv_rows
from kg.statements import statement_iri_value
from kg.store import LocalStore, Store
from kg.vocab import DCTERMS, KG, OA, PROV, RDF, SKOS

__all__ = ["DETAILS", "Derivation", "Records", "canonical", "node_classes", "patterns", "read", "row_key", "statement_count"]

DETAILS = ("structure", "dates", "full")
Key = tuple[str, str, str]
Rows = list[tuple[str, str]]
#: Queries run at once on an embedded store (pyoxigraph writes their CSV without Python's lock).
THREADS = 2
#: Predicates whose objects are literals (the rest link nodes, which may be blank).
_LITERALS = frozenset({KG.start, KG.end, KG.pointInTime, KG.confidence, OA.exact, SKOS.prefLabel, SKOS.altLabel,
                       DCTERMS.title})


class Derivation(NamedTuple):
    """What one source says about a statement, as far as a projection needs it."""

    source: str | None = None
    start: str | None = None
    end: str | None = None
    point: str | None = None
    confidence: float | None = None
    claimed_by: Sequence[str] = ()
    quotes: Sequence[str] = ()


class Records(NamedTuple):
    """The store's relations, statements, derivations and nodes, as plain strings.

    The first six are columns with one row per relation (stated as a direct triple, by a
    statement node, or both), in the order a projection adds them, sorted by subject,
    relation and object: ``statements`` is the statement node (``None`` for a relation
    stated only as a direct triple), ``iris`` the IRI that names its edge (the statement
    node, else the one :func:`kg.statements.statement_iri` would mint), ``derivations``
    what each source says of it (empty at ``"structure"``). ``nodes`` has the label,
    aliases and class of every labelled or typed resource; ``titles`` the sources' titles.
    """

    subjects: list[str]
    names: list[str]
    objects: list[str]
    statements: list[str | None]
    iris: list[str]
    derivations: list[Sequence[Derivation]]
    nodes: dict[str, dict]
    titles: dict[str, str]


def node_classes() -> list[str]:
    """The kg classes a node of a projection can have: actors and places."""
    return sorted(ontology.subclasses("Actor") | ontology.subclasses("Place"))


def _pattern(predicate: ox.NamedNode, obj: ox.NamedNode | None = None) -> str:
    """One triple pattern's distinct ``?s ?o`` (only ``?s`` when the object is fixed)."""
    if obj is not None:
        return f"SELECT DISTINCT ?s WHERE {{ ?s {predicate} {obj} }}"
    return f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}"


def _remote_rows(store: Store, sparql: str, into: Callable) -> Any:
    return into([term.value for term in row] for row in store.query(sparql).rows)


class _Reader:
    """Runs single-pattern queries: all at once on an embedded store, one by one on an endpoint."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.oxigraph = store.oxigraph if isinstance(store, LocalStore) else None
        self.pool = ThreadPoolExecutor(THREADS) if self.oxigraph is not None else None

    def submit(self, sparql: str, literal: bool = False, into: Callable = list) -> Callable[[], Any]:
        """Start a query; call the result to wait for its rows, made ``into`` a list or dict (on the reading thread)."""
        if self.pool is not None:
            return self.pool.submit(csv_rows, self.oxigraph, sparql, literal, into).result
        return lambda: _remote_rows(self.store, sparql, into)

    def pairs(self, predicate: ox.NamedNode, obj: ox.NamedNode | None = None, into: Callable = list) -> Callable[[], Any]:
        return self.submit(_pattern(predicate, obj), literal=predicate in _LITERALS, into=into)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def canonical(subject: str, name: str, obj: str) -> Key:
    """Symmetric relations have one direction, the smaller IRI first (as ``kg.statements`` stores them)."""
    if ontology.relations()[name].symmetric and obj < subject:
        return obj, name, subject
    return subject, name, obj


def _direct(found: dict[str, Callable[[], Rows]]) -> set[Key]:
    direct: set[Key] = set()
    relations = ontology.relations()
    for name, rows in found.items():
        if relations[name].symmetric:
            direct.update((s, name, o) if s <= o else (o, name, s) for s, o in rows())
        else:
            direct.update((s, name, o) for s, o in rows())
    return direct


def _minted(direct: Iterable[Key]) -> dict[Key, str]:
    """The statement IRI ``kg.statements.statement_iri`` gives each relation (a digest of the canonical triple)."""
    return {key: statement_iri_value(*key) for key in direct}


def _statement_nodes(reader: _Reader, names: dict[str, str], minted_by_key: dict[Key, str],
                     subjects: Iterable[str]) -> tuple[dict[Key, str], bool]:
    """Each relation's statement node: the minted ones among ``subjects`` when they are all there are, else read.

    The flag says which: ``True`` for the minted ones.
    """
    minted = {iri: key for key, iri in minted_by_key.items()}
    statements = {minted[st]: st for st in subjects if st in minted}
    ((count,),) = reader.submit(statement_count(names))()
    if int(count) == len(statements):
        return statements, True
    # Statement nodes without derivations, or named some other way: read them all.
    found = {st for predicate in names for (st,) in reader.pairs(RDF.predicate, ox.NamedNode(predicate))()}
    statements = {minted[st]: st for st in found if st in minted}
    if len(statements) < len(found):
        parts: dict[str, dict[str, str]] = {}
        for part in ("subject", "predicate", "object"):
            for st, value in reader.pairs(RDF[part])():
                if st in found and st not in minted:
                    parts.setdefault(st, {})[part] = value
        for st, triple in parts.items():
            if len(triple) == 3 and triple["predicate"] in names:
                statements[canonical(triple["subject"], names[triple["predicate"]], triple["object"])] = st
    return statements, False


def statement_count(iris: Iterable[str]) -> str:
    """The query counting the statement nodes of these relations.

    A read takes the statement nodes minted from the direct triples, found as owners of
    derivations, as all there are when their number is this count.
    """
    values = " ".join(f"<{iri}>" for iri in iris)
    return f"SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{ VALUES ?p {{ {values} }} ?st {RDF.predicate} ?p }}"


_TIMES = (KG.start, KG.end, KG.pointInTime)
_ONE_VALUE = frozenset({*_TIMES, PROV.entity})


def _derivations(owners: Rows, statements: set[str],
                 details: dict[str, Callable[[], Any]]) -> dict[str, list[Derivation]]:
    """Each statement's derivations, from the ``(statement, derivation)`` rows and one dict per attribute."""
    owner = {d: st for st, d in owners if st in statements}
    start, end, point = (details.pop(str(p))() for p in _TIMES)
    confidence: dict[str, float] = {}
    for d, value in details.pop(str(KG.confidence))():
        confidence[d] = max(float(value), confidence.get(d) or 0.0)
    claims: dict[str, list[str]] = {}
    for d, claimant in details.pop(str(KG.claimedBy))():
        claims.setdefault(d, []).append(claimant)
    source: dict[str, str] = {}
    quotes: dict[str, list[str]] = {}
    if str(PROV.entity) in details:
        source = details.pop(str(PROV.entity))()
        evidence = {e: d for d, e in details.pop(str(KG.evidence))() if d in owner}
        for e, quote in details.pop(str(OA.exact))():
            if e in evidence:
                quotes.setdefault(evidence[e], []).append(quote)
    by_statement: dict[str, list[Derivation]] = {}
    for d, st in owner.items():
        found = Derivation(source.get(d), start.get(d), end.get(d), point.get(d), confidence.get(d),
                           claims.get(d, ()), quotes.get(d, ()))
        by_statement.setdefault(st, []).append(found)
    return by_statement


def _nodes(labels: Rows, aliases: Rows, typed: dict[str, Callable[[], Rows]]) -> dict[str, dict]:
    """Label, aliases and most specific kg class of every labelled or typed resource."""
    nodes: dict[str, dict] = {}

    def node(iri: str) -> dict:
        return nodes.setdefault(iri, {"iri": iri, "label": None, "type": None, "aliases": [], "types": set()})

    for iri, label in labels:
        node(iri)["label"] = label
    for iri, alias in aliases:
        node(iri)["aliases"].append(alias)
    for name, rows in typed.items():
        for (iri,) in rows():
            node(iri)["types"].add(name)
    for data in nodes.values():
        types = data.pop("types")
        data["type"] = ontology.most_specific(types)
        data["aliases"] = sorted(set(data["aliases"]) - {data["label"]})
    return nodes


def _attributes(detail: str) -> list[ox.NamedNode]:
    """The derivation attributes read at ``detail``."""
    if detail == "structure":
        return []
    return [*_TIMES, KG.confidence, KG.claimedBy, *((PROV.entity, KG.evidence, OA.exact) if detail == "full" else ())]


def _wanted(relations: set[str] | None) -> dict[str, ontology.Relation]:
    return {name: relation for name, relation in ontology.relations().items() if relations is None or name in relations}


Pattern = tuple[ox.NamedNode, ox.NamedNode | None]


def _reads(detail: str, wanted: dict[str, ontology.Relation]) -> list[tuple[str, Pattern]]:
    """What :func:`read` asks of the store at ``detail``, in the order it asks, each under the name it uses.

    One list serves both :func:`read` and :func:`patterns`, so the cache's check of the
    store (:mod:`kg.network.cache`) counts exactly what the read read.
    """
    found: list[tuple[str, Pattern]] = [(f"relation {name}", (relation.iri, None)) for name, relation in wanted.items()]
    if detail != "structure":
        found.append(("owners", (PROV.qualifiedDerivation, None)))
        found += [(str(attribute), (attribute, None)) for attribute in _attributes(detail)]
    if detail == "full":
        found.append(("titles", (DCTERMS.title, None)))
    found += [("labels", (SKOS.prefLabel, None)), ("aliases", (SKOS.altLabel, None))]
    return found + [(f"type {name}", (RDF.type, KG[name])) for name in node_classes()]


def patterns(detail: str, relations: set[str] | None = None) -> list[Pattern]:
    """The triple patterns :func:`read` reads at ``detail``, as ``(predicate, object or None)``.

    Counting each pattern's rows tells whether the store changed since a read without
    reading it again (:mod:`kg.network.cache`); the ``rdf:predicate`` patterns stand for
    the statement nodes, which are counted rather than read.
    """
    wanted = _wanted(relations)
    found = [pattern for _, pattern in _reads(detail, wanted)]
    if detail != "structure":
        found += [(RDF.predicate, relation.iri) for relation in wanted.values()]
    return found


def _records(direct: set[Key], minted: dict[Key, str], statements: dict[Key, str],
             derivations: dict[str, list[Derivation]], nodes: dict[str, dict], titles: dict[str, str]) -> Records:
    """The relations as columns, in projection order; nodes and titles by IRI.

    Relations, nodes and titles are in the order of their strings, not of the store's
    indexes, so records patched after a write (:mod:`kg.network.patch`) come out exactly
    as a new read would. (Within one relation its derivations, and within one derivation
    its claimants, keep the index's order, which a read of just that subject sees too.)
    """
    # Sorted as the (subject, relation, object) tuples would be, but comparing one string each is
    # several times quicker; IRIs and local names hold no NUL. (row_key, as a method: no call of ours per key.)
    keys = sorted(direct | statements.keys(), key="\0".join)
    subjects, names, objects = (list(column) for column in zip(*keys)) if keys else ([], [], [])
    nodes_of = [statements.get(key) for key in keys]
    iris = [st or minted[key] for key, st in zip(keys, nodes_of)]
    found = [derivations.get(st, ()) if st else () for st in nodes_of]
    return Records(subjects, names, objects, nodes_of, iris, found, dict(sorted(nodes.items())), dict(sorted(titles.items())))


def row_key(key: Key) -> str:
    """The string whose order is the records' order of relations."""
    return "\0".join(key)


def read(store: Store, detail: str = "full", relations: set[str] | None = None) -> Records:
    """Everything a projection at ``detail`` needs (for the ``relations`` named, or all), read with single-pattern queries."""
    return read_noting_minted(store, detail, relations)[0]


def read_noting_minted(store: Store, detail: str = "full", relations: set[str] | None = None) -> tuple[Records, bool]:
    """:func:`read`, and whether the statement nodes were the minted ones (see :func:`statement_count`).

    Patching the records after a write (:mod:`kg.network.patch`) keeps to the minted ones.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    wanted = _wanted(relations)
    reader = _Reader(store)
    try:
        # Ask for everything first, so the store works on the next answer while Python joins this one.
        # One value per derivation is a dict at once (the last row wins, as a dict keeps it).
        asked = {key: reader.pairs(predicate, obj, into=dict if obj is None and predicate in _ONE_VALUE else list)
                 for key, (predicate, obj) in _reads(detail, wanted)}
        direct_rows = {name: asked[f"relation {name}"] for name in wanted}
        owners = asked.get("owners")
        details = {str(p): asked[str(p)] for p in _attributes(detail)} if owners is not None else None
        titles = asked.get("titles")
        labels, aliases = asked["labels"], asked["aliases"]
        typed = {name: asked[f"type {name}"] for name in node_classes()}
        direct = _direct(direct_rows)
        minted = _minted(direct)
        statements: dict[Key, str] = {}
        derivations: dict[str, list[Derivation]] = {}
        minted_only = True
        if owners is not None and details is not None:
            owner_rows = owners()
            names = {relation.iri.value: name for name, relation in wanted.items()}
            statements, minted_only = _statement_nodes(reader, names, minted, (st for st, _ in owner_rows))
            derivations = _derivations(owner_rows, set(statements.values()), details)
        nodes = _nodes(labels(), aliases(), typed)
        return _records(direct, minted, statements, derivations, nodes, dict(titles()) if titles else {}), minted_only
    finally:
        reader.close()
