"""Which two actors a plural description takes up: "the two factions", "both groups", "the two parties".

Called by :mod:`kg.ingest.resolve` for plural anaphors. "The two parties" and "both sides"
take up the last pair the text wrote as "A and B" (a Council "called on the SAF and the RSF
to cease hostilities … the envoy met both parties": the SAF and the RSF, not the Council);
otherwise, and for "the two factions" or "both groups", the two most recent subjects of the
wanted kind within three sentences, then the most recent such names that were not the
object of a preposition ("according to the OHCHR" names a source, not a party).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.ingest.mentions import Mention
    from kg.ingest.resolve import Entity

#: What stands between the two names of a pair: "the SAF and the RSF", "the Sudanese Armed Forces (SAF) and the RSF".
_AND = re.compile(r"\)?\s*(?:\([A-Z][\w&.-]*\)\s*)?,?\s*(?:and|or|&)\s+(?:the\s+)?")
_PAIR_NOUNS = ("parties", "sides")
#: How many sentences back a pair written as "A and B" is still the one "the two parties" means.
WINDOW = 4


def plural_antecedents(text: str, mention: Mention, history: list[tuple[Mention, Entity]],
                       subjects: dict[int, list[Entity]], wanted: tuple[str, ...], governed: re.Pattern) -> list[Entity]:
    """The two entities a plural anaphor stands for, or none."""
    words = (mention.refers or "").split()
    if words and words[-1] in _PAIR_NOUNS:
        pair = _written_pair(text, mention, history, wanted)
        if pair:
            return pair
    found: list[Entity] = []
    recent = [e for s in sorted(subjects, reverse=True) if mention.sentence - 3 <= s <= mention.sentence
              for e in reversed(subjects[s])]
    for e in recent + [e for m, e in reversed(history) if not m.possessive and m.kind != "acronym"
                       and not governed.search(text, max(0, m.start - 30), m.start)]:
        if e.type in wanted and e not in found:
            found.append(e)
        if len(found) == 2:
            return found[::-1]
    return []


def _written_pair(text: str, mention: Mention, history: list[tuple[Mention, Entity]],
                  wanted: tuple[str, ...]) -> list[Entity]:
    recent = [(m, e) for m, e in history if mention.sentence - WINDOW <= m.sentence and m.end <= mention.start]
    for (first, a), (second, b) in reversed(list(zip(recent, recent[1:]))):
        if a is not b and a.type in wanted and b.type in wanted and first.sentence == second.sentence \
                and first.end <= second.start and _AND.fullmatch(text, first.end, second.start):
            return [a, b]
    return []
