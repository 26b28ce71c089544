"""Offices a person holds beyond the first title the relation stage reads.

"Bola Ahmed Tinubu, President of Nigeria and Chairman of the Authority", "X, the Special Representative
of the Secretary-General and Head of the Verification Mission": each further title joined by "and" in
the apposition after a name relates the person to the organisation it names. "army spokeswoman X": a
title owned by a bare "army" or "military" is held in the army the text is about. Called per sentence
by :mod:`kg.ingest.relations`.

The titles are the ontology's ``kg:title`` annotations (``ontology/lexicon.ttl``), read through the cached
:func:`kg.ingest.lexicon.lexicon`.
"""

from __future__ import annotations

import re
from functools import cache

from kg.ingest.clauses import object_after
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.lexicon import lexicon, phrase_alternation
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity, country_actor, document_country
from kg.ingest.triggers import Context, slot_entities

#: The apposition after a name: a comma, then up to the next comma, semicolon or sentence end.
_APPOSITION = re.compile(r"\s*,\s*([^,;]{1,200})")


@cache
def _lowered() -> dict[str, str]:
    """The relation titles, by their lower-case form ("Chairman" is "chairman")."""
    return {t.lower(): relation for t, relation in lexicon().titles.items() if relation}


@cache
def _joined() -> re.Pattern:
    """ "and Chairman of the": a further title after "and" in an apposition, and its "of" or "for"."""
    titles = sorted(_lowered(), key=len, reverse=True)
    return re.compile(r"\band\s+(?:the\s+)?(?P<title>" + "|".join(map(re.escape, titles)) + r")\s+(?:of|for)\s+(?:the\s+)?",
                      re.IGNORECASE)


def further_titles(context: Context, mentions: list[Mention]) -> list[Finding]:
    """"X, President of Y and Chairman of Z": the person is related to Z by the second title's relation."""
    text = context.text
    findings = []
    for mention in mentions:
        persons = [e for e in context.resolution.of(mention) if e.type == "Person"]
        apposition = _APPOSITION.match(text, mention.end, context.sentence.end) if persons and mention.kind != "anaphor" \
            else None
        if apposition is None:
            continue
        for joined in _joined().finditer(text, apposition.start(1), apposition.end(1)):
            relation = _lowered()[joined["title"].lower()]
            owner = object_after(text, context.groups, joined.end() - 1, apposition.end(1) + 1, words=1)
            for organisation in slot_entities(owner, None, "Organization", context):
                for person in persons:
                    if organisation != person:
                        findings.append(Finding(person, relation, organisation, mention.start, owner.end, context.index,
                                                context.times[0].value if context.times else context.carried,
                                                BASE_CONFIDENCE, role=joined["title"], trigger=f"title {joined['title']}"))
    return findings


#: "army spokeswoman", "military spokesman": a title owned by a common noun for the armed forces.
_FORCE_BEFORE = re.compile(r"\b(?:[Aa]rmy|[Mm]ilitary)\s+$")


@cache
def _force_title() -> re.Pattern:
    """A title that names the armed forces it heads ("Chief of Army Staff", "army chief"): the ontology's ``kg:headTitle``
    of ``kg:StateArmedForce``, as written (a capital "Chief" is the office)."""
    return re.compile(phrase_alternation(lexicon().head_titles.get("StateArmedForce", ())))


#: How many sentences back the army a bare "army" means may have been named.
_FORCE_WINDOW = 3


def force_of_title(context: Context, title_start: int) -> list[Entity]:
    """"Ground units crossed the border, army spokeswoman X told reporters", "the Chief of Army Staff, General X": the
    state armed force of the latest sentence that names one, else the army of the country the report is about; two
    forces in that sentence: no guess."""
    text = context.text
    if title_start < 0 or not (_FORCE_BEFORE.search(text, max(0, title_start - 10), title_start)
                               or _force_title().match(text, title_start)):
        return []
    latest: dict[int, set[int]] = {}
    for entity in context.resolution.entities:
        if entity.type == "StateArmedForce":
            for m in entity.mentions:
                if context.index - _FORCE_WINDOW <= m.sentence and m.start < title_start - 8:
                    latest.setdefault(m.sentence, set()).add(entity.index)
    if latest:
        named = latest[max(latest)]
        return [context.resolution.entities[i] for i in named] if len(named) == 1 else []
    country = document_country(text, context.resolution)
    return [country_actor(context.resolution, country, "StateArmedForce")] if country else []




@cache
def _bare_office() -> re.Pattern:
    """"X, the prime minister, …", "X, the country's president.", "X was sworn in as president": a title that heads a
    government (``kg:headTitle`` of ``kg:Government`` that is a relation's ``kg:title``) alone in the apposition, or the
    office the person took."""
    titles = [t for t in lexicon().head_titles.get("Government", ()) if t.lower() in _lowered()]
    return re.compile(r"(?:\s*,\s*the|\s+(?:was|has\s+been|had\s+been|is)\s+(?:sworn\s+in|inaugurated|installed|elected|"
                      r"appointed)\s+as(?:\s+the)?)\s+(?:(?:country|nation)['’]s\s+)?"
                      r"(?:(?:current|incumbent|new|outgoing|interim|acting)\s+)?"
                      rf"(?P<title>{phrase_alternation(titles)})\s*(?=[,.;]|$)", re.IGNORECASE)


def bare_office(context: Context, mention: Mention, country_of) -> tuple[str | None, list[Entity], str | None]:
    """"Benjamin Netanyahu, the prime minister, whose coalition …", "X was sworn in as president": the person leads
    the government of the country the text puts him in (``country_of(context, position)``, as for a bare "Prime
    Minister X")."""
    match = _bare_office().match(context.text, mention.end, context.sentence.end)
    if match is None:
        return None, [], None
    title = " ".join(match["title"].lower().split())
    relation = _lowered().get(title)
    country = country_of(context, match.start("title")) if relation else None
    if country is None:
        return None, [], None
    return relation, [country_actor(context.resolution, country, "Government")], title
