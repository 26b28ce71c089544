"""Running one import: stream rows through a dataset's converter into the store, atomically.

Each imported file is a source document (``kg:SourceDocument``, kind "dataset", with the
SHA-256 of its bytes) whose statements, events, places and name resolutions sit in its own
named graph ``kgr:graph/import/<dataset>/<file>``; importing the file again replaces that
graph. Actors and countries the import creates, and the aliases and dataset ids it learns
about existing actors, go to the shared graph ``kgr:graph/import/entities`` (so dropping one
file never orphans an actor another file uses). Both graphs are written in one atomic bulk
replace (:meth:`kg.store.Store.bulk_replace_triples`): a refused or failed import changes
nothing.

Every derivation from a dataset names the lines (``kg:line``) and the dataset's row ids
(``kg:rowId``) it rests on; a relation summed from events (a UCDP dyad, an ACLED pair)
lists them with ``kg:aggregates``, each event carrying its own line.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.collector import collector_paused
from kg.errors import KgError
from kg.importers.common import BadRow, CsvFile, Row, check_width, slug
from kg.importers.resolve import ENTITIES_GRAPH, ResolutionReport, Resolver
from kg.ontology import ontology_graph, relations
from kg.statements import (
    Derivation,
    Evidence,
    RelationFact,
    Source,
    derivation_triples,
    relation_triples,
    source_triples,
    statement_iri,
    unique,
)
from kg.store import Store
from kg.vocab import KG, KG_NS, KGR, PROV, RDF, XSD


@dataclass
class ImportReport:
    """What an import did: rows read and skipped (with line and reason), triples written, names resolved."""

    dataset: str
    path: Path
    graph: ox.NamedNode
    source: ox.NamedNode
    rows: int = 0
    imported: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    resolution: ResolutionReport = field(default_factory=ResolutionReport)


class Converter:
    """One dataset's rows → kg triples. Subclasses set the class attributes and :meth:`convert`."""

    dataset: str = ""
    title: str = ""
    publisher: tuple[str, str] = ("", "ResearchOrganization")
    required: tuple[str, ...] = ()
    repair: Callable | None = None

    def __init__(self, resolver: Resolver, source: ox.NamedNode, graph: ox.NamedNode) -> None:
        self.resolver = resolver
        self.source = source
        self.graph = graph
        self.notes: list[str] = []
        self._names: dict[tuple[str, str], tuple[ox.NamedNode, str]] = {}

    def convert(self, row: Row) -> list[ox.Triple]:
        """The triples of one row; raises :class:`BadRow` for a row that cannot be imported."""
        raise NotImplementedError

    def finish(self) -> Iterable[ox.Triple]:
        """Triples that need every row first (relations summed over a file); streamed, as they can be millions."""
        return []

    def actor(self, name: str, kind: str = "MilitantGroup", dataset: str | None = None, dataset_id: str = "",
              aliases: Iterable[str] = ()) -> ox.NamedNode:
        """Resolve a name and remember how, for the file's record of name resolutions."""
        found = self.resolver.actor(name, kind, dataset, dataset_id, aliases)
        self._names.setdefault((name, dataset_id), (found.iri, found.method))
        return found.iri

    def name_records(self) -> list[ox.Triple]:
        """One ``kg:NameResolution`` per name the file used: what it resolved to and how."""
        triples = []
        for (name, dataset_id), (iri, method) in self._names.items():
            digest = hashlib.sha1(f"{self.graph.value}|{name}|{dataset_id}".encode()).hexdigest()[:20]
            node = KGR[f"resolution/{self.dataset}/{digest}"]
            triples += [
                ox.Triple(node, RDF.type, KG.NameResolution),
                ox.Triple(node, KG.sourceName, ox.Literal(name)),
                ox.Triple(node, KG.resolvedTo, iri),
                ox.Triple(node, KG.resolutionMethod, ox.Literal(method)),
                ox.Triple(node, PROV.wasDerivedFrom, self.source),
            ]
            if dataset_id:
                triples.append(ox.Triple(node, KG.datasetId, ox.Literal(dataset_id)))
        return triples


