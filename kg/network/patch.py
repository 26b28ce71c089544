"""Bringing a projection's cached records up to date after small writes, by re-reading what they touched.

A write through kg that replaces a few named graphs notes the subjects of their old and
new triples (:func:`kg.beside.note_write`): every triple the write added or removed has
one of them as subject. Everything :class:`kg.network.reading.Records` hold depends on
triples with a known subject, so :func:`patch` re-reads, for those subjects only, with
queries that bind them (index lookups, milliseconds for a few hundred):

- the node (label, aliases, class) and title of each touched subject;
- the relations whose direct triple has a touched subject, and for symmetric relations
  those with a touched object too (their one row stands for both directions);
- each such relation's statement node and derivations, and those of every statement,
  derivation or evidence node that was touched (found through the triples that point to it).

The rows are joined by the functions a full read uses (:func:`kg.network.reading._nodes`,
``_derivations``, ``_records``), on rows in the order a full read sees them (one subject's
objects come in the index's order either way), so the result is exactly what a full read
would give. Where that cannot be promised the answer is ``None`` and the caller reads the
store: more than :data:`MOST` subjects, a blank node where a query would have to name
it, a derivation owned by two statements, a derivation with two evidence nodes or an
evidence node cited twice (their quotes' order is the index's across subjects), or a
statement node kg did not mint (a full read finds those by counting, see
:func:`kg.network.reading.statement_count`; the caller checks that count after a patch).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from itertools import compress
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg import ontology
from kg.beside import JOURNAL
from kg.network import reading
from kg.network.reading import Key, Records
from kg.store import LocalStore
from kg.vocab import DCTERMS, KG, KGR, OA, PREFIXES, PROV, RDF, SKOS

__all__ = ["Patch", "noted", "patch"]

#: Terms bound in one query.
BATCH = 500
#: Touched subjects beyond which patching is not worth it: the store is read instead.
MOST = 50_000

Described = dict[str, list[tuple[str, Any]]]  # (predicate, pyoxigraph term)
_STATEMENTS = f"{KGR}statement/"
_PARTS = frozenset({RDF.subject.value, RDF.predicate.value, RDF.object.value})


class Patch(NamedTuple):
    """Patched records, and how they were made (so that their files can be made the same way).

    ``order`` has, for each relation of ``records`` in turn, its row in the records
    patched, or (numbered on from their length) in ``rows``, the relations the patch read.
    """

    records: Records
    order: list[int]
    rows: Records


class _Unsure(Exception):
    """The patch cannot promise what a full read gives."""


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for at in range(0, len(items), size):
        yield items[at:at + size]


def _values(iris: Iterable[str]) -> str:
    # NamedNode checks each IRI, so a damaged journal cannot put query text here.
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


def _select(store: LocalStore, sparql: str) -> Iterator[ox.QuerySolution]:
    yield from store.oxigraph.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)


def _describe(store: LocalStore, subjects: Iterable[str], into: Described) -> Described:
    """Every ``(predicate, object)`` of each subject not yet in ``into``, in the store's order for that subject."""
    missing = [s for s in dict.fromkeys(subjects) if s not in into]
    for s in missing:
        into[s] = []
    for batch in _batches(missing):
        for s, p, o in _select(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(batch)} }} ?s ?p ?o }}"):
            into[s.value].append((p.value, o))
    return into


def _pointing(store: LocalStore, predicates: Iterable[ox.NamedNode], objects: Iterable[str]) -> list[tuple[str, str, str]]:
    """The ``(subject, predicate, object)`` triples of these predicates whose object is one of ``objects``."""
    found = []
    for batch in _batches(sorted(set(objects))):
        values = _values(batch)
        for predicate in predicates:  # one at a time: with the predicate a variable too, Oxigraph scans
            query = f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?o {{ {values} }} ?s {predicate} ?o }}"
            found += [(_name(s), predicate.value, o.value) for s, o in _select(store, query)]
    return found


def _name(term: Any) -> str:
    if not isinstance(term, ox.NamedNode):
        raise _Unsure("a blank node")
    return term.value


