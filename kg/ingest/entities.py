"""The entities of a document and the actors every document has (part of :mod:`kg.ingest.resolve`).

:class:`Entity` and :class:`Resolution` are what resolution produces and the later stages
read. A country's government and armed forces, and a country or region of the place table,
are entities of any document that needs them, minted on demand (:func:`country_actor`,
:func:`place_entity`); :func:`document_country` says which country an article is about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.ingest.known import Known, KnownNames, key, slug
from kg.ingest.spans import Mention
from kg.ontology import subclasses
from kg.vocab import KGR, KGR_NS

ORGANIZATIONS = subclasses("Organization")
ACTORS = subclasses("Actor")
PLACES = subclasses("Place")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_NEEDS_THE = re.compile(r"(?:United|Republic|Democratic|Central African|Kingdom)\b|.*(?:ines|lands)$")


@dataclass
class Entity:
    """An actor or place of the document, with its IRI and every mention of it."""

    index: int
    iri: ox.NamedNode
    label: str
    #: The ontology class; None while the text has given no sign of it (a slot of a relation may still).
    type: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    new: bool = True
    country: str | None = None

    @property
    def id(self) -> str:
        """The compact IRI used as the entity's id in ``kg extract`` output."""
        value = self.iri.value
        return "kgr:" + value[len(KGR_NS):] if value.startswith(KGR_NS) else value


@dataclass
class Ambiguity:
    text: str
    start: int
    end: int
    candidates: list[str]
    reason: str


@dataclass
class Resolution:
    entities: list[Entity]
    refers: dict[int, tuple[int, ...]]
    ambiguous: list[Ambiguity] = field(default_factory=list)
    known: KnownNames | None = None
    #: Stored actors some mention of the document names unambiguously: the context that settles an ambiguous name.
    settled: set[ox.NamedNode] = field(default_factory=set)
    #: Close spellings already looked up for this document's names (searching a large gazetteer is the costly part).
    spellings: dict[str, list[Known]] = field(default_factory=dict, repr=False, compare=False)
    #: Whether a preposition governs the mention that starts at an offset (both readings of the anaphors ask).
    governed: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)

    def of(self, mention: Mention) -> tuple[Entity, ...]:
        found = self.refers.get(id(mention), ())
        return (self.entities[found[0]],) if len(found) == 1 else tuple(self.entities[i] for i in found)  # one: no generator


def _the(country: str) -> str:
    """"the United States", "the Philippines", but "Mali"."""
    return f"the {country}" if _NEEDS_THE.match(country) else country


def entity_label(members: list[Mention], kind: str | None, country: str | None, known: KnownNames) -> str:
    if kind == "Government" and country:
        return f"Government of {_the(_country_name(country, known))}"
    if kind == "StateArmedForce" and country and all(m.kind == "force" for m in members):
        place = known.places.get(_country_name(country, known))
        demonym = place.demonyms[0] if place and place.demonyms else _country_name(country, known)
        return f"{demonym} Armed Forces"
    names = [m for m in members if m.kind != "acronym"] or members
    best = max(names, key=lambda m: (not m.name.isupper(), m.kind in ("name", "cued", "known"), len(m.name.split()), -m.start))
    return _LEADING_THE.sub("", best.name.strip())


def _country_name(country: str, known: KnownNames) -> str:
    found = known.country_named(country)
    return found.label if found else country


def stored_country_actor(known: KnownNames, country: str, kind: str) -> Known | None:
    """The stored government or armed forces of a country, by any of the usual names."""
    name = _country_name(country, known)
    place = known.places.get(name)
    demonyms = place.demonyms if place else ()
    if kind == "Government":
        forms = [f"Government of {name}", f"{name} government", *(f"{d} government" for d in demonyms)]
    else:
        forms = [f"{name} Armed Forces", f"Armed Forces of {name}", *(f"{d} {n}" for d in demonyms
                                                                        for n in ("Armed Forces", "military", "Army"))]
    for form in forms:
        for k in known.names.get(key(form), ()):
            if k.type == kind:
                return k
    return None


def country_actor(resolution: Resolution, country: str, kind: str, evidence: Mention | None = None) -> Entity:
    """The government or armed forces of a country as an entity of this document, minted if need be.

    ``evidence``: the words that name it ("the federal government", "the army's"), kept as its mention
    where it has none, so that the actor a description names is shown as named there.
    """
    entity = _country_actor(resolution, country, kind)
    if evidence is not None and not entity.mentions:
        entity.mentions.append(evidence)
    return entity


def _country_actor(resolution: Resolution, country: str, kind: str) -> Entity:
    known = resolution.known
    name = _country_name(country, known)
    for entity in resolution.entities:
        if entity.type == kind and entity.country and (entity.country == country
                                                       or _country_name(entity.country, known) == name):
            return entity
    stored = stored_country_actor(known, name, kind)
    if stored is not None:
        iri, label, new = stored.iri, stored.label, False
    else:
        label = entity_label([Mention(0, 0, "", "force", 0)], kind, name, known) if kind == "StateArmedForce" \
            else f"Government of {_the(name)}"
        iri, new = KGR[slug(label)], True
    for entity in resolution.entities:
        if entity.iri == iri:
            return entity
    entity = Entity(len(resolution.entities), iri, label, kind, [], [], new, name)
    resolution.entities.append(entity)
    return entity


def place_entity(resolution: Resolution, label: str) -> Entity | None:
    """The entity of a country or region by label, minted from the place table if the document has none."""
    known = resolution.known
    for entity in resolution.entities:
        if entity.type in PLACES and (entity.label == label or entity.country == label):
            return entity
    found = known.names.get(key(label), ())
    place = next((k for k in found if k.type in PLACES), None)
    if place is None:
        return None
    for entity in resolution.entities:
        if entity.iri == place.iri:
            return entity
    entity = Entity(len(resolution.entities), place.iri, place.label, place.type, [], [], False, None)
    resolution.entities.append(entity)
    return entity


def document_country(text: str, resolution: Resolution) -> str | None:
    """The country an article is about: its dateline's (a country or a city of one), else clearly the most named one."""
    known = resolution.known
    headline_end = text.find("\n\n")
    headline = text[:headline_end] if headline_end >= 0 else text
    body = len(headline) + 2 if headline_end >= 0 and not headline.rstrip().endswith((".", "!", "?", "\"", "”")) else 0
    first = entity = None  # the first mention of the body: the dateline opens the body, not the headline
    for e in resolution.entities:
        for m in e.mentions:
            if m.start >= body and (first is None or m.start < first.start):
                first, entity = m, e
    if first is not None:
        place = known.places.get(entity.label)
        if place is not None and text[body:first.start].count(" ") <= 14 and (place.type == "Country" or place.located_in):
            return place.label if place.type == "Country" else place.located_in[0]
    # A country's government and forces name it too: "the Government of Pakistan", "the Pakistan Army".
    counts: Counter[str] = Counter()  # by entity, each counted as often as it is named (asked often: not by mention)
    for e in resolution.entities:
        if e.mentions and (e.type == "Country" or e.country and e.type in ("Government", "StateArmedForce")):
            counts[e.label if e.type == "Country" else _country_name(e.country, known)] += len(e.mentions)
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def is_actor(entity: Entity) -> bool:
    return entity.type in ACTORS


def is_place(entity: Entity) -> bool:
    return entity.type in PLACES
