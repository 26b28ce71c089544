"""Actor names: normalisation across spellings and transliterations, and a gazetteer.

Shared by text ingest and dataset import, so that "Keïta" and "Keita", "Ag Ghaly" and
"Ag Ghali", "Kouffa" and "Koufa", "Jamaat Nusrat al-Islam wal Muslimeen" and
"Jama'at Nusrat al-Islam wal-Muslimin" meet at one key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be`'\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"\u201c\u201d]+")
# Spelling variants common in transliterated Arabic, Fulfulde and French names.
_FOLDS = ((re.compile(r"ee"), "i"), (re.compile(r"oo|ou"), "u"), (re.compile(r"y\b"), "i"),
          (re.compile(r"ae|ai(?=[dt]a)"), "a"), (re.compile(r"([b-df-hj-np-tv-z])\1"), r"\1"))


def normalize(name: str) -> str:
    """A matching key for a name: case, accents, apostrophes, hyphens and common transliteration variants folded.

    >>> normalize("Iyad Ag Ghaly") == normalize("Iyad ag Ghali")
    True
    >>> normalize("Amadou Kouffa") == normalize("Amadou Koufa")
    True
    >>> normalize("Jamaat Nusrat al-Islam wal Muslimeen") == normalize("Jama'at Nusrat al-Islam wal-Muslimin")
    True
    >>> normalize("Ibrahim Boubacar Keïta") == normalize("Ibrahim Boubacar Keita")
    True
    >>> normalize("al-Qaeda") == normalize("al-Qaida")
    True
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    text = re.sub(r"^the ", "", text)
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    return text


_LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel")
_NAME_KEY = ox.NamedNode("https://w3id.org/kg/ontology#nameKey")


def with_name_keys(items: Iterable):
    """Yield each triple or quad, followed by a ``kg:nameKey`` for every label among them.

    The store's write paths pass everything through this, so the name index exists for
    every label kg writes, whatever the way in.
    """
    for item in items:
        yield item
        if item.predicate.value in _LABELS and isinstance(item.object, ox.Literal):
            key = ox.Literal(normalize(item.object.value))
            if isinstance(item, ox.Quad):
                yield ox.Quad(item.subject, _NAME_KEY, key, item.graph_name)
            else:
                yield ox.Triple(item.subject, _NAME_KEY, key)


@dataclass(frozen=True)
class Candidate:
    """An actor or place a name may refer to, and how well it matched (100 = same key)."""

    iri: ox.NamedNode
    label: str
    type: str
    score: float


