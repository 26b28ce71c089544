"""UCDP's yearly and actor tables: the Actor Dataset, Battle-Related Deaths and the UCDP/PRIO
Armed Conflict Dataset.

- **Actor Dataset**: each actor with its kind (``Org``, read through the ontology's
  ``kg:ucdpOrgType``), every name it had (original, full, English, renamed: aliases) and
  its links: splinter of (and temporary splits) → ``splinterOf``, alliance →
  ``cooperatesWith`` the alliance, joined group → ``memberOf``.
- **BRD**: each dyad-year a casualty figure (battle-related deaths, best/low/high), and
  each dyad ``atWarWith`` over its years with the summed deaths.
- **ACD**: each conflict's sides ``atWarWith`` from the conflict's start date (at the
  precision UCDP gives) to the end of its last episode, if it ended.
- **Secondary warring parties** (``side_a_2nd``, ``side_b_2nd`` in BRD and ACD: states
  that send troops to fight beside a primary side) ``cooperatesWith`` that side and are
  ``atWarWith`` the other, over the years UCDP lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.importers.common import BadRow, Row, date_field, int_field, slug, split_names
from kg.importers.pipeline import Converter, PairTotals, class_for, derivation_node, integer, trace
from kg.importers.ucdp import PUBLISHER, kind_of
from kg.statements import Derivation, Evidence, Occurrence, RelationFact, occurrence_triples, relation_triples
from kg.vocab import KG, KGR

_LINKS = (
    ("Splinter", "NamePrev", "ActorIdPrev", "splinterOf"),
    ("SplitTemp", "NameSplitTemp", "ActorIdSplitTemp", "splinterOf"),
    ("Alliance", "NameAlliance", "ActorIdAlliance", "cooperatesWith"),
    ("JoinGroup", "GroupName", "ActorIdGroup", "memberOf"),
)
_NAME_COLUMNS = ("NameOrig", "NameOrigFull", "NameOrigFullEng", "NewName", "NewNameFullEng", "NewNameFullMotherTongue")


def _names(row: Row) -> list[str]:
    """Every name of the actor the row gives; renamed actors list their successive names."""
    names = []
    for column in _NAME_COLUMNS:
        value = row.get(column)
        if value and value.lower() != "n/a":
            parts = [p.strip() for p in value.split(",")] if column.startswith("New") else [value]
            names += [p for p in parts if p]
    return list(dict.fromkeys(names))


class ActorConverter(Converter):
    dataset = "ucdp-actor"
    title = "UCDP Actor Dataset"
    publisher = PUBLISHER
    required = ("ActorId", "NameData", "Org")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._kinds = class_for("ucdpOrgType")

    def convert(self, row: Row) -> list[ox.Triple]:
        actor_id = row.need("ActorId")
        org = row.need("Org")
        if org not in self._kinds:
            raise BadRow(f"Org {org!r} is not one of {', '.join(sorted(self._kinds))}", "Org")
        name = row.need("NameData")
        actor = self.actor(name, self._kinds[org], "ucdp", actor_id, _names(row))
        triples: list[ox.Triple] = []
        for flag, name_column, id_column, relation in _LINKS:
            if row.get(flag) != "1":
                continue
            for other_name, other_id in split_names(row.need(name_column), row.get(id_column)):
                other = self.actor(other_name, kind_of(other_name), "ucdp", other_id)
                if other == actor:
                    continue
                quote = f"{name}: {flag} {other_name}"
                fact = RelationFact(actor, relation, other, Derivation(self.source, evidence=Evidence(quote)))
                minted = relation_triples(fact)
                triples += minted + trace(derivation_node(minted), [row.line], [actor_id])
        return triples


def _secondary(totals: PairTotals, actor, row: Row, year: str, row_id: str) -> None:
    """Count the row's secondary warring parties: allies of their side, at war with the other side."""
    sides = {side: [actor(n, kind_of(n), "ucdp", i) for n, i in split_names(row.get(side), row.get(f"{side}_id"))]
             for side in ("side_a", "side_b")}
    for side, other in (("side_a", "side_b"), ("side_b", "side_a")):
        for name, _ in split_names(row.get(f"{side}_2nd")):
            ally = actor(name, kind_of(name), "ucdp")
            quote = f"{name}: secondary warring party of {row.get(side)} against {row.get(other)}"
            for relation, parties in (("cooperatesWith", sides[side]), ("atWarWith", sides[other])):
                for party in parties:
                    totals.add(ally, relation, party, start=year, end=year, name=quote, line=row.line, row_id=row_id)


