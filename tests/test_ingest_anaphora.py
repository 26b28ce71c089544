"""Definite descriptions the relation patterns see as the actors they take up (kg.ingest.anaphora)."""

import pytest

from kg.ingest.anaphora import nouns
from tests.ingest_helpers import finding, run, triples


def test_the_nouns_come_from_the_ontology():
    table = nouns()
    assert "MilitantGroup" in table.classes["cartel"] and "Government" in table.classes["regime"]
    assert table.pattern is not None


def test_a_description_takes_up_the_actor_whose_name_holds_its_noun():
    extraction = run("The Zamfara Bandit Cartel grew in 2019. The Ansaru Front was founded in 2012. "
                     "The cartel attacked the Ansaru Front in March.")
    assert finding(extraction, "Zamfara Bandit Cartel", "attacked", "Ansaru Front")


def test_a_nationality_before_the_noun_names_the_government():
    extraction = run("The Sudanese regime supports the Janjaweed Militia.")
    assert finding(extraction, "Government of Sudan", "cooperatesWith", "Janjaweed Militia")


def test_these_groups_are_the_groups_just_named():
    extraction = run("The Ansaru Front and the Macina Liberation Front were founded in 2012. "
                     "These groups have stepped up operations in the Borno region.")
    assert {("Ansaru Front", "operatesIn", "Borno"), ("Macina Liberation Front", "operatesIn", "Borno")} <= triples(extraction)


_SUMMIT = "The Authority of Heads of State of the Southern African Development Community (SADC) met in Maputo on Monday. "


def test_a_communiques_authority_is_the_organisation_it_first_stands_beside():
    extraction = run(_SUMMIT + "The Authority condemned the Ansaru Front.")
    assert finding(extraction, "Southern African Development Community", "criticizes", "Ansaru Front")


def test_the_government_is_the_documents_countrys():
    extraction = run("MAPUTO, Mozambique, May 3 — The Ansaru Front is holding talks with the Government.")
    assert finding(extraction, "Ansaru Front", "negotiatesWith", "Government of Mozambique")


def test_the_faction_of_a_group_is_that_group():
    extraction = run("The Macina Liberation Front was founded in 2012. "
                     "The Kenyan government is working with the faction of the Ansaru Front led by Abu Ali.")
    assert finding(extraction, "Government of Kenya", "cooperatesWith", "Ansaru Front")
    assert not [f for f in extraction.relations if f.predicate == "memberOf"]


def test_the_commission_is_the_organisation_named_with_it():
    extraction = run("The ECOWAS Commission met in Abuja on Monday. The Commission condemned the Ansaru Front.")
    assert finding(extraction, "ECOWAS Commission", "criticizes", "Ansaru Front")


@pytest.mark.parametrize("text", [
    "The Government of Mali and the Government of Niger met in May. The regime attacked the Ansaru Front.",
    "The Ansaru Front and the Macina Liberation Front met in May. The cartels attacked the Kenya Defence Forces.",
])
def test_no_guess_between_two_candidates_or_for_a_bare_plural(text):
    assert not [f for f in run(text).relations if f.predicate == "attacked"]


def test_the_alliance_is_the_one_whose_name_ends_so():
    extraction = run("The Northern Brotherhood Alliance took Lashio in May. The Kokang Defence Army captured Laukkai. "
                     "Days later, mediators brokered a ceasefire between the Ansaru Front and the alliance.")
    assert finding(extraction, "Ansaru Front", "negotiatesWith", "Northern Brotherhood Alliance")
