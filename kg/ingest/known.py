"""What ingest knows before reading: the store's actors and places, plus countries and regions.

Input: a :class:`kg.names.Gazetteer` (from the store; it may be empty). Output:
:class:`KnownNames` — every name as a key of word-by-word normalised tokens, so that the
mention finder can look names up while walking the tokens once, plus the countries,
demonyms and regions of ``places.tsv`` (a store that knows a country wins over the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.names import Gazetteer, normalize
from kg.vocab import KGR

PLACES = Path(__file__).with_name("places.tsv")
ORGANIZATIONS = Path(__file__).with_name("organizations.tsv")
CITIES = Path(__file__).with_name("cities.tsv")


@dataclass(frozen=True)
class Known:
    """An actor or place a name refers to."""

    iri: ox.NamedNode
    label: str
    type: str


@dataclass(frozen=True)
class Place:
    label: str
    type: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    located_in: tuple[str, ...]
    continent: bool


@dataclass
class KnownNames:
    """Names by normalised key, their prefixes (for walking tokens), places and demonyms."""

    names: dict[str, tuple[Known, ...]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    places: dict[str, Place] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    max_words: int = 1
    #: Labels of the actors and places the store holds (and those learned while ingesting), by IRI.
    iris: dict[str, str] = field(default_factory=dict)
    #: Actors the store relates each actor to (affiliates, parents, leaders), by IRI.
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    #: Keys only the cities table knows: not taken out of a longer name ("Mocimboa da Praia" is not Praia).
    city_table: set[str] = field(default_factory=set)
    #: Names by their first three letters, each with its words sorted (for :meth:`fuzzy`).
    _blocks: dict[str, dict[str, str]] | None = None
    _starters: set[str] | None = None
    #: :meth:`fuzzy`'s answers by key and threshold: news of one conflict names the same actors article after article,
    #: and each search of a large store's block costs about 50 µs. :meth:`add` clears it.
    _close: dict[tuple[str, float], tuple[Known, ...]] = field(default_factory=dict, repr=False, compare=False)

    def starters(self) -> set[str]:
        """The keys a known name or a nationality word can begin with (made on first use; :meth:`add` extends it)."""
        if self._starters is None:
            self._starters = self.prefixes | set(self.demonyms)
        return self._starters

    def add(self, entry: Known, names: list[str]) -> None:
        """Learn an actor minted while ingesting, so that later documents of the batch use its IRI."""
        self._close.clear()
        self.iris.setdefault(entry.iri.value, entry.label)
        for name in names:
            name_key = key(name)
            if not name_key:
                continue
            existing = self.names.get(name_key, ())
            if entry not in existing:
                self.names[name_key] = (*existing, entry)
            if self._blocks is not None:
                self._blocks.setdefault(name_key[:3], {}).setdefault(name_key, _sorted_tokens(name_key))
            words = name_key.split(" ")
            self.max_words = max(self.max_words, len(words))
            for end in range(1, len(words) + 1):
                self.prefixes.add(" ".join(words[:end]))
                if self._starters is not None:
                    self._starters.add(" ".join(words[:end]))

    def fuzzy(self, name: str, threshold: float = 92.0) -> list[Known]:
        """Stored actors whose name is a close spelling of ``name`` (rapidfuzz), best first.

        Only names that begin with the same three letters are compared: transliterations
        differ in their vowels and endings (Ag Ghaly/Ag Ghali, Kouffa/Koufa), and a store
        of a hundred thousand actors is then searched in microseconds, not a tenth of a second.
        Each stored name's words are sorted once, so the token-sorted similarity is the plain
        ratio of the sorted forms, not a sort of every name at every lookup.
        """
        from rapidfuzz import fuzz, process

        name_key = key(name)
        if (name_key, threshold) in self._close:
            return list(self._close[name_key, threshold])
        if len(self._close) >= 100_000:
            self._close.clear()
        if self._blocks is None:
            self._blocks = {}
            for other in self.names:
                self._blocks.setdefault(other[:3], {})[other] = _sorted_tokens(other)
        choices = self._blocks.get(name_key[:3], {})
        found: dict[str, Known] = {}
        for _sorted, _score, other in process.extract(_sorted_tokens(name_key), choices, scorer=fuzz.ratio,
                                                      score_cutoff=threshold, limit=5):
            for entry in self.names[other]:
                if entry.iri.value in self.iris:
                    found.setdefault(entry.iri.value, entry)
        self._close[name_key, threshold] = tuple(found.values())
        return list(found.values())

    def place_of(self, known: Known) -> Place | None:
        return self.places.get(known.label)

    def country_named(self, label: str) -> Known | None:
        found = self.names.get(key(label), ())
        return next((k for k in found if k.type == "Country"), None)


def _sorted_tokens(text: str) -> str:
    """The words in sorted order, as rapidfuzz's ``token_sort_ratio`` compares them."""
    return " ".join(sorted(text.split()))


