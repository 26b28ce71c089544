"""Shared helpers for the ingest tests: run the pipeline on a text, look findings up by label."""

from __future__ import annotations

from kg.ingest.pipeline import Extraction, extract, known_names
from kg.ingest.read import Document

EMPTY = known_names(None)


def run(text: str, date: str | None = None, known=None, learned: bool = False) -> Extraction:
    """The pipeline on a text; the rules' tests read the rules alone, the learned stage has its own."""
    return extract(Document(text=text, source="test.txt", date=date), known if known is not None else EMPTY, learned=learned)


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(f.subject.label, f.predicate, f.object.label) for f in extraction.relations}


def finding(extraction: Extraction, subject: str, predicate: str, obj: str):
    for item in extraction.relations:
        if (item.subject.label, item.predicate, item.object.label) == (subject, predicate, obj):
            return item
    raise AssertionError(f"no {subject} {predicate} {obj} in {sorted(triples(extraction))}")


def entity(extraction: Extraction, label: str):
    for item in extraction.entities:
        if item.label == label:
            return item
    raise AssertionError(f"no entity {label!r} in {[e.label for e in extraction.entities]}")
