"""Analysts' corrections to entity resolution: ``kg actors merge`` and ``kg actors split``.

Both are recorded in the store, in the imports' entities graph, as a ``kg:ActorMerge`` or
``kg:ActorSplit`` with its time, who made it and why, and every later import follows them
(:class:`kg.importers.resolve.Resolver` reads them first).

A merge rewrites, in one atomic write, every imported graph that mentions the merged
actor: its mentions become the kept actor, its statement nodes are re-minted for their new
subject or object (so they meet the kept actor's statements), a relation that would join
the actor to itself is dropped, and its labels and dataset ids pass to the kept actor.
Curated data is not rewritten: an actor defined there cannot be merged away (merge the
other way round, or edit the curated file). A split gives some names of an actor to
another actor (new, or named with ``--into``) for every later import, and lists the
imported files that used those names, which need importing again to follow it.
"""

from __future__ import annotations

import datetime
import getpass
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import KgError
from kg.importers.common import slug
from kg.importers.resolve import ENTITIES_GRAPH
from kg.names import normalize
from kg.ontology import actor_types, relations
from kg.statements import Entity, canonical, entity_triples, statement_iri
from kg.store import LocalStore, Store
from kg.vocab import DCTERMS, KG, KGR, RDF, RDFS, SKOS, XSD

IMPORT_GRAPHS = KGR["graph/import/"].value


@dataclass
class Correction:
    """What a merge or split did, for the command to print."""

    record: ox.NamedNode
    graphs: list[str] = field(default_factory=list)
    dropped: int = 0
    reimport: list[str] = field(default_factory=list)


def find_actor(store: Store, text: str) -> tuple[ox.NamedNode, str, str]:
    """An actor by IRI (``kgr:jnim``, ``<…>``), name or alias: (IRI, label, class); one only."""
    from kg.sparql import parse_term

    _, term = parse_term("x", text)
    classes = " ".join(str(KG[name]) for name in sorted(actor_types()))
    if isinstance(term, ox.NamedNode):
        rows = store.query(f"SELECT DISTINCT ?x ?label ?class WHERE {{ VALUES ?class {{ {classes} }} "
                           f"?x a ?class ; skos:prefLabel ?label }}", {"x": term}).rows
    else:
        rows = store.query(f"""SELECT DISTINCT ?x ?label ?class WHERE {{ VALUES ?class {{ {classes} }}
              ?x a ?class ; skos:prefLabel ?label ; skos:prefLabel|skos:altLabel ?name .
              FILTER(LCASE(STR(?name)) = LCASE(STR(?text))) }}""", {"text": ox.Literal(text)}).rows
    found = {row[0]: (row[1].value, row[2].value.rsplit("#", 1)[-1]) for row in rows}
    if not found:
        raise KgError(f"no actor is named {text!r} (try kg query --name whois --bind name=…)")
    if len(found) > 1:
        listed = "; ".join(f"{label} <{iri.value}>" for iri, (label, _) in sorted(found.items(), key=lambda x: x[0].value))
        raise KgError(f"{text!r} names {len(found)} actors: {listed}; give the IRI")
    iri, (label, kind) = next(iter(found.items()))
    return iri, label, kind


def _graph_triples(store: Store, graph: ox.NamedNode) -> Iterator[ox.Triple]:
    if isinstance(store, LocalStore):
        for quad in store.oxigraph.quads_for_pattern(None, None, None, graph):
            yield quad.triple
        return
    yield from store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}").triples


def _record(kind: ox.NamedNode, note: str | None) -> tuple[ox.NamedNode, list[ox.Triple]]:
    node = KGR[f"decision/{uuid.uuid4()}"]
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    triples = [
        ox.Triple(node, RDF.type, kind),
        ox.Triple(node, DCTERMS.created, ox.Literal(now, datatype=XSD.dateTime)),
        ox.Triple(node, DCTERMS.creator, ox.Literal(getpass.getuser())),
    ]
    if note:
        triples.append(ox.Triple(node, RDFS.comment, ox.Literal(note)))
    return node, triples


