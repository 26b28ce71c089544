"""Sentences and word tokens with character offsets (stage 1 of ingest).

Input: the document text. Output: :class:`Sentence` spans and :class:`Token` lists. A
headline or a line without closing punctuation is a sentence of its own; a full stop after
a known abbreviation (``U.N.``, ``N.Y.``, ``Gen.``) or an initial does not end one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj capt sgt st jr sr no vs etc inc corp co ltd rev gov sen rep adm cmdr "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig approx est dept univ ft mt".split()
)
# Sentence ends: ., ! or ? (with closing quotes or brackets), then space and a capital, digit or quote.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*\S)")
#: A word: a dotted acronym (U.N.), or letters and digits with apostrophes inside (Jama'at, ISIS’s).
WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[\w][\w'’]*")


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
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
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
