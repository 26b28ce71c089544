"""Filling a template's argument places past what the plain clause reading gives (used by :mod:`kg.ingest.triggers`).

- "commanded by Kenyan police officer Godfrey X": the object group found first is a body ("Kenyan
  police"); when the slot wants a class the body does not have, the name after the body and a role
  noun fills it;
- "the merger of Ansar Dine, al-Mourabitoun and the Sahara branch": names coordinated with typed
  organisations of one class share that class when the text gives them none.
"""

from __future__ import annotations

import re

from kg.ingest.clauses import Group
from kg.ingest.resolve import Entity, Resolution, country_actor
from kg.ontology import subclasses

#: A role noun between an organisation and a person's name: "Kenyan police officer Godfrey X", "army general Y".
_ROLE_BETWEEN = re.compile(r"\s+(?:[a-z][a-z-]+\s+){1,2}")


def fits_kind(kind: str | None, cls: str) -> bool:
    """Whether an actor of class ``kind`` (None: not known) can fill a place that wants ``cls`` or a subclass."""
    return kind in subclasses(cls)


def fits(entity: Entity, cls: str) -> bool:
    """Whether the entity's class can fill a place that wants ``cls`` or a subclass."""
    return fits_kind(entity.type, cls)


def can_act_as(kind: str | None, cls: str) -> bool:
    """Whether an entity of class ``kind`` can fill a place that wants ``cls``: a country can, as its government."""
    return fits_kind(kind, cls) or kind == "Country" and fits_kind("Government", cls)


def acting_as(entity: Entity, cls: str, resolution: Resolution) -> Entity | None:
    """The entity in the role of ``cls``: itself, or a country's government (minted if need be) when an actor is needed
    ("Israel struck …", "Egypt, whose intelligence service …": the government acts, not the land)."""
    if fits_kind(entity.type, cls):
        return entity
    if can_act_as(entity.type, cls):
        return country_actor(resolution, entity.label, "Government")
    return None


def titled_name(text: str, groups: list[Group], resolution: Resolution, group: Group | None, wanted: str) -> Group | None:
    """The group that fills a slot wanting ``wanted``: ``group`` itself, or, when none of its actors can fill it (a
    country can, as its government), the name right after it and a role noun."""
    if group is None or any(can_act_as(e.type, wanted) for e in group.entities(resolution)):
        return group
    after = next((g for g in groups if g.start >= group.end), None)
    if after is not None and _ROLE_BETWEEN.fullmatch(text, group.end, after.start) \
            and any(fits_kind(e.type, wanted) for e in after.entities(resolution)):
        return after
    return group


def shared_class(members: list[Entity], wanted: str) -> str | None:
    """The class coordinated names share when every typed member is an organisation of one class the slot accepts
    and some members have no class yet."""
    kinds = {e.type for e in members if e.type is not None}
    if len(kinds) != 1 or len(members) < 2 or all(e.type for e in members):
        return None
    kind = kinds.pop()
    return kind if fits_kind(kind, wanted) and fits_kind(kind, "Organization") else None
