"""A country's government named by a common noun: "Mali's junta", "the transitional authorities of Burkina Faso".

A possessive country before "junta", "government", "authorities" or "regime", or one of those
nouns before "of" and the country, names the government of that country (as
"Nigerien government" does for :mod:`kg.ingest.mentions`). The whole phrase becomes one
mention of class ``Government`` with the country, which resolution maps to
``kgr:government-of-<country>`` (or the store's actor), so the country itself stays a place.
"""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention

_NOUNS = (r"(?:(?:military|transitional|interim|de[ \t]+facto|federal|central|national)[ \t]+)?"
          r"(?:junta|government|authorities|regime)")
_AFTER_OWNER = re.compile(r"[ \t]+" + _NOUNS + r"\b")
_BEFORE_OF = re.compile(r"\b(?:the[ \t]+)?(" + _NOUNS + r")[ \t]+of[ \t]+(?:the[ \t]+)?$")
#: "the Governments of Colombia and Venezuela": a plural noun before a list of countries makes each a government (and
#: "the authorities of Mali and Burkina Faso": the countries listed after a government named by "… of" are governments).
_PLURAL_OF = re.compile(r"\b(?:[Gg]overnments|[Jj]untas|[Rr]egimes)[ \t]+of[ \t]+(?:the[ \t]+)?$")
_LIST_JOIN = re.compile(r"(?:,[ \t]*|,?[ \t]+and[ \t]+)(?:the[ \t]+)?")


def _country(mention: Mention) -> str | None:
    return mention.known[0].label if mention.kind == "known" and mention.type == "Country" and mention.known else None


def governments_named(text: str, found: list[Mention]) -> None:
    """Replace each "Mali's junta" / "the authorities of Mali" with a government mention, and each country listed after
    it ("the authorities of Mali and Burkina Faso", "the Governments of Colombia and Venezuela") too (``found`` sorted,
    in place)."""
    listed = False  # the previous mention is a government named by "… of" and a country
    for index, mention in enumerate(found):
        country = _country(mention)
        was_listed, listed = listed, False
        if country is None:
            continue
        if mention.possessive:
            after = _AFTER_OWNER.match(text, mention.end)
            if after:
                found[index] = Mention(mention.start, after.end(), text[mention.start:after.end()], "name", mention.sentence,
                                       type="Government", country=country)
            continue
        before = _BEFORE_OF.search(text, max(0, mention.start - 45), mention.start)
        if before and (index == 0 or found[index - 1].end <= before.start(1)):
            start = before.start(1)
            found[index] = Mention(start, mention.end, text[start:mention.end], "name", mention.sentence,
                                   type="Government", country=country)
            listed = True
        elif _PLURAL_OF.search(text, max(0, mention.start - 30), mention.start) \
                or was_listed and _LIST_JOIN.fullmatch(text, found[index - 1].end, mention.start):
            found[index] = Mention(mention.start, mention.end, mention.text, "name", mention.sentence, type="Government",
                                   country=country)
            listed = True