def merge(store: Store, merged_text: str, kept_text: str, note: str | None = None) -> Correction:
    """Fold the actor ``merged_text`` into ``kept_text`` (see the module docstring)."""
    merged, merged_label, _ = find_actor(store, merged_text)
    kept, kept_label, _ = find_actor(store, kept_text)
    if merged == kept:
        raise KgError(f"{merged_text!r} and {kept_text!r} are the same actor already")
    defined = [g.value for (g,) in store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x a ?c } }", {"x": merged}).rows]
    curated = [g for g in defined if not g.startswith(IMPORT_GRAPHS)]
    if curated:
        raise KgError(f"{merged_label} is defined in {curated[0]}, which imports do not rewrite: "
                      f"merge the other way round (kg actors merge {kept_text!r} {merged_text!r}) or edit that data")
    graphs = sorted({g for (g,) in store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } }", {"x": merged}).rows}
        | {ENTITIES_GRAPH}, key=lambda g: g.value)
    foreign = [g.value for g in graphs if not g.value.startswith(IMPORT_GRAPHS)]
    if foreign:
        raise KgError(f"{merged_label} is also used in {foreign[0]}, which imports do not rewrite; nothing changed")
    labels = [row[0].value for row in store.query(
        "SELECT DISTINCT ?l WHERE { ?x skos:prefLabel|skos:altLabel ?l }", {"x": merged}).rows]
    record, decision = _record(KG.ActorMerge, note)
    decision += [ox.Triple(record, KG.mergedActor, merged), ox.Triple(record, KG.keptActor, kept)]
    decision += [ox.Triple(record, KG.mergedLabel, ox.Literal(label)) for label in labels]
    result = Correction(record, [g.value for g in graphs])
    renames, dropped = _statement_renames(store, merged, kept)
    result.dropped = len(dropped)

    def rewritten() -> Iterator[ox.Quad]:
        for graph in graphs:
            for t in _graph_triples(store, graph):
                if t.subject in dropped or (t.subject in (merged, kept) and t.object in (merged, kept)
                                            and t.predicate in _relation_iris()):
                    continue
                if graph == ENTITIES_GRAPH and t.subject == merged:
                    if t.predicate in (RDF.type, KG.country):
                        continue
                    if t.predicate == SKOS.prefLabel:
                        t = ox.Triple(t.subject, SKOS.altLabel, t.object)
                yield ox.Quad(*_mapped(t, merged, kept, renames), graph)
        for t in decision:
            yield ox.Quad(t.subject, t.predicate, t.object, ENTITIES_GRAPH)
        for label in labels:
            if label != kept_label:
                yield ox.Quad(kept, SKOS.altLabel, ox.Literal(label), ENTITIES_GRAPH)

    store.bulk_replace_graphs(graphs, _unique_quads(rewritten()))
    return result


def _relation_iris() -> set[ox.NamedNode]:
    return {r.iri for r in relations().values()}


