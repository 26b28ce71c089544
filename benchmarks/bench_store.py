"""Benchmark kg's store on synthetic conflict graphs: loading, reopening, disk size, named queries.

Run from the repository root::

    python benchmarks/bench_store.py                      # 100k and 1M triples
    python benchmarks/bench_store.py --sizes 100k --json results.json
    python benchmarks/bench_store.py --sizes 10M          # large; not part of the default run

The synthetic graph is minted through ``kg.statements`` (the same functions every way
into kg uses) and written as N-Quads together with the ontology and the built-in Sahel
graph. Every measurement runs in its own subprocess, so its peak RSS is its own.
Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build import builtin_graphs
from kg.names import with_name_keys
from kg.ontology import ontology_graph, relations
from kg.queries import named_queries, run_named_query
from kg.sparql import parse_binding
from kg.statements import (
    Derivation,
    Entity,
    Evidence,
    Occurrence,
    RelationFact,
    Source,
    entity_triples,
    occurrence_triples,
    relation_triples,
    source_triples,
    statement_iri,
)
from kg.store import LocalStore, open_store
from kg.vocab import KG_NS, KGR, PREFIXES, PROV, RDFS

# ---------------------------------------------------------------- synthetic data

#: Actor types besides the one Government and one StateArmedForce minted per country.
ACTOR_MIX: tuple[tuple[str, float], ...] = (
    ("MilitantGroup", 0.64),
    ("Person", 0.27),
    ("MediaOutlet", 0.04),
    ("NonGovernmentalOrganization", 0.025),
    ("GovernmentAgency", 0.015),
    ("IntergovernmentalOrganization", 0.01),
)
#: How often each ontology relation is drawn; a relation missing here gets weight 1.
PREDICATE_WEIGHTS: dict[str, float] = {
    "operatesIn": 16, "attacked": 14, "cooperatesWith": 9, "memberOf": 8, "criticizes": 8, "rivalOf": 6,
    "atWarWith": 6, "affiliateOf": 6, "leaderOf": 5, "threatens": 5, "negotiatesWith": 4, "spokespersonOf": 3,
    "publishedBy": 2, "declaredWarOn": 2, "splinterOf": 2, "mergedInto": 1, "ousted": 1,
}
ROLES = {"leaderOf": ("emir", "commander", "founder", "deputy leader"), "spokespersonOf": ("spokesperson", "media official")}
SYLLABLES = "ka ma li ta ra do bu sa ni ko ze ga hu fa mo di wa ya ba na si ou te lo ki ha ja za re mu".split()
FIRST_NAMES = tuple(
    name.replace("_", " ")
    for name in "Amadou Iyad Abu_Bakr Hamadou Moussa Ibrahim Ousmane Abdoulaye Souleymane Mahmoud Ali Omar Yacouba Boubacar "
    "Adnan Hassan Fatima Aminata Aicha Mariam Idrissa Seydou Mohamed Ahmed Yusuf Khalid Bilal Issa Harouna Salif".split()
)
GROUP_FORMS = (
    "{a} Liberation Front", "Jama'at {a} al-{b}", "Ansar al-{a}", "{a} Brigade", "Movement for the Unity of {a}",
    "Islamic State {a} Province", "{a} Self-Defence Group", "Katiba {a}",
)
HEADLINES = (
    "Clashes reported near {p}", "Militants expand operations around {p}", "Security situation in {p} deteriorates",
    "Talks in {p} stall", "Weekly bulletin: {p}", "Armed groups regroup in {p}",
)
SOURCE_KINDS = ("news article", "news article", "press release", "report", "statement", "newsletter")
FIRST_DAY = datetime.date(2008, 1, 1).toordinal()
LAST_DAY = datetime.date(2024, 12, 31).toordinal()
CHUNK = 50_000
SYNTHETIC_ENTITIES = KGR["graph/synthetic/entities"]
#: Classes that have their own urn; a relation whose domain or range is another class draws from Actor.
URNS = frozenset({"Actor", "Organization", "Person", "MediaOutlet", "Place"})


@dataclass
class Pools:
    """Preferential-attachment urns: an entity's share of draws grows with its degree."""

    members: dict[str, list[int]] = field(default_factory=dict)
    urns: dict[str, list[int]] = field(default_factory=dict)

    def add(self, index: int, categories: Iterable[str]) -> None:
        for category in categories:
            self.members.setdefault(category, []).append(index)
            self.urns.setdefault(category, []).append(index)

    def draw(self, rng: random.Random, category: str, fresh: float = 0.2) -> int:
        """One entity of ``category``: uniformly with probability ``fresh``, else by degree."""
        pool = self.members[category] if rng.random() < fresh else self.urns[category]
        return pool[rng.randrange(len(pool))]

    def touch(self, index: int, categories: Iterable[str]) -> None:
        for category in categories:
            self.urns[category].append(index)


