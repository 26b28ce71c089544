"""Entity resolution across sources: which actor a dataset's name refers to.

A name from a dataset row is resolved, in this order, by

1. an analyst's decision (``kg actors split`` gave the name to another actor; ``kg actors
   merge`` folded an actor into another, whose IRI is then used);
2. the dataset's own id for the actor (UCDP actor ids, MMP group ids) seen before;
3. the pattern "Government of X" / "Military Forces of X": the government or armed force
   whose ``kg:country`` is the country X;
4. its normalised form (:func:`kg.names.normalize`) among every label and alias of the
   actors in the store and those this import has created, also split into a full name and
   its acronym ("Jama'at Nusrat al-Islam wal-Muslimin (JNIM)");
5. a close fuzzy match of a long name (rapidfuzz through :class:`kg.names.Gazetteer`);

and otherwise becomes a new actor. A name that matches several actors equally is
*ambiguous*: it gets an actor of its own rather than a guess, and the report says which
actors it could have been, so that ``kg actors merge`` can settle it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.importers.common import slug
from kg.names import Gazetteer, normalize
from kg.ontology import actor_types
from kg.statements import Entity, entity_triples
from kg.store import Store
from kg.vocab import KG, KGR, SKOS

ENTITIES_GRAPH = KGR["graph/import/entities"]
#: Actor kinds that only match their own kind: a government is never a militant group.
_STRICT_KINDS = frozenset({"Government", "StateArmedForce", "PopulationGroup", "Person"})
_STATE = re.compile(r"^(Government|Military Forces|Police Forces) of (?P<country>.+?)(?: \((?P<note>[^)]*)\))?$")
_ACRONYM = re.compile(r"^(?P<full>.+?)\s*\((?P<short>(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9'’-]{1,11})\)\s*$")
_FUZZY_MIN_LENGTH = 12
_FUZZY_THRESHOLD = 88.0
#: Words whose presence or absence does not make two names differ ("Islamic State (Greater Sahara)").
_MINOR = frozenset({"in", "the", "of", "and", "for", "al", "el", "de", "la", "le", "du", "des", "wal", "wa"})


@dataclass(frozen=True)
class Resolution:
    """The actor a name resolved to, how, and (when ambiguous) the other candidates."""

    iri: ox.NamedNode
    method: str
    candidates: tuple[ox.NamedNode, ...] = ()


@dataclass
class ResolutionReport:
    """What an import merged into existing actors, created, and found ambiguous."""

    merged: dict[str, tuple[str, str]] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _acronym(name: str) -> re.Match | None:
    """``full (SHORT)`` where SHORT is made of full's initials, in order ("CAR" is no acronym of "Christians").

    >>> bool(_acronym("Jama'at Nusrat al-Islam wal-Muslimin (JNIM)")), bool(_acronym("Muslims (CAR)"))
    (True, False)
    """
    match = _ACRONYM.match(name)
    if not match:
        return None
    initials = [w[0].upper() for w in re.split(r"[\s\-'’\x92]+", match["full"]) if w]
    letters = iter(initials)
    wanted = [c for c in match["short"].upper() if c.isalpha()]
    if not initials or not wanted or wanted[0] != initials[0] or not all(c in letters for c in wanted):
        return None
    return match


def _caps(name: str) -> tuple[str, ...]:
    """The all-capitals words of a name, matched letter for letter: normalising folds "UNPP" into "UNP".

    >>> _caps("Supporters of UNPP"), _caps("Jama'at Nusrat al-Islam wal-Muslimin")
    (('UNPP',), ())
    """
    return tuple(w for w in re.findall(r"[\w/&.'’-]+", name) if len(w) >= 2 and w.upper() == w and any(c.isalpha() for c in w))


def _compatible(wanted: str, found: str) -> bool:
    return wanted == found or (wanted not in _STRICT_KINDS and found not in _STRICT_KINDS)


class Resolver:
    """Resolves names to actors against a store, remembering what it creates (one per import)."""

    def __init__(self, store: Store) -> None:
        self._gazetteer = Gazetteer()
        self._kinds: dict[ox.NamedNode, str] = {}
        self._labels: dict[ox.NamedNode, str] = {}
        self._keys: dict[ox.NamedNode, set[str]] = {}
        self._short_names: dict[ox.NamedNode, set[tuple[str, ...]]] = {}
        self._by_key: dict[str, set[ox.NamedNode]] = {}
        self._ids: dict[tuple[str, str], ox.NamedNode] = {}
        self._by_country: dict[tuple[str, ox.NamedNode], ox.NamedNode] = {}
        self._countries = Gazetteer()
        self._merged: dict[ox.NamedNode, ox.NamedNode] = {}
        self._split: dict[str, ox.NamedNode] = {}
        self._used_iris: set[str] = set()
        self._memo: dict[tuple, Resolution] = {}
        self.report = ResolutionReport()
        self.new_triples: list[ox.Triple] = []
        self.skipped_aliases: list[tuple[str, str, str]] = []
        self._country_memo: dict[tuple[str, str | None], ox.NamedNode] = {}
        self._store = store
        self._load(store)

    # ------------------------------------------------------------ reading the store

    def _load(self, store: Store) -> None:
        classes = " ".join(str(KG[name]) for name in sorted(actor_types()))
        rows = store.query(f"""SELECT ?x ?name ?pref ?class WHERE {{
              VALUES ?class {{ {classes} }} ?x a ?class ; skos:prefLabel ?pref .
              {{ ?x skos:prefLabel ?name }} UNION {{ ?x skos:altLabel ?name }} }}""").rows
        for iri, name, pref, kind in rows:
            self._remember(iri, name.value, pref.value, kind.value.rsplit("#", 1)[-1])
        for prop, dataset in ((KG.ucdpActorId, "ucdp"), (KG.mmpGroupId, "mmp")):
            for iri, value in store.query(f"SELECT ?x ?id WHERE {{ ?x {prop} ?id }}").rows:
                self._ids[(dataset, value.value)] = iri
        for iri, name in store.query("SELECT ?c ?name WHERE { ?c a kg:Country ; skos:prefLabel|skos:altLabel ?name }").rows:
            self._countries.add(iri, name.value, name.value, "Country")
            self._used_iris.add(iri.value)
        for actor, kind, country in store.query("""SELECT ?x ?class ?c WHERE {
              VALUES ?class { kg:Government kg:StateArmedForce } ?x a ?class ; kg:country ?c }""").rows:
            self._by_country.setdefault((kind.value.rsplit("#", 1)[-1], country), actor)
        for merged, kept in store.query("""SELECT ?m ?k WHERE {
              ?d a kg:ActorMerge ; kg:mergedActor ?m ; kg:keptActor ?k ; dcterms:created ?t } ORDER BY ?t""").rows:
            self._merged[merged] = kept
        for name, into in store.query("""SELECT ?name ?into WHERE {
              ?d a kg:ActorSplit ; kg:splitName ?name ; kg:splitInto ?into ; dcterms:created ?t } ORDER BY ?t""").rows:
            self._split[normalize(name.value)] = into

    def _remember(self, iri: ox.NamedNode, name: str, pref: str, kind: str) -> None:
        self._gazetteer.add(iri, name, pref, kind)
        self._kinds.setdefault(iri, kind)
        self._labels.setdefault(iri, pref)
        self._keys.setdefault(iri, set()).add(normalize(name))
        self._by_key.setdefault(normalize(name), set()).add(iri)
        self._short_names.setdefault(iri, set()).add(_caps(name))
        self._used_iris.add(iri.value)

    def _final(self, iri: ox.NamedNode) -> ox.NamedNode:
        seen = set()
        while iri in self._merged and iri not in seen:
            seen.add(iri)
            iri = self._merged[iri]
        return iri

    def label(self, iri: ox.NamedNode) -> str:
        return self._labels.get(iri, iri.value)

    # ------------------------------------------------------------ resolving

    def actor(self, name: str, kind: str = "MilitantGroup", dataset: str | None = None, dataset_id: str = "",
              aliases: Iterable[str] = (), also: Iterable[str] = ()) -> Resolution:
        """The actor ``name`` refers to; created (with ``kind`` and ``aliases``) if none does.

        ``also`` are other names the source itself gives for the same actor (ACLED's
        "JNIM: Group for Support of Islam and Muslims"), tried when ``name`` finds nothing.
        """
        name = " ".join(name.split())
        memo_key = (name, kind in _STRICT_KINDS and kind, dataset, dataset_id)
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = self._resolve(name, kind, dataset, dataset_id)
        for other in also:
            if found is None:
                found = self._exact(other, kind)
                found = found and Resolution(found.iri, f"{found.method} {other!r}", found.candidates)
        if found is None or found.method == "ambiguous":
            created = self._create(name, kind, aliases)
            if found is not None:
                self.report.ambiguous[name] = tuple(self.label(c) for c in found.candidates)
                found = Resolution(created, "ambiguous", found.candidates)
            else:
                found = Resolution(created, "created")
                self.report.created[name] = self.label(created)
        else:
            self.report.merged.setdefault(name, (self.label(found.iri), found.method))
        self._learn(found.iri, name, aliases, dataset, dataset_id)
        self._memo[memo_key] = found
        return found

    def _resolve(self, name: str, kind: str, dataset: str | None, dataset_id: str) -> Resolution | None:
        key = normalize(name)
        if key in self._split:
            return Resolution(self._final(self._split[key]), "decision")
        if dataset and dataset_id and (dataset, dataset_id) in self._ids:
            return Resolution(self._final(self._ids[(dataset, dataset_id)]), "dataset id")
        state = _STATE.match(name)
        if state and kind in ("Government", "StateArmedForce"):
            exact = self._exact(name, kind)
            if exact is not None and exact.method != "ambiguous":
                return exact
            country = self.country(state["country"], state["note"])
            if (kind, country) in self._by_country:
                return Resolution(self._final(self._by_country[(kind, country)]), f"{kind.lower()} of {state['country']}")
            return None
        exact = self._exact(name, kind)
        if exact is not None:
            return exact
        acronym = _acronym(name)
        if acronym:
            parts = [r for r in (self._exact(acronym["full"], kind), self._exact(acronym["short"], kind)) if r]
            chosen = {r.iri for r in parts if r.method != "ambiguous"}
            if len(chosen) == 1:
                return Resolution(chosen.pop(), "acronym")
            if len(chosen) > 1:
                return Resolution(next(iter(chosen)), "ambiguous", tuple(sorted(chosen, key=lambda n: n.value)))
        if len(key) >= _FUZZY_MIN_LENGTH:
            close = self._fuzzy(key, kind)
            if len(close) == 1 or (len(close) > 1 and close[0][1] - close[1][1] >= 3):
                return Resolution(self._final(close[0][0]), f"fuzzy {close[0][1]:.0f}")
            if close:
                return Resolution(close[0][0], "ambiguous", tuple(iri for iri, _ in close))
        return None

    def _fuzzy(self, key: str, kind: str) -> list[tuple[ox.NamedNode, float]]:
        """Close names, best first, whose differing words are themselves close spellings.

        Token-sorted similarity alone merges "Supporters of ANPP" with "Supporters of BNP"
        and two factions named after different men; a match is kept only when every word
        that differs has a counterpart within a spelling variant (ratio ≥ 75, 4+ letters).
        """
        from rapidfuzz import fuzz, process

        found: dict[ox.NamedNode, float] = {}
        for other, score, _ in process.extract(key, list(self._by_key), scorer=fuzz.token_sort_ratio,
                                               score_cutoff=_FUZZY_THRESHOLD, limit=8):
            ours = set(key.split()) - set(other.split()) - _MINOR
            theirs = set(other.split()) - set(key.split()) - _MINOR
            if any(len(w) < 4 or not theirs or max(fuzz.ratio(w, t) for t in theirs) < 75 for w in ours) or \
                    any(len(w) < 4 or not ours for w in theirs) or (not ours and not theirs and key != other
                                                                   and set(key.split()) != set(other.split())
                                                                   and score < 88):
                continue
            for iri in self._by_key[other]:
                if _compatible(kind, self._kinds.get(iri, "MilitantGroup")):
                    found[iri] = max(found.get(iri, 0.0), score)
        return sorted(found.items(), key=lambda item: (-item[1], item[0].value))

    def _exact(self, name: str, kind: str) -> Resolution | None:
        key = normalize(name)
        candidates = [c for c in self._gazetteer.lookup(name) if _compatible(kind, c.type)]
        if caps := _caps(name):
            candidates = [c for c in candidates if caps in self._short_names.get(c.iri, set())]
        found = sorted({self._final(c.iri) for c in candidates}, key=lambda n: n.value)
        if len(found) == 1:
            return Resolution(found[0], "name" if normalize(self.label(found[0])) == key else "alias")
        if len(found) > 1:
            by_label = [iri for iri in found if normalize(self.label(iri)) == key]
            if len(by_label) == 1:
                return Resolution(by_label[0], "name")
            return Resolution(found[0], "ambiguous", tuple(found))
        return None

    # ------------------------------------------------------------ creating and learning

    def _mint(self, base: str) -> ox.NamedNode:
        candidate, n = base, 1
        while KGR[candidate].value in self._used_iris or self._store.query(f"ASK {{ {KGR[candidate]} ?p ?o }}").boolean:
            n += 1
            candidate = f"{base}-{n}"
        self._used_iris.add(KGR[candidate].value)
        return KGR[candidate]

    def _create(self, name: str, kind: str, aliases: Iterable[str], country: ox.NamedNode | None = None) -> ox.NamedNode:
        state = _STATE.match(name)
        if state and kind in ("Government", "StateArmedForce") and country is None:
            country = self.country(state["country"], state["note"])
        acronym = _acronym(name)
        names = [name, *aliases] + ([acronym["full"], acronym["short"]] if acronym else [])
        iri = self._mint(slug(name))
        aliases = [a for a in dict.fromkeys(names) if a != name and self._free(a, iri)]
        self.new_triples += entity_triples(Entity(iri, kind, name, aliases, country=country))
        for alias in (name, *aliases):
            self._remember(iri, alias, name, kind)
        if country is not None and kind in ("Government", "StateArmedForce"):
            self._by_country.setdefault((kind, country), iri)
        return iri

    def _learn(self, iri: ox.NamedNode, name: str, aliases: Iterable[str], dataset: str | None, dataset_id: str) -> None:
        """Keep a new spelling as an alias and the dataset id, so later rows and imports find the actor."""
        for alias in (name, *aliases):
            if alias and normalize(alias) not in self._keys.get(iri, set()) and self._free(alias, iri):
                self.new_triples.append(ox.Triple(iri, SKOS.altLabel, ox.Literal(alias)))
                self._remember(iri, alias, self.label(iri), self._kinds.get(iri, "MilitantGroup"))
        if dataset and dataset_id and (dataset, dataset_id) not in self._ids:
            self._ids[(dataset, dataset_id)] = iri
            prop = {"ucdp": KG.ucdpActorId, "mmp": KG.mmpGroupId}[dataset]
            self.new_triples.append(ox.Triple(iri, prop, ox.Literal(dataset_id)))

    def _free(self, alias: str, iri: ox.NamedNode) -> bool:
        """Whether ``alias`` names no other actor: a second meaning would make the name ambiguous.

        UCDP gives "Islamic State" as the English name of Indonesia's Darul Islam; kept as
        an alias, it would stop "Islamic State" from resolving to the Islamic State.
        """
        others = self._by_key.get(normalize(alias), set()) - {iri}
        if others:
            self.skipped_aliases.append((alias, self.label(iri), self.label(next(iter(others)))))
        return not others

    def country(self, name: str, note: str | None = None) -> ox.NamedNode:
        """The country named (``"Ivory Coast"``, ``"DR Congo (Zaire)"``): found among the store's countries, or created."""
        if (name, note) in self._country_memo:
            return self._country_memo[(name, note)]
        self._country_memo[(name, note)] = found = self._find_country(name, note)
        return found

    def _find_country(self, name: str, note: str | None) -> ox.NamedNode:
        for candidate in (name, note, f"{name} ({note})" if note else None):
            if candidate:
                found = self._countries.lookup(candidate)
                if len(found) == 1:
                    return found[0].iri
        iri = self._mint(slug(name))
        label = name.strip()
        aliases = [a for a in (note, f"{name} ({note})" if note else None) if a]
        self.new_triples += entity_triples(Entity(iri, "Country", label, aliases))
        for alias in (label, *aliases):
            self._countries.add(iri, alias, label, "Country")
        return iri

    def kind(self, iri: ox.NamedNode) -> str:
        return self._kinds.get(iri, "MilitantGroup")
