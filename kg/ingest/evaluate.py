"""Scoring extraction against hand-made gold annotations (``kg eval``).

A gold file ``NAME.gold.json`` describes one article::

    {"text": "NAME.txt",                  # the article, relative to the gold file
     "date": "2021-06-07",                # optional: else "published" in the text's .meta.json
     "entities": [{"id": "iswap", "label": "Islamic State West Africa Province",
                   "type": "MilitantGroup", "aliases": ["ISWAP"]}, …],
     "relations": [{"subject": "iswap", "predicate": "affiliateOf", "object": "islamic-state",
                    "date": "2016-08/..", "claimed_by": ["iswap"]}, …]}

An extracted entity matches a gold entity when one of its names (label, aliases, the
text of its mentions) normalises to one of the gold entity's; it counts as correct when
the classes agree too. An extracted relation is correct when its ends match the gold
relation's ends and the predicates agree (either order for symmetric relations). Dates
and claimants are not scored; the share of correct relations whose date agrees is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.ingest.known import KnownNames, key
from kg.ingest.pipeline import Extraction, extract
from kg.ingest.read import read_document
from kg.ingest.resolve import Entity
from kg.ontology import relations


@dataclass
class Score:
    """Precision, recall and F1 from counts of true positives, predictions and gold items."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.predicted + other.predicted, self.gold + other.gold)


@dataclass
class ArticleScore:
    name: str
    entities: Score
    relations: Score
    dates_agree: tuple[int, int]
    missed: list[tuple[str, str, str]]
    wrong: list[tuple[str, str, str]]


def read_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KgError(f"{path}: not a readable gold file: {error}") from None
    for field in ("text", "entities", "relations"):
        if field not in gold:
            raise KgError(f"{path}: missing field '{field}'")
    ids = {e.get("id") for e in gold["entities"]}
    for number, relation in enumerate(gold["relations"], start=1):
        if relation.get("predicate") not in relations():
            raise KgError(f"{path}: relations #{number}: {relation.get('predicate')!r} is not a kg relation")
        for end in ("subject", "object"):
            if relation.get(end) not in ids:
                raise KgError(f"{path}: relations #{number}: {end} {relation.get(end)!r} is not a gold entity id")
    return gold


def score_article(gold_path: Path, known: KnownNames, parse: bool = False, learned: bool = True) -> ArticleScore:
    """Extract the gold file's article (with ``parse``, also by the dependency parse; with ``learned``, also by the
    learned stage) and compare."""
    gold = read_gold(gold_path)
    text_path = (gold_path.parent / gold["text"]).resolve()
    document = read_document(text_path, date=gold.get("date"))
    extraction = extract(document, known, parse, learned)
    return compare(gold_path.name.removesuffix(".gold.json"), gold, extraction)


def names_of_gold(entity: dict) -> set[str]:
    """The keys of a gold entity's names."""
    return {key(n) for n in [entity["label"], *entity.get("aliases", [])]}


def names_of_entity(entity: Entity) -> set[str]:
    """The keys of an extracted entity's names: its label, aliases and the text of its mentions."""
    return {key(n) for n in [entity.label, *entity.aliases, *(m.name for m in entity.mentions)]}


def compare(name: str, gold: dict, extraction: Extraction) -> ArticleScore:
    gold_entities = gold["entities"]
    predicted = [e for e in extraction.used_entities() if e.mentions]
    matches: dict[int, list[str]] = {}
    typed_matches: set[str] = set()
    correct_entities = 0
    for entity in extraction.used_entities():
        names = names_of_entity(entity)
        found = [g for g in gold_entities if names & names_of_gold(g)]
        matches[entity.index] = [g["id"] for g in found]
        same_type = [g["id"] for g in found if g["type"] == entity.type and g["id"] not in typed_matches]
        if entity.mentions and same_type:
            typed_matches.add(same_type[0])
            correct_entities += 1
    symmetric = {n for n, r in relations().items() if r.symmetric}

    def variants(s: str, p: str, o: str) -> set[tuple[str, str, str]]:
        return {(s, p, o), (o, p, s)} if p in symmetric else {(s, p, o)}

    gold_relations = {}
    for relation in gold["relations"]:
        triple = (relation["subject"], relation["predicate"], relation["object"])
        gold_relations[triple] = relation
    found_gold: set[tuple[str, str, str]] = set()
    wrong: list[tuple[str, str, str]] = []
    seen: set[tuple[int, str, int]] = set()
    dates = [0, 0]
    for finding in extraction.relations:
        ident = (finding.subject.index, finding.predicate, finding.object.index)
        reverse = (finding.object.index, finding.predicate, finding.subject.index)
        if ident in seen or (reverse in seen and finding.predicate in symmetric):
            continue
        seen.add(ident)
        hit = None
        for s in matches.get(finding.subject.index, []):
            for o in matches.get(finding.object.index, []):
                for triple in variants(s, finding.predicate, o):
                    if triple in gold_relations and triple not in found_gold:
                        hit = triple
        if hit is None:
            wrong.append((finding.subject.label, finding.predicate, finding.object.label))
            continue
        found_gold.add(hit)
        if gold_relations[hit].get("date"):
            dates[1] += 1
            dates[0] += gold_relations[hit]["date"] == finding.date
    missed = [t for t in gold_relations if t not in found_gold]
    return ArticleScore(
        name,
        Score(correct_entities, len(predicted), len(gold_entities)),
        Score(len(found_gold), len(found_gold) + len(wrong), len(gold_relations)),
        (dates[0], dates[1]),
        missed,
        wrong,
    )


def gold_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise KgError(f"{directory}: not a directory of gold files")
    found = sorted(directory.glob("*.gold.json"))
    if not found:
        raise KgError(f"{directory}: no *.gold.json files")
    return found