@dataclass
class World:
    """The entities minted so far, by index, with the counters the bindings are chosen from."""

    iris: list[ox.NamedNode] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    categories: list[tuple[str, ...]] = field(default_factory=list)
    country_of: list[int] = field(default_factory=list)
    degree: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)
    operated_in: list[int] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    pools: Pools = field(default_factory=Pools)
    waiting: list[int] = field(default_factory=list)
    activated: int = 0

    def grow(self, progress: float) -> None:
        """Let waiting actors join the urns in step with ``progress`` (0 to 1): early ones become hubs."""
        due = int(len(self.waiting) * min(1.0, max(0.01, progress)))
        while self.activated < due:
            index = self.waiting[self.activated]
            self.pools.add(index, self.categories[index])
            self.activated += 1


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _unique(world: World, make: Callable[[], str]) -> str:
    """A label no other synthetic entity has (names repeat in reality; bindings must not)."""
    for _ in range(20):
        label = make()
        if label not in world.used:
            break
    else:
        label = f"{label} {len(world.labels)}"
    world.used.add(label)
    return label


def _acronyms(label: str) -> list[str]:
    """The initials of a name's capitalised words, if there are three or more."""
    initials = "".join(w[0] for w in label.replace("-", " ").split() if w[0].isupper())
    return [initials] if len(initials) >= 3 else []


def _category(type_: str) -> tuple[str, ...]:
    """The urns an entity of this class joins: by the ontology's domains and ranges."""
    if type_ in ("Country", "City", "Region"):
        return ("Place",)
    if type_ == "Person":
        return ("Person", "Actor")
    if type_ == "MediaOutlet":
        return ("MediaOutlet", "Organization", "Actor")
    return ("Organization", "Actor")


def _mint(world: World, entity: Entity, country: int = -1, wait: bool = False) -> list[ox.Triple]:
    """Record an entity; it joins the urns now, or later through :meth:`World.grow` if ``wait``."""
    index = len(world.iris)
    world.iris.append(entity.iri)
    world.labels.append(entity.label)
    world.types.append(entity.type)
    world.categories.append(_category(entity.type))
    world.country_of.append(country)
    world.degree.append(0)
    world.leaders.append(0)
    world.operated_in.append(0)
    if wait:
        world.waiting.append(index)
    elif entity.type != "Region":
        world.pools.add(index, world.categories[-1])
    return entity_triples(entity)


