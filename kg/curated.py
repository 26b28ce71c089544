"""Curated facts: a TOML file an analyst writes by hand, turned into kg's data model.

One file describes one source document and what it states::

    [source]                 # id, title, kind; optional publisher, issued, sha256, place, note
    [[actor]] / [[place]]    # id, type, label; optional aliases, country, located_in, part_of, description
    [[relation]]             # subject, predicate, object + the derivation fields below; optional role
    [[event]]                # id, type, label; optional place/agent/target lists, description
    [[figure]]               # id, measure; count and/or qualifier; optional victims, place, agent, tally_by, figure_of

Derivation fields (relations, events, figures): ``start``, ``end`` or ``point`` (``YYYY``,
``YYYY-MM``, ``YYYY-MM-DD``), ``time_note``, ``confidence`` (0–1), ``claimed_by`` (a list
of ids), ``quote`` and ``span = [start, end]`` (character offsets of the quote in the
source text). Ids are slugs under ``kgr:`` or full IRIs. The file's statements go into
the named graph ``kgr:graph/curated/<source id>``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.ontology import actor_types, event_types, place_types, relations
from kg.statements import (
    Derivation,
    Entity,
    Evidence,
    Occurrence,
    RelationFact,
    Source,
    entity_iri,
    entity_triples,
    occurrence_triples,
    relation_triples,
    source_triples,
    time_literal,
    unique,
)
from kg.vocab import KGR


class _Problem(Exception):
    pass


def _text(item: dict, key: str, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            raise _Problem(f"missing field '{key}'")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Problem(f"field '{key}' must be a non-empty string")
    return value


def _ids(item: dict, key: str) -> list[ox.NamedNode]:
    value = item.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _Problem(f"field '{key}' must be an id or a list of ids")
    return [_iri(v, key) for v in value]


def _iri(value: str, key: str) -> ox.NamedNode:
    try:
        return entity_iri(value)
    except ValueError:
        raise _Problem(f"field '{key}': {value!r} is not a valid id or IRI") from None


def _one_id(item: dict, key: str, required: bool = False) -> ox.NamedNode | None:
    value = _text(item, key, required)
    return _iri(value, key) if value else None


def _derivation(item: dict, source: ox.NamedNode) -> Derivation:
    for key in ("start", "end", "point"):
        if key in item:
            try:
                time_literal(str(item[key]))
            except ValueError as error:
                raise _Problem(f"field '{key}': {error}") from None
    confidence = item.get("confidence")
    if confidence is not None and (
        not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 <= confidence <= 1
    ):
        raise _Problem("field 'confidence' must be a number from 0 to 1")
    quote = _text(item, "quote")
    span = item.get("span")
    if span is not None:
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) and x >= 0 for x in span)):
            raise _Problem("field 'span' must be [start, end], two character offsets")
        if quote is None or span[1] - span[0] != len(quote):
            raise _Problem("field 'span' must cover the quote exactly (end - start = length of quote)")
    return Derivation(
        source=source,
        start=_time(item, "start"),
        end=_time(item, "end"),
        point=_time(item, "point"),
        time_note=_text(item, "time_note"),
        confidence=confidence,
        claimed_by=_ids(item, "claimed_by"),
        evidence=Evidence(quote, *(span or (None, None))) if quote else None,
    )


def _time(item: dict, key: str) -> str | None:
    return str(item[key]) if key in item else None


def _entity(item: dict, allowed: frozenset[str]) -> Entity:
    kind = _text(item, "type", required=True)
    if kind not in allowed:
        raise _Problem(f"type {kind!r} is not one of {', '.join(sorted(allowed))}")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise _Problem("field 'aliases' must be a list of names")
    return Entity(
        iri=_one_id(item, "id", required=True),
        type=kind,
        label=_text(item, "label", required=True),
        aliases=aliases,
        country=_one_id(item, "country"),
        located_in=_one_id(item, "located_in"),
        part_of=_one_id(item, "part_of"),
        description=_text(item, "description"),
    )


def _relation(item: dict, source: ox.NamedNode) -> RelationFact:
    predicate = _text(item, "predicate", required=True)
    if predicate not in relations():
        raise _Problem(f"predicate {predicate!r} is not a kg relation ({', '.join(relations())})")
    return RelationFact(
        subject=_one_id(item, "subject", required=True),
        predicate=predicate,
        object=_one_id(item, "object", required=True),
        derivation=_derivation(item, source),
        role=_text(item, "role"),
        curated=True,
    )


def _occurrence(item: dict, source: ox.NamedNode, figure: bool) -> Occurrence:
    kind = _text(item, "type") or ("CasualtyFigure" if figure else None)
    allowed = frozenset({"Figure", "CasualtyFigure"}) if figure else event_types()
    if kind not in allowed:
        raise _Problem(f"type {kind!r} is not one of {', '.join(sorted(allowed))}")
    count = item.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise _Problem("field 'count' must be a whole number, 0 or more")
    if figure and _text(item, "measure", required=True) and count is None and not item.get("qualifier"):
        raise _Problem("a figure needs 'count' or 'qualifier'")
    if not figure:
        _text(item, "label", required=True)
    return Occurrence(
        iri=_one_id(item, "id", required=True),
        type=kind,
        derivation=_derivation(item, source),
        label=_text(item, "label"),
        start=_time(item, "start"),
        end=_time(item, "end"),
        point=_time(item, "point"),
        places=_ids(item, "place"),
        agents=_ids(item, "agent"),
        targets=_ids(item, "target"),
        description=_text(item, "description"),
        measure=_text(item, "measure"),
        count=count,
        qualifier=_text(item, "qualifier"),
        victims=_text(item, "victims"),
        tally_by=_one_id(item, "tally_by"),
        figure_of=_one_id(item, "figure_of"),
    )


def read_curated(path: Path) -> tuple[ox.NamedNode, list[ox.Triple]]:
    """Parse a curated-facts TOML file into its named graph and triples.

    Raises :class:`KgError` naming the file and the entry at fault.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise KgError(f"{path}: {error}") from None
    except RecursionError:  # tomllib's parser recurses once per nested array or inline table
        raise KgError(f"{path}: arrays or tables nested too deeply to read") from None
    where = "[source]"
    try:
        meta = document.get("source")
        if not isinstance(meta, dict):
            raise _Problem("missing the [source] table")
        source_id = _text(meta, "id", required=True)
        try:
            graph = KGR["graph/curated/" + source_id]
        except ValueError:
            raise _Problem(f"field 'id': {source_id!r} is not a valid id (it becomes part of an IRI: "
                           "no spaces, quotes, brackets or control characters)") from None
        source = Source(
            iri=KGR["source/" + source_id],
            title=_text(meta, "title", required=True),
            kind=_text(meta, "kind", required=True),
            publisher=_one_id(meta, "publisher"),
            issued=_time(meta, "issued"),
            sha256=_text(meta, "sha256"),
            place=_one_id(meta, "place"),
            note=_text(meta, "note"),
        )
        if source.issued:
            try:
                time_literal(source.issued)
            except ValueError as error:
                raise _Problem(f"field 'issued': {error}") from None
        triples = source_triples(source)
        sections = (
            ("actor", lambda item: entity_triples(_entity(item, actor_types()))),
            ("place", lambda item: entity_triples(_entity(item, place_types()))),
            ("relation", lambda item: relation_triples(_relation(item, source.iri))),
            ("event", lambda item: occurrence_triples(_occurrence(item, source.iri, figure=False))),
            ("figure", lambda item: occurrence_triples(_occurrence(item, source.iri, figure=True))),
        )
        for section, convert in sections:
            entries = document.get(section, [])
            if not isinstance(entries, list):
                raise _Problem(f"'{section}' must be an array of tables ([[{section}]])")
            for number, item in enumerate(entries, start=1):
                where = f"[[{section}]] #{number}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
                if not isinstance(item, dict):
                    raise _Problem("must be a table")
                triples += convert(item)
    except _Problem as problem:
        raise KgError(f"{path}: {where}: {problem}") from None
    return graph, unique(triples)
