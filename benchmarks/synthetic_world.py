"""The entities of the synthetic conflict graph: places, governments and armed forces, and actors.

Regions, countries (each with a government and an armed force), cities, and actors of the
ontology's classes (mostly militant groups, then persons, media outlets and other
organisations) with aliases. Relations are drawn from preferential-attachment urns
(:class:`Pools`): an entity's chance grows with its degree, and most actors join only as
the corpus grows (:meth:`World.grow`), so the early ones become hubs. Used by
:mod:`synthetic_store`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.statements import Entity, entity_triples
from kg.vocab import KGR

#: Actor types besides the one Government and one StateArmedForce minted per country.
ACTOR_MIX: tuple[tuple[str, float], ...] = (
    ("MilitantGroup", 0.64),
    ("Person", 0.27),
    ("MediaOutlet", 0.04),
    ("NonGovernmentalOrganization", 0.025),
    ("GovernmentAgency", 0.015),
    ("IntergovernmentalOrganization", 0.01),
)

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


def entities(world: World, rng: random.Random, n_actors: int) -> list[ox.Triple]:
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
