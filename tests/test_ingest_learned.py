"""The learned relation stage: what it adds and withholds, the shipped model, and training one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest.learned import HIGHEST_CONFIDENCE, MODEL, Model, model
from kg.ingest.pipeline import extract, extractor, known_names
from kg.ingest.read import Document
from kg.ingest.train import examples_digest, read_articles
from tests.conftest import run_kg

DEVSET = Path(__file__).resolve().parent / "devset"
SEEN = ("JNIM has been at war with the Islamic State Sahel Province since 2020. "
        "On 3 May 2024, JNIM and Ansarul Islam were both seen in Djibo, while the Islamic State Sahel Province stayed in Menaka.")
#: A model that gives every pair of fitting classes these relations, whatever the sentence: what the stage does with a
#: score is then the only thing tested.
EAGER = Model({"cooperatesWith": 5.0, "attacked": 4.0}, {}, 0.5)


@pytest.fixture(scope="module")
def known(sahel):
    return known_names(sahel)


def _relations(text: str, known, learned) -> dict[tuple[str, str, str], object]:
    extraction = extract(Document(text=text, source="test.txt", date="2024-05-10"), known, learned=learned)
    return {(f.subject.label, f.predicate, f.object.label): f for f in extraction.relations}


def test_a_pair_the_rules_left_gets_the_models_relation_below_the_rules_confidence(known):
    rules = _relations(SEEN, known, False)
    found = _relations(SEEN, known, EAGER)
    added = found.keys() - rules.keys()
    pair = ("Jama'at Nusrat al-Islam wal-Muslimin", "cooperatesWith", "Ansarul Islam")
    assert pair in added
    finding = found[pair]
    assert finding.trigger == "learned" and finding.confidence == HIGHEST_CONFIDENCE < min(f.confidence for f in rules.values())
    assert finding.date == "2024-05-03"  # the time its own sentence names
    assert all(found[t].trigger == "learned" for t in added)
    assert ("Djibo", "cooperatesWith", "Menaka") not in found  # places cannot cooperate: the ontology's classes decide


def test_the_rules_stance_on_a_pair_stands(known):
    """The rules read JNIM and ISGS at war: the model may add an attack, never a cooperation."""
    found = _relations(SEEN, known, EAGER)
    jnim, isgs = "Jama'at Nusrat al-Islam wal-Muslimin", "Islamic State in the Greater Sahara"
    assert found[(jnim, "atWarWith", isgs)].trigger != "learned"
    assert (jnim, "cooperatesWith", isgs) not in found and (isgs, "cooperatesWith", jnim) not in found
    assert found[(jnim, "attacked", isgs)].trigger == "learned"


def test_nothing_is_added_below_the_threshold(known):
    timid = Model({"cooperatesWith": 5.0, "attacked": 5.0}, {}, 0.999)
    assert _relations(SEEN, known, timid).keys() == _relations(SEEN, known, False).keys()
    weighed = Model({"cooperatesWith": -5.0}, {"b:and": {"cooperatesWith": 10.0}}, 0.5)  # only where "and" joins the two
    added = _relations(SEEN, known, weighed).keys() - _relations(SEEN, known, False).keys()
    assert added == {("Jama'at Nusrat al-Islam wal-Muslimin", "cooperatesWith", "Ansarul Islam")}


def test_a_negated_pair_gets_nothing_whatever_its_score(known):
    placing = Model({"operatesIn": 5.0}, {}, 0.5)
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "operatesIn", "Djibo") in _relations(
        "JNIM still holds territory near Djibo.", known, placing)
    assert not [t for t in _relations("JNIM no longer holds any territory near Djibo.", known, placing) if t[1] == "operatesIn"]


def test_a_score_at_the_threshold_is_enough(known):
    at = _relations(SEEN, known, Model({"cooperatesWith": 0.0}, {}, 0.5))  # a probability of exactly one half
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "cooperatesWith", "Ansarul Islam") in at


def test_the_stage_never_says_two_actors_both_cooperate_and_fight(known):
    """The better-scored reading of a pair stands, as the rules' reading does."""
    found = _relations(SEEN, known, Model({"cooperatesWith": 5.0, "attacked": 4.0}, {}, 0.5))
    jnim, ansarul = "Jama'at Nusrat al-Islam wal-Muslimin", "Ansarul Islam"
    assert (jnim, "cooperatesWith", ansarul) in found
    assert (jnim, "attacked", ansarul) not in found and (ansarul, "attacked", jnim) not in found
    found = _relations(SEEN, known, Model({"cooperatesWith": 4.0, "attacked": 5.0}, {}, 0.5))
    assert (jnim, "attacked", ansarul) in found and (jnim, "cooperatesWith", ansarul) not in found


