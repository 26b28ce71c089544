"""Resolving mentions to actors and places (stage 3 of ingest).

Input: the mentions of one document and what is known. Output: :class:`Resolution` —
:class:`Entity` records (each with the store's IRI, or a new IRI under ``kgr:`` with a
class and label) and, on every mention, the entities it refers to. Mentions of one actor
meet by their normalised names (transliterations fold together: Kouffa/Koufa), by acronym
definitions, by "known as" aliases, by a person's surname, and by fuzzy match against the
store. Pronouns and phrases like "the group" take the actor the text is about (:mod:`kg.ingest.pronouns`). A name
that could be several stored actors, and that the document does not settle, is reported
in ``ambiguous`` and not merged with any of them. The entity records and the actors every
document may need (a country's government and army) are in :mod:`kg.ingest.entities`.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from kg.ingest.entities import (
    ACTORS,
    ORGANIZATIONS,
    PLACES,
    Ambiguity,
    Entity,
    Resolution,
    country_actor,
    document_country,
    entity_label,
    is_actor,
    is_place,
    place_entity,
    stored_country_actor,
)
from kg.ingest.known import Known, KnownNames, key, slug
from kg.ingest.lexicon import Lexicon
from kg.ingest.mentions import Mention
from kg.ingest.pronouns import take_up_anaphors
from kg.ingest.romance import without_article
from kg.vocab import KGR

#: The stages after resolution import these from here.
__all__ = ["ACTORS", "ORGANIZATIONS", "PLACES", "Ambiguity", "Entity", "Resolution", "country_actor", "document_country",
           "is_actor", "is_place", "name_key", "place_entity", "resolve"]
_ALIAS_BETWEEN = re.compile(
    r"^,?\s*(?:(?:the|a|an)\s+[\w\s-]{0,30}?)?(?:(?:also|better|formally|commonly|locally|widely)\s+)?known\s+as\s*[\"“']?$"
    r"|^\s*[,(]\s*(?:alias|aka|nicknamed)\s*[\"“']?$"
    r"|^,?\s*(?:the\s+)?(?:group|movement)?\s*(?:that|which|whom)\s+(?:residents|locals|people|many|villagers)\s+call\s*$"
    r"|^\s*,\s*(?:the|a|its)\s+so-called\s*$"
)
_COORDINATION = re.compile(r"^\s*,?\s*(?:and|or|&)\s*$")


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def name_key(mention: Mention, lexicon: Lexicon) -> str:
    """The key two mentions of one actor share: normalised, without "the" and a trailing class noun.

    A country's own force named by the country and a class noun ("Pakistan Army", "Pakistani troops",
    "Myanmar's military") keys as that country's force, and any name of its government ("Federal
    Republic of Nigeria", "Nigerian government") as its government: they meet, and none meets the
    country ("Pakistan") that its key would otherwise be.
    """
    words = without_article(key(mention.name).split(" "))
    nouns = lexicon.noun_keys
    stripped = False
    while len(words) > 1 and words[-1] in nouns:
        words, stripped = words[:-1], True
    if mention.country and mention.kind in ("force", "name") \
            and (mention.type == "Government"
                 or stripped and mention.type == "StateArmedForce" and _only_the_country(words, mention)):
        return f"{key(mention.country)} {mention.type}"  # a country has one government, but a force is named by its noun
    return " ".join(words)


def _only_the_country(words: list[str], mention: Mention) -> bool:
    """Whether a force's name says nothing but its country before its class noun: "Pakistani troops", "Pakistan Army",
    but not "Syrian National Army" and "Syrian Democratic Forces", two forces of one country that are not its army."""
    return len(words) == 1 or words == without_article(key(mention.country).split(" "))


def resolve(text: str, mentions: list[Mention], known: KnownNames, lexicon: Lexicon) -> Resolution:
    """Group the mentions into entities and point every mention at its entities."""
    named = [m for m in mentions if m.kind not in ("anaphor", "demonym")]
    keys = [name_key(m, lexicon) for m in named]
    # "Khyber Pakhtunkhwa police" keys as "khyber pakhtunkhwa": the province itself, typed so, is not that force.
    forces = {k for k, m in zip(keys, named)
              if m.type in ORGANIZATIONS and k != " ".join(without_article(key(m.name).split(" ")))}
    keys = [f"{k} place" if k in forces and m.type in ("City", "Region") and m.kind == "cued" else k
            for k, m in zip(keys, named)]
    union = _Union(len(named))
    _join_names(text, named, keys, union)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(named)):
        clusters[union.find(i)].append(i)
    resolution = Resolution([], {}, known=known)
    resolution.settled = {m.known[0].iri for m in named if m.known and len({k.iri for k in m.known}) == 1}
    by_iri: dict[ox.NamedNode, Entity] = {}
    for members in sorted(clusters.values(), key=lambda ms: named[ms[0]].start):
        _entity(resolution, [named[i] for i in members], known, by_iri)
    from kg.ingest.governments import governments_acting  # it imports this module: imported here, not at the top

    governments_acting(text, resolution)
    take_up_anaphors(text, mentions, resolution)
    return resolution


_PLACE_HEADS = {"city": "City", "town": "City", "village": "City", "province": "Region", "region": "Region",
                "district": "Region", "state": "Region"}


def _place_head(mention: Mention) -> str | None:
    """The kind of place a name's last word says it is: "Idlib city", "Idlib province"."""
    last = mention.name.rsplit(" ", 1)[-1].lower()
    return _PLACE_HEADS.get(last) if " " in mention.name else None