def _entities(world: World, rng: random.Random, n_actors: int) -> list[ox.Triple]:
    """Regions, countries (each with a government and an armed force), cities and actors."""
    triples: list[ox.Triple] = []
    regions = []
    for _ in range(6):
        label = _unique(world, lambda: f"{_word(rng, 2)} {rng.choice(('Basin', 'Highlands', 'Coast', 'Belt'))}")
        regions.append(len(world.iris))
        triples += _mint(world, Entity(KGR[f"syn/region/{len(regions)}"], "Region", label))
    n_countries = min(190, 30 + n_actors // 200)
    countries = []
    for i in range(n_countries):
        label = _unique(world, lambda: _word(rng, 2) + rng.choice(("ia", "stan", "land", "o", "i")))
        countries.append(len(world.iris))
        region = world.iris[rng.choice(regions)]
        triples += _mint(world, Entity(KGR[f"syn/country/{i}"], "Country", label, (f"Republic of {label}",), located_in=region))
    for i in range(n_actors // 8):
        country = countries[int(rng.paretovariate(1.2) - 1) % n_countries]
        label = _unique(world, lambda: _word(rng, rng.choice((2, 3))))
        triples += _mint(world, Entity(KGR[f"syn/city/{i}"], "City", label, located_in=world.iris[country]), country)
    for country in countries:
        name = world.labels[country]
        gov = Entity(KGR[f"syn/government/{country}"], "Government", f"Government of {name}", (f"{name}n government",),
                     country=world.iris[country])
        army = Entity(KGR[f"syn/armed-forces/{country}"], "StateArmedForce", f"{name} Armed Forces",
                      (f"F{name[:2].upper()}",), country=world.iris[country])
        triples += _mint(world, gov, country) + _mint(world, army, country)
    kinds, weights = zip(*ACTOR_MIX, strict=True)
    groups: list[int] = []
    seen: dict[str, int] = {}
    for i, kind in enumerate(rng.choices(kinds, weights, k=n_actors)):
        country = rng.choice(countries) if rng.random() < 0.5 else -1
        home = world.iris[country] if country >= 0 else None
        entity = _actor(world, rng, i, kind, home, groups)
        if kind == "MilitantGroup":
            groups.append(len(world.iris))
        seen[kind] = seen.get(kind, 0) + 1
        # A few of each kind are there from the start; the others arrive as the corpus grows.
        triples += _mint(world, entity, country, wait=seen[kind] > 3)
    return triples


def _actor(world: World, rng: random.Random, i: int, kind: str, home: ox.NamedNode | None, groups: list[int]) -> Entity:
    iri = KGR[f"syn/actor/{i}"]
    if kind == "Person":
        label = _unique(world, lambda: f"{rng.choice(FIRST_NAMES)} {rng.choice(('', 'Ag ', 'al-', 'Ould '))}{_word(rng, 2)}")
        aliases = [label.replace("ou", "u").replace("y", "i")] if rng.random() < 0.5 else []
        if rng.random() < 0.3:
            aliases.append(f"Abu {_word(rng, 2)}")
        return Entity(iri, kind, label, aliases, country=home)
    if kind == "MilitantGroup":
        label = _unique(world, lambda: rng.choice(GROUP_FORMS).format(a=_word(rng, 3), b=_word(rng, 2)))
        aliases = _acronyms(label) if rng.random() < 0.7 else []
        parent = world.iris[rng.choice(groups)] if groups and rng.random() < 0.1 else None
        description = f"An armed group active since {rng.randint(1990, 2022)}." if rng.random() < 0.3 else None
        return Entity(iri, kind, label, aliases, country=home, part_of=parent, description=description)
    forms = {
        "MediaOutlet": "{a} News", "NonGovernmentalOrganization": "{a} Peace Initiative",
        "GovernmentAgency": "Ministry of Security of {a}", "IntergovernmentalOrganization": "{a} Union",
    }
    label = _unique(world, lambda: forms[kind].format(a=_word(rng, 3)))
    return Entity(iri, kind, label, _acronyms(label), country=home)


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
    out.write(SYNTHETIC_ENTITIES, _entities(world, rng, max(200, target // 80)))
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


# ---------------------------------------------------------------- measurements (each in a child process)


def peak_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def query_bindings(name: str, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings for a named query's required parameters, read as ``kg query --bind`` reads them."""
    bound = {}
    for param in named_queries()[name].params:
        if param.required:
            key, term = parse_binding(f"{param.name}={values[param.name]}")
            bound[key] = term
    return bound


class Clock:
    """Wall seconds, and CPU seconds of every thread of this process, since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu": time.process_time() - self.cpu}


def _timed(run: Callable[[], int], repeats: int, slow: float) -> dict[str, Any]:
    """Median wall and CPU time of up to ``repeats`` runs (one if the first takes over ``slow`` s), and the rows."""
    clocks: list[dict[str, float]] = []
    rows = 0
    for _ in range(repeats):
        clock = Clock()
        rows = run()
        clocks.append(clock.read())
        if clocks[0]["seconds"] > slow:
            break
    return {
        "seconds": statistics.median(c["seconds"] for c in clocks),
        "cpu": statistics.median(c["cpu"] for c in clocks),
        "runs": len(clocks),
        "rows": rows,
    }


def child_generate(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    info = generate(Path(spec["path"]), spec["target"], spec["seed"])
    return {**clock.read(), "info": asdict(info)}


def child_bulk_load(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    store = ox.Store(spec["store"])
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    timing = clock.read()
    return {**timing, "rows": len(store)}


def child_reopen(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    store = open_store(spec["store"])
    timing = clock.read()
    rows = store.triple_count()
    store.close()
    return {**timing, "rows": rows}


def child_replace(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    for quad in ox.parse(path=spec["nq"], format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name, []).append(quad.triple)
    parsed = clock.read()["seconds"]
    store = LocalStore(spec["store"])
    clock = Clock()
    store.replace_graphs(graphs)
    store.close()
    return {**clock.read(), "parse_seconds": parsed, "rows": sum(map(len, graphs.values()))}


def child_query(spec: dict[str, Any]) -> dict[str, Any]:
    store = open_store(spec["store"])
    bindings = query_bindings(spec["query"], spec["values"])

    def run() -> int:
        result = run_named_query(store, spec["query"], bindings)
        return len(result.rows) if result.kind == "select" else len(result.triples)

    timing = _timed(run, spec["repeats"], spec["slow"])
    store.close()
    return timing


def child_rdflib(spec: dict[str, Any]) -> dict[str, Any]:
    """rdflib in memory: load the N-Quads, then every named query (each under an alarm)."""
    import rdflib

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, on_alarm)
    clock = Clock()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(spec["nq"], format="nquads")
    load = {**clock.read(), "peak_mb": peak_mb(), "rows": len(dataset)}
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    queries: dict[str, dict[str, Any]] = {}
    for name, query in named_queries().items():
        bindings = {k: _to_rdflib(v) for k, v in query_bindings(name, spec["values"]).items()}

        def run(text: str = prologue + query.text, bindings: dict = bindings) -> int:
            return len(list(dataset.query(text, initBindings=bindings)))

        signal.alarm(int(spec["timeout"]))
        try:
            queries[name] = _timed(run, spec["repeats"], spec["slow"])
        except TimeoutError:
            queries[name] = {"error": f"timeout after {spec['timeout']:g} s"}
        except Exception as error:  # rdflib's own failures are a result too
            queries[name] = {"error": f"rdflib failed: {type(error).__name__}: {str(error)[:60]}"}
        finally:
            signal.alarm(0)
        _log(f"  rdflib {name}: {queries[name]}")
    return {"load": load, "queries": queries}


def _to_rdflib(term: ox.NamedNode | ox.Literal) -> Any:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value.endswith("#string"):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": lambda spec: {"seconds": 0.0},
    "generate": child_generate,
    "bulk_load": child_bulk_load,
    "reopen": child_reopen,
    "replace": child_replace,
    "query": child_query,
    "rdflib": child_rdflib,
}


def child_main(raw: str) -> None:
    spec = json.loads(raw)
    result = CHILDREN[spec["kind"]](spec)
    result.setdefault("peak_mb", peak_mb())
    print(json.dumps(result))


# ---------------------------------------------------------------- driver

_STARTED = time.perf_counter()


def _log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    size: str
    measure: str
    seconds: float | None = None
    peak_mb: float | None = None
    rows: int | None = None
    note: str = ""
    cpu: float | None = None

    def remark(self) -> str:
        """The note, after the CPU time when it is known (it shows when other load slowed a wall time)."""
        cpu = "" if self.cpu is None else f"cpu {_seconds(self.cpu)} s"
        return "; ".join(part for part in (cpu, self.note) if part)


def _seconds(value: float) -> str:
    return f"{value:.4f}" if value < 1 else f"{value:.2f}"


def run_child(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; a timeout or crash comes back as ``error``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:g} s"}
    if done.returncode != 0:
        return {"error": f"exit code {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def size_label(n: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def parse_size(text: str) -> int:
    """``100000``, ``100k``, ``1M`` or ``1_000_000``."""
    text = text.strip().lower().replace("_", "")
    scales = {"k": 1_000, "m": 1_000_000}
    return int(float(text[:-1]) * scales[text[-1]]) if text[-1] in scales else int(text)


def parse_sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",")]


def bench_size(target: int, work: Path, args: argparse.Namespace) -> tuple[list[Row], dict[str, Any]]:
    """Every measurement for one size; returns table rows and the dataset description."""
    label = size_label(target)
    rows: list[Row] = []

    def add(measure: str, result: dict[str, Any], note: str = "") -> Row:
        note = result.get("error") or note
        row = Row(label, measure, result.get("seconds"), result.get("peak_mb"), result.get("rows"), note, result.get("cpu"))
        rows.append(row)
        seconds = "-" if row.seconds is None else f"{row.seconds:.3f}"
        _log(f"{label} {measure}: {seconds} s, {row.rows} rows, {row.peak_mb or 0:.0f} MB {row.remark()}")
        return row

    nq = work / f"synthetic-{label}.nq"
    _log(f"{label}: generating {nq}")
    generated = run_child({"kind": "generate", "path": str(nq), "target": target, "seed": args.seed}, args.timeout)
    if "error" in generated:
        add("generate N-Quads", generated)
        return rows, {}
    info = generated["info"]
    add("generate N-Quads", {**generated, "rows": info["triples"]}, f"{nq.stat().st_size / 1e6:.0f} MB file")
    values = info["bindings"]

    store = work / f"store-{label}"
    bulk = run_child({"kind": "bulk_load", "nq": str(nq), "store": str(store)}, args.timeout)
    add("pyoxigraph bulk_load (on disk)", bulk)
    if "error" in bulk:
        return rows, info
    rows.append(Row(label, "store size on disk", note=f"{dir_mb(store):.1f} MB"))
    add("reopen (kg open_store)", run_child({"kind": "reopen", "store": str(store)}, args.timeout), "incl. staging-graph scan")

    if target <= args.replace_max:
        fresh = work / f"store-{label}-replace"
        result = run_child({"kind": "replace", "nq": str(nq), "store": str(fresh)}, args.timeout)
        note = "" if "error" in result else (
            f"all graphs held in memory; N-Quads parse {result['parse_seconds']:.1f} s not incl.; disk {dir_mb(fresh):.1f} MB"
        )
        add("kg LocalStore.replace_graphs", result, note)
        shutil.rmtree(fresh, ignore_errors=True)
    else:
        note = f"skipped above {size_label(args.replace_max)}: holds every graph in memory"
        rows.append(Row(label, "kg LocalStore.replace_graphs", note=note))

    oxigraph: dict[str, float] = {}
    oxigraph_rows: dict[str, int] = {}
    for name in named_queries():
        spec = {"kind": "query", "store": str(store), "query": name, "values": values, "repeats": args.repeats, "slow": args.slow}
        result = run_child(spec, args.query_timeout)
        runs = result.get("runs", 0)
        note = f"{_bound(name, values)}{'; 1 run (slow)' if runs == 1 < args.repeats else ''}"
        row = add(f"query {name}", result, note)
        if row.seconds is not None and row.rows is not None:
            oxigraph[name], oxigraph_rows[name] = row.seconds, row.rows

    if target <= args.rdflib_max:
        spec = {"kind": "rdflib", "nq": str(nq), "values": values, "repeats": args.repeats, "slow": args.slow,
                "timeout": args.query_timeout}
        result = run_child(spec, args.timeout)
        if "error" in result:
            add("rdflib load (in memory)", result)
        else:
            add("rdflib Dataset.parse (in memory)", result["load"])
            for name, timing in result["queries"].items():
                note = _rdflib_note(timing, oxigraph.get(name), oxigraph_rows.get(name), args.repeats)
                seconds, cpu = timing.get("seconds"), timing.get("cpu")
                rows.append(Row(label, f"rdflib {name}", seconds, rows=timing.get("rows"), note=note, cpu=cpu))
    else:
        print(f"note: rdflib baseline skipped at {label} (in memory it takes minutes; --rdflib-max)", file=sys.stderr)
        rows.append(Row(label, "rdflib baseline", note=f"skipped above {size_label(args.rdflib_max)}: takes minutes in memory"))
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
        nq.unlink(missing_ok=True)
    return rows, info


def _rdflib_note(timing: dict[str, Any], seconds: float | None, rows: int | None, repeats: int) -> str:
    """The rdflib/oxigraph time ratio, and whether the answers differ in size."""
    if "error" in timing:
        return timing["error"]
    notes = []
    if seconds is not None:
        notes.append(f"{timing['seconds'] / max(seconds, 1e-6):.1f}x oxigraph")
    if rows is not None and rows != timing["rows"]:
        notes.append(f"ROWS DIFFER (oxigraph {rows})")
    if timing["runs"] == 1 < repeats:
        notes.append("1 run (slow)")
    return "; ".join(notes)


def _bound(name: str, values: dict[str, str]) -> str:
    params = [p.name for p in named_queries()[name].params if p.required]
    return ", ".join(f"{p}={values[p]}" for p in params)


def _load() -> str:
    """The 1, 5 and 15 minute load averages: above the core count, other work slowed the wall times."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def format_table(rows: list[Row]) -> str:
    header = ("size", "measure", "seconds", "peak MB", "rows", "note")
    cells = [header] + [
        (
            r.size,
            r.measure,
            "" if r.seconds is None else _seconds(r.seconds),
            "" if r.peak_mb is None else f"{r.peak_mb:.0f}",
            "" if r.rows is None else str(r.rows),
            r.remark(),
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    right = {2, 3, 4}
    lines = []
    for n, cell in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cell, widths))).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100_000, 1_000_000], help="target triple counts (100k,1M,10M)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="runs per query; the median is reported")
    parser.add_argument("--slow", type=float, default=20.0, help="a query whose first run takes longer is run once")
    parser.add_argument("--query-timeout", type=float, default=300.0, help="seconds per query process")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per load process")
    parser.add_argument("--replace-max", type=parse_size, default=100_000, help="largest size for replace_graphs")
    parser.add_argument("--rdflib-max", type=parse_size, default=100_000, help="largest size for the rdflib baseline")
    parser.add_argument("--workdir", type=Path, help="where data and stores go (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the N-Quads files and stores")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kg-bench-", dir=args.workdir))
    _log(f"working in {work}")
    baseline = run_child({"kind": "baseline"}, 120)
    rows = [
        Row("-", "python + kg imports (RSS baseline)", None, baseline.get("peak_mb"), None, "subtract from peak MB"),
        Row("-", "load average at start", note=_load()),
    ]
    datasets = {}
    try:
        for target in args.sizes:
            size_rows, info = bench_size(target, work, args)
            rows += size_rows
            datasets[size_label(target)] = info
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows.append(Row("-", "load average at end", note=_load()))
    print(format_table(rows))
    if args.json:
        machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": ox.__version__,
                   "platform": platform.platform()}
        report = {"machine": machine, "args": {k: str(v) for k, v in vars(args).items()}, "datasets": datasets,
                  "results": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2])
    else:
        sys.exit(main())
