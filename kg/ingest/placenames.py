"""Towns and areas by their place in the sentence (part of the pass of :mod:`kg.ingest.heads`).

Towns listed as such ("Tibú, Teorama, El Tarra and other municipalities"); areas, not towns:
the area after a town ("near Piagapo, Lanao del Sur, on Monday"), the area a capital is of
("the Kokang capital of Laukkai"), and the bare name of a compass region ("Gojjam" beside
"West Gojjam").

Wire copy places a town by the province or state it lies in, after a comma: "in Tepalcatepec,
Michoacán", "near El Paso, Texas.", "around Chicomuselo, in Chiapas,". The second name is then an area, not another town. A list
of towns ("Tibú, Teorama, El Tarra and other municipalities") is told apart by its shape:
the pair must stand alone, the town not after a comma and the area not before another name
or "and".
"""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention

#: Words of direction that, before a capitalised name, make it an area: "West Gojjam", "North Wollo".
COMPASS = frozenset("North South East West Northern Southern Eastern Western Central Upper Lower North-East North-West "
                    "South-East South-West Northeast Northwest Southeast Southwest".split())

_PAIR = re.compile(r",[ \t]+(?:in[ \t]+)?")
#: After the area: a comma and a lower-case word, or the clause's end.
_AREA_END = re.compile(r"[ \t]*(?:,[ \t]*[a-z]|[.;:)—–]|$)")
_LIST_BEFORE = re.compile(r",[ \t]*$")


def areas_after_towns(text: str, found: list[Mention]) -> None:
    """Type as a region each unknown name that follows a town after a comma and closes the phrase (``found`` sorted)."""
    for town, area in zip(found, found[1:]):
        if (town.type == "City" and area.type in (None, "City") and area.kind in ("chunk", "cued")
                and town.sentence == area.sentence and not town.possessive and not area.possessive
                and _PAIR.fullmatch(text, town.end, area.start) and _AREA_END.match(text, area.end)
                and "." not in area.name and not _LIST_BEFORE.search(text, max(0, town.start - 3), town.start)):
            area.type, area.kind = "Region", "cued"



#: A capital after a name: "the Kokang capital of Laukkai" makes Kokang the area, whatever the noun made it.
_CAPITAL_AFTER = re.compile(r"[ \t]+capital\b")


def areas_by_capital_and_part(text: str, found: list[Mention]) -> None:
    """Type as a region a town-like name before "capital", and the bare name of a region the text also names with a
    compass word ("West Gojjam" … "in Gojjam") (in place)."""
    compass_tails = {m.name.split(" ", 1)[1] for m in found if m.type == "Region" and m.kind == "cued" and " " in m.name
                     and m.name.split(" ", 1)[0] in COMPASS}
    for mention in found:
        if mention.type not in (None, "City") or mention.kind not in ("chunk", "cued") or mention.possessive:
            continue
        if mention.name in compass_tails or _CAPITAL_AFTER.match(text, mention.end):
            mention.type, mention.kind = "Region", "cued"


#: A list closed by its kind: "Tibú, Teorama, El Tarra and other municipalities".
_OTHER_TOWNS = re.compile(r",?[ \t]+(?:and|or)[ \t]+other[ \t]+(?:towns|villages|municipalities|cities|localities|communities)\b")
_LIST_COMMA = re.compile(r",[ \t]*")


#: A list of areas closed by their plural noun: "the East Gojjam, West Gojjam and South Gondar zones".
_AREAS_NOUN = re.compile(r"[ \t]+(?:zones|regions|provinces|districts|governorates|departments|counties|prefectures|"
                         r"national[ \t]+parks)\b")
_LIST_AND = re.compile(r",?[ \t]+(?:and|or)[ \t]+")


