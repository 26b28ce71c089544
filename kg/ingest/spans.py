"""Mention spans and the token tests the mention rules share (part of :mod:`kg.ingest.mentions`).

A :class:`Mention` is a span of the text with the evidence that found it; the word sets and
tests here say which capitalised tokens may belong to one name ("al", "bin", "of" between
capitals; not "The", "Monday", "Fighters"), for the word rules of :mod:`kg.ingest.mentions`
and the name forms of :mod:`kg.ingest.namepatterns` alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.known import Known
from kg.ingest.segment import Words

CONNECTORS = frozenset(
    "al el ad ash at an ar az wal wa bin ibn bint of for the de da del do dos du des la le ag ould van von y e "
    "ul ut ud ur us un i".split())
ARTICLES = frozenset("al el ad ash as at an ar az".split())
# Capitalised words that start sentences or name months and days rather than actors; hedges and "Rival"
# before a name ("Suspected CJNG members") qualify it and are not part of it.
STOP = frozenset("""The A An In On At By For From With Without According However Both Although Though After Before Since
Under During When While Following Its Their His Her Our This That These Those It They He She We I There Here Some Many
Most Analysts Officials Critics Residents Western Researchers Jihadists Extremists Meanwhile Also But And Or If As Under
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec To Related Daily View Click Read Please
Fighters Militants Insurgents Gunmen Soldiers Troops Police Security Government Several Two Three Four Five Six Dozens
Hundreds Thousands NGO Islamist Jihadist Muslim Muslims Christians Christian Arab Arabs Health Dose Archive
Analysts Witnesses Sources Local Senior Former Clashes Fighting Opposition Caretaker Acting Interim
Suspected Alleged Presumed Purported Rival Unidentified No""".split())
_JOIN = re.compile(r"[ \t\-\u00a0]*(?:&[ \t]*)?")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str
    sentence: int
    type: str | None = None
    known: tuple[Known, ...] = ()
    possessive: bool = False
    title: str | None = None
    country: str | None = None
    alias_of: int | None = None
    refers: str | None = None
    #: The surface name without a possessive ending: read very often, so kept rather than worked out (set it with
    #: :meth:`retext` when ``text`` changes).
    name: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = self.text
        self.name = text[:-2] if text.endswith(("'s", "’s")) else text

    def retext(self, text: str) -> None:
        """Give the mention a new surface text (and so name)."""
        self.text = text
        self.name = text[:-2] if text.endswith(("'s", "’s")) else text


def adjacent(text: str, words: Words, left: int, right: int) -> bool:
    """Whether two tokens are parts of one name: nothing but a space, a hyphen or "&" between them."""
    begin, end = words.ends[left], words.starts[right]
    if end - begin == 1:
        return text[begin] in " -\u00a0\t"
    return end - begin <= 3 and _JOIN.fullmatch(text, begin, end) is not None


def mention_at(text: str, words: Words, i: int, j: int, kind: str, **extra) -> Mention:
    start, end = words.starts[i], words.ends[j]
    return Mention(start, end, text[start:end], kind, words.sentence[i], possessive=words.possessive[j], **extra)


def hyphened(text: str, words: Words, index: int) -> bool:
    """An article glued to its noun ("al-Qaeda", "Al-Naba") belongs to the name."""
    return index + 1 < len(words.starts) and text[words.ends[index]:words.starts[index + 1]] == "-"


def word_is(words: Words, index: int, element: str) -> bool:
    word = words.base[index]
    return word == element if element[:1].isupper() else word.lower() == element.lower()


def name_token(words: Words, index: int) -> bool:
    return words.capital[index] and words.base[index] not in STOP