def _join_names(text: str, named: list[Mention], keys: list[str], union: _Union) -> None:
    by_key: dict[str, int] = {}
    by_start = {m.start: i for i, m in enumerate(named)}
    by_iri: dict[str, int] = {}
    heads: dict[str, str] = {}  # the kind of place a key's first explicit "… city" or "… province" gave it
    for i, mention in enumerate(named):
        singular = keys[i][:-1] if keys[i].endswith("s") and len(keys[i]) > 4 else keys[i]
        head = _place_head(mention)
        for form in {keys[i], singular}:
            if head and heads.setdefault(form, head) != head:
                form = f"{form} {head}"  # "Idlib city" is not "Idlib province"
            if form in by_key:
                union.join(i, by_key[form])
            by_key.setdefault(form, i)
        if mention.alias_of is not None and mention.alias_of in by_start:
            union.join(i, by_start[mention.alias_of])
        if mention.kind == "known" and len({k.iri for k in mention.known}) == 1:
            iri = mention.known[0].iri.value
            if iri in by_iri:
                union.join(i, by_iri[iri])
            by_iri.setdefault(iri, i)
    for i in range(len(named) - 1):
        a, b = named[i], named[i + 1]
        if a.sentence == b.sentence and _ALIAS_BETWEEN.match(text[a.end:b.start]):
            union.join(i, i + 1)
            if b.alias_of is None:
                b.alias_of = a.start
    # Coordinated names share a class: "al-Qaeda and ISIS fighters", "Iyad Ag Ghaly and Amadou Kouffa"; a name's class
    # may come from its other mentions ("to Cúcuta and Ocaña" after "the city of Cúcuta").
    typed = {keys[i]: m.type for i, m in enumerate(named) if m.type}
    for i in range(len(named) - 1):
        a, b = named[i], named[i + 1]
        if a.sentence == b.sentence and _COORDINATION.match(text[a.end:b.start]) and not a.possessive:
            a_type, b_type = a.type or typed.get(keys[i]), b.type or typed.get(keys[i + 1])
            if a_type and a_type != "Country" and b.kind == "chunk" and (not b.type or a.kind != "chunk" or not a.type):
                b.type = a_type
            elif b_type and b_type != "Country" and a.kind == "chunk" and (not a.type or b.kind != "chunk" or not b.type):
                a.type = b_type
    # "its troops", "Rwandan troops", "Mozambican marines": the armed force the document names for that country.
    forces: dict[str, set[int]] = defaultdict(set)
    for i, mention in enumerate(named):
        if mention.type == "StateArmedForce" and mention.kind != "force" and mention.country:
            forces[key(mention.country)].add(union.find(i))
    for i, mention in enumerate(named):
        if mention.kind == "force" and mention.country and len(forces.get(key(mention.country), ())) == 1:
            union.join(i, next(iter(forces[key(mention.country)])))
    # A surname alone is the person named in full elsewhere: "Shekau", "Jolani", "al-Barnawi".
    persons = {keys[i]: i for i, m in enumerate(named) if m.type == "Person" and " " in keys[i]}
    organised = {keys[i] for i, m in enumerate(named) if m.type and m.type != "Person"}
    for i, mention in enumerate(named):
        if (" " in keys[i] and mention.type == "Person") or mention.type not in (None, "Person") or keys[i] in organised:
            continue
        matches = {union.find(p) for full, p in persons.items() if full.endswith(" " + keys[i]) and full != keys[i]}
        if len(matches) == 1 and mention.kind in ("chunk", "cued", "known"):
            union.join(i, matches.pop())