class Gazetteer:
    """Every label and alias of the known actors and places, by normalised key."""

    def __init__(self, entries: Iterable[tuple[ox.NamedNode, str, str, str]] = ()) -> None:
        self._keys: dict[str, set[ox.NamedNode]] = {}
        self._info: dict[ox.NamedNode, tuple[str, str]] = {}
        self.names: dict[str, list[str]] = {}
        for iri, label, pref_label, kind in entries:
            self.add(iri, label, pref_label, kind)

    def add(self, iri: ox.NamedNode, name: str, pref_label: str, kind: str) -> None:
        key = normalize(name)
        if not key:
            return
        self._keys.setdefault(key, set()).add(iri)
        self._info.setdefault(iri, (pref_label, kind))
        self.names.setdefault(key, []).append(name)

    @classmethod
    def from_store(cls, store) -> Gazetteer:
        """Read every labelled resource typed with a kg class from ``store``.

        A join of labels and classes costs Oxigraph an index seek per row, and half a
        minute at 200,000 actors; single triple patterns are sequential scans. So labels,
        aliases and each kg class are read alone (on an embedded store as CSV, which
        pyoxigraph writes without Python's lock, two at a time) and joined here. The
        classes of kg's bookkeeping nodes (statements, derivations, sources: millions of
        them, never labelled) are not scanned; a labelled resource with no other kg class
        has its classes looked up one by one. A resource with several kg classes gets the
        most specific one (the first by name among equals), several preferred labels the
        first by code point, so the gazetteer does not depend on the store's row order.
        """
        from concurrent.futures import ThreadPoolExecutor

        from kg import ontology
        from kg.vocab import KG, KG_NS

        classes = sorted({t.subject.value[len(KG_NS):] for t in ontology.ontology_graph()
                          if t.predicate.value == _RDF_TYPE and t.object.value == _OWL_CLASS
                          and t.subject.value.startswith(KG_NS)} - _BOOKKEEPING)
        with ThreadPoolExecutor(2) as pool:
            labels = pool.submit(_rows, store, "SELECT ?s ?o WHERE { ?s skos:prefLabel ?o }")
            aliases = pool.submit(_rows, store, "SELECT ?s ?o WHERE { ?s skos:altLabel ?o }")
            typed = {name: pool.submit(_rows, store, f"SELECT ?s WHERE {{ ?s a {KG[name]} }}") for name in classes}
            prefs: dict[str, str] = {}
            more: dict[str, set[str]] = {}  # every preferred label of the few resources with several
            for iri, label in labels.result():
                first = prefs.setdefault(iri, label)
                if label != first:
                    more.setdefault(iri, {first}).add(label)
                    prefs[iri] = min(first, label)
            # Keys are made while the store still writes the other answers.
            keys = {label: normalize(label) for label in {*prefs.values(), *(x for each in more.values() for x in each)}}
            types: dict[str, list[str]] = {}
            for name, rows in typed.items():
                for (iri,) in rows.result():
                    if iri in prefs:
                        types.setdefault(iri, []).append(name)
        _look_up_classes(store, sorted(iri for iri in prefs if iri not in types and not iri.startswith("_:")), types)
        names: dict[str, list[str]] = {}
        for iri, alias in aliases.result():
            if iri in types:
                names.setdefault(iri, []).append(alias)
                if alias not in keys:
                    keys[alias] = normalize(alias)
        kind_of: dict[tuple[str, ...], str] = {}
        gazetteer = cls()
        for iri in sorted(types):
            kinds = tuple(types[iri])
            if kinds not in kind_of:
                kind_of[kinds] = ontology.most_specific(kinds)
            term = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
            info = (prefs[iri], kind_of[kinds])
            for name in sorted({prefs[iri], *more.get(iri, ()), *names.get(iri, ())}):
                key = keys[name]
                if key:  # what add() does, with the key made already
                    gazetteer._keys.setdefault(key, set()).add(term)
                    gazetteer._info.setdefault(term, info)
                    gazetteer.names.setdefault(key, []).append(name)
        return gazetteer

    def _candidate(self, iri: ox.NamedNode, score: float) -> Candidate:
        label, kind = self._info[iri]
        return Candidate(iri, label, kind, score)

    def lookup(self, name: str) -> list[Candidate]:
        """Exact matches of the normalised name: none, one, or several (ambiguous)."""
        return sorted(
            (self._candidate(iri, 100.0) for iri in self._keys.get(normalize(name), ())),
            key=lambda c: c.iri.value,
        )

    def by_key(self, key: str) -> list[Candidate]:
        """Exact matches of a key that is already normalised (text ingest normalises word by word)."""
        return sorted((self._candidate(iri, 100.0) for iri in self._keys.get(key, ())), key=lambda c: c.iri.value)

    def keys(self) -> Iterable[str]:
        """Every normalised name key the gazetteer holds."""
        return self._keys.keys()

    def fuzzy(self, name: str, threshold: float = 90.0, limit: int = 5) -> list[Candidate]:
        """Close matches by token-sorted similarity of normalised keys (rapidfuzz), best first."""
        from rapidfuzz import fuzz, process

        key = normalize(name)
        found: dict[ox.NamedNode, float] = {}
        for other, score, _ in process.extract(key, self._keys.keys(), scorer=fuzz.token_sort_ratio,
                                               score_cutoff=threshold, limit=limit):
            for iri in self._keys[other]:
                found[iri] = max(found.get(iri, 0.0), score)
        return sorted((self._candidate(iri, s) for iri, s in found.items()), key=lambda c: (-c.score, c.iri.value))

    def __len__(self) -> int:
        return len(self._info)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
#: kg classes of nodes kg mints by the million and never labels; their labelled members are looked up singly.
_BOOKKEEPING = frozenset({"RelationStatement", "Derivation", "SourceDocument"})


def _rows(store, sparql: str) -> list[list[str]]:
    """A SELECT's rows as strings (blank nodes as ``_:id``, literals as their value), read the quick way where it can."""
    from kg.sparql import csv_rows
    from kg.store import LocalStore

    if isinstance(store, LocalStore):
        return csv_rows(store.oxigraph, sparql, blank_ids=False)
    return [["_:" + term.value if isinstance(term, ox.BlankNode) else term.value for term in row]
            for row in store.query(sparql).rows]


def _look_up_classes(store, iris: list[str], types: dict[str, list[str]], batch: int = 400) -> None:
    """Add the kg classes of ``iris`` to ``types``, by bound lookups (one index seek each)."""
    from kg.vocab import KG_NS

    for start in range(0, len(iris), batch):
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris[start:start + batch])
        for iri, kind in _rows(store, f"SELECT ?s ?c WHERE {{ VALUES ?s {{ {values} }} ?s a ?c }}"):
            if kind.startswith(KG_NS):
                types.setdefault(iri, []).append(kind[len(KG_NS):])
