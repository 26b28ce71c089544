"""A synthetic conflict graph of any size, for benchmarking kg's store and named queries.

Actors (mostly militant groups, with persons, media outlets and other organisations),
countries each with a government and an armed force, cities and regions; relations drawn
by preferential attachment (a few hubs carry most statements, as in real conflict data),
each relation a statement node with a source, a date at day, month or year precision,
usually a confidence, sometimes claimants and always a quote; some statements
corroborated by a second source; some documents report an attack with a casualty figure.

Everything is minted through :mod:`kg.statements`, the way every path into kg writes, and
written as N-Quads with the ontology and the built-in Sahel graph. Deterministic for a seed.
Used by ``bench_store.py``; also runnable alone::

    python benchmarks/synthetic_store.py OUT.nq 1M
"""

from __future__ import annotations

import datetime
import hashlib
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import builtin_graphs
from kg.names import with_name_keys
from kg.ontology import ontology_graph, relations
from kg.statements import (
    Derivation,
    Evidence,
    Occurrence,
    RelationFact,
    Source,
    occurrence_triples,
    relation_triples,
    source_triples,
    statement_iri,
)
from kg.vocab import KG_NS, KGR, PROV, RDFS

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_world import URNS, World, entities  # noqa: E402

#: How often each ontology relation is drawn; a relation missing here gets weight 1.
PREDICATE_WEIGHTS: dict[str, float] = {
    "operatesIn": 16, "attacked": 14, "cooperatesWith": 9, "memberOf": 8, "criticizes": 8, "rivalOf": 6,
    "atWarWith": 6, "affiliateOf": 6, "leaderOf": 5, "threatens": 5, "negotiatesWith": 4, "spokespersonOf": 3,
    "publishedBy": 2, "declaredWarOn": 2, "splinterOf": 2, "mergedInto": 1, "ousted": 1,
}
ROLES = {"leaderOf": ("emir", "commander", "founder", "deputy leader"), "spokespersonOf": ("spokesperson", "media official")}
HEADLINES = (
    "Clashes reported near {p}", "Militants expand operations around {p}", "Security situation in {p} deteriorates",
    "Talks in {p} stall", "Weekly bulletin: {p}", "Armed groups regroup in {p}",
)
SOURCE_KINDS = ("news article", "news article", "press release", "report", "statement", "newsletter")
FIRST_DAY = datetime.date(2008, 1, 1).toordinal()
LAST_DAY = datetime.date(2024, 12, 31).toordinal()
CHUNK = 50_000
SYNTHETIC_ENTITIES = KGR["graph/synthetic/entities"]

def _day(rng: random.Random, ordinal: int) -> str:
    """A date at day (60 %), month (30 %) or year (10 %) precision."""
    text = datetime.date.fromordinal(max(FIRST_DAY, min(LAST_DAY, ordinal))).isoformat()
    return text[: rng.choices((10, 7, 4), (6, 3, 1))[0]]


def _derivation(rng: random.Random, world: World, source: ox.NamedNode, issued: int, quote: str,
                claimants: list[int]) -> Derivation:
    """Time (point, or start with an optional end), confidence, claimants and an evidence quote."""
    point = start = end = None
    draw = rng.random()
    if draw < 0.45:
        point = _day(rng, issued - rng.randrange(60))
    elif draw < 0.85:
        begun = issued - rng.randrange(30, 2000)
        start = _day(rng, begun)
        if rng.random() < 0.35:
            end = _day(rng, rng.randint(begun + 1, issued))
            if end < start:
                end = None
    confidence = round(rng.uniform(0.3, 0.98), 2) if rng.random() < 0.85 else None
    offset = rng.randrange(5000)
    evidence = Evidence(quote, offset, offset + len(quote)) if rng.random() < 0.7 else Evidence(quote)
    claimed = [world.iris[c] for c in claimants]
    return Derivation(source, start=start, end=end, point=point, confidence=confidence, claimed_by=claimed, evidence=evidence)


def _domains() -> dict[str, tuple[str, str]]:
    """Each relation's subject and object urn, from ``rdfs:domain`` and ``rdfs:range``."""
    names = {r.iri: name for name, r in relations().items()}
    ends: dict[str, dict[ox.NamedNode, str]] = {name: {} for name in names.values()}
    for triple in ontology_graph():
        if triple.subject in names and triple.predicate in (RDFS.domain, RDFS.range):
            ends[names[triple.subject]][triple.predicate] = triple.object.value[len(KG_NS):]

    def urn(kind: str | None) -> str:
        return kind if kind in URNS else "Actor"

    return {name: (urn(end.get(RDFS.domain)), urn(end.get(RDFS.range))) for name, end in ends.items()}


