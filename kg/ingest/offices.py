"""Offices a person holds beyond the first title the relation stage reads.

"Bola Ahmed Tinubu, President of Nigeria and Chairman of the Authority", "X, the Special Representative
of the Secretary-General and Head of the Verification Mission": each further title joined by "and" in
the apposition after a name relates the person to the organisation it names. Called per sentence by
:mod:`kg.ingest.relations`.

The titles are the ontology's ``kg:title`` annotations (``ontology/lexicon.ttl``), read through the cached
:func:`kg.ingest.lexicon.lexicon`.
"""

from __future__ import annotations

import re
from functools import cache

from kg.ingest.clauses import object_after
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.lexicon import lexicon
from kg.ingest.mentions import Mention
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
