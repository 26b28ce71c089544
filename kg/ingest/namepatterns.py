"""Names of a class's form (``kg:namePattern``: "… Front", "Ansar …", "{demonym} Army"), found in the text (part of
:mod:`kg.ingest.mentions`).

Each form is indexed by its first literal word (:attr:`kg.ingest.lexicon.Lexicon.name_pattern_index`);
where a token is that word, the form's other elements are matched outwards from it: "…"
takes a run of capitalised words (with connectors such as "al" or "wal" inside), ``{demonym}``
and ``{country}`` a nationality or a country of the place table. The longest match at a
start wins and replaces the shorter mentions inside it.
"""

from __future__ import annotations

from itertools import compress, count
from operator import or_

from kg.ingest.known import KnownNames, key_word
from kg.ingest.lexicon import Lexicon, NamePattern
from kg.ingest.segment import Words
from kg.ingest.spans import ARTICLES, CONNECTORS, Mention, adjacent, hyphened, mention_at, name_token, word_is


def _elements(pattern: NamePattern) -> list[str]:
    return list(pattern.elements)


def _match_pattern(text: str, words: Words, known: KnownNames, elements: list[str], anchor: int,
                   at: int) -> tuple[int, int, str | None] | None:
    """Match ``elements`` with element ``anchor`` at token ``at``: the token span and the country it names, if any."""
    n = len(words.starts)
    sentence = words.sentence[at]
    country = None

    def same(i: int) -> bool:
        return 0 <= i < n and words.sentence[i] == sentence

    def place_at(i: int, demonym: bool) -> int | None:
        for width in (3, 2, 1):
            j = i + width - 1
            if not same(j) or not all(words.capital[k] for k in range(i, j + 1)):
                continue
            name_key = " ".join(words.keys[i:j + 1])
            if demonym and name_key in known.demonyms:
                return j
            if not demonym and any(k.type == "Country" for k in known.names.get(name_key, ())):
                return j
        return None

    def name_word(i: int, stop: str | None) -> bool:
        return name_token(words, i) and not words.base[i][:1].isdigit() and not (stop and word_is(words, i, stop))

    end = at
    right = elements[anchor + 1:]
    for position, element in enumerate(right):
        nxt = end + 1
        if element == "…":
            stop = next((e for e in right[position + 1:] if not e.startswith("{") and e != "…"), None)
            if same(nxt) and words.base[nxt] == "the" and same(nxt + 1) and name_token(words, nxt + 1):
                nxt += 1
            if (not same(nxt) or not name_word(nxt, stop) or words.possessive[nxt - 1]
                    or not adjacent(text, words, nxt - 1, nxt)):
                return None
            end = nxt
            while same(end + 1) and not words.possessive[end] and adjacent(text, words, end, end + 1) and (
                    name_word(end + 1, stop) or (words.lower[end + 1] in CONNECTORS and same(end + 2)
                                                 and name_word(end + 2, stop))):
                end += 1
            while words.lower[end] in CONNECTORS and not hyphened(text, words, end):
                end -= 1
        elif element in ("{demonym}", "{country}"):
            j = place_at(nxt, element == "{demonym}") if same(nxt) else None
            if j is None:
                return None
            country = " ".join(words.base[nxt:j + 1])
            end = j
        else:
            if not same(nxt) or not word_is(words, nxt, element) or words.possessive[end]:
                return None
            end = nxt
    start = at
    for element in reversed(elements[:anchor]):
        prev = start - 1
        if element == "…":
            if not same(prev) or not name_word(prev, None) or words.possessive[prev] or not adjacent(text, words, prev, start):
                return None
            start = prev
            while same(start - 1) and not words.possessive[start - 1] and adjacent(text, words, start - 1, start) and (
                    name_word(start - 1, None) or (words.lower[start - 1] in CONNECTORS and same(start - 2)
                                                   and name_word(start - 2, None) and not words.possessive[start - 2])):
                start -= 1
            if same(start - 1) and words.lower[start - 1] in ARTICLES and hyphened(text, words, start - 1):
                start -= 1
            while words.lower[start] in CONNECTORS and not hyphened(text, words, start):
                start += 1
        elif element in ("{demonym}", "{country}"):
            for width in (1, 2, 3):
                i = start - width
                if same(i) and not words.possessive[i] and place_at(i, element == "{demonym}") == start - 1:
                    country = " ".join(words.base[i:start])
                    start = i
                    break
            else:
                return None
        else:
            if not same(prev) or not word_is(words, prev, element) or words.possessive[prev]:
                return None
            start = prev
    if elements[-1] != "…" and same(end + 1) and name_token(words, end + 1) and not words.possessive[end] \
            and adjacent(text, words, end, end + 1):
        return None
    if country:
        country = known.demonyms.get(key_word(country)) or country
    if "in" in elements[:-1] and elements[-1] == "…":
        tail = " ".join(words.keys[elements_end(words, start, end):end + 1])
        if any(known.places.get(k.label) and known.places[k.label].continent for k in known.names.get(tail, ())):
            return None
    return start, end, country


def elements_end(words: Words, start: int, end: int) -> int:
    """The first token after the last "in" of a match: where the place of "X in Place" begins."""
    position = end
    while position > start and words.base[position - 1] not in ("in", "the"):
        position -= 1
    return position


def name_forms(text: str, words: Words, known: KnownNames, lexicon: Lexicon, found: list[Mention], taken: set[int],
              headline: set[int]) -> None:
    index = lexicon.name_pattern_index
    best: dict[int, tuple[int, str, str | None]] = {}
    for at in compress(count(), map(or_, map(index.__contains__, words.base), map(index.__contains__, words.lower))):
        word, lower = words.base[at], words.lower[at]
        if words.sentence[at] in headline:
            continue
        for candidate in (word, lower):
            for pattern, anchor in index.get(candidate, ()):
                elements = _elements(pattern)
                span = _match_pattern(text, words, known, elements, anchor, at)
                if span is None:
                    continue
                start, end, country = span
                while pattern.cls == "Person" and start > 0 and words.sentence[start - 1] == words.sentence[at] \
                        and name_token(words, start - 1) and not words.possessive[start - 1] \
                        and words.base[start - 1] not in lexicon.titles \
                        and adjacent(text, words, start - 1, start):
                    start -= 1
                if start not in best or end > best[start][0]:
                    best[start] = (end, pattern.cls, country)
            if word == lower:
                break
    for start in sorted(best):
        end, cls, country = best[start]
        first, last = words.starts[start], words.ends[end]
        overlapping = [m for m in found if m.start < last and m.end > first]
        if any(m.start < first or m.end > last or (m.start == first and m.end == last) for m in overlapping):
            continue
        if overlapping:
            gone = {id(m) for m in overlapping}
            found[:] = [m for m in found if id(m) not in gone]
        found.append(mention_at(text, words, start, end, "name", type=cls, country=country))
        taken.update(range(start, end + 1))
