"""Relations stated by nouns, and arguments the shallow clause reading used to lose (kg.ingest.nouns, the lexicon)."""

from kg.ingest.lexicon import compile_template
from tests.ingest_helpers import finding, run, triples


def test_an_optional_first_word_may_be_left_out():
    template = compile_template("atWarWith", "heavy? fighting between SO")
    assert {"heavy", "fighting"} <= template.first_words
    assert template.pattern.match("Fighting between") and template.pattern.match("heavy fighting between")
    extraction = run("Fighting between the Ansaru Front and the Macina Liberation Front resumed.")
    assert finding(extraction, "Ansaru Front", "atWarWith", "Macina Liberation Front")


def test_between_pairs_across_an_apposition_and_a_relative_clause():
    extraction = run("Fighting between the Ansaru Front, the faction led by Abu Ali, and the Macina Liberation Front, "
                     "which remains loyal to Amadou Kouffa, continued in May.")
    assert finding(extraction, "Ansaru Front", "atWarWith", "Macina Liberation Front")


def test_the_sons_of_a_man_are_not_the_man():
    extraction = run("The Ansaru Front, the faction led by the sons of Abu Ali, grew in May.")
    assert not [f for f in extraction.relations if f.predicate == "leaderOf"]


def test_operations_against_past_their_dates_and_places():
    extraction = run("The Nigerian Army conducted operations between 3 and 10 May in the Sambisa and Gwoza areas "
                     "against the Ansaru Front.")
    assert finding(extraction, "Nigerian Army", "atWarWith", "Ansaru Front")
    assert ("Nigerian Army", "operatesIn", "Gwoza") in triples(extraction)


def test_the_gap_is_only_dates_and_places():
    extraction = run("The Nigerian Army conducted operations to protect farmers who were fleeing raids against the Ansaru Front.")
    assert not [f for f in extraction.relations if f.predicate == "atWarWith"]


def test_a_group_that_calls_itself_a_name_is_the_object():
    extraction = run("The Nigerian Army launched operations against the armed group that calls itself Ansaru.")
    assert finding(extraction, "Nigerian Army", "atWarWith", "Ansaru")


def test_a_partner_in_coordination_shares_the_offensive():
    extraction = run("The Nigerian Army, in coordination with the Civilian Joint Task Force, launched an offensive "
                     "against the Ansaru Front.")
    assert finding(extraction, "Civilian Joint Task Force", "atWarWith", "Ansaru Front").inferred


def test_a_verb_after_and_keeps_the_subject_of_the_verb_before():
    extraction = run("The Ansaru Front, which emerged in 2012, regards the Nigerian Army as apostates and has fought "
                     "the Macina Liberation Front for years.")
    assert finding(extraction, "Ansaru Front", "atWarWith", "Macina Liberation Front")
    assert ("Nigerian Army", "atWarWith", "Macina Liberation Front") not in triples(extraction)


def test_a_unit_of_a_force_is_its_member():
    extraction = run("The 15th Infantry Division of the Kenya Defence Forces was sent to Garissa.")
    assert finding(extraction, "15th Infantry Division", "memberOf", "Kenya Defence Forces")


def test_pressing_offensives_in_places_is_operating_there():
    extraction = run("The Ansaru Front pressed its offensives in Borno and Yobe.")
    assert {("Ansaru Front", "operatesIn", "Borno"), ("Ansaru Front", "operatesIn", "Yobe")} <= triples(extraction)


def test_whose_detention_is_condemned_is_not_criticised():
    extraction = run("The Kenyan government condemned the detention of Abu Ali, the leader of the Ansaru Front.")
    assert not [f for f in extraction.relations if f.predicate == "criticizes"]
    assert finding(extraction, "Abu Ali", "leaderOf", "Ansaru Front")


def test_attacks_carried_out_by_a_list_against_a_force():
    extraction = run("The Council condemned the attacks carried out by armed groups, notably the Ansaru Front and the "
                     "Macina Liberation Front, against the Nigerian Army in Borno.")
    assert {("Ansaru Front", "attacked", "Nigerian Army"), ("Macina Liberation Front", "attacked", "Nigerian Army")} \
        <= triples(extraction)
    assert not [f for f in extraction.relations if f.predicate == "cooperatesWith"]  # a list of authors, not a joint act