@dataclass
class DatasetInfo:
    """What the generator wrote, and the values the named queries are run with."""

    path: str
    triples: int
    counts: dict[str, int]
    bindings: dict[str, str]


class QuadWriter:
    """Buffered N-Quads output: memory stays bounded by the chunk size."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("wb")
        self._buffer: list[ox.Quad] = []
        self.count = 0

    def write(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        # The name index kg's write paths maintain, so name lookups behave as in a real store.
        for t in with_name_keys(triples):
            self._buffer.append(ox.Quad(t.subject, t.predicate, t.object, graph))
        if len(self._buffer) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.count += len(self._buffer)
        ox.serialize(self._buffer, self._file, format=ox.RdfFormat.N_QUADS)
        self._buffer.clear()

    @property
    def total(self) -> int:
        """Quads written or waiting in the buffer."""
        return self.count + len(self._buffer)

    def close(self) -> None:
        self.flush()
        self._file.close()


def generate(path: Path, target: int, seed: int = 7) -> DatasetInfo:
    """Write a deterministic synthetic conflict graph of about ``target`` triples to ``path``.

    Actors (mostly militant groups), places, source documents and relations between
    actors drawn by preferential attachment; each relation statement has a source, a
    date, usually a confidence, sometimes claimants and always a short quote; some
    statements are corroborated by a second source, and some documents report an attack
    with a casualty figure. The ontology and the built-in graphs come first.
    """
    rng = random.Random(seed)
    world = World()
    out = QuadWriter(path)
    for graph, triples in builtin_graphs().items():
        out.write(graph, triples)
    out.write(SYNTHETIC_ENTITIES, entities(world, rng, max(200, target // 80)))
    ends = _domains()
    names = list(relations())
    weights = [PREDICATE_WEIGHTS.get(name, 1.0) for name in names]
    statements: set[str] = set()
    reported: list[tuple[int, str, int]] = []
    counts = {"sources": 0, "relation facts": 0, "statements": 0, "events": 0, "figures": 0}
    doc = 0
    begin = out.total
    while out.total < target:
        world.grow((out.total - begin) / max(1, target - begin))
        graph = KGR[f"graph/synthetic/batch-{doc // 500:05d}"]
        issued = rng.randrange(FIRST_DAY + 400, LAST_DAY)
        publisher = world.pools.draw(rng, "MediaOutlet" if rng.random() < 0.7 else "Organization")
        place = world.pools.draw(rng, "Place")
        title = f"{world.labels[publisher]}: {rng.choice(HEADLINES).format(p=world.labels[place])}"
        source = KGR[f"syn/source/{doc}"]
        triples = source_triples(Source(
            source, title, rng.choice(SOURCE_KINDS), publisher=world.iris[publisher], issued=_day(rng, issued),
            sha256=hashlib.sha256(title.encode()).hexdigest() if rng.random() < 0.5 else None,
            place=world.iris[place] if rng.random() < 0.3 else None,
        ))
        counts["sources"] += 1
        seen_here: set[str] = set()
        for _ in range(rng.randint(1, 7)):
            if reported and rng.random() < 0.2:
                subject, name, obj = reported[rng.randrange(len(reported))]
            else:
                name = rng.choices(names, weights)[0]
                subject = world.pools.draw(rng, _subject_urn(rng, ends[name][0]))
                obj = world.pools.draw(rng, ends[name][1])
                if subject == obj:
                    continue
            node = statement_iri(world.iris[subject], name, world.iris[obj])
            if node.value in seen_here:
                continue
            seen_here.add(node.value)
            triples += _fact(rng, world, source, issued, subject, name, obj, node, node.value in statements)
            counts["relation facts"] += 1
            if node.value not in statements:
                statements.add(node.value)
                reported.append((subject, name, obj))
        if rng.random() < 0.12:
            triples += _attack(rng, world, source, issued, publisher, doc, counts)
        out.write(graph, triples)
        doc += 1
    out.close()
    counts["statements"] = len(statements)
    counts["actors"] = sum(1 for c in world.categories if "Actor" in c)
    counts["places"] = len(world.iris) - counts["actors"]
    return DatasetInfo(str(path), out.count, counts, _bindings(world))


def _subject_urn(rng: random.Random, domain: str) -> str:
    """Where a relation's subject is drawn from: organisations act more often than persons."""
    return "Organization" if domain == "Actor" and rng.random() < 0.7 else domain


