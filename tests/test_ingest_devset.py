"""The development set: gold files are well-formed, and extraction keeps its scores on them."""

import json
from pathlib import Path

import pytest

from kg.ingest.evaluate import Score, gold_files, read_gold, score_article
from kg.ingest.pipeline import known_names
from kg.ontology import actor_types, place_types

DEVSET = Path(__file__).resolve().parent / "devset"
GOLD = gold_files(DEVSET)
#: Measured, never tuned on (tests/heldout/README.md): only their form is tested here.
HELD_OUT = sorted((DEVSET.parent / "heldout").glob("*.gold.json"))


def _scores(learned: bool) -> dict:
    known = known_names(None)
    return {path.name.removesuffix(".gold.json"): score_article(path, known, learned=learned) for path in GOLD
            if (path.parent / json.loads(path.read_text())["text"]).exists()}


@pytest.fixture(scope="module")
def scores():
    """The rules alone: what the floors below were set on."""
    return _scores(False)


@pytest.fixture(scope="module")
def learned_scores():
    """The default extractor: the rules and the learned stage, whose model was trained on these very articles."""
    return _scores(True)


def test_the_set_has_the_seed_the_written_and_the_held_out_articles():
    names = {p.name.removesuffix(".gold.json") for p in GOLD}
    assert "mali-coup-2020" in names and len(names) >= 46
    assert {"sudan-rsf-el-fasher-2024", "haiti-gangs-designation-2025", "burkina-jnim-djibo-2025"} <= names
    assert set(BLIND) | set(BLIND_2) | set(BLIND_3) | set(BLIND_4) | set(BLIND_5) | set(BLIND_6) | set(TRAINING) <= names
    for name in names - {"mali-coup-2020"}:
        words = len((DEVSET / f"{name}.txt").read_text(encoding="utf-8").split())
        assert 380 <= words <= 750, (name, words)
        assert json.loads((DEVSET / f"{name}.meta.json").read_text())["published"]


@pytest.mark.parametrize("path", GOLD + HELD_OUT, ids=lambda p: p.name)
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


TEN = ("mali-coup-2020", "afghanistan-kabul-airport-2021", "lake-chad-shekau-2021", "mozambique-mocimboa-2021",
       "somalia-hotel-siege-2022", "syria-idlib-hts-2020", "yemen-aqap-abyan-2022", "drc-adf-beni-2021",
       "pakistan-ttp-peshawar-2023", "iraq-pmf-baghdad-2020")
#: Held out in round 3: annotated before the extractor first ran on them (first-run scores in their gold notes).
THREE = ("sudan-rsf-el-fasher-2024", "haiti-gangs-designation-2025", "burkina-jnim-djibo-2025")
#: The blind batch of round 3 (with the Libya and Philippines articles): annotated before the extractor first ran on them.
BLIND = ("colombia-eln-catatumbo-2025", "ethiopia-endf-fano-2025", "lebanon-hezbollah-qassem-2024", "myanmar-northern-shan-2024")
#: Held out through round 3 (tests/heldout), scored once blind at its end, then moved here.
BLIND_2 = ("kashmir-trf-pahalgam-2025", "ecowas-niger-summit-2023", "mexico-sinaloa-culiacan-2024")
#: Held out through round 4 (tests/heldout), scored once blind at its end, then moved here.
BLIND_3 = ("yemen-houthis-red-sea-2024", "pakistan-bla-jaffar-express-2025", "benin-togo-jnim-spillover-2025",
           "gaza-hostage-talks-2025")
#: Held out through round 5 (tests/heldout), scored once blind at its end, then moved here.
BLIND_4 = ("drc-m23-goma-2025", "turkey-pkk-ceasefire-2025", "somalia-iss-puntland-panel-2025", "syria-hts-fall-of-assad-2024")
#: Held out through round 5's second batch, scored once blind, then moved here.
BLIND_5 = ("ecuador-gangs-armed-conflict-2024", "iran-kerman-iskp-claim-2024", "nigeria-iswap-jas-monitoring-team-2024",
           "cameroon-ambazonia-separatists-2024")