def towns_listed(text: str, found: list[Mention]) -> None:
    """Type as towns the names of a list that ends "and other towns" or the like, and as areas those of a list closed by
    a plural area noun ("the Tillabéri and Tahoua regions") (``found`` sorted, in place)."""
    for position, mention in enumerate(found):
        if _OTHER_TOWNS.match(text, mention.end):
            cls, joins = "City", (_LIST_COMMA,)  # "and other towns" follows the last name
        elif _AREAS_NOUN.match(text, mention.end) and not mention.possessive:
            cls, joins = "Region", (_LIST_COMMA, _LIST_AND)  # the noun follows the last name, after "and"
        else:
            continue
        index = position
        while index >= 0 and found[index].type in (None, "City", cls) and found[index].kind in ("chunk", "cued") \
                and not found[index].possessive:
            found[index].type, found[index].kind = cls, "cued"
            if index == 0 or not any(j.fullmatch(text, found[index - 1].end, found[index].start) for j in joins):
                break
            index -= 1


#: Ends of a road or crossing: "the road between Bahir Dar and Debre Tabor", "the highway from Sirte to Misrata", and a
#: place a facility is at: "the main land crossing at Attari", "a training camp at Balakot".
_ROUTE_BEFORE = re.compile(r"\b(?:road|roads|highway|route|corridor|railway|bridge)[ \t]+"
                           r"(?:between|from|linking|connecting|to)[ \t]+$")
_ROUTE_JOIN = re.compile(r"[ \t]+(?:and|to|with)[ \t]+")
_FACILITY_AT = re.compile(r"\b(?:crossing|camp|base|checkpoint|airport|airbase|port|market|garrison|prison)"
                          r"[ \t]+(?:at|in)[ \t]+$")


def towns_by_route_and_facility(text: str, found: list[Mention]) -> None:
    """Type as towns the untyped names at a road's two ends and the name a camp or crossing is at (``found`` sorted)."""
    for position, mention in enumerate(found):
        if mention.kind != "chunk" or mention.type not in (None, "City") or mention.possessive:
            continue
        window = max(0, mention.start - 40)
        if _FACILITY_AT.search(text, window, mention.start):
            mention.type, mention.kind = "City", "cued"
        elif _ROUTE_BEFORE.search(text, window, mention.start):
            mention.type, mention.kind = "City", "cued"
            following = found[position + 1] if position + 1 < len(found) else None
            if following is not None and following.kind == "chunk" and following.type in (None, "City") \
                    and _ROUTE_JOIN.fullmatch(text, mention.end, following.start):
                following.type, following.kind = "City", "cued"


_COMMA = re.compile(r",[ \t]+")
#: What closes a place line of an incident log or a dateline: the clause's end.
_LINE_END = re.compile(r"[ \t]*(?:[.;:(—–]|[ \t]-[ \t]|\n|$)")
_AREA_WORD_AFTER = re.compile(r"[ \t]+area\b")
_AREA_NOUN_AFTER = re.compile(r"[ \t]+(?:area|region|department|prefecture|province|district|commune|county|state|zone)\b")


def towns_before_area_and_country(text: str, found: list[Mention]) -> None:
    """An unknown name placed by an area and a country after commas is a town: "Karimama, Alibori department, Benin.",
    "near Dapaong, Savanes region, Togo" (``found`` sorted, in place). "the Dapaong area" is the town's surroundings."""
    for town, area, country in zip(found, found[1:], found[2:]):
        if (country.type == "Country" and area.type == "Region" and not town.possessive and not area.possessive
                and town.kind in ("chunk", "cued") and town.sentence == area.sentence == country.sentence
                and (town.type in (None, "City") or town.type == "Region" and _AREA_WORD_AFTER.match(text, town.end))
                and _COMMA.fullmatch(text, _end_of(text, town), area.start) and _COMMA.fullmatch(text, _end_of(text, area),
                                                                                             country.start)
                and _LINE_END.match(text, country.end)):
            town.type, town.kind = "City", "cued"


def _end_of(text: str, mention: Mention) -> int:
    """Where a place's name ends with the area word after it ("Alibori department", "Dapaong area")."""
    match = _AREA_NOUN_AFTER.match(text, mention.end)
    return match.end() if match else mention.end