def _entity(resolution: Resolution, members: list[Mention], known: KnownNames, by_iri: dict[ox.NamedNode, Entity]) -> None:
    """A cluster of mentions as an entity, new or (``by_iri``: the entities so far) one already made."""
    types = [m.type for m in members if m.type]
    cue = max(dict.fromkeys(types), key=types.count) if types else None  # the most frequent, the first seen among equals
    iri, label, kind, new = _stored(resolution, members, cue, known)
    if kind is None:
        kind = _cue_type(members)
    if kind is None and not any(len(m.name) > 2 and m.kind == "chunk" for m in members):
        return
    country = next((m.country for m in members if m.country), None)
    if iri is None:
        label = entity_label(members, kind, country, known)
        stored = stored_country_actor(known, country, kind) if country and kind in ("Government", "StateArmedForce") else None
        if stored is not None:
            iri, label, new = stored.iri, stored.label, False
        else:
            iri = _new_iri(label, kind, known, resolution)
    existing = by_iri.get(iri)
    if existing is not None:
        existing.mentions.extend(members)
        _add_aliases(existing, members)
        for m in members:
            resolution.refers[id(m)] = (existing.index,)
        return
    entity = Entity(len(resolution.entities), iri, label, kind, [], list(members), new, country)
    _add_aliases(entity, members)
    resolution.entities.append(entity)
    by_iri[iri] = entity
    for m in members:
        resolution.refers[id(m)] = (entity.index,)


def _add_aliases(entity: Entity, members: list[Mention]) -> None:
    for m in members:
        name = m.name.strip()
        if name and name != entity.label and name not in entity.aliases and m.kind != "force":
            entity.aliases.append(name)


def _cue_type(members: list[Mention]) -> str | None:
    rank = {"name": 0, "known": 0, "force": 0, "cued": 1, "acronym": 2, "chunk": 3}
    typed = sorted((rank.get(m.kind, 3), m.type) for m in members if m.type)
    return typed[0][1] if typed else None


def _stored(resolution: Resolution, members: list[Mention], cue: str | None,
            known: KnownNames) -> tuple[ox.NamedNode | None, str | None, str | None, bool]:
    """The store's actor or place for a cluster: one agreed candidate, the one its context picks, or none."""
    candidates: dict[ox.NamedNode, Known] = {}
    for m in members:
        for k in m.known:
            candidates.setdefault(k.iri, k)
    if not candidates:
        fuzzy = _fuzzy(members, cue, known, resolution.spellings)
        if fuzzy is None:
            return None, None, None, True
        candidates = {fuzzy.iri: fuzzy}
    fitting = [k for k in candidates.values() if cue is None or _compatible(k.type, cue)] or list(candidates.values())
    if len(fitting) > 1:
        fitting = _by_context(fitting, members, resolution) or fitting
    starts = {m.start: m for m in members}
    renamed = any(m.known and m.alias_of in starts and not starts[m.alias_of].known for m in members)
    if len(fitting) == 1 and not renamed:
        chosen = fitting[0]
        return chosen.iri, chosen.label, chosen.type, False
    first = next(m for m in members if m.known) if any(m.known for m in members) else members[0]
    resolution.ambiguous.append(Ambiguity(
        first.name, first.start, first.end, sorted(k.iri.value for k in fitting),
        "could be any of these stored actors" if len(fitting) > 1 else "the document names it as another actor"))
    return None, None, None, True


def _by_context(candidates: list[Known], members: list[Mention], resolution: Resolution) -> list[Known]:
    """The candidates the rest of the document points to.

    A candidate the document also names without doubt, or one whose stored neighbours
    (its parent group, its leaders) the document names: a branch named beside al-Qaeda
    is al-Qaeda's, not the Islamic State's.
    """
    labels = {key(m.name) for m in members}
    named = [k for k in candidates if key(k.label) in labels or k.iri in resolution.settled]
    if len(named) == 1:
        return named
    neighbours = resolution.known.neighbours if resolution.known else {}
    return [k for k in candidates if neighbours.get(k.iri.value, set()) & {i.value for i in resolution.settled}]


def _fuzzy(members: list[Mention], cue: str | None, known: KnownNames, spellings: dict[str, list[Known]]) -> Known | None:
    """A stored actor whose name is a close spelling of one of the cluster's (Ag Ghali/Ag Ghaly), if just one."""
    if not known.iris:
        return None
    found: dict[ox.NamedNode, Known] = {}
    for m in members:
        if m.kind not in ("name", "cued", "acronym", "chunk") or len(m.name) < 6:
            continue
        if m.name not in spellings:
            spellings[m.name] = known.fuzzy(m.name, threshold=92.0)
        for candidate in spellings[m.name]:
            if cue is None or _compatible(candidate.type, cue):
                found[candidate.iri] = candidate
    return next(iter(found.values())) if len(found) == 1 else None


def _compatible(stored: str, cue: str) -> bool:
    if stored == cue:
        return True
    if stored in PLACES and cue in PLACES:
        return True
    return stored in ORGANIZATIONS and cue in ORGANIZATIONS and "MilitantGroup" in (stored, cue)


def _new_iri(label: str, kind: str, known: KnownNames, resolution: Resolution) -> ox.NamedNode:
    """``kgr:<slug>``; a slug the store already uses for something else gets the class added."""
    iri = KGR[slug(label)]
    stored = known.iris.get(iri.value)
    if stored is not None and key(stored) != key(label):
        iri = KGR[slug(f"{label} {kind}")]
    return iri
