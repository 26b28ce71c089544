"""The development set: gold files are well-formed, and extraction keeps its scores on them."""

import json
from pathlib import Path

import pytest

from kg.ingest.evaluate import Score, gold_files, read_gold, score_article
from kg.ingest.pipeline import known_names
from kg.ontology import actor_types, place_types

DEVSET = Path(__file__).resolve().parent / "devset"
GOLD = gold_files(DEVSET)


@pytest.fixture(scope="module")
def scores():
    known = known_names(None)
    return {path.name.removesuffix(".gold.json"): score_article(path, known) for path in GOLD
            if (path.parent / json.loads(path.read_text())["text"]).exists()}


def test_the_set_has_the_seed_and_six_written_articles_and_two_held_out():
    names = {p.name.removesuffix(".gold.json") for p in GOLD}
    assert "mali-coup-2020" in names and len(names) >= 9
    for name in names - {"mali-coup-2020"}:
        words = len((DEVSET / f"{name}.txt").read_text(encoding="utf-8").split())
        assert 380 <= words <= 750, (name, words)
        assert json.loads((DEVSET / f"{name}.meta.json").read_text())["published"]


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_gold_files_are_well_formed(path):
    gold = read_gold(path)
    ids = [e["id"] for e in gold["entities"]]
    assert len(ids) == len(set(ids))
    assert {e["type"] for e in gold["entities"]} <= actor_types() | place_types()
    assert len({(r["subject"], r["predicate"], r["object"]) for r in gold["relations"]}) == len(gold["relations"])


def test_seed_article_relation_f1(scores):
    if "mali-coup-2020" not in scores:
        pytest.skip("../shared/corpus is not beside the repository")
    assert scores["mali-coup-2020"].relations.f1 >= 0.9


def test_whole_set_scores_do_not_fall(scores):
    relations = sum((s.relations for s in scores.values()), Score(0, 0, 0))
    entities = sum((s.entities for s in scores.values()), Score(0, 0, 0))
    assert relations.precision >= 0.85 and relations.f1 >= 0.75
    assert entities.f1 >= 0.8


def test_scores_count_symmetric_relations_either_way():
    from kg.ingest.evaluate import compare
    from tests.ingest_helpers import run

    gold = {"entities": [{"id": "a", "label": "Ansar Dine", "type": "MilitantGroup"},
                         {"id": "b", "label": "Macina Liberation Front", "type": "MilitantGroup"}],
            "relations": [{"subject": "b", "predicate": "cooperatesWith", "object": "a"}]}
    score = compare("x", gold, run("Ansar Dine fighters and the Macina Liberation Front cooperated with one another."))
    assert (score.relations.correct, score.relations.predicted, score.relations.gold) == (1, 1, 1)
    assert score.entities.f1 == 1.0