_INTEGER = XSD.integer
#: Triples of :meth:`Converter.finish` held at once (a GED file's wars list every event's line).
_FINISH_CHUNK = 50_000
_LINE, _ROW_ID, _QUALIFIED = KG.line, KG.rowId, PROV.qualifiedDerivation


#: Small whole numbers (deaths, counts, line numbers of short files) as literals, made once.
_SMALL = [ox.Literal(str(n), datatype=_INTEGER) for n in range(1024)]


def integer(value: int) -> ox.Literal:
    value = int(value)
    return _SMALL[value] if 0 <= value < 1024 else ox.Literal(str(value), datatype=_INTEGER)


def trace(node: ox.NamedNode, lines: Iterable[int], row_ids: Iterable[str] = ()) -> list[ox.Triple]:
    """The rows a derivation rests on."""
    return ([ox.Triple(node, _LINE, integer(n)) for n in lines]
            + [ox.Triple(node, _ROW_ID, ox.Literal(i)) for i in row_ids if i])


def derivation_node(triples: list[ox.Triple]) -> ox.NamedNode:
    """The ``kg:Derivation`` node among triples minted by :mod:`kg.statements` (it comes after the owner's own triples)."""
    return next(t.object for t in reversed(triples) if t.predicate == _QUALIFIED)


@cache
def class_for(annotation: str) -> dict[str, str]:
    """Dataset code → kg class local name, read from the ontology's annotation (``kg:acledEventType`` …)."""
    prop = KG[annotation]
    return {t.object.value: t.subject.value[len(KG_NS):] for t in ontology_graph()
            if t.predicate == prop and t.subject.value.startswith(KG_NS)}


@cache
def implied_relation(event_class: str) -> str | None:
    """The relation an event class implies between its parties (``kg:impliesRelation``), if any."""
    subject = KG[event_class]
    names = {r.iri: name for name, r in relations().items()}
    return next((names[t.object] for t in ontology_graph() if t.subject == subject and t.predicate == KG.impliesRelation), None)


def _sha256_and_size(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_import(store: Store, converter_class: type[Converter], csv_file: CsvFile, *, strict: bool = False,
               progress: Callable[[int, int], None] | None = None, extra: dict | None = None) -> ImportReport:
    """Import one open CSV file with ``converter_class``; see the module docstring for where it goes."""
    from kg.build import ontology_if_missing

    started = time.perf_counter()
    path = csv_file.path
    dataset = converter_class.dataset
    source = KGR[f"source/{dataset}/{slug(path.name)}"]
    graph = KGR[f"graph/import/{dataset}/{slug(path.name)}"]
    report = ImportReport(dataset, path, graph, source)
    resolver = Resolver(store)
    converter = converter_class(resolver, source, graph, **(extra or {}))
    entities_before = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ENTITIES_GRAPH} {{ ?s ?p ?o }} }}").triples
    ontology = ontology_if_missing(store)
    targets = [graph, ENTITIES_GRAPH, *ontology]

    def runs() -> Iterator[tuple[ox.NamedNode, list[ox.Triple]]]:
        for row in csv_file.rows:
            report.rows += 1
            try:
                check_width(row)
                triples = converter.convert(row)
            except BadRow as problem:
                where = f" ({problem.field})" if problem.field else ""
                named = problem.field and problem.field not in str(problem)
                report.bad.append((row.line, f"{problem}{where}" if named else str(problem)))
                continue
            report.imported += 1
            yield graph, triples
            if progress is not None and report.rows % 500 == 0:
                progress(csv_file.done, csv_file.size)
        if strict and report.bad:
            line, message = report.bad[0]
            more = f" (and {len(report.bad) - 1} more bad rows)" if len(report.bad) > 1 else ""
            raise KgError(f"{path}: line {line}: {message}{more}; import refused (--strict), the store is unchanged")
        if report.imported == 0:
            raise KgError(f"{path}: no row could be imported ({len(report.bad)} bad rows); the store is unchanged")
        publisher = converter.actor(*converter.publisher)
        finished = iter(converter.finish())
        while chunk := list(islice(finished, _FINISH_CHUNK)):
            yield graph, unique(chunk)
        yield graph, unique(converter.name_records() + source_triples(Source(
            source, f"{converter.title}: {path.name}", "dataset", publisher=publisher, sha256=_sha256_and_size(path),
            note=f"Imported with kg import from {path.name}; {report.imported} of {report.rows} rows.")))
        yield ENTITIES_GRAPH, unique([*entities_before, *resolver.new_triples])
        yield from ontology.items()
        if progress is not None:
            progress(csv_file.size, csv_file.size)

    with collector_paused():  # 20 of 64 CPU s on a 400k-row GED file went to the collector
        report.triples = store.bulk_replace_triples(targets, runs())
    report.notes = converter.notes + ([csv_file.note()] if csv_file.note else [])
    report.notes += [f"alias {alias!r} of {label} not kept: it names {other}" for alias, label, other in resolver.skipped_aliases]
    report.resolution = resolver.report
    report.seconds = time.perf_counter() - started
    return report