def _unique_quads(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    seen: set[ox.Quad] = set()
    for quad in quads:
        if quad.graph_name == ENTITIES_GRAPH:
            if quad in seen:
                continue
            seen.add(quad)
        yield quad


def _statement_renames(store: Store, merged: ox.NamedNode, kept: ox.NamedNode):
    """New IRIs for the statements that mention ``merged``, and the nodes of relations that would join ``kept`` to itself."""
    names = {r.iri: name for name, r in relations().items()}
    renames: dict[ox.NamedNode, tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = {}
    dropped: set[ox.NamedNode] = set()
    rows = store.query("""SELECT DISTINCT ?st ?s ?p ?o WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                          FILTER(?s = ?x || ?o = ?x) }""", {"x": merged}).rows
    for st, s, p, o in rows:
        s, o = (kept if s == merged else s), (kept if o == merged else o)
        if s == o:
            dropped.add(st)
            for (node,) in store.query("""SELECT DISTINCT ?n WHERE { { ?st prov:qualifiedDerivation ?n } UNION
                                          { ?st prov:qualifiedDerivation/kg:evidence ?n } }""", {"st": st}).rows:
                dropped.add(node)
            continue
        s, o = canonical(s, names[p], o)
        renames[st] = (statement_iri(s, names[p], o), s, o)
    return renames, dropped


def _mapped(t: ox.Triple, merged: ox.NamedNode, kept: ox.NamedNode, renames) -> tuple:
    subject, obj = t.subject, t.object
    if subject in renames:
        new, s, o = renames[subject]
        if t.predicate == RDF.subject:
            return new, t.predicate, s
        if t.predicate == RDF.object:
            return new, t.predicate, o
        subject = new
    subject = kept if subject == merged else subject
    obj = kept if obj == merged else obj
    if t.predicate in _relation_iris() and isinstance(obj, ox.NamedNode):
        name = next(n for n, r in relations().items() if r.iri == t.predicate)
        subject, obj = canonical(subject, name, obj)
    return subject, t.predicate, obj


def split(store: Store, actor_text: str, names: Sequence[str], into: str | None = None, label: str | None = None,
          note: str | None = None) -> Correction:
    """Give ``names`` of an actor to another actor for every later import (see the module docstring)."""
    actor, actor_label, kind = find_actor(store, actor_text)
    if not names:
        raise KgError("name at least one name to split off")
    aliases = {normalize(row[0].value) for row in store.query(
        "SELECT ?l WHERE { ?x skos:prefLabel|skos:altLabel ?l }", {"x": actor}).rows}
    unknown = [n for n in names if normalize(n) not in aliases]
    if unknown:
        raise KgError(f"{actor_label} has no name {unknown[0]!r}: its names are listed by kg query --name whois")
    record, decision = _record(KG.ActorSplit, note)
    entities = list(_graph_triples(store, ENTITIES_GRAPH))
    if into is not None:
        target, _, _ = find_actor(store, into)
    else:
        target = _restored(store, actor, names) or KGR[slug(label or names[0])]
        if any(t.subject == target for t in entities) or store.query(f"ASK {{ {target} ?p ?o }}").boolean:
            target = KGR[f"{slug(label or names[0])}-{uuid.uuid4().hex[:6]}"]
        decision += entity_triples(Entity(target, kind, label or names[0], [n for n in names if n != (label or names[0])]))
    decision += [ox.Triple(record, KG.splitFrom, actor), ox.Triple(record, KG.splitInto, target)]
    decision += [ox.Triple(record, KG.splitName, ox.Literal(n)) for n in names]
    folded = {n.casefold() for n in names}
    kept = [t for t in entities if not (t.subject == actor and t.predicate == SKOS.altLabel
                                        and t.object.value.casefold() in folded)]
    store.bulk_replace_graphs([ENTITIES_GRAPH], (ox.Quad(t.subject, t.predicate, t.object, ENTITIES_GRAPH)
                                                 for t in dict.fromkeys(kept + decision)))
    result = Correction(record)
    titles: set[str] = set()
    for name in folded:
        rows = store.query("""SELECT DISTINCT ?title WHERE { ?r a kg:NameResolution ; kg:resolvedTo ?x ; kg:sourceName ?n ;
                                prov:wasDerivedFrom ?src . ?src dcterms:title ?title . FILTER(LCASE(STR(?n)) = ?name) }""",
                           {"x": actor, "name": ox.Literal(name)}).rows
        titles.update(row[0].value for row in rows)
    result.reimport = sorted(titles)
    return result


def _restored(store: Store, actor: ox.NamedNode, names: Sequence[str]) -> ox.NamedNode | None:
    """The actor an earlier merge folded into ``actor`` under one of ``names``, to give its IRI back."""
    folded = {n.casefold() for n in names}
    for merged, label in store.query("""SELECT ?m ?l WHERE { ?d a kg:ActorMerge ; kg:keptActor ?x ; kg:mergedActor ?m ;
                                        kg:mergedLabel ?l }""", {"x": actor}).rows:
        if label.value.casefold() in folded:
            return merged
    return None

