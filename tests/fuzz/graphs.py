"""A small graph whose every text (labels, aliases, evidence quotes, source title) is given: for fuzz and hostile-text tests."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.statements import (
    Derivation,
    Entity,
    Evidence,
    RelationFact,
    Source,
    entity_iri,
    entity_triples,
    relation_triples,
    source_triples,
    unique,
)

RELATIONS = ("cooperatesWith", "atWarWith", "rivalOf", "affiliateOf", "threatens")


def text_graph(labels: Sequence[str], aliases: Sequence[str] = (), quotes: Sequence[str] = (),
               title: str = "Hostile source") -> str:
    """Turtle for one militant group per label, each with the aliases, linked in a chain by relations quoting ``quotes``.

    The relation from actor ``i`` to ``i + 1`` carries quote ``i`` (cycling), its span the
    quote's length, so the graph passes kg's shapes whatever the text is.
    """
    source = Source(iri=ox.NamedNode("https://w3id.org/kg/id/source/hostile"), title=title, kind="report")
    triples = source_triples(source)
    actors = [entity_iri(f"hostile-{number}") for number in range(len(labels))]
    for number, (iri, label) in enumerate(zip(actors, labels)):
        mine = [aliases[(number + k) % len(aliases)] for k in range(min(3, len(aliases)))] if aliases else []
        triples += entity_triples(Entity(iri=iri, type="MilitantGroup", label=label, aliases=mine))
    for number in range(len(actors) - 1):
        quote = quotes[number % len(quotes)] if quotes else None
        evidence = Evidence(quote, 0, len(quote)) if quote else None
        derivation = Derivation(source=source.iri, start="2020-01", confidence=0.5 + (number % 5) / 10,
                                claimed_by=[actors[0]] if number % 3 == 0 else [], evidence=evidence)
        triples += relation_triples(RelationFact(actors[number], RELATIONS[number % len(RELATIONS)], actors[number + 1],
                                                 derivation))
    return ox.serialize(unique(triples), format=ox.RdfFormat.TURTLE).decode("utf-8")
