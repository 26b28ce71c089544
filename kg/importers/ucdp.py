"""UCDP Georeferenced Event Dataset (GED): events, and the wars and attacks they add up to.

Each row is an event: a node typed by its type of violence (the ontology's
``kg:ucdpTypeOfViolence`` annotations), with its dates, its place (with coordinates,
inside its first-order administrative region and country), its deaths (best, low, high),
its parties, and the source headline as evidence, traced to its line; its IRI
(``kgr:event/ucdp-ged/<id>``) carries the GED id (``kg:rowId`` is written only for an id
that is not a plain IRI segment). It has no label of its own: everything one would say
(dyad, date, place) is on the node, and the ``events`` query composes it. Each
pair of parties becomes the relation the event class implies (``kg:impliesRelation``:
state-based and non-state violence → ``atWarWith``, one-sided violence → ``attacked``
civilians) with the span of its events in the file and their summed deaths.

Both the official release (``best``, ``low``, ``high``; ISO dates) and country extracts
(``best_est``…; ``MM/DD/YYYY`` dates) are read, and a file damaged by a spreadsheet
round-trip is repaired where that can be done exactly (:mod:`kg.importers.repair`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.importers.common import BadRow, Row, date_field, decimal, float_field, int_field, slug
from kg.importers.pipeline import Converter, PairTotals, class_for, derivation_node, implied_relation, integer, trace
from kg.importers.repair import spreadsheet_semicolons
from kg.statements import Derivation, Entity, Evidence, Occurrence, entity_triples, occurrence_triples
from kg.vocab import KG, KGR, SCHEMA, XSD

PUBLISHER = ("Uppsala Conflict Data Program", "ResearchOrganization")
#: GED where_prec: 1–3 a town or a spot near it, 4–5 an administrative area, 6 the country, 7 waters or air.
_CITY_PRECISION = {"1", "2", "3"}
_DEATHS = (KG.deathsBest, KG.deathsLow, KG.deathsHigh)


def kind_of(name: str) -> str:
    """UCDP names governments "Government of X"; every other side in GED is an armed group."""
    return "Government" if name.startswith("Government of ") else "MilitantGroup"


class GedConverter(Converter):
    dataset = "ucdp-ged"
    title = "UCDP Georeferenced Event Dataset"
    publisher = PUBLISHER
    required = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "country", "latitude", "longitude")
    repair = staticmethod(spreadsheet_semicolons)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.totals = PairTotals(self.source, "events")
        self._seen_ids: set[str] = set()
        self._places: set[str] = set()
        self._classes = class_for("ucdpTypeOfViolence")

    def convert(self, row: Row) -> list[ox.Triple]:
        event_id = row.need("id")
        if event_id in self._seen_ids:
            raise BadRow(f"repeats event id {event_id} of an earlier row", "id")
        violence = row.need("type_of_violence")
        if violence not in self._classes:
            raise BadRow(f"type_of_violence {violence!r} is not 1, 2 or 3", "type_of_violence")
        event_class = self._classes[violence]
        start = date_field(row, "date_start")
        end = date_field(row, "date_end")
        if end < start:
            raise BadRow(f"date_end {end} is before date_start {start}", "date_end")
        best = int_field(row, "best", "best_est")
        low = int_field(row, "low", "low_est")
        high = int_field(row, "high", "high_est")
        place_triples, place = self._place(row)
        side_a = self.actor(row.need("side_a"), kind_of(row.get("side_a")), "ucdp", row.first("side_a_new_id", "side_a_id"))
        side_b_name = row.need("side_b")
        one_sided = implied_relation(event_class) == "attacked"
        side_b = self.actor(side_b_name, "PopulationGroup" if one_sided else kind_of(side_b_name), "ucdp",
                            row.first("side_b_new_id", "side_b_id"))
        self._seen_ids.add(event_id)
        headline = row.get("source_headline")
        dyad = row.get("dyad_name") or f"{row.get('side_a')} - {side_b_name}"
        key = event_id if event_id.isascii() and event_id.isdigit() else slug(event_id)  # GED ids are numbers
        event = KGR[f"event/ucdp-ged/{key}"]
        triples = occurrence_triples(Occurrence(
            event, event_class, Derivation(self.source, evidence=Evidence(headline[:500]) if headline else None),
            point=start if start == end else None, start=None if start == end else start, end=None if start == end else end,
            places=[place], agents=[side_a] if one_sided else [side_a, side_b], targets=[side_b] if one_sided else [],
            description=self._description(row),
            extra=[ox.Triple(event, prop, integer(value)) for prop, value in zip(_DEATHS, (best, low, high))],
        ))
        triples += trace(derivation_node(triples), [row.line], [] if key == event_id else [event_id])
        triples += place_triples
        triples += self.totals.add(side_a, implied_relation(event_class), side_b, start=start, end=end, name=dyad,
                                   deaths=(best, low, high), member=event)
        return triples

    @staticmethod
    def _description(row: Row) -> str | None:
        """GED's where_description, unless it only repeats the place's name (the place's label says it)."""
        description = row.get("where_description")
        return description if description and description != row.get("where_coordinates") else None

    def _place(self, row: Row) -> tuple[list[ox.Triple], ox.NamedNode]:
        """The event's place: a town or area with coordinates, in its region and country (minted once per file)."""
        country = self.resolver.country(row.need("country"))
        latitude = float_field(row, "latitude", -90, 90)
        longitude = float_field(row, "longitude", -180, 180)
        precision = row.get("where_prec")
        name = row.get("where_coordinates")
        if precision == "6" or not name:
            return [], country
        triples: list[ox.Triple] = []
        region_name = row.get("adm_1")
        inside = country
        if region_name:
            inside = KGR[f"place/{slug(row.get('country'))}/{slug(region_name)}"]
            if inside.value not in self._places:
                self._places.add(inside.value)
                triples += entity_triples(Entity(inside, "Region", region_name, located_in=country))
        place = KGR[f"place/{slug(row.get('country'))}/{slug(name)}"]
        if place == inside:
            return triples, place
        if place.value not in self._places:
            self._places.add(place.value)
            kind = "City" if precision in _CITY_PRECISION else "Region"
            triples += entity_triples(Entity(place, kind, name, located_in=inside))
            for prop, value in ((SCHEMA.latitude, latitude), (SCHEMA.longitude, longitude)):
                if value is not None:
                    triples.append(ox.Triple(place, prop, ox.Literal(decimal(value), datatype=XSD.decimal)))
        return triples, place

    def finish(self) -> Iterable[ox.Triple]:
        return self.totals.triples()