def _fact(rng: random.Random, world: World, source: ox.NamedNode, issued: int, subject: int, name: str, obj: int,
          node: ox.NamedNode, corroborating: bool) -> list[ox.Triple]:
    """One source's report of one relation; a repeat adds only the new derivation."""
    relation = relations()[name]
    said = rng.choice(("it said", "sources said", "residents said"))
    quote = f"{world.labels[subject]} {relation.label} {world.labels[obj]}, {said}"
    claimants = []
    if rng.random() < 0.12:
        claimants.append(world.pools.draw(rng, "MediaOutlet") if rng.random() < 0.6 else subject)
    role = rng.choice(ROLES[name]) if name in ROLES and rng.random() < 0.5 and not corroborating else None
    derivation = _derivation(rng, world, source, issued, quote, claimants)
    fact = RelationFact(world.iris[subject], name, world.iris[obj], derivation, role)
    triples = relation_triples(fact)
    for index in (subject, obj):
        world.degree[index] += 1
        world.pools.touch(index, world.categories[index])
    if name == "leaderOf":
        world.leaders[obj] += 1
    if name == "operatesIn":
        country = obj if world.types[obj] == "Country" else world.country_of[obj]
        if country >= 0:
            world.operated_in[country] += 1
    if not corroborating:
        return triples
    kept = (PROV.wasDerivedFrom, PROV.qualifiedDerivation)
    return [t for t in triples[1:] if t.subject != node or t.predicate in kept]


def _attack(rng: random.Random, world: World, source: ox.NamedNode, issued: int, publisher: int, doc: int,
            counts: dict[str, int]) -> list[ox.Triple]:
    """An attack event and, often, a casualty figure for it."""
    agent = world.pools.draw(rng, "Organization")
    target = world.pools.draw(rng, "Actor")
    place = world.pools.draw(rng, "Place")
    when = _day(rng, issued - rng.randrange(10))
    quote = f"{world.labels[agent]} attacked {world.labels[target]} near {world.labels[place]}"
    event = KGR[f"syn/event/{doc}"]
    triples = occurrence_triples(Occurrence(
        event, "Attack", _derivation(rng, world, source, issued, quote, []), label=f"Attack near {world.labels[place]}, {when}",
        point=when, places=[world.iris[place]], agents=[world.iris[agent]], targets=[world.iris[target]],
    ))
    counts["events"] += 1
    if rng.random() < 0.6:
        killed = int(rng.paretovariate(1.5) * 3)
        victims = rng.choice(("civilians", "soldiers", "militants", "people"))
        quote = f"at least {killed} {victims} were killed"
        triples += occurrence_triples(Occurrence(
            KGR[f"syn/figure/{doc}"], "CasualtyFigure", _derivation(rng, world, source, issued, quote, []), point=when,
            places=[world.iris[place]], measure="killed", count=killed, qualifier=rng.choice(("at least", "about", "")) or None,
            victims=victims, tally_by=world.iris[publisher], figure_of=event,
        ))
        counts["figures"] += 1
    return triples


def _bindings(world: World) -> dict[str, str]:
    """Values for the named queries' parameters: the busiest group, person and country."""
    def best(type_: str, key: Callable[[int], tuple]) -> str:
        return world.labels[max((i for i, t in enumerate(world.types) if t == type_), key=key)]

    group = best("MilitantGroup", lambda i: (world.leaders[i] > 0, world.degree[i]))
    return {
        "group": group,
        "actor": group,
        "country": best("Country", lambda i: (world.operated_in[i], world.degree[i])),
        "name": best("Person", lambda i: world.degree[i]).upper(),
        "date": "2019-06-30",
    }


if __name__ == "__main__":
    scales = {"k": 1_000, "M": 1_000_000}
    size = sys.argv[2]
    written = generate(Path(sys.argv[1]), int(float(size[:-1]) * scales[size[-1]]) if size[-1] in scales else int(size))
    print(f"{written.triples} quads written to {written.path}")
