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
        """Read every labelled resource typed with a kg class from ``store``."""
        result = store.query(
            """SELECT ?x ?name ?pref ?class WHERE {
                 ?x skos:prefLabel|skos:altLabel ?name ; skos:prefLabel ?pref ; a ?class .
                 FILTER(STRSTARTS(STR(?class), STR(kg:)))
               }"""
        )
        return cls((x, name.value, pref.value, cls_.value.rsplit("#", 1)[-1]) for x, name, pref, cls_ in result.rows)

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
