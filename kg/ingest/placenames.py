"""The area after a town: "near Piagapo, Lanao del Sur, on Monday" (part of the pass of :mod:`kg.ingest.heads`).

Wire copy places a town by the province or state it lies in, after a comma: "in Tepalcatepec,
Michoacán", "near El Paso, Texas." The second name is then an area, not another town. A list
of towns ("Tibú, Teorama, El Tarra and other municipalities") is told apart by its shape:
the pair must stand alone, the town not after a comma and the area not before another name
or "and".
"""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention

_PAIR = re.compile(r",[ \t]+")
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

