"""The record every relation-finding rule produces (shared by :mod:`kg.ingest.relations` and its helpers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.resolve import Entity

#: The confidence of a relation the text states plainly; hedges, modals and inference lower it.
BASE_CONFIDENCE = 0.9


@dataclass
class Finding:
    """One relation read from the text."""

    subject: Entity
    predicate: str
    object: Entity
    start: int
    end: int
    sentence: int
    date: str | None = None
    confidence: float = BASE_CONFIDENCE
    claimed_by: list[Entity] = field(default_factory=list)
    role: str | None = None
    trigger: str = ""
    inferred: bool = False
    #: Read from a noun phrase ("JNIM's leadership, specifically …"), not a clause: the writer's description.
    descriptive: bool = False
