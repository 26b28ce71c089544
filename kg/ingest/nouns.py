"""Arguments the shallow clause reading loses: across appositions and coordinated verbs.

Called by :mod:`kg.ingest.triggers` while it reads a template of the lexicon:

- "fighting between A, the faction led by …, and B, which …": the pair a "between" joins,
  across the appositions and relative clauses that break the plain coordination;
- "ISKP … regards the Taliban as apostates and has fought the movement": the subject a verb
  after "and" shares with the verb before it, past that verb's object.

And, per sentence from :mod:`kg.ingest.relations`, the membership a name states by its "of"
("the Quds Force of Iran's Islamic Revolutionary Guard Corps" is a part of the IRGC) or a "whose"
gives it ("the BLA, whose Majeed Brigade claimed the attack": the brigade is a part of the BLA).
"""

from __future__ import annotations

import re
from functools import cache

from kg.ingest.clauses import Group
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.lexicon import lexicon, phrase_alternation
from kg.ingest.slots import acting_as

#: After the first member of a "between" pair: an apposition or relative clause, then "and" and the second member.
_SECOND = re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?(?:,[^;:()]{0,160}?,\s*|\s+)and\s+(?:the\s+)?$")
_GERUND = re.compile(r"\w+ing\b")
#: "… and has since fought": a verb whose subject is elided after "and".
_ELIDED = re.compile(r"(?<!;),?\s+(?:and|but)\s+(?:(?:has|have|had|is|are|was|were|also|since|then|later|now|repeatedly|still|"
                     r"even|increasingly|would|will|could|can|may|might|must|should|did|does|do)\s+){0,3}$")


def between_pair(text: str, groups: list[Group], position: int, limit: int) -> Group | None:
    """The two actors a "between" at ``position`` joins, when an apposition or clause stands between them."""
    after = [m for g in groups for m in g.items if position <= m.start < limit]
    if len(after) < 2 or len(text[position:after[0].start].split()) > 1:
        return None
    first = after[0]
    for second in after[1:]:
        if _SECOND.fullmatch(text, first.end, second.start):
            return Group([first, second])
    return None


def carried_subject(context, position: int) -> Group | None:
    """"ISKP, which emerged in 2015, regards the Taliban as apostates and has fought the movement for years": a verb
    right after "and" or "but" (and its auxiliaries) shares the subject of the verb before it, not the object in between
    ("Hezbollah and Amal fought each other … but have been allies since 1990")."""
    elided = _ELIDED.search(context.text, max(context.sentence.start, position - 40), position)
    if elided is None:
        return None
    earlier = [start for _, start, end in context.matches if end <= elided.start() and not _GERUND.match(context.text, start)]
    return context.clauses.subject(max(earlier) if earlier else elided.start())  # "said it was not … but would share"


_OF = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*['’]s\s+)?")
#: The classes of a body that can be a part of another organisation, and of the organisations it can be part of.
_PARTS = frozenset({"StateArmedForce", "GovernmentAgency", "MilitantGroup", "IntergovernmentalOrganization"})
_WHOLES = frozenset({"StateArmedForce", "GovernmentAgency", "MilitantGroup", "IntergovernmentalOrganization", "Government"})


def part_of(context) -> list[Finding]:
    """"the Quds Force of Iran's IRGC", "the Peace and Security Council of the African Union": a body named, then "of"
    and another organisation, is a part of it."""
    items = [m for g in context.groups for m in g.items if m.kind != "anaphor" and not m.possessive]
    found = []
    for part, whole in zip(items, items[1:]):
        if not _OF.fullmatch(context.text, part.end, whole.start):
            continue
        for a in context.resolution.of(part):
            for b in context.resolution.of(whole):
                if a.type in _PARTS and b.type in _WHOLES and a is not b and not (a.type == b.type == "MilitantGroup"):
                    found.append(Finding(a, "memberOf", b, part.start, whole.end, context.index, None, BASE_CONFIDENCE,
                                         trigger="name of", descriptive=True))
    return found


@cache
def _whose() -> re.Pattern:
    """Between an organisation and a body it owns through "whose": "the BLA, whose so-called Majeed Brigade" (the words
    that may stand before the body are the ontology's ``kg:whoseModifier`` of ``kg:memberOf``)."""
    modifiers = phrase_alternation(lexicon().whose_modifiers.get("memberOf", ()))
    return re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?,\s*whose\s+(?:" + modifiers + r"\s+)?(?:the\s+)?")


def whose_part(context) -> list[Finding]:
    """"Egypt, whose General Intelligence Service under X keeps lines to the group": the service is a part of Egypt's
    government; "the BLA, whose Majeed Brigade claimed the attack": the brigade is a part of the BLA."""
    items = [m for g in context.groups for m in g.items if m.kind != "anaphor" and not m.possessive]
    found = []
    for whole, part in zip(items, items[1:]):
        if not _whose().fullmatch(context.text, whole.end, part.start):
            continue
        for a in context.resolution.of(part):
            for b in context.resolution.of(whole):
                owner = acting_as(b, "Actor", context.resolution)
                if a.type in _PARTS and owner is not None and owner.type in _WHOLES and a is not owner:
                    found.append(Finding(a, "memberOf", owner, whole.start, part.end, context.index, None, BASE_CONFIDENCE,
                                         trigger="whose part", descriptive=True))
    return found
