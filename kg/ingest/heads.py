"""Names typed by their head noun and joined across the words that split them (a pass after mention finding).

Input: the mentions :func:`kg.ingest.mentions.find_mentions` found. Output: the same list,
changed in place. A multi-word name says its class with its last word, or the word before
its "of"/"for": "Three Brotherhood Alliance" is an armed group, "Restoration Council of Shan
State" too (not a state), "Islamic Revolutionary Guard Corps" a state force, "Amhara Region
Police Commission" an agency. The class-deciding words are ``kg:headNoun`` annotations of the
ontology classes (``ontology/lexicon-entities.ttl``), so the nouns live with the classes.
The pass also joins what the word rules split: a country or region before an organisation's
name ("Myanmar National Democratic Alliance Army"), a possessive inside a name ("People's
Defence Force"), a number word ("Three Brotherhood Alliance"), "Office for the Coordination
of Humanitarian Affairs", "National Unity Government"; splits two acronyms joined by a hyphen
("TNLA-RCSS"); cuts a force's name from a model's ("Royal Air Force" Typhoon jets); and types
"West Gojjam", "South Gondar zone" as regions, not towns. A named unit "of" a state's force is a
state force ("the Special Service Group of the Pakistan Army"), a province's government an agency,
a name "under" which an organisation works a person; places hyphened at the start of a longer
name ("China-Pakistan Economic Corridor") are not mentioned. Names written
head first ("Cártel de Sinaloa") take their class from ``kg:leadNoun``. The passes of
:mod:`kg.ingest.appositions` (persons by role, title, nickname and surname), :mod:`kg.ingest.compounds`
("Peace and Security Council"), :mod:`kg.ingest.romance` ("Los Zetas"), :mod:`kg.ingest.placenames`
("Piagapo, Lanao del Sur") and :mod:`kg.ingest.regimes` ("Mali's junta") run here too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.ingest.appositions import join_nicknames, persons_by_surname, persons_owning_forces, split_titles
from kg.ingest.compounds import join_and_names
from kg.ingest.lexicon import Lexicon, lexicon
from kg.ingest.mentions import Mention
from kg.ingest.placenames import (
    COMPASS,
    areas_after_towns,
    areas_by_capital_and_part,
    towns_before_area_and_country,
    towns_by_route_and_facility,
    towns_listed,
)
from kg.ingest.regimes import governments_named
from kg.ingest.roles import retype_by_context
from kg.ingest.romance import plural_group
from kg.ingest.subdivisions import regions_by_gazetteer
from kg.ontology import subclasses

ORGANIZATIONS = subclasses("Organization")
_NUMBER_BEFORE = re.compile(r"(?:\b(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Twelve)|\b\d+(?:st|nd|rd|th))[ \t]$")
_CAPITALS_BETWEEN = re.compile(r"(?:[ \t][A-Z][\w'’-]*)*[ \t]")
_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")
_OWNER_BEFORE = re.compile(r"\b[A-Z][\w-]+['’]s[ \t]$")
_THE_BEFORE = re.compile(r"\b[Tt]he[ \t]+$")
_OF_FOR = re.compile(r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?")
_SPLIT_AT = re.compile(r" (?:of|for|on|in) ")
#: Capitalised head nouns the word rules keep out of names (they start sentences too).
_HEAD_AFTER = re.compile(r"[ \t]+(?:Government|Fighters)\b")
#: Where "Republic of X" is the country, not its government: after a locative, or after a town and a comma ("in Abuja, ").
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|into|inside|across|throughout)|\b[A-Z][\w'’-]+,)[ \t]+(?:the[ \t]+)?$")
_GOVERNMENT_BEFORE = re.compile(r"\bGovernment[ \t]+of[ \t]+$")
_PLACE_WORD_AFTER = re.compile(r"[ \t]+(?:zone|zones|county|counties|governorate|prefecture|township|region|state)\b")
_JOINED_ACRONYMS = re.compile(r"[A-Z]{2,}(?:-[A-Z]{2,})+")
_INTERIM_BEFORE = re.compile(r"\b(?:Interim|Transitional|Caretaker|Provisional)[ \t]+$")
_CODE = re.compile(r"[A-Z]{1,2}\d{1,2}")
_NAME_KINDS = ("chunk", "cued", "name")
#: Organisations that are not armed: a two-word head ("Research Foundation") beats a name pattern's class ("… Foundation")
#: among these, but the armed ones are told apart by what the text says of them ("People's Defence Force").
_CIVIL = frozenset(ORGANIZATIONS) - {"MilitantGroup", "StateArmedForce"}
_FORCE_WORDS = ("Army", "Force", "Forces")


@lru_cache(maxsize=65536)
def head_class(name: str) -> str | None:
    """The class a name's head noun gives it: the words before its first "of"/"for"/"on"/"in", else its last words.

    >>> head_class("Restoration Council of Shan State"), head_class("Islamic Revolutionary Guard Corps")
    ('MilitantGroup', 'StateArmedForce')
    """
    return _head(name)[0]


@lru_cache(maxsize=65536)
def _head(name: str) -> tuple[str | None, int]:
    """:func:`head_class` and how many words its head noun has (0 for none; cached, as names recur)."""
    table = lexicon()
    if name.isupper() and " " in name:
        name = name.title()  # a letterhead's "INTER SERVICES PUBLIC RELATIONS" has the head "Public Relations"
    words = _SPLIT_AT.split(name.strip(), maxsplit=1)[0].replace("’", "'").split()
    if words and words[-1].endswith("'s"):
        return None, 0  # "the Council's": a possessive ends no head
    every = name.strip().split()
    for width in range(min(table.head_length, len(every)), 2, -1):  # heads with "of" in them: "Council of Ministers"
        if "of" in every[-width:] and tuple(every[-width:]) in table.head_nouns:
            return table.head_nouns[tuple(every[-width:])], width
    whole = len(every) > 1  # a one-word head is never the whole name: "Council" alone says nothing
    for width in range(min(table.head_length, len(words)), 0, -1):
        found = table.head_nouns.get(tuple(words[-width:])) if width > 1 or whole else None
        if found:
            return found, width
    for width in range(min(table.head_length, len(every) - 1), 0, -1):  # head first: "Cárteles Unidos", "Frente de …"
        found = table.lead_nouns.get(tuple(every[:width]))
        if found:
            return found, width
    return None, 0


def refine(text: str, found: list[Mention], lexicon: Lexicon) -> None:
    """Join split names, split joined acronyms, and type names by their head noun, place words and cue phrases (in place)."""
    found.sort(key=lambda m: (m.start, -m.end))
    _split_acronyms(text, found)
    join_nicknames(text, found)
    split_titles(text, found, lexicon)
    join_and_names(text, found, head_class, ORGANIZATIONS)
    _join_names(text, found)
    _cut_after_heads(text, found)
    for mention in found:
        if mention.kind in _NAME_KINDS and not _retype(text, mention) and not plural_group(mention):
            retype_by_context(text, mention, lexicon)
    _organs(found)
    units_of_forces(text, found)
    places_in_compounds(text, found)
    areas_after_towns(text, found)
    areas_by_capital_and_part(text, found)
    towns_listed(text, found)
    towns_by_route_and_facility(text, found)
    regions_by_gazetteer(text, found)
    towns_before_area_and_country(text, found)
    _regional_governments(found)
    governments_named(text, found)
    persons_by_surname(text, found, head_class)
    persons_owning_forces(text, found, head_class)
    _persons_over_organisations(text, found)


#: A designation's category, not an actor: "designating the gangs as Foreign Terrorist Organizations (FTO)", "as a
#: Specially Designated Global Terrorist".
_AS_BEFORE = re.compile(r"\bas[ \t]+(?:an?[ \t]+)?$")
_AND_CATEGORY = re.compile(r"[ \t]*(?:\([A-Z]{2,8}\)[ \t]*)?,?[ \t]*(?:and|or)[ \t]+(?:as[ \t]+)?(?:an?[ \t]+)?")
_CATEGORY = re.compile(r"\b(?:Terroris[mt]s?|Designated|Sponsors?)\b")
#: Words of faith and people that, alone before a common noun, qualify it and name no one: "Shiite blocs", "a Tebu
#: militia" (but "the Masalit community" is a people). A group's own name takes them in a longer name ("Tebu Youth Front").
_GROUP_ADJECTIVES = frozenset("Shiite Shia Shi'ite Sunni Alawite Druze Ismaili Salafist Salafi Wahhabi Christian Muslim "
                              "Tebu Toubou Tuareg Fulani Peul Hausa Kanuri Pashtun Baloch Hazara Rohingya Oromo Tigrayan "
                              "Dinka Nuer Masalit Zaghawa Hema Lendu Nande Banyamulenge".split())
_LOWER_AFTER = re.compile(r"[ \t]+[a-z]")


def not_actors(text: str, found: list[Mention]) -> None:
    """Untype what names no actor: a designation's category after "as" and its acronym, a word of faith or people
    before a noun (in place; run after acronyms are defined, which type the names they define)."""
    categories: set[int] = set()
    last = None  # where the last category ended: "as Foreign Terrorist Organizations (FTO) and Specially Designated …"
    for mention in found:
        if mention.kind == "acronym" and mention.alias_of in categories:
            mention.type = None
        if mention.kind not in _NAME_KINDS:
            continue
        if _CATEGORY.search(mention.name) and (_AS_BEFORE.search(text, max(0, mention.start - 6), mention.start)
                                               or last is not None and _AND_CATEGORY.fullmatch(text, last, mention.start)):
            mention.type, mention.kind = None, "chunk"
            categories.add(mention.start)
            last = mention.end
        elif mention.name in _GROUP_ADJECTIVES and mention.type in ORGANIZATIONS and _LOWER_AFTER.match(text, mention.end):
            mention.type, mention.kind = None, "chunk"


#: Between a unit and the force it belongs to: "the Special Service Group (SSG) of the Pakistan Army".
_OF_FORCE = re.compile(r"(?:[ \t]*\([A-Z][A-Za-z]{1,10}\))?[ \t]+of[ \t]+(?:the[ \t]+)?")


def units_of_forces(text: str, found: list[Mention]) -> None:
    """A named organisation "of" a state's armed force is one of its units, a state force too, whatever its head noun says
    ("the Special Service Group of the Pakistan Army", "the Counter Terrorism Department of Balochistan Police") (in place)."""
    for position, unit in enumerate(found[:-1]):
        force = found[position + 1]
        if force.name.isupper() and text[unit.end:force.start].strip() == "(" and position + 2 < len(found):
            force = found[position + 2]  # past the unit's own acronym
        if (force.type == "StateArmedForce" and unit.kind in _NAME_KINDS and unit.type in ORGANIZATIONS
                and unit.type != "StateArmedForce" and " " in unit.name and not unit.possessive
                and unit.sentence == force.sentence and _OF_FORCE.fullmatch(text, unit.end, force.start)):
            unit.type = "StateArmedForce"


#: A hyphen and a capitalised word, then a name's next capitalised word: "China-Pakistan Economic Corridor".
_COMPOUND_AFTER = re.compile(r"(-[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*)[ \t]+[A-Z][a-z]")


def places_in_compounds(text: str, found: list[Mention]) -> None:
    """Places joined by a hyphen at the start of a longer name name that thing, not themselves ("the China-Pakistan Economic
    Corridor"; "the Iran-Iraq war" keeps them) (in place)."""
    gone: set[int] = set()
    for mention in found:
        compound = _COMPOUND_AFTER.match(text, mention.end)
        if mention.kind == "known" and mention.type in ("Country", "Region", "City") and not mention.possessive \
                and compound and not text[mention.start - 1:mention.start] == "-":
            end = compound.end(1)
            gone.update(id(m) for m in found if mention.start <= m.start and m.end <= end and m.kind == "known")
    if gone:
        found[:] = [m for m in found if id(m) not in gone]


_GOVERNMENT_OF = re.compile(r"Government of (?:the )?(.+)|(.+) [Gg]overnment")


def _regional_governments(found: list[Mention]) -> None:
    """"The Government of Balochistan", "the Puntland government": a province's government is an agency of the state, not
    a state's government (in place; after the regions are typed)."""
    regions = {m.name for m in found if m.type == "Region"}
    for mention in found:
        if mention.type == "Government" and not mention.country and mention.kind in _NAME_KINDS:
            match = _GOVERNMENT_OF.fullmatch(mention.name)
            if match and (match.group(1) or match.group(2)) in regions:
                mention.type = "GovernmentAgency"


_UNDER = re.compile(r"[ \t]+under[ \t]+")


def _persons_over_organisations(text: str, found: list[Mention]) -> None:
    """An untyped name of two or three words right after an organisation's name and "under" is the person who heads it:
    "the General Intelligence Service under Hassan Rashad" (in place)."""
    for body, person in zip(found, found[1:]):
        if (body.type in ORGANIZATIONS and person.type is None and person.kind == "chunk" and 1 <= person.name.count(" ") <= 2
                and body.sentence == person.sentence and not body.possessive and _UNDER.fullmatch(text, body.end, person.start)):
            person.type, person.kind = "Person", "cued"


_LOWER_NOUN_AFTER = re.compile(r"[ \t]+[a-z]{3,}")


def _cut_after_heads(text: str, found: list[Mention]) -> None:
    """An unknown name that runs on past its head noun into a model's name, before a common noun, is two names: "four Royal
    Air Force Typhoon jets" names the Royal Air Force and a Typhoon (in place)."""
    for position in range(len(found) - 1, -1, -1):
        mention = found[position]
        words = mention.name.split(" ")
        if mention.kind != "chunk" or mention.type or len(words) < 3 or mention.possessive \
                or not _LOWER_NOUN_AFTER.match(text, mention.end) or head_class(mention.name):
            continue
        for keep in range(len(words) - 1, 1, -1):
            cls = head_class(" ".join(words[:keep]))
            if cls in ORGANIZATIONS:
                end = mention.start + len(" ".join(words[:keep]))
                rest = end + 1
                found[position:position + 1] = [
                    Mention(mention.start, end, text[mention.start:end], "cued", mention.sentence, type=cls),
                    Mention(rest, mention.end, text[rest:mention.end], "chunk", mention.sentence)]
                break


def _organs(found: list[Mention]) -> None:
    """A name that starts with a bloc the text names is the bloc's organ: "ECOWAS Standby Force", "AU Commission" (in place).

    The name patterns read "… Force" as a state's force; the bloc's own force is the bloc acting.
    """
    blocs = {m.name + " " for m in found if m.kind == "known" and m.type == "IntergovernmentalOrganization"}
    if not blocs:
        return
    for mention in found:
        if mention.kind in _NAME_KINDS and mention.type in ORGANIZATIONS and mention.name.startswith(tuple(blocs)):
            mention.type = "IntergovernmentalOrganization"


def _merged(text: str, first: Mention, last: Mention, cls: str | None) -> Mention:
    return Mention(first.start, last.end, text[first.start:last.end], "name", first.sentence, type=cls,
                   possessive=last.possessive)


def _join_names(text: str, found: list[Mention]) -> None:
    index = 0
    while index < len(found):
        mention = found[index]
        following = found[index + 1] if index + 1 < len(found) else None
        joined = _joined(text, mention, following)
        if joined is not None:
            found[index:index + 2] = [joined]
            continue  # the joined name may join the next one too
        extended = _extended(text, mention)
        if extended is not None:
            found[index] = extended
            if index > 0:
                index -= 1  # "Sahel" + "Liberation Fighters": the grown name may join the one before it
                continue
        index += 1


def _joined(text: str, mention: Mention, following: Mention | None) -> Mention | None:
    """One name from two mentions side by side: "Myanmar" + "National Democratic Alliance Army", "People's" + "Defence Force",
    "Amhara Region" + "Police" + "Commission", "Office" + "for the" + "Coordination of Humanitarian Affairs"."""
    if following is None or following.sentence != mention.sentence or following.kind not in (*_NAME_KINDS, "known"):
        return None
    between = text[mention.end:following.start]
    # The joined name's head noun counts only where capitals alone stand between (each rule below asks for that).
    cls = head_class(text[mention.start:following.end]) if _CAPITALS_BETWEEN.fullmatch(between) else None
    if between == " " and mention.kind == "known" and mention.type == "IntergovernmentalOrganization" \
            and not mention.possessive and following.kind in _NAME_KINDS and cls in ORGANIZATIONS:
        return _merged(text, mention, following, mention.type)  # "ECOWAS Commission", "AU Standby Force": the body's own organ
    if between == " " and mention.kind == "known" and mention.type in ("Country", "Region", "City") and not mention.possessive \
            and following.kind == "chunk" and " " not in following.name and word_class(following.name) == "Region":
        return _merged(text, mention, following, "Region")  # "the Niger River", "the Nile Valley": a place of its own
    if cls and cls != "Region" and not mention.possessive and _CAPITALS_BETWEEN.fullmatch(between) \
            and mention.kind in ("known", "name") and mention.type in ("Country", "Region") \
            and (" " in following.name or cls != "MilitantGroup") \
            and following.kind != "known" and following.type not in ("Person", "City"):
        return _merged(text, mention, following, cls)
    if between == " " and mention.possessive and mention.kind in ("chunk", "cued") and mention.name.count(" ") < 3 \
            and following.kind != "known" \
            and (cls or following.type in ORGANIZATIONS or following.name in _FORCE_WORDS):
        # "Attorney General's Office"; "People's Resistance Force", "New People's Army": a force whose name holds no state
        cls = cls or following.type or "MilitantGroup"
        return _merged(text, mention, following, "MilitantGroup" if cls == "StateArmedForce" else cls)
    if mention.possessive or not _OF_FOR.fullmatch(between):
        return None
    own = word_class(mention.name) if mention.kind in _NAME_KINDS and " " not in mention.name else head_class(mention.name)
    place_last = following.kind == "known" and following.type in ("Country", "Region") \
        and not _NEXT_CAPITAL.match(text, following.end)  # "Central Bank of Libya", not "Alliance of Sahel" States
    if own in ORGANIZATIONS and not mention.name[:1].isdigit() \
            and following.type not in ORGANIZATIONS | {"Person"} and (following.kind in ("chunk", "cued") or place_last):
        kept = mention.type if mention.kind == "name" and mention.type in ORGANIZATIONS else own
        merged = _merged(text, mention, following, kept)  # "United Nations Office of the High Commissioner …": the UN's
        if kept == "Government" and following.type == "Country" and following.known:
            merged.country = following.known[0].label  # "the Federal Republic of Nigeria": the government of Nigeria
            if _PLACE_BEFORE.search(text, max(0, mention.start - 40), mention.start):
                merged.type, merged.kind, merged.known = "Country", "known", following.known  # "in Abuja, Federal Republic of …"
        return merged
    return None


def word_class(word: str) -> str | None:
    """The class a one-word head noun gives ("Office": an agency)."""
    return lexicon().head_nouns.get((word,))


def _extended(text: str, mention: Mention) -> Mention | None:
    """A name grown by a word the word rules leave out: "Three" Brotherhood Alliance, National Unity "Government"."""
    if mention.kind not in _NAME_KINDS or mention.possessive:
        return None
    start, end = mention.start, mention.end  # each rule looks at one character before its regular expression
    before = _GOVERNMENT_BEFORE.search(text, max(0, start - 20), start) if text[start - 3:start - 1] == "of" else None
    if before and mention.type in (None, "City", "Region", "MilitantGroup", "Government") and mention.kind != "name":
        return _span(text, mention, before.start(), end, "Government")  # "the Government of National Unity"
    interim = _INTERIM_BEFORE.search(text, max(0, start - 14), start) if mention.type == "Government" else None
    if interim:  # "the Interim Afghan Government": the name's own first word, which STOP keeps out of names
        grown = _span(text, mention, interim.start(), end, "Government")
        grown.country = mention.country
        return grown
    head = _HEAD_AFTER.match(text, end) if text[end + 1:end + 2] in ("G", "F") else None
    if head and mention.type in (None, "City", "Region", "MilitantGroup") and mention.title is None:
        grown = head.end()  # "National Unity Government", "Bangsamoro Islamic Freedom Fighters"
        return _span(text, mention, start, grown, head_class(text[start:grown]))
    if " " not in mention.name and text[start - 2:start - 1] != "s":
        return None  # neither rule below can take a one-word name with no possessive before it
    cls = word_class(mention.name) if " " not in mention.name else head_class(mention.name)
    if cls not in ORGANIZATIONS:
        return None
    owner = _OWNER_BEFORE.search(text, max(0, start - 30), start) if text[start - 2:start - 1] == "s" else None
    if owner and " " not in mention.name:
        return _span(text, mention, owner.start(), end, cls)  # "the Prosecutor's Office"
    number = _NUMBER_BEFORE.search(text, max(0, start - 8), start) if " " in mention.name else None
    return _span(text, mention, number.start(), end, cls) if number else None  # "Three Brotherhood Alliance"


def _span(text: str, mention: Mention, start: int, end: int, cls: str | None) -> Mention:
    return Mention(start, end, text[start:end], "name", mention.sentence, type=cls,
                   possessive=text[end - 2:end] in ("'s", "’s"))


def _split_acronyms(text: str, found: list[Mention]) -> None:
    """"TNLA-RCSS clashes": two groups' acronyms, not one place."""
    for position in range(len(found) - 1, -1, -1):
        mention = found[position]
        if mention.kind == "chunk" and _JOINED_ACRONYMS.fullmatch(mention.name):
            parts = []
            for match in re.finditer(r"[A-Z]+", mention.name):
                start = mention.start + match.start()
                parts.append(Mention(start, start + len(match.group()), match.group(), "chunk", mention.sentence))
            found[position:position + 1] = parts


def _retype(text: str, mention: Mention) -> bool:
    """The class a name's own words give it, over the weaker guesses of the words around it; whether they gave one."""
    name = mention.name
    if _CODE.fullmatch(name):
        mention.type = None if mention.type in ("City", "Region") else mention.type  # "Q1", "G7": not places
        return True
    if mention.type == "Person" and (mention.title or mention.kind == "name") \
            and (mention.title or head_class(name) not in ORGANIZATIONS):
        return True  # a titled name or "Abu …" is a person's, but "Abu Sayyaf Group" is a group's
    if " " not in name and word_class(name) and mention.kind != "name":
        mention.type = None  # "Commission" alone: a fragment of a name the text split
        return True
    cls, width = _head(name)
    if width == 1 and cls == "MilitantGroup" and mention.kind == "cued" and mention.type in ("Government", "GovernmentAgency"):
        return True  # "the Presidential Leadership Council, Yemen's internationally recognised government": "Council" says less
    if cls and (mention.kind != "name" or mention.type in ("City", "Region", "Country", None)
                or mention.type == "Person" and cls in ORGANIZATIONS
                or width > 1 and cls in _CIVIL and mention.type in _CIVIL):  # "… Research Foundation"
        mention.type = cls
        mention.kind = "cued" if mention.kind == "chunk" else mention.kind
        return True
    if mention.type in (None, "City") and mention.kind != "name":
        first = name.split(" ", 1)[0]
        compass = first in COMPASS and 2 <= len(name.split()) <= 3 \
            and not _THE_BEFORE.search(text, max(0, mention.start - 5), mention.start)
        if compass or _PLACE_WORD_AFTER.match(text, mention.end):
            mention.type, mention.kind = "Region", "cued"  # "West Gojjam", "South Gondar zone"
            return True
    return False
