"""A country's name (or its capital's) as the subject of an action is its government (a step of resolution).

"Israel struck targets in Beirut", "Iran armed the group", "the United States designated the
group", "Saudi Arabia and the United States hosted talks": the country does not act, its
government does (the reading the dev set's gold files give, and the one the relations' domains
need). Mentions of a country that are the subject of a verb move to the entity of its
government (``kgr:government-of-<country>`` or the store's); the mentions that place something
("fighting in Mali") stay with the country. Verbs are recognised by their form: a past tense
in -ed, an auxiliary ("will", "has"), or one of the irregular past tenses of ``acting-verbs.txt``
(capitalised too in a title-case headline: "How Oman Brokered a Truce"). A country also acts as
a passive's agent, a party one acts with ("alongside Qatar and Egypt"), "X, whose government …"
and in an elided possessive ("two governments, Qatar's and Egypt's").
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kg.ingest.lexicon import lexicon, phrase_alternation
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity, Resolution, country_actor

_VERBS = Path(__file__).with_name("acting-verbs.txt")
#: Words that may stand between the country and its verb: "the United States has also designated".
_ADVERBS = (r"(?:(?:also|then|later|recently|reportedly|previously|already|repeatedly|again|itself|formally|"
            r"officially|swiftly|quickly|subsequently|immediately|publicly|last\s+\w+|on\s+\w+day)\s+)*")
#: Other countries coordinated with it: "Saudi Arabia and the United States hosted".
_COORDINATED = r"(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})*"
#: A seat of government as the other party: "a peace agreement with Manila", "sanctions against Tehran".
_PARTY_BEFORE = re.compile(r"\b(?:with|against)\s+$")
#: The other party of a deal: "a ceasefire it agreed with Russia", "an agreement with the United States".
_DEAL_BEFORE = re.compile(r"\b(?:agreed|signed|negotiated|negotiating|negotiations|agreements?|deals?|accords?|ceasefire|truce|"
                          r"talks)\s+with\s+(?:the\s+)?$")
#: A preposition before the name, or before the names coordinated with it ("in Mali and Niger"): a place.
_PLACING = re.compile(r"(?:\b(?:in|into|inside|within|across|throughout|near|from|at|to|towards|toward|of|on|over|"
                      r"between|around|via|through|visited|northern|southern|eastern|western|central|neighbouring|"
                      r"neighboring)\s+(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}(?:\s*,\s*|\s+and\s+|"
                      r"\s*,\s*and\s+)(?:the\s+)?){0,4}|['’]s\s+)$")


#: Who is answerable: "hold Asmara accountable", "held Russia responsible".
_ANSWERABLE_AFTER = re.compile(r"\s+(?:accountable|responsible)\b")
#: A present tense of saying, judging or backing after the name: "Washington still lists HTS as a terrorist group",
#: "Iran denies arming the group" (a general present, "Mali has a long border", says nothing of a government).
_SAYS_AFTER = re.compile(r"\s+" + _ADVERBS + r"(?:still\s+)?(?:says|lists|accuses|denies|claims|insists|blames|supports|backs|"
                         r"arms|funds|supplies|sponsors|designates|considers|regards|describes|rejects|condemns|warns|urges|"
                         r"demands|accepts)\b")
#: The side a struggle is against: "vowed revenge against the United States", "a war against Israel"; the party one acts
#: with: "has mediated alongside Qatar and Egypt" (not a road that "runs alongside Niger").
_AGAINST_BEFORE = re.compile(r"\b(?:against|(?:fight|fought|mediat|work|operat|negotiat|serv|stood|stand)\w*\s+alongside)\s+"
                             r"(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s*(?:,|,?\s+and)\s+"
                             r"(?:the\s+)?){0,3}$")
#: What a state has through its government, after its name or its possessive: "Iran's supreme leader", "China's special
#: envoy", "a US drone strike", "the US embassy", "US officials", "Israel's invasion".
_OFFICIAL_AFTER = re.compile(r"(?:['’]s)?\s+(?i:(?:(?:special|top|senior|foreign|defen[cs]e|supreme|deputy)\s+)?(?:envoys?|"
                             r"ambassadors?|officials|ministers?|ministry|president|prime\s+minister|leader|embassy|"
                             r"administration|role|invasion|drone\s+strikes?|air\s*strikes?|strikes?|control))\b")
#: The agent of a passive: "a movement backed by the United Arab Emirates", "a group armed by Iran", "designated a
#: terrorist organisation by the United States".
_AGENT_BEFORE = re.compile(r"\b[a-z]{3,}ed\s+(?:(?:an?|the|[a-z]{3,})\s+){0,3}?by\s+(?:the\s+)?$")
#: A country in a compound adjective of support or alignment: "the Iran-backed group", "the Iran-aligned Houthi movement"
#: (a group is aligned with a state's policy, which its government makes; "Mali-based" only places it).
_BACKED_AFTER = re.compile(r"-(?:backed|supported|funded|sponsored|armed|trained|aligned|allied)\b")
#: A relative clause's subject with a present tense: "an armed group that the United States describes as …".
_RELATIVE_BEFORE = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+)?$")
_PRESENT_AFTER = re.compile(r"\s+" + _ADVERBS + r"[a-z]{3,}s\b")


@cache
def _whose() -> re.Pattern:
    """A country whose government or one of its named bodies follows: "Niger, whose military government accuses …", "Egypt,
    whose General Intelligence Service …" (not "Mali, whose northern regions …"); the words are the ontology's
    ``kg:whoseModifier`` and ``kg:whoseNoun`` of ``kg:Government``."""
    lex = lexicon()
    modifiers = phrase_alternation(lex.whose_modifiers.get("Government", ()))
    nouns = phrase_alternation(lex.whose_nouns.get("Government", ()))
    return re.compile(r"\s*,\s*whose\s+(?:" + modifiers + r"\s+)?(?:" + nouns + r"|[A-Z])")


#: An apposed relative clause with a present tense: "Turkey, which keeps thousands of troops in Idlib".
_WHICH_PRESENT = re.compile(r"\s*,\s*which\s+" + _ADVERBS + r"[a-z]{3,}s\b")


#: "the two governments, Qatar's and Egypt's": a possessive whose noun, left out, is the governments just named.
_GOVERNMENTS_ELIDED = re.compile(r"\bgovernments?\b[^.;:]{0,30}$")
_ELIDED_AFTER = re.compile(r"['’]s(?:\s*,|\s+and\b|\s*[.;:)])")
_WORD = re.compile(r"[^\W\d][\w'’-]*")


def _headline(text: str, position: int) -> bool:
    """Whether the line around ``position`` is a headline in title case, whose verbs are capitalised ("Qatar Brought …")."""
    start, end = text.rfind("\n", 0, position) + 1, text.find("\n", position)
    line = text[start:end if end >= 0 else len(text)].rstrip()
    if line.endswith("."):
        return False  # a paragraph of the body: its words need no count
    long = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) / len(long) > 0.6


@cache
def _acting_in_headline() -> re.Pattern:
    return re.compile(_acting().pattern, re.IGNORECASE)


@cache
def _acting() -> re.Pattern:
    """What follows a country's name when it is the subject: verbs and auxiliaries, perhaps after coordinated names."""
    irregular = [w.strip() for w in _VERBS.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    verb = r"(?:[a-z]{3,}ed|" + "|".join(sorted(irregular, key=len, reverse=True)) + r")\b"
    # "Egypt, which hosted the talks"; "Burkina Faso, Mali and Niger, all ruled by juntas, left the bloc"
    return re.compile(_COORDINATED + r"(?:\s*,\s*which|\s*,\s*(?:all|both|each)\s[^,.;:()]{3,60},)?\s+" + _ADVERBS + verb)


def governments_acting(text: str, resolution: Resolution) -> None:
    """Move the mentions of each country that acts to the entity of its government (in place)."""
    places = resolution.known.places if resolution.known else {}
    for entity in list(resolution.entities):
        place = places.get(entity.label)
        if entity.type == "Country":
            country = entity.label
        elif entity.type == "City" and place is not None and place.located_in:
            country = place.located_in[0]  # "Tehran denied it", "Washington was disappointed": the seat of a government
        else:
            continue
        acting = [m for m in entity.mentions if _is_acting(text, m) or m.kind == "known" and _acts_otherwise(text, m, entity)]
        if not acting:
            continue
        government = country_actor(resolution, country, "Government")
        for mention in acting:
            _move(resolution, mention, entity, government)


def _acts_otherwise(text: str, mention: Mention, entity: Entity) -> bool:
    """The government's part without a past tense after the name: a seat of government as a party ("talks with Manila"),
    a country as a deal's party ("a ceasefire it agreed with Russia"), as a passive's agent ("backed by the United Arab
    Emirates"), in a compound of support ("the Iran-backed group"), and as a present-tense subject of a relative clause
    ("Turkey, which keeps troops", "a group that the United States describes as")."""
    if _ANSWERABLE_AFTER.match(text, mention.end) and re.search(r"\bh[oe]ld\s+$", text[max(0, mention.start - 6):mention.start]):
        return True
    if entity.type == "City":  # "talks with Manila", "constrained by Beijing"
        return (_PARTY_BEFORE.search(text, max(0, mention.start - 12), mention.start) is not None
                or _AGENT_BEFORE.search(text, max(0, mention.start - 40), mention.start) is not None)
    if _OFFICIAL_AFTER.match(text, mention.end - 2 if mention.possessive else mention.end):
        return True
    if mention.possessive:  # "the two governments, Qatar's and Egypt's"
        return _ELIDED_AFTER.match(text, mention.end - 2) is not None \
            and _GOVERNMENTS_ELIDED.search(text, max(0, mention.start - 40), mention.start) is not None
    if text.startswith("-", mention.end):  # "the Mali-based group": a compound, which only a word of support makes acting
        return _BACKED_AFTER.match(text, mention.end) is not None
    start = max(0, mention.start - 40)
    return (_DEAL_BEFORE.search(text, start, mention.start) is not None
            or _AGAINST_BEFORE.search(text, start, mention.start) is not None
            or _AGENT_BEFORE.search(text, max(0, mention.start - 60), mention.start) is not None
            or _WHICH_PRESENT.match(text, mention.end) is not None
            or _whose().match(text, mention.end) is not None
            or _RELATIVE_BEFORE.search(text, start, mention.start) is not None
            and _PRESENT_AFTER.match(text, mention.end) is not None)


def _is_acting(text: str, mention: Mention) -> bool:
    if mention.possessive or mention.kind != "known":
        return False
    if _PLACING.search(text, max(0, mention.start - 80), mention.start):
        return False
    if _acting().match(text, mention.end) is not None or _SAYS_AFTER.match(text, mention.end) is not None:
        return True
    return _acting_in_headline().match(text, mention.end) is not None and _headline(text, mention.start)


def _move(resolution: Resolution, mention: Mention, country: Entity, government: Entity) -> None:
    country.mentions = [m for m in country.mentions if m is not mention]
    government.mentions.append(mention)  # not an alias: "Pakistan Institute …" is not named after the government
    resolution.refers[id(mention)] = (government.index,)
