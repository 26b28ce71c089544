"""Where actors are: the places the relation stage reads beside a trigger, and the places within them.

- :func:`located` (called by :mod:`kg.ingest.triggers` for armed actions): actors acting "in", "near" or
  "throughout" a place operate there; a fight's place is both sides' ("clashes in Kyaukme between A and B",
  "Fighting between A, …, and B, …, was concentrated in Culiacán"); a place inside the place just named is
  theirs too ("around Chicomuselo, in Chiapas").
- :func:`war_place`: "Yemen's long war between A and B": both sides fight in Yemen.
- :func:`wider_places` (called per sentence by :mod:`kg.ingest.relations` on the findings already made): an
  actor that operates in a place also operates in the place the text locates it in, named right after it
  ("took the town of Mogok, in Mandalay Region", "captured the Kokang capital of Laukkai", "the Ahwar
  district of Abyan province"), and in the chain of such places.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest.clauses import possessor_before
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.resolve import Entity, is_place
from kg.ontology import subclasses

_ACTORS = subclasses("Actor")

LOCATIVE = re.compile(r"\b(?:in|near|throughout|across|around|outside|inside|control\s+(?:of|over)|outskirts\s+of|"
                      r"(?:north|south|east|west)(?:east|west)?\s+of)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$")
_ATTACHED = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:in|near)\s+(?:the\s+)?")
_BARE_IN = re.compile(r"\s+(?:in|near)\s+(?:the\s+)?")  # "clashed with Y in Tripoli": where both fought
#: "fighting between X and Y was concentrated in": the place of the whole fight, not of Y alone.
_STATED_IN = re.compile(r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:[a-z]+\s+)?(?:in|near|around)\s+"
                        r"(?:the\s+)?")
#: Before a trigger that opens its sentence: "Fighting between", "The heavy clashes in P between".
OPENING = re.compile(r"\s*(?:(?:the|The|Heavy|heavy|Renewed|renewed|Fierce|fierce)\s+){0,2}")
#: The verb of a sentence about a fight and the place it gives: ", was concentrated in", ", took place around".
_FIGHT_PLACE = re.compile(r",\s*(?:was|were|has\s+been|had\s+been)?\s*(?:concentrated|centred|centered|focused|took\s+place|"
                          r"erupted|broke\s+out|raged|continued|spread)\s+(?:mainly\s+|mostly\s+)?(?:in|around|near|across)\s+(?:the\s+)?$")
#: "around Chicomuselo, in Chiapas": a place within the place just named.
_WITHIN = re.compile(r"\s*,\s*(?:in|of)\s+(?:the\s+)?")
CLAUSE_BREAK = re.compile(r"[;:,]|\b(?:who|which|that|because|while)\b")


def located(context, subjects: list[Entity], objects: list[Entity], trigger: int,
           date: str | None, arguments: list[Entity] | None = None, opening: bool = False) -> list[Finding]:
    """Actors acting "in", "near" or "throughout" a place operate there.

    A place right after the object ("against ISIS militants in West Africa") is where the
    object is; any other place after the trigger, in the same clause, is where the subjects act.
    When the sentence opens with the fight (``opening``), the place its verb gives is where both sides
    fought, past the clauses about them ("Fighting between A, the faction led by …, and B, which …, was
    concentrated in P").
    """
    found: list[Finding] = []
    placed: list[Finding] = []
    previous = None
    for group in context.groups:
        if group.start <= trigger:
            continue
        attached = previous is not None and _ATTACHED.fullmatch(context.text[previous.end:group.start])
        locative = LOCATIVE.search(context.text[max(trigger, group.start - 30):group.start])
        if previous is not None and placed and _WITHIN.fullmatch(context.text, previous.end, group.start):
            found += [replace(f, object=place, end=group.end) for f in placed for place in group.entities(context.resolution)
                      if is_place(place) and place.label != f.subject.country]  # "around Chicomuselo, in Chiapas"
            previous = group
            continue
        owners = subjects
        placed = []
        if attached and objects and any(e in objects for e in previous.entities(context.resolution)) and not (
                all(o in subjects for o in objects) and (_BARE_IN.fullmatch(context.text, previous.end, group.start)
                                                         or _STATED_IN.fullmatch(context.text, previous.end, group.start))):
            owners = [e for e in previous.entities(context.resolution) if e in objects]  # "against ISIS militants in X"
        elif attached and not any(e in subjects or e in (arguments or ()) for e in previous.entities(context.resolution)):
            previous = group
            continue  # "against the ADF, which the US calls the Islamic State's branch in central Africa": not theirs
        previous = group
        if not locative:
            continue
        if CLAUSE_BREAK.search(context.text[trigger:group.start]) and not attached and not (
                opening and _FIGHT_PLACE.search(context.text, max(trigger, group.start - 40), group.start)):
            break
        for place in group.entities(context.resolution):
            for actor in owners:
                if is_place(place) and actor.type in _ACTORS and place.label != actor.country:
                    placed.append(Finding(actor, "operatesIn", place, trigger, group.end, context.index, date,
                                          BASE_CONFIDENCE, trigger="located", inferred=True))
        found += placed
    return found


def war_place(context, actors: list[Entity], trigger: int, end: int, date: str | None) -> list[Finding]:
    """"Yemen's long war between A and B": the place that owns the fight is where both sides fight."""
    owner = possessor_before(context.text, context.groups, trigger, words=2)
    places = [p for p in owner.entities(context.resolution) if is_place(p)] if owner else []
    return [Finding(actor, "operatesIn", place, owner.start, end, context.index, date, BASE_CONFIDENCE, trigger="located",
                    inferred=True)
            for place in places for actor in actors if actor.type in _ACTORS and place.label != actor.country]


#: ", where": a clause that hangs on the place named before it; "[;.]" ends it.
_WHERE = re.compile(r",\s+where\s")
_WHERE_ENDS = re.compile(r"[;]|[.!?]\s")


def where_place(context, actors: list[Entity], trigger: int, date: str | None) -> list[Finding]:
    """A fight told in a where-clause happens in the place the clause hangs on: "army positions near Tepalcatepec,
    Michoacán, where the group has been fighting the Cárteles Unidos": both sides operate in Tepalcatepec, the first
    of the places before the comma (the wider ones follow from :func:`wider_places`)."""
    text, groups = context.text, context.groups
    where = None
    for match in _WHERE.finditer(text, context.sentence.start, trigger):
        where = match
    if where is None or _WHERE_ENDS.search(text, where.end(), trigger):
        return []
    at = next((i for i, g in enumerate(groups) if g.end == where.start()), None)
    if at is None:
        return []
    while at > 0 and _WITHIN_COMMA.fullmatch(text, groups[at - 1].end, groups[at].start) \
            and any(is_place(p) for p in groups[at - 1].entities(context.resolution)):
        at -= 1  # "Tepalcatepec, Michoacán, where": the town, then its state
    places = [p for p in groups[at].entities(context.resolution) if is_place(p)]
    return [Finding(actor, "operatesIn", place, groups[at].start, groups[at].end, context.index, date, BASE_CONFIDENCE,
                    trigger="located", inferred=True)
            for place in places for actor in actors if actor.type in _ACTORS and place.label != actor.country]


_WITHIN_COMMA = re.compile(r"\s*,\s*")
#: Between a place and the wider place it lies in: ", in", ", of", " district of", " capital of".
_IN_WIDER = re.compile(r"\s*,\s*(?:in|of)\s+(?:the\s+)?|\s+(?:[a-z-]+\s+){0,2}of\s+(?:the\s+)?")


def wider_places(context, findings: list[Finding]) -> list[Finding]:
    """For each "operates in" place of the sentence's findings, the places named as containing it, one after another."""
    groups = context.groups
    found = []
    have = {(f.subject.index, f.object.index) for f in findings if f.predicate == "operatesIn"}
    for finding in [f for f in findings if f.predicate == "operatesIn" and is_place(f.object)]:
        at = next((i for i, g in enumerate(groups) if g.end == finding.end
                   and finding.object in g.entities(context.resolution)), None)
        while at is not None and at + 1 < len(groups):
            here, wider = groups[at], groups[at + 1]
            if not _IN_WIDER.fullmatch(context.text, here.end, wider.start):
                break
            places = [p for p in wider.entities(context.resolution) if is_place(p)]
            if not places:
                break
            for place in places:
                if (finding.subject.index, place.index) not in have and place.label != finding.subject.country:
                    have.add((finding.subject.index, place.index))
                    found.append(replace(finding, object=place, end=wider.end, inferred=True))
            at += 1
    return found