@lru_cache(maxsize=65536)
def key_word(word: str) -> str:
    """The normalised form of one token (cached: news text repeats its words)."""
    return normalize(word)


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """The gazetteer key of a whole name (cached)."""
    return normalize(name)


@lru_cache(maxsize=65536)
def slug(label: str) -> str:
    """An IRI slug from a label: ``Islamic State in Somalia`` → ``islamic-state-in-somalia``."""
    text = normalize_ascii(label).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def normalize_ascii(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "").replace("'", "")


def _tsv_rows(path: Path, width: int) -> list[list[str]]:
    """The tab-separated rows of a built-in table, each padded to ``width`` fields (comments and blank lines skipped)."""
    return [(line.split("\t") + [""] * width)[:width] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _items(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(";") if x.strip())


def read_places(path: Path = PLACES) -> list[Place]:
    return [Place(label, kind, _items(aliases), _items(demonyms), _items(located), scope.strip() == "continent")
            for label, kind, aliases, demonyms, located, scope in _tsv_rows(path, 6)]


def read_cities(path: Path = CITIES) -> list[Place]:
    """The world's big cities and capitals: "the 2008 attacks on Mumbai" names a city though no word says so."""
    return [Place(label, "City", (), (), _items(country), False) for label, country in _tsv_rows(path, 2)]


def _add_builtin(known: KnownNames, label: str, kind: str, names: tuple[str, ...]) -> None:
    """Index a built-in place or organisation by all its names, under the store's IRI where the store names it."""
    stored = [k for n in names for k in known.names.get(key(n), ()) if k.type == kind]
    entry = stored[0] if stored else Known(KGR[slug(label)], label, kind)
    for name in names:
        existing = known.names.get(key(name), ())
        if entry not in existing:
            known.names[key(name)] = (*existing, entry)


def build_known(gazetteer: Gazetteer | None) -> KnownNames:
    """Index the store's names and the built-in places for the mention finder."""
    known = KnownNames()
    if gazetteer is not None:
        for name_key in gazetteer.keys():
            found = tuple(Known(c.iri, c.label, c.type) for c in gazetteer.by_key(name_key))
            known.names[name_key] = found
            for entry in found:
                known.iris.setdefault(entry.iri.value, entry.label)
    for place in read_places():
        known.places[place.label] = place
        _add_builtin(known, place.label, place.type, (place.label, *place.aliases))
        for demonym in place.demonyms:
            known.demonyms[key(demonym)] = place.label
    for city in read_cities():
        if key(city.label) not in known.names:
            known.places[city.label] = city
            known.city_table.add(key(city.label))
            _add_builtin(known, city.label, city.type, (city.label,))
    for label, kind, aliases in _tsv_rows(ORGANIZATIONS, 3):  # organisations whose names' words mislead the head rules
        _add_builtin(known, label, kind, (label, *_items(aliases)))
    for name_key in known.names:
        words = name_key.split(" ")
        known.max_words = max(known.max_words, len(words))
        for end in range(1, len(words) + 1):
            known.prefixes.add(" ".join(words[:end]))
    return known
