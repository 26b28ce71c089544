"""Sentences and word tokens with character offsets (stage 1 of ingest).

Input: the document text. Output: :class:`Sentence` spans, :class:`Token` lists and the
document's :class:`Words` (what mention finding needs of every token). A
headline or a line without closing punctuation is a sentence of its own; a full stop after
a known abbreviation (``U.N.``, ``N.Y.``, ``Gen.``) or an initial does not end one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from kg.ingest.known import key_word

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj capt sgt st jr sr no vs etc inc corp co ltd rev gov sen rep adm cmdr "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig approx est dept univ ft mt".split()
)
# Sentence ends: ., ! or ? (with closing quotes or brackets), then space and a capital, digit or quote.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*\S)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
#: A word: a dotted acronym (U.N.), or letters and digits with apostrophes inside (Jama'at, ISIS’s). The lookahead
#: lets the engine pass over spaces and punctuation in one test.
WORD = re.compile(r"(?=\w)(?:(?:[A-Za-z]\.){2,}|[\w][\w'’]*)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    match = _LAST_WORD.search(text[max(0, dot - 12):dot])
    if not match:
        return False
    word = match.group(1)
    if "." in word:  # U.N, N.Y, U.S: a dotted acronym
        return True
    if word.lower() == "no":  # "No. 5", but "said no."
        return bool(re.match(r"\s*\d", text[dot + 1:dot + 4]))
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def segment(text: str) -> list[Sentence]:
    """Sentence spans, trimmed of surrounding white space, in text order.

    >>> text = "Mali (New York, N.Y.) – It began. Gen. Ali spoke.\\nRelated"
    >>> [text[s.start:s.end] for s in segment(text)]
    ['Mali (New York, N.Y.) – It began.', 'Gen. Ali spoke.', 'Related']
    """
    sentences: list[Sentence] = []
    for start, end in _lines(text):
        cut = start
        for match in _END.finditer(text, start, end):
            stop = match.group()
            if stop.startswith(".") and len(stop.rstrip("\"'”’)]")) == 1 and _is_abbreviation(text, match.start()):
                continue
            _add(sentences, text, cut, match.end())
            cut = match.end()
        _add(sentences, text, cut, end)
    return sentences


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans between line breaks: a line break always ends a sentence in news copy."""
    spans, start = [], 0
    for match in _BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]``: hyphens split words (al-Qaeda → al, Qaeda), apostrophes do not."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, len(text) if end is None else end)]


def items_by_sentence(sentences: list[Sentence], items: list, start: Callable = lambda t: t.start) -> dict[int, list]:
    """Items (times, matches) grouped by the sentence their start falls in, in one pass, each group in the items' order."""
    ends = [s.end for s in sentences]
    grouped: dict[int, list] = {}
    for item in items:
        index = bisect.bisect_right(ends, start(item))
        if index < len(sentences) and sentences[index].start <= start(item):
            grouped.setdefault(index, []).append(item)
    return grouped


@dataclass
class Words:
    """The document's tokens with what mention finding needs of each, in parallel lists."""

    starts: list[int]
    ends: list[int]
    base: list[str]
    keys: list[str]
    possessive: list[bool]
    capital: list[bool]
    sentence: list[int]
    #: ``base`` in lower case.
    lower: list[str] = field(default_factory=list)


def words_of(text: str, sentences: list[Sentence]) -> Words:
    """The document's tokens in parallel lists (comprehensions: this runs over every word of every article)."""
    spans = [m.span() for m in WORD.finditer(text)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    infos = [_word_info(text[s:e]) for s, e in spans]
    possessive, base, keys, capital, lower = (list(column) for column in zip(*infos)) if infos else ([], [], [], [], [])
    return Words(starts=starts, ends=ends, base=base, keys=keys, possessive=possessive, capital=capital,
                 sentence=_sentence_of(starts, sentences), lower=lower)


@lru_cache(maxsize=65536)
def _word_info(word: str) -> tuple[bool, str, str, bool, str]:
    """What :class:`Words` holds of one token: possessive, base form, key, capitalised, lower case (cached like
    :func:`key_word`: news text repeats its words, so most tokens are looked up rather than worked out)."""
    possessive = word[-2:] in ("’s", "'s") and len(word) > 2 or word[-2:] in ("s’", "s'")
    base = (word[:-2] if word[-2:] in ("’s", "'s") else word[:-1]) if possessive else word
    return possessive, base, key_word(base), base[:1].isupper() or base[:1].isdigit(), base.lower()


def _sentence_of(starts: list[int], sentences: list[Sentence]) -> list[int]:
    """The sentence each token starts in (the last sentence for any after it), walking both lists once."""
    last = max(0, len(sentences) - 1)
    ends = [s.end for s in sentences]
    found = []
    index = 0
    for start in starts:
        while index < last and ends[index] <= start:
            index += 1
        found.append(index)
    return found