#: Held out through round 5's end (tests/heldout), scored blind, then used to choose the learned stage's threshold.
BLIND_6 = ("peru-mpcp-vraem-2023", "polisario-ceasefire-end-2020", "car-panel-armed-groups-2024", "afghanistan-nrf-panjshir-2024")
#: Written in round 6 as training data for the learned stage, scored once before joining (scores in their gold notes).
TRAINING = ("iran-pakistan-jaish-al-adl-strikes-2024", "mali-wagner-tinzaouaten-analysis-2024",
            "mozambique-ism-niassa-monitoring-team-2023", "west-bank-jenin-battalion-statement-2023",
            "drc-burundi-red-tabara-group-of-experts-2024", "myanmar-arakan-army-ann-2024", "sudan-rsf-parallel-government-2025",
            "syria-sdf-sna-tishreen-dam-2025")


def _total(scores, names=None) -> tuple[Score, Score]:
    chosen = [s for name, s in scores.items() if names is None or name in names]
    return sum((s.relations for s in chosen), Score(0, 0, 0)), sum((s.entities for s in chosen), Score(0, 0, 0))


def test_whole_set_scores_do_not_fall(scores):
    """The rules alone. The 34 articles they were written from, the five blind batches included (relations P 0.88 R 0.53
    F1 0.66, entities F1 0.89 under the round-6 annotation guide), and all 46 with the twelve of round 6 nobody tuned
    the rules on (P 0.83 R 0.40 F1 0.54, entities 0.84)."""
    relations, entities = _total(scores, set(scores) - set(BLIND_6) - set(TRAINING))
    assert relations.precision >= 0.86 and relations.f1 >= 0.64
    assert entities.f1 >= 0.87
    relations, entities = _total(scores)
    assert relations.precision >= 0.8 and relations.f1 >= 0.52
    assert entities.f1 >= 0.82


def test_the_default_extractor_keeps_its_scores(learned_scores):
    """The rules with the learned stage, whose model was trained on these 46 articles (P 0.83 R 0.59 F1 0.69 when set):
    a guard against a broken or stale model, not an estimate for new text (that is tests/heldout's)."""
    relations, _ = _total(learned_scores)
    assert relations.precision >= 0.8 and relations.f1 >= 0.66
    if "mali-coup-2020" in learned_scores:
        assert learned_scores["mali-coup-2020"].relations.f1 >= 0.9


def test_round_4s_blind_batch_keeps_its_gains(scores):
    """The four articles of round 4's blind batch (relations F1 0.20 blind; P 0.87 R 0.40 F1 0.55 after round 5's
    general rules)."""
    relations, _ = _total(scores, BLIND_3)
    assert relations.precision >= 0.83 and relations.f1 >= 0.52


def test_the_issues_target_holds_on_the_thirteen_articles_and_the_ten_tuned_on(scores):
    if "mali-coup-2020" not in scores:
        pytest.skip("../shared/corpus is not beside the repository")
    relations, _ = _total(scores, TEN + THREE)
    assert relations.precision >= 0.9 and relations.f1 >= 0.8
    assert _total(scores, TEN)[0].f1 >= 0.82


def test_scores_count_symmetric_relations_either_way():
    from kg.ingest.evaluate import compare
    from tests.ingest_helpers import run

    gold = {"entities": [{"id": "a", "label": "Ansar Dine", "type": "MilitantGroup"},
                         {"id": "b", "label": "Macina Liberation Front", "type": "MilitantGroup"}],
            "relations": [{"subject": "b", "predicate": "cooperatesWith", "object": "a"}]}
    score = compare("x", gold, run("Ansar Dine fighters and the Macina Liberation Front cooperated with one another."))
    assert (score.relations.correct, score.relations.predicted, score.relations.gold) == (1, 1, 1)
    assert score.entities.f1 == 1.0