class BrdConverter(Converter):
    dataset = "ucdp-brd"
    title = "UCDP Battle-Related Deaths Dataset"
    publisher = PUBLISHER
    required = ("conflict_id", "dyad_id", "side_a", "side_b", "year", "bd_best")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.totals = PairTotals(self.source, "dyad-years")
        self.allies = PairTotals(self.source, "dyad-years")
        self._tally = self.actor(*PUBLISHER)

    def convert(self, row: Row) -> list[ox.Triple]:
        dyad, year = row.need("dyad_id"), _year(row)
        best = int_field(row, "bd_best")
        low = int_field(row, "bd_low", required=False)
        high = int_field(row, "bd_high", required=False)
        sides_a = [self.actor(n, kind_of(n), "ucdp", i) for n, i in split_names(row.need("side_a"), row.get("side_a_id"))]
        sides_b = [self.actor(n, kind_of(n), "ucdp", i) for n, i in split_names(row.need("side_b"), row.get("side_b_id"))]
        figure = KGR[f"figure/ucdp-brd/{slug(dyad)}-{slug(year)}"]
        extra = [ox.Triple(figure, prop, integer(value)) for prop, value in ((KG.deathsLow, low), (KG.deathsHigh, high))
                 if value is not None]
        triples = occurrence_triples(Occurrence(
            figure, "CasualtyFigure", Derivation(self.source), point=year, agents=[*sides_a, *sides_b],
            measure="battle-related deaths", count=best, tally_by=self._tally, extra=extra))
        triples += trace(derivation_node(triples), [row.line], [f"{dyad}/{year}"])
        name = f"{row.get('side_a')} - {row.get('side_b')}"
        for a in sides_a:
            for b in sides_b:
                triples += self.totals.add(a, "atWarWith", b, start=year, end=year, name=name, deaths=(best, low, high),
                                           member=figure)
        _secondary(self.allies, self.actor, row, year, f"{dyad}/{year}")
        return triples

    def finish(self) -> Iterable[ox.Triple]:
        yield from self.totals.triples()
        yield from self.allies.triples(deaths=False)


def _dated(row: Row, column: str, precision_column: str) -> str | None:
    """A date cut to the precision UCDP codes beside it (1–3 day, 4 month, 5 or more year)."""
    value = date_field(row, column, required=False)
    if value is None:
        return None
    precision = row.get(precision_column)
    if precision.isdigit() and int(precision) >= 5:
        return value[:4]
    if precision == "4":
        return value[:7]
    return value


def _year(row: Row) -> str:
    """The row's year as four digits ("01000" and "12000" are not years kg can write)."""
    year = int_field(row, "year", minimum=1000)
    if year > 9999:
        raise BadRow(f"year: {row.get('year')!r} is not a year", "year")
    return str(year)


class AcdConverter(Converter):
    dataset = "ucdp-acd"
    title = "UCDP/PRIO Armed Conflict Dataset"
    publisher = PUBLISHER
    required = ("conflict_id", "side_a", "side_b", "year", "intensity_level", "start_date", "ep_end")

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._pairs: dict[tuple[ox.NamedNode, ox.NamedNode], dict] = {}
        self.allies = PairTotals(self.source, "conflict-years")

    def convert(self, row: Row) -> list[ox.Triple]:
        conflict = row.need("conflict_id")
        year = _year(row)
        intensity = row.need("intensity_level")
        start = _dated(row, "start_date", "start_prec")
        if not start:
            raise BadRow("empty start_date", "start_date")
        end = _dated(row, "ep_end_date", "ep_end_prec") if row.get("ep_end") == "1" else None
        sides_a = [self.actor(n, kind_of(n), "ucdp", i) for n, i in split_names(row.need("side_a"), row.get("side_a_id"))]
        sides_b = [self.actor(n, kind_of(n), "ucdp", i) for n, i in split_names(row.need("side_b"), row.get("side_b_id"))]
        for a in sides_a:
            for b in sides_b:
                if a == b:
                    continue
                key = tuple(sorted((a, b), key=lambda n: n.value))
                pair = self._pairs.setdefault(key, {"start": start, "years": {}, "lines": [], "ids": [],
                                                    "name": f"{row.get('side_a')} - {row.get('side_b')}"})
                pair["start"] = min(filter(None, (pair["start"], start)), default=None)
                pair["years"][year] = (intensity, end)
                pair["lines"].append(row.line)
                pair["ids"].append(f"{conflict}/{year}")
        _secondary(self.allies, self.actor, row, year, f"{conflict}/{year}")
        return []

    def finish(self) -> list[ox.Triple]:
        triples: list[ox.Triple] = []
        for (a, b), pair in self._pairs.items():
            years = sorted(pair["years"])
            last_intensity, last_end = pair["years"][years[-1]]
            wars = [y for y in years if pair["years"][y][0] == "2"]
            note = (f"conflict-years {', '.join(years)}" + (f"; war (1,000+ battle deaths) in {', '.join(wars)}" if wars else "")
                    + ("" if last_end else f"; not ended as of {years[-1]}"))
            end = last_end if last_end and last_end >= (pair["start"] or "") else None
            fact = RelationFact(a, "atWarWith", b, Derivation(self.source, start=pair["start"], end=end, time_note=note,
                                                              evidence=Evidence(pair["name"])))
            minted = relation_triples(fact)
            triples += minted + trace(derivation_node(minted), pair["lines"], pair["ids"])
        return triples + list(self.allies.triples(deaths=False))
