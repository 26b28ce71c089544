"""The ingest stages wired together: a :class:`Document` in, an :class:`Extraction` out.

segment → mentions → resolve → dates → relations → events. ``extract`` writes nothing;
:mod:`kg.ingest.write` turns an extraction into RDF.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count
from pathlib import Path

from kg.collector import collector_paused
from kg.ingest.anaphora import read_descriptions
from kg.ingest.clauses import groups_of
from kg.ingest.dates import find_times
from kg.ingest.events import Event, Figure, find_events, located_by_events
from kg.ingest.known import KnownNames, build_known
from kg.ingest.learned import Model, candidates, learned_relations, model
from kg.ingest.lexicon import lexicon
from kg.ingest.mentions import find_mentions
from kg.ingest.read import Document
from kg.ingest.relations import Finding, find_relations, trigger_matches
from kg.ingest.resolve import Ambiguity, Entity, resolve
from kg.ingest.segment import Sentence, segment, words_of
from kg.names import Gazetteer
from kg.resources import ontology_dir


@cache
def _rules_version() -> str:
    """A digest of all that decides what is extracted: the code, tables and learned weights of kg.ingest, the ontology's files.

    A number raised by hand was forgotten for whole rounds of new rules, and stores kept their old extractions."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    code_and_tables = sorted(p for p in here.iterdir() if p.suffix in (".py", ".tsv", ".txt", ".json"))
    for path in [*code_and_tables, *sorted(ontology_dir().glob("*.ttl"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def extractor(parse: bool = False, learned: bool = False) -> str:
    """The name an ingested graph's provenance gives its extractor (``kg-rules-`` and the digest of its rules, ``+learned``
    with the learned stage, ``+parse`` with the parse stage): re-ingesting a text is a no-op only under the same one, so a
    changed extractor rewrites it."""
    name = f"kg-rules-{_rules_version()}" + ("+learned" if learned and model() is not None else "")
    return name + "+parse" if parse else name


_EVIDENCE_LIMIT = 400


@dataclass
class Extraction:
    """What one document says: its actors and places, relations, events and figures."""

    document: Document
    sentences: list[Sentence]
    entities: list[Entity]
    relations: list[Finding]
    events: list[Event]
    figures: list[Figure]
    ambiguous: list[Ambiguity] = field(default_factory=list)
    extractor: str = ""
    #: What the learned stage read (its candidate pairs, the resolution and the times), kept only for training and
    #: scoring a model (``keep_pairs``): the pairs' features are the largest thing an extraction would hold.
    learning: tuple | None = field(default=None, repr=False, compare=False)

    def evidence(self, start: int, end: int) -> tuple[str, int, int]:
        """The sentence around a span, as the quote an analyst reads (long sentences cut to the span's clause)."""
        text = self.document.text
        sentence = next((s for s in self.sentences if s.start <= start < s.end), None)
        if sentence is None:
            return text[start:end], start, end
        first, last = sentence.start, sentence.end
        if last - first > _EVIDENCE_LIMIT:
            first, last = start, end
        return text[first:last], first, last

    def used_entities(self) -> list[Entity]:
        """Entities the text mentions, and those relations and events need (a government minted for "the country")."""
        used = {e.index for e in self.entities if e.mentions and e.type}
        for finding in self.relations:
            used.update((finding.subject.index, finding.object.index, *(c.index for c in finding.claimed_by)))
        used = {i for i in used if self.entities[i].type}
        for event in self.events:
            used.update(e.index for e in (*event.places, *event.agents, *event.targets))
        for figure in self.figures:
            used.update(e.index for e in (*figure.places, *figure.agents, *([figure.tally_by] if figure.tally_by else [])))
        return [e for e in self.entities if e.index in used]


def known_names(store=None) -> KnownNames:
    """What ingest knows before reading: the store's labels, aliases and ties (none for ``None``) and the place table."""
    if store is None:
        return build_known(Gazetteer())
    # The ties are read (as CSV on an embedded store, a union of fixed predicates) while the names are.
    from concurrent.futures import ThreadPoolExecutor

    from kg.sparql import csv_rows
    from kg.store import LocalStore

    ties = " UNION ".join(f"{{ ?a kg:{p} ?b }}" for p in ("affiliateOf", "splinterOf", "memberOf", "leaderOf",
                                                          "spokespersonOf", "publishedBy"))
    sparql = f"SELECT ?a ?b WHERE {{ {ties} }}"
    with ThreadPoolExecutor(1) as pool:
        rows = pool.submit(lambda: csv_rows(store.oxigraph, sparql) if isinstance(store, LocalStore)
                           else [[a.value, b.value] for a, b in store.query(sparql).rows])
        known = build_known(Gazetteer.from_store(store))
        for a, b in rows.result():
            known.neighbours.setdefault(a, set()).add(b)
            known.neighbours.setdefault(b, set()).add(a)
    return known


def extract(document: Document, known: KnownNames | None = None, parse: bool = False,
            learned: Model | bool = True, keep_pairs: bool = False) -> Extraction:
    """Run every stage on one document (with ``parse``, also the dependency-parse relations of :mod:`kg.ingest.parsed`;
    with ``learned``, also the learned stage of :mod:`kg.ingest.learned`: True for the shipped model, or a model).

    The cycle collector is paused meanwhile: the stages make many short-lived containers,
    each 700 of which would otherwise start a collection that also walks what is known (a
    large store's names). Cycles made here are collected after, as usual.
    """
    with collector_paused():
        return _extract(document, known if known is not None else known_names(), parse, learned, keep_pairs)


def _extract(document: Document, known: KnownNames, parse: bool = False, learned: Model | bool = True,
             keep_pairs: bool = False) -> Extraction:
    lex = lexicon()
    text = document.text
    sentences = segment(text)
    words = words_of(text, sentences)
    mentions = find_mentions(text, sentences, known, lex, words)
    if parse:  # the parse's names join the rules' before resolution, so that both relation stages read them
        from kg.ingest.parsed import parsed_relations
        from kg.ingest.parsed_entities import named_by_parse, typed_by_parse

        recognised = named_by_parse(text, sentences, words, mentions, known, lex)
    resolution = resolve(text, mentions, known, lex)
    read_descriptions(text, sentences, mentions, resolution)
    if parse:
        typed_by_parse(resolution, recognised, known, lex)
    times = find_times(text, document.date)
    by_words: list[list[tuple[int, str]]] = [[] for _ in sentences]
    triggers = lex.templates
    if sentences:
        for k in compress(count(), map(triggers.__contains__, words.lower)):
            by_words[words.sentence[k]].append((words.starts[k], words.lower[k]))
    matches = [trigger_matches(text, sentence, lex, by_words[n]) for n, sentence in enumerate(sentences)]
    by_sentence: list[list] = [[] for _ in sentences]
    for mention in mentions:
        by_sentence[mention.sentence].append(mention)
    groups = [groups_of(text, here, resolution) for here in by_sentence]
    findings = find_relations(text, sentences, mentions, resolution, times, lex, matches, groups)
    hedged = {words.sentence[bisect.bisect_right(words.starts, m.start()) - 1] for m in lex.hedge_pattern.finditer(text)
              if words.starts and m.start() >= words.starts[0]}
    events, figures = find_events(text, sentences, mentions, resolution, times, findings, matches, hedged, groups)
    findings += located_by_events(events, findings, text)
    if learned is not False:  # the pairs are read beside the rules' findings alone, as in training
        pairs = candidates(text, sentences, mentions, resolution, words, lex, matches, groups, findings)
    if parse:
        findings = parsed_relations(text, sentences, mentions, resolution, times, lex, findings, recognised.docs)
    if learned is not False:
        findings = learned_relations(pairs, resolution, lex, times, findings, None if learned is True else learned)
    return Extraction(document, sentences, resolution.entities, findings, events, figures, resolution.ambiguous,
                      extractor(parse, learned is not False),
                      (pairs, resolution, times) if learned is not False and keep_pairs else None)


def stage_of(finding: Finding) -> str:
    """Which stage read the relation: "parse", "learned" or "rules" (``kg:extractionStage``)."""
    return finding.trigger if finding.trigger in ("parse", "learned") else "rules"


def to_json(extraction: Extraction) -> dict:
    """The ``kg extract`` output (schema in the README)."""
    document = extraction.document
    entities = extraction.used_entities()
    events = [
        {
            "id": f"event-{n}",
            "type": event.type,
            "label": event.label,
            "date": event.date,
            "places": [e.id for e in event.places],
            "agents": [e.id for e in event.agents],
            "targets": [e.id for e in event.targets],
            "confidence": event.confidence,
            "evidence": _evidence(extraction, event.start, event.end),
        }
        for n, event in enumerate(extraction.events, start=1)
    ]
    event_ids = {id(event): f"event-{n}" for n, event in enumerate(extraction.events, start=1)}
    figures = [
        {
            "id": f"figure-{n}",
            "type": figure.type,
            "measure": figure.measure,
            "count": figure.count,
            "qualifier": figure.qualifier,
            "victims": figure.victims,
            "date": figure.date,
            "places": [e.id for e in figure.places],
            "agents": [e.id for e in figure.agents],
            "tally_by": figure.tally_by.id if figure.tally_by else None,
            "figure_of": event_ids.get(id(figure.figure_of)) if figure.figure_of else None,
            "confidence": figure.confidence,
            "evidence": _evidence(extraction, figure.start, figure.end),
        }
        for n, figure in enumerate(extraction.figures, start=1)
    ]
    return {
        "document": {"source": document.source, "date": document.date, "sha256": document.sha256},
        "entities": [
            {
                "id": entity.id,
                "label": entity.label,
                "type": entity.type,
                "aliases": entity.aliases,
                "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in entity.mentions],
            }
            for entity in entities
        ],
        "relations": [
            {
                "subject": finding.subject.id,
                "predicate": finding.predicate,
                "object": finding.object.id,
                "start": finding.start,
                "end": finding.end,
                "date": finding.date,
                "confidence": finding.confidence,
                "claimed_by": [c.id for c in finding.claimed_by],
                "stage": stage_of(finding),
                "evidence": _evidence(extraction, finding.start, finding.end),
            }
            for finding in extraction.relations
        ],
        "events": events + figures,
    }


def _evidence(extraction: Extraction, start: int, end: int) -> dict:
    text, first, last = extraction.evidence(start, end)
    return {"text": text, "start": first, "end": last}
