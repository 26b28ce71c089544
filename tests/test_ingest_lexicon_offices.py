"""The word lists of ontology/lexicon-offices.ttl, read into the lexicon (kg.ingest.lexicon) and used by the offices,
triggers, nouns and governments stages: each test's sentence turns on a word that lives only there."""

from kg.ingest.lexicon import lexicon
from tests.ingest_helpers import run, triples

MLF, ANSARU = "Macina Liberation Front", "Ansaru Front"


def test_the_lexicon_reads_the_office_annotations():
    lex = lexicon()
    assert "Chief of Defence Staff" in lex.head_titles["StateArmedForce"]
    assert {"president", "prime minister"} <= set(lex.head_titles["Government"])
    assert {"attacked", "atWarWith", "cooperatesWith", "ousted"} <= lex.placing
    assert lex.unplaced_endings["cooperatesWith"] == ("by S",)
    assert lex.prospect.search("the junta was mulling ") and not lex.prospect.search("the junta was planning ")


def test_a_head_title_of_the_armed_forces_leads_the_army_just_named():
    found = triples(run("The Malian Armed Forces retook Gao on Monday. The Chief of Defence Staff, General Amadou Diallo, "
                        "visited the town.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", "Malian Armed Forces") in found


def test_a_head_title_of_a_government_alone_in_an_apposition():
    found = triples(run(f"In Niger, Ali Lamine Zeine, the president, condemned the {MLF}.", "2024-05-01"))
    assert ("Ali Lamine Zeine", "leaderOf", "Government of Niger") in found
    found = triples(run(f"In Niger, Ali Lamine Zeine, the emir, condemned the {MLF}.", "2024-05-01"))
    assert ("Ali Lamine Zeine", "leaderOf", "Government of Niger") not in found


def test_a_deed_mulled_is_not_done():
    found = triples(run(f"Niger said on Friday that it was mulling whether to designate the {MLF} a terrorist group.",
                        "2024-05-01"))
    assert ("Government of Niger", "criticizes", MLF) not in found
    found = triples(run(f"Niger said on Friday that it had decided to designate the {MLF} a terrorist group.", "2024-05-01"))
    assert ("Government of Niger", "criticizes", MLF) in found


def test_a_backer_is_not_placed_where_the_backed_group_is():
    found = triples(run(f"The {MLF}, which is backed by the {ANSARU} and based in Gao, attacked an army post.", "2024-05-01"))
    assert (MLF, "operatesIn", "Gao") in found
    assert (ANSARU, "operatesIn", "Gao") not in found


def test_allies_fighting_together_are_both_placed():
    found = triples(run(f"The {ANSARU} fought alongside the {MLF} in Gao.", "2024-05-01"))
    assert {(ANSARU, "operatesIn", "Gao"), (MLF, "operatesIn", "Gao")} <= found


def test_a_body_after_whose_and_a_modifier_is_a_part():
    found = triples(run(f"The {MLF}, whose feared Tessit Brigade claimed the attack, operates in Mali.", "2024-05-01"))
    assert ("Tessit Brigade", "memberOf", MLF) in found


def test_a_country_whose_authorities_act_is_its_government():
    for text in ("Niger, whose transitional authorities expelled French troops in 2023, borders Mali.",
                 "Niger, whose cabinet expelled French troops in 2023, borders Mali."):
        labels = {e.label for e in run(text, "2024-05-01").used_entities()}
        assert "Government of Niger" in labels and "Niger" not in labels, text
