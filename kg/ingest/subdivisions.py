"""Provinces and states by name, from ISO 3166-2 (``pycountry``): "in Sonora", "in Bihar", "the Artibonite department".

A name the text gives no cue for ("strongholds in Sonora and Durango") was read as a town, or
not typed at all. ISO 3166-2's first-level subdivisions name the states, provinces and
departments of every country, so such a name is typed as a region when it is one of them.
Kept out, so that the table does not overrule the text:

- subdivision kinds whose names are mostly their seat's ("Region" in Mali and Niger: Gao,
  Kidal, Tahoua; governorates: Kirkuk, Aleppo; Libya's popularates: Sabha), city kinds, and the
  provinces of countries named so (Afghanistan: Kunduz, Herat; Syria: Idlib, Homs);
- names of countries (Mexico, Niger, Georgia) and names made only of generic words ("Centre",
  "Northern", "Plateau", "Lakes");
- names the text or the known names already typed: only a weak town guess or an untyped name
  changes, and a cued town ("the town of Durango") stays a town.

The table is built once, on first use (importing pycountry and reading its data costs about
0.1 s of CPU), and only when a document has a name to check.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.ingest.placenames import COMPASS
from kg.ingest.spans import Mention

#: ISO 3166-2 kinds of first-level subdivision whose names are seldom those of a town.
_KINDS = frozenset({"State", "Department", "Province", "Regional state", "Autonomous region", "Union territory",
                    "Autonomous community", "Land", "Autonomous province"})
#: Countries whose provinces mostly bear their seat's name (Kunduz, Herat; Idlib, Homs; Isfahan; Diyarbakır; Oran).
_SEAT_NAMED = frozenset({"AF", "SY", "IR", "TR", "DZ", "MA", "SA"})
#: Countries whose provinces sit under regions and are not named for their seats (Sulu, Bukidnon; Soum, Oudalan).
_SECOND_LEVEL = frozenset({"PH", "BF", "ID"})
#: Compass words of French and Spanish names, in English: "Nord-Kivu", "Sud-Kivu", "Haut-Uele", "Norte de Santander".
_COMPASS_WORDS = {"Nord": "North", "Sud": "South", "Est": "East", "Ouest": "West", "Haut": "Upper", "Bas": "Lower",
                  "Centre": "Central", "Norte": "North", "Sur": "South"}
#: Words that alone make no place name: "Centre", "Northern", "Plateau", "Lakes", "Far North".
_GENERIC = COMPASS | frozenset("Centre Center Central Littoral Plateau Delta Lakes Savanes Coast Coastal Capital Far Middle "
                               "Highlands Islands Island Mountain Mountains River Valley Region Province State Sea".split())
#: A place noun after the name ("the Artibonite department") says the name is the area's, whatever the noun made it.
_AREA_NOUN_AFTER = re.compile(r"[ \t]+(?:department|province|state|region|governorate)\b")


def fold(name: str) -> str:
    """Lower case without accents, white space runs as one space: "Tillabéri" and "Tillaberi" meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'").split())


@lru_cache(maxsize=1)
def subdivision_names() -> frozenset[str]:
    """Folded names of the first-level subdivisions of the kinds above, less country names and generic words."""
    import pycountry  # its data is read here, once, not when kg.ingest is imported

    countries: set[str] = set()
    for country in pycountry.countries:
        countries.update(fold(getattr(country, attribute)) for attribute in ("name", "common_name", "official_name")
                         if hasattr(country, attribute))
    names = set()
    for subdivision in pycountry.subdivisions:
        if subdivision.type not in _KINDS or subdivision.country_code in _SEAT_NAMED or subdivision.parent_code is not None \
                and subdivision.country_code not in _SECOND_LEVEL:
            continue
        name = subdivision.name
        if all(word in _GENERIC for word in re.split(r"[ -]", name)) or "(" in name:
            continue
        for form in _english_forms(name):
            folded = fold(form)
            if folded not in countries:
                names.add(folded)
    return frozenset(names)


def _english_forms(name: str) -> set[str]:
    """The ISO name and the forms English text writes it in: "Nord-Kivu" is "North Kivu", "Al Jufrah" "Jufrah"."""
    forms = {name}
    first, _, rest = name.replace("-", " ", 1).partition(" ")
    if rest and first in _COMPASS_WORDS:
        forms.add(f"{_COMPASS_WORDS[first]} {rest}")
    if rest and first in ("Al", "al", "Ad", "Ar", "As", "Ash", "An", "At", "Az"):
        forms.add(rest)
    return forms


def regions_by_gazetteer(text: str, found: list[Mention]) -> None:
    """Type as a region each untyped or weakly town-typed name that is a state or province (in place)."""
    for mention in found:
        if mention.kind not in ("chunk", "cued") or mention.possessive and mention.type is not None:
            continue
        weak = mention.kind == "chunk" and mention.type in (None, "City")
        named_area = mention.type not in ("Person", "Region") and _AREA_NOUN_AFTER.match(text, mention.end)
        if (weak or named_area) and fold(mention.name) in subdivision_names():
            mention.type, mention.kind = "Region", "cued"