def _owners(store: LocalStore, predicate: ox.NamedNode, objects: Iterable[str]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for s, _, o in _pointing(store, [predicate], objects):
        owners.setdefault(o, []).append(s)
    return owners


def noted(folder: Path, token: str, offset: int) -> tuple[set[str], int] | None:
    """The subjects noted in the cache ``folder``'s journal after ``offset``, and the offset after them.

    ``None`` if the journal is not the one the cache of the stamp ``token`` read up to
    ``offset``, or cannot be read.
    """
    head = f"{token}\n".encode("ascii")
    try:
        data = (folder / JOURNAL).read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError:
        return None
    if not data.startswith(head):  # none yet under this stamp
        return (set(), 0) if offset == 0 else None
    end = data.rfind(b"\n") + 1  # a line being written is read next time
    if offset and not len(head) <= offset <= end:
        return None
    try:
        lines = data[max(offset, len(head)):end].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    return {line for line in lines if line}, end


def patch(store: LocalStore, records: Records, detail: str, touched: set[str]) -> Patch | None:
    """``records`` (a full read of the whole store at ``detail``) after writes that touched these subjects.

    ``None`` when it cannot promise exactly what :func:`kg.network.reading.read` would now
    give (see the module notes): the caller then reads the store.
    """
    if len(touched) > MOST:
        return None
    try:
        return _patch(store, records, detail, touched)
    except (_Unsure, ValueError):
        return None


def _patch(store: LocalStore, records: Records, detail: str, touched: set[str]) -> Patch:
    relations = ontology.relations()
    names = {relation.iri.value: name for name, relation in relations.items()}
    symmetric = [relation.iri for relation in relations.values() if relation.symmetric]
    described = _describe(store, touched, {})

    # Relations whose existence may have changed: a touched subject, or a touched end of a symmetric one.
    size = range(len(records.subjects))
    dropped = set(compress(size, map(touched.__contains__, records.subjects)))  # C loops: a million rows
    dropped |= {row for row in compress(size, map(touched.__contains__, records.objects))
                if relations[records.names[row]].symmetric}
    direct = {reading.canonical(s, names[p], o.value) for s in touched for p, o in described[s] if p in names}
    direct |= {reading.canonical(s, names[p], o) for s, p, o in _pointing(store, symmetric, touched)}

    statements: dict[Key, str] = {}
    derivations: dict = {}
    if detail != "structure":
        owners = touched | {st for found in _owners(store, PROV.qualifiedDerivation, touched).values() for st in found}
        if detail == "full":
            cited = {d for found in _owners(store, KG.evidence, touched).values() for d in found}
            owners |= {st for found in _owners(store, PROV.qualifiedDerivation, cited).values() for st in found}
        rows = set(compress(size, map(owners.__contains__, records.statements)))
        direct |= {_key(records, row) for row in rows - dropped}
        dropped |= rows
        derived = _newly_derived(store, records, owners - {records.statements[row] for row in rows}, described, dropped)
        direct |= derived.keys()
        dropped |= set(derived.values())
        statements, derivations = _statements(store, direct, described, detail)
    minted = reading._minted(direct)
    nodes = _nodes(described, touched)
    titles = {s: o.value for s in touched for p, o in described[s] if p == DCTERMS.title.value} if detail == "full" else {}
    new = reading._records(direct, minted, statements, derivations, nodes, titles)
    return _merged(records, dropped, new, touched)


def _key(records: Records, row: int) -> Key:
    return records.subjects[row], records.names[row], records.objects[row]


def _row(records: Records, key: Key) -> int | None:
    """The row of a relation in the records (sorted by :func:`kg.network.reading.row_key`), if there."""
    text = reading.row_key(key)
    row = bisect.bisect_left(range(len(records.subjects)), text, key=lambda at: reading.row_key(_key(records, at)))
    return row if row < len(records.subjects) and _key(records, row) == key else None


def _newly_derived(store: LocalStore, records: Records, owners: set[str], described: Described,
                   dropped: set[int]) -> dict[Key, int]:
    """The relations kept in the records (and their rows) whose statement node is among ``owners`` but not in the records.

    Such a node may have gained its first derivation. A node that is not a statement
    minted from its own ``rdf:subject``, ``rdf:predicate`` and ``rdf:object`` cannot be
    told from a digest without minting every relation's: then the patch is unsure.
    """
    relations = {relation.iri.value: name for name, relation in ontology.relations().items()}
    found = {}
    _describe(store, (st for st in owners if st.startswith(_STATEMENTS)), described)
    for st in owners:
        if not st.startswith(_STATEMENTS):
            continue  # events, figures, sources: never a statement kg mints
        parts = {p: o.value for p, o in described[st] if p in _PARTS}
        if len(parts) < 3 and not any(p == PROV.qualifiedDerivation.value for p, _ in described[st]):
            continue  # no derivation: not in a read's records either way
        if len(parts) < 3 or parts[RDF.predicate.value] not in relations:
            raise _Unsure("a statement node without its triple")
        key = reading.canonical(parts[RDF.subject.value], relations[parts[RDF.predicate.value]], parts[RDF.object.value])
        if reading._minted([key])[key] != st:
            raise _Unsure("a statement node named otherwise")
        row = _row(records, key)
        if row is not None and row not in dropped:
            found[key] = row
    return found


def _statements(store: LocalStore, direct: set[Key], described: Described, detail: str) -> tuple[dict[Key, str], dict]:
    """The statement nodes and derivations of these relations, as a full read finds them."""
    minted = reading._minted(direct)
    _describe(store, minted.values(), described)
    owner_rows = [(st, _name(d)) for st in minted.values() for p, d in described[st] if p == PROV.qualifiedDerivation.value]
    owned_by = {st: key for key, st in minted.items()}
    statements = {owned_by[st]: st for st, _ in owner_rows}
    found = [d for _, d in owner_rows]
    if any(len(set(owners)) > 1 for owners in _owners(store, PROV.qualifiedDerivation, found).values()):
        raise _Unsure("a derivation owned twice")
    _describe(store, found, described)
    attributes = reading._attributes(detail)
    values = {str(a): [(d, o.value) for d in found for p, o in described[d] if p == a.value] for a in attributes}
    details = {name: (lambda rows=rows: rows) for name, rows in values.items()}
    for one in reading._ONE_VALUE:
        if str(one) in details:
            details[str(one)] = lambda rows=values[str(one)]: dict(rows)
    if detail == "full":
        cited = [(d, _name(e)) for d in found for p, e in described[d] if p == KG.evidence.value]
        evidence = [e for _, e in cited]
        if len({d for d, _ in cited}) < len(cited) or len(set(evidence)) < len(evidence) or any(
                len(set(citing)) > 1 for citing in _owners(store, KG.evidence, evidence).values()):
            raise _Unsure("evidence shared or twice")
        _describe(store, evidence, described)
        details[str(KG.evidence)] = lambda: cited
        details[str(OA.exact)] = lambda: [(e, o.value) for e in evidence for p, o in described[e] if p == OA.exact.value]
    return statements, reading._derivations(owner_rows, set(statements.values()), details)


def _nodes(described: Described, touched: set[str]) -> dict[str, dict]:
    """The nodes among the touched subjects, as :func:`kg.network.reading._nodes` makes them."""
    def rows(predicate: ox.NamedNode) -> list[tuple[str, str]]:
        return [(s, o.value) for s in touched for p, o in described[s] if p == predicate.value]

    types = rows(RDF.type)
    typed = {name: (lambda iri=KG[name].value: [(s,) for s, kind in types if kind == iri]) for name in reading.node_classes()}
    return reading._nodes(rows(SKOS.prefLabel), rows(SKOS.altLabel), typed)


def _merged(records: Records, dropped: set[int], new: Records, touched: set[str]) -> Patch:
    """``records`` without the ``dropped`` rows and the touched nodes and titles, with ``new``'s, in the records' order."""
    size = len(records.subjects)
    kept: range | list[int] = [row for row in range(size) if row not in dropped] if dropped else range(size)
    order: list[int] = []  # rows of the records, then (from ``size`` on) of new, in their order
    at = 0
    for index, key in enumerate(zip(new.subjects, new.names, new.objects)):
        text = reading.row_key(key)
        end = bisect.bisect_left(kept, text, lo=at, key=lambda row: reading.row_key(_key(records, row)))
        order.extend(kept[at:end])
        order.append(size + index)
        at = end
    order.extend(kept[at:])
    columns = [list(map((column + new_column).__getitem__, order)) for column, new_column in zip(records[:6], new[:6])]
    nodes = {iri: data for iri, data in records.nodes.items() if iri not in touched} | new.nodes
    titles = {iri: title for iri, title in records.titles.items() if iri not in touched} | new.titles
    return Patch(Records(*columns, dict(sorted(nodes.items())), dict(sorted(titles.items()))), order, new)
