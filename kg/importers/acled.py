"""ACLED exports: the dyadic file (``actor1``/``actor2`` on one row) and the monadic file
(one row per actor, joined on ``event_id_cnty``).

Each event becomes a node typed by its event type (the ontology's ``kg:acledEventType``
annotations), with ACLED's own "type: sub-event type", its date (at day, or month when
``time_precision`` is 3), place with coordinates, fatalities (``kg:deathsBest``), its actors
(agents; targets for the event types whose ``kg:impliesRelation`` is ``attacked``) and the
notes as evidence. Actor kinds come from the inter-codes (``kg:acledInterCode``). Pairs of
actors become the relation their event type implies, summed over the file, as for UCDP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

import pyoxigraph as ox

from kg.importers.common import BadRow, Row, date_field, decimal, float_field, int_field, slug
from kg.importers.pipeline import Converter, PairTotals, class_for, derivation_node, implied_relation, integer, trace
from kg.statements import Derivation, Entity, Evidence, Occurrence, entity_triples, occurrence_triples
from kg.vocab import KG, KGR, SCHEMA, XSD

_COMMON = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "country", "fatalities")
#: ACLED appends the country to population actors ("Civilians (Mali)"): the place says it already.
_POPULATION = re.compile(r"^(?P<name>.+?) \((?P<country>[^)]+)\)$")


class _AcledConverter(Converter):
    dataset = "acled"
    title = "ACLED (Armed Conflict Location & Event Data)"
    publisher = ("Armed Conflict Location & Event Data Project", "NonGovernmentalOrganization")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.totals = PairTotals(self.source, "events")
        self._types = class_for("acledEventType")
        self._kinds = class_for("acledInterCode")
        self._places: set[str] = set()
        self._seen: set[str] = set()

    def _actor(self, name: str, inter: str) -> ox.NamedNode:
        kind = self._kinds.get(inter.strip(), "MilitantGroup")
        if name.startswith(("Military Forces of ", "Police Forces of ")):
            kind = "StateArmedForce"
            name = re.sub(r" \([^)]*\)$", "", name)
        elif kind == "PopulationGroup" and (match := _POPULATION.match(name)):
            name = match["name"]
        elif ": " in name and re.match(r"^[A-Z][\w'-]{1,11}: ", name):
            short, full = name.split(": ", 1)
            found = self.resolver.actor(name, kind, aliases=(short, full), also=(short, full))
            self._names.setdefault((name, ""), (found.iri, found.method))
            return found.iri
        return self.actor(name, kind)

    def event(self, row: Row, parties: list[tuple[str, str, str]]) -> list[ox.Triple]:
        """One event from its common fields and its actors as (name, associated actors, inter-code)."""
        event_id = row.need("event_id_cnty")
        if event_id in self._seen:
            raise BadRow(f"repeats event {event_id} of an earlier row", "event_id_cnty")
        event_type = row.need("event_type")
        if event_type not in self._types:
            raise BadRow(f"event_type {event_type!r} is not an ACLED event type", "event_type")
        event_class = self._types[event_type]
        when = date_field(row, "event_date")
        if row.get("time_precision") == "3":
            when = when[:7]
        fatalities = int_field(row, "fatalities")
        actors = []
        for name, associated, inter in parties:
            main = self._actor(name, inter)
            allies = [self._actor(a.strip(), inter) for a in associated.split(";") if a.strip()]
            actors.append((main, allies))
        self._seen.add(event_id)
        relation = implied_relation(event_class)
        one_way = relation == "attacked" and len(actors) > 1
        agents = [actors[0][0], *actors[0][1]] + ([] if one_way else [x for main, allies in actors[1:] for x in (main, *allies)])
        targets = [x for main, allies in actors[1:] for x in (main, *allies)] if one_way else []
        place_triples, place = self._place(row)
        event = KGR[f"event/acled/{slug(event_id)}"]
        notes = row.get("notes")
        label = f"{row.get('sub_event_type') or event_type}: {' / '.join(self.resolver.label(a) for a, _ in actors)}, {when}"
        triples = occurrence_triples(Occurrence(
            event, event_class, Derivation(self.source, evidence=Evidence(notes[:1000]) if notes else None),
            label=label, point=when, places=[place], agents=agents, targets=targets,
            description=row.get("source") and f"Reported by {row.get('source')}",
            extra=[ox.Triple(event, KG.deathsBest, integer(fatalities)),
                   ox.Triple(event, KG.datasetEventType, ox.Literal(f"{event_type}: {row.get('sub_event_type')}"))],
        ))
        triples += trace(derivation_node(triples), [row.line], [event_id]) + place_triples
        if relation and len(actors) > 1:
            name = " - ".join(n for n, _, _ in parties)
            triples += self.totals.add(actors[0][0], relation, actors[1][0], start=when, end=when, name=name,
                                       deaths=(fatalities, None, None), member=event)
        return triples

    def _place(self, row: Row) -> tuple[list[ox.Triple], ox.NamedNode]:
        country_name = row.need("country")
        country = self.resolver.country(country_name)
        name = row.get("location")
        if not name:
            return [], country
        inside = country
        triples: list[ox.Triple] = []
        if region := row.get("admin1"):
            inside = KGR[f"place/{slug(country_name)}/{slug(region)}"]
            if inside.value not in self._places:
                self._places.add(inside.value)
                triples += entity_triples(Entity(inside, "Region", region, located_in=country))
        place = KGR[f"place/{slug(country_name)}/{slug(name)}"]
        if place != inside and place.value not in self._places:
            self._places.add(place.value)
            triples += entity_triples(Entity(place, "City", name, located_in=inside))
            for prop, column, low, high in ((SCHEMA.latitude, "latitude", -90, 90), (SCHEMA.longitude, "longitude", -180, 180)):
                value = float_field(row, column, low, high)
                if value is not None:
                    triples.append(ox.Triple(place, prop, ox.Literal(decimal(value), datatype=XSD.decimal)))
        return triples, place

    def finish(self) -> Iterable[ox.Triple]:
        return self.totals.triples()


class AcledDyadicConverter(_AcledConverter):
    required = (*_COMMON, "actor2", "inter2")

    def convert(self, row: Row) -> list[ox.Triple]:
        parties = [(row.need("actor1"), row.get("assoc_actor_1"), row.get("inter1"))]
        if row.get("actor2"):
            parties.append((row.get("actor2"), row.get("assoc_actor_2"), row.get("inter2")))
        return self.event(row, parties)


class AcledMonadicConverter(_AcledConverter):
    """One row per actor; an event's rows follow each other (the export is sorted by event)."""

    required = _COMMON
    absent = ("actor2",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._pending: list[Row] = []

    def convert(self, row: Row) -> list[ox.Triple]:
        event_id = row.need("event_id_cnty")
        if self._pending and self._pending[0].get("event_id_cnty") == event_id:
            self._pending.append(row)
            return []
        return self._flush([row])

    def _flush(self, following: list[Row]) -> list[ox.Triple]:
        """The event whose rows are pending; a problem with it names its own first line."""
        rows, self._pending = self._pending, following
        if not rows:
            return []
        try:
            if len(rows) > 2:
                raise BadRow(f"event {rows[0].get('event_id_cnty')} has {len(rows)} rows; a monadic event has one or two")
            parties = [(r.need("actor1"), r.get("assoc_actor_1"), r.get("inter1")) for r in rows]
            return self.event(rows[0], parties)
        except BadRow as problem:
            raise BadRow(f"the event on line {rows[0].line}: {problem}", problem.field) from None

    def finish(self) -> Iterable[ox.Triple]:
        try:
            last = self._flush([])
        except BadRow as problem:
            self.notes.append(f"last event skipped: {problem}")
            last = []
        return chain(last, super().finish())