@dataclass
class _Pair:
    subject: ox.NamedNode
    predicate: str
    object: ox.NamedNode
    node: ox.NamedNode
    evidence: str
    start: str
    end: str
    names: dict[str, None] = field(default_factory=dict)
    count: int = 0
    deaths: list[int] = field(default_factory=lambda: [0, 0, 0])
    lines: list[int] = field(default_factory=list)
    row_ids: list[str] = field(default_factory=list)


class PairTotals:
    """Relations summed over a file: one derivation per related pair, with its span and totals.

    The derivation's IRI is fixed by its first evidence (the first dyad name seen), so each
    event can be linked to it (``kg:aggregates``) as it streams past; the totals are
    written when the file is done. Memory grows with the number of pairs, not rows.
    """

    def __init__(self, source: ox.NamedNode, what: str) -> None:
        self.source = source
        self.what = what
        self._pairs: dict[ox.NamedNode, _Pair] = {}
        self._keys: dict[tuple[ox.NamedNode, str, ox.NamedNode], ox.NamedNode] = {}

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode, *, start: str, end: str, name: str,
            deaths: tuple[int | None, int | None, int | None] = (None, None, None), member: ox.NamedNode | None = None,
            line: int | None = None, row_id: str = "") -> list[ox.Triple]:
        """Count one event (or row) toward the pair's relation; returns the triple linking it, if any."""
        if subject == obj:
            return []
        key = self._keys.get((subject, predicate, obj))
        if key is None:
            key = self._keys[subject, predicate, obj] = statement_iri(subject, predicate, obj)
        pair = self._pairs.get(key)
        if pair is None:
            node = derivation_node(derivation_triples(key, Derivation(self.source, evidence=Evidence(name))))
            pair = self._pairs[key] = _Pair(subject, predicate, obj, node, name, start, end)
        pair.names[name] = None
        pair.count += 1
        pair.start = min(pair.start, start)
        pair.end = max(pair.end, end)
        for i, value in enumerate(deaths):
            pair.deaths[i] += value or 0
        if line is not None:
            pair.lines.append(line)
            pair.row_ids.append(row_id)
        return [ox.Triple(pair.node, KG.aggregates, member)] if member is not None else []

    def triples(self, deaths: bool = True) -> Iterator[ox.Triple]:
        """Each pair's relation with its span, totals and rows, one pair at a time."""
        for pair in self._pairs.values():
            out: list[ox.Triple] = []
            names = "; ".join(pair.names)
            note = f"span of the {pair.count} {self.what} in this file ({names})"
            fact = RelationFact(pair.subject, pair.predicate, pair.object, Derivation(
                self.source, start=pair.start, end=pair.end, time_note=note, evidence=Evidence(pair.evidence)))
            out += relation_triples(fact)
            out.append(ox.Triple(pair.node, KG.eventCount, integer(pair.count)))
            if deaths:
                out += [ox.Triple(pair.node, prop, integer(value))
                        for prop, value in zip((KG.deathsBest, KG.deathsLow, KG.deathsHigh), pair.deaths)]
            out += trace(pair.node, pair.lines, pair.row_ids)
            yield from out