def test_a_relation_inside_what_a_party_says_is_its_claim(known):
    text = "In its weekly Al-Naba newsletter, the Islamic State said that JNIM and Ansarul Islam had met in Djibo."
    found = _relations(text, known, EAGER)
    claimed = found[("Jama'at Nusrat al-Islam wal-Muslimin", "cooperatesWith", "Ansarul Islam")]
    assert [e.label for e in claimed.claimed_by] == ["Islamic State"]
    assert not found[("Islamic State", "cooperatesWith", "Jama'at Nusrat al-Islam wal-Muslimin")].claimed_by


def test_an_intended_act_is_read_as_the_relations_intent_reading(known):
    found = _relations("Leaders of JNIM plan to move against Ansarul Islam, the Islamic State said.", known,
                       Model({"attacked": 5.0}, {}, 0.5))
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "threatens", "Islamic State") in found
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "attacked", "Islamic State") not in found


def test_a_symmetric_relation_read_as_intended_is_the_threat_of_the_party_named_first(known):
    """Whichever order of the pair scored better, the one before the words of intent is the one who threatens."""
    text = "Leaders of JNIM plan to move against Ansarul Islam, the Islamic State said."
    for favoured in ("ord:so", "ord:os"):
        found = _relations(text, known, Model({"atWarWith": -5.0}, {favoured: {"atWarWith": 10.0}}, 0.5))
        assert ("Jama'at Nusrat al-Islam wal-Muslimin", "threatens", "Islamic State") in found
        assert ("Islamic State", "threatens", "Jama'at Nusrat al-Islam wal-Muslimin") not in found


@pytest.mark.parametrize("content", [None, '{"bias": {}, "weights": [], "threshold": 0.4}',
                                     '{"bias": {"attacked": "x"}, "weights": {}, "threshold": 0.4}',
                                     '{"bias": {}, "weights": {}, "threshold": 7}'])
def test_a_broken_model_file_is_one_clear_error(tmp_path, monkeypatch, content):
    from kg.errors import KgError
    from kg.ingest import learned

    broken = tmp_path / "learned-model.json"
    broken.write_text(MODEL.read_text(encoding="utf-8")[:1000] if content is None else content, encoding="utf-8")
    monkeypatch.setattr(learned, "MODEL", broken)
    learned.model.cache_clear()
    try:
        with pytest.raises(KgError, match="learned-model.json: not a readable model"):
            learned.model()
    finally:
        learned.model.cache_clear()


def test_a_learned_spokesman_leaves_the_rules_claims_as_they_were(known):
    text = "Abu Hudhayfa said that JNIM attacked ISGS in Menaka. Abu Hudhayfa and the Islamic State were seen in Gao."
    rules = _relations(text, known, False)
    found = _relations(text, known, Model({"spokespersonOf": 5.0, "memberOf": 5.0}, {}, 0.5))
    assert any(f.trigger == "learned" and f.predicate == "spokespersonOf" for f in found.values())
    for triple, finding in rules.items():
        assert [e.label for e in found[triple].claimed_by] == [e.label for e in finding.claimed_by]


def test_a_roster_gives_the_stage_a_bounded_number_of_pairs(known):
    from kg.ingest import learned

    line = " and ".join(f"the {word} Brigade" for word in ("Nasr", "Fath", "Badr", "Uhud", "Khaybar", "Tabuk", "Hunayn"))
    text = "\n".join(f"{line} fought in Djibo." for _ in range(600))
    extraction = extract(Document(text=text, source="roster.txt", date="2024-05-10"), known, learned=EAGER, keep_pairs=True)
    # whole sentences are read until the bound is reached: at most one sentence's pairs past it
    assert learned.MOST_PAIRS <= len(extraction.learning[0]) < learned.MOST_PAIRS + learned.MOST_MENTIONS ** 2


def test_the_shipped_model_is_trained_from_the_development_set_as_it_is_now():
    """Changing a gold file, an article, the rules, the lexicon or the stage's features without retraining leaves a
    stale model: retrain with ``python -m kg.ingest.train tests/devset`` (README, 'The learned stage')."""
    seed = json.loads((DEVSET / "mali-coup-2020.gold.json").read_text(encoding="utf-8"))["text"]
    if not (DEVSET / seed).exists():
        pytest.skip("../shared/corpus is not beside the repository: the seed article is part of the training set")
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    assert shipped["trained_from"] == examples_digest(read_articles([DEVSET]), shipped["regularisation"], shipped["prune"])
    loaded = model()
    assert loaded is not None and 0 < loaded.threshold < 1 and len(loaded.weights) > 1000


def test_extract_names_the_stage_and_no_learned_leaves_it_out(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text((DEVSET / "cameroon-ambazonia-separatists-2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    outputs = {}
    for flag in ("--learned", "--no-learned"):
        result = run_kg("extract", str(article), "--date", "2024-06-01", flag)
        assert result.returncode == 0, result.stderr
        outputs[flag] = json.loads(result.stdout)
    with_model, rules = outputs["--learned"]["relations"], outputs["--no-learned"]["relations"]
    learned = [r for r in with_model if r["stage"] == "learned"]
    assert len(learned) >= 5 and all(r["confidence"] <= HIGHEST_CONFIDENCE for r in learned)
    assert [r for r in with_model if r["stage"] == "rules"] == rules and {r["stage"] for r in rules} == {"rules"}
    assert extractor(learned=True).endswith("+learned") and not extractor().endswith("+learned")


def test_training_learns_relations_from_gold_files(tmp_path):
    pytest.importorskip("sklearn")
    from kg.ingest.train import fit, read_articles, scored

    folder = tmp_path / "gold"
    folder.mkdir()
    for name in ("cameroon-ambazonia-separatists-2024", "pakistan-bla-jaffar-express-2025", "gaza-hostage-talks-2025"):
        gold = json.loads((DEVSET / f"{name}.gold.json").read_text(encoding="utf-8"))
        gold["text"] = str(DEVSET / gold["text"])
        (folder / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    articles = read_articles([folder])
    assert sum(label for a in articles for _, label in a.examples) > 30
    trained = fit(articles, 1.0, 0.5)
    rules, with_model = scored(articles, None)[0], scored(articles, trained)[0]
    assert with_model.correct > rules.correct + 10 and with_model.precision > 0.6


@pytest.mark.parametrize("case", ["bad gold", "no relations", "out is a folder"])
def test_the_training_command_reports_bad_input_in_one_line(tmp_path, case):
    if case != "out is a folder":
        pytest.importorskip("sklearn")  # the gold files are read before the training library is needed, but fitting needs it
    gold = tmp_path / "gold"
    gold.mkdir()
    out = tmp_path / "model.json"
    if case == "bad gold":
        (gold / "broken.gold.json").write_text("{not json", encoding="utf-8")
    else:
        (gold / "a.txt").write_text("JNIM and Ansarul Islam fought in Djibo. JNIM attacked Ansarul Islam.", encoding="utf-8")
        (gold / "a.gold.json").write_text(json.dumps({"text": "a.txt", "entities": [], "relations": []}), encoding="utf-8")
    if case == "out is a folder":
        out.mkdir()
    result = subprocess.run([sys.executable, "-m", "kg.ingest.train", str(gold), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and (out.is_dir() if case == "out is a folder" else not out.exists())
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert {"bad gold": "broken.gold.json", "no relations": "nothing to train", "out is a folder": "model.json"}[case] \
        in result.stderr


def test_ingest_records_which_stage_read_each_relation(tmp_path):
    from kg.ingest.write import ingest
    from kg.store import open_store

    article = tmp_path / "cameroon.txt"
    article.write_text((DEVSET / "cameroon-ambazonia-separatists-2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store("memory:")
    report = ingest(store, [article], date="2024-06-01", validate=True)  # the shapes accept the stage
    assert report.written == [str(article)]
    rows = store.query("SELECT ?stage (COUNT(*) AS ?n) WHERE { ?d a kg:Derivation ; kg:extractionStage ?stage } "
                       "GROUP BY ?stage").rows
    counts = {stage.value: int(n.value) for stage, n in rows}
    assert set(counts) == {"rules", "learned"} and counts["learned"] >= 5
    low = store.query("SELECT (MAX(?c) AS ?top) WHERE { ?d kg:extractionStage \"learned\" ; kg:confidence ?c }").rows
    assert float(low[0][0].value) <= HIGHEST_CONFIDENCE
