"""Offices, founders, accusations and threats read in forms the earlier rules missed (kg.ingest.offices, the clause
reading and the lexicon)."""

from tests.ingest_helpers import run, triples

MLF, ANSARU = "Macina Liberation Front", "Ansaru Front"
ECOWAS = "Economic Community of West African States"


def test_a_second_title_joined_by_and_in_an_apposition():
    found = triples(run(f"The summit was chaired by Bola Ahmed Tinubu, President of the Federal Republic of Nigeria and "
                        f"Chairman of the {ECOWAS}."))
    assert ("Bola Ahmed Tinubu", "leaderOf", ECOWAS) in found


def test_with_a_person_as_its_head():
    found = triples(run(f"The officers formed the {MLF}, with General Amadou Diallo as its head."))
    assert ("Amadou Diallo", "leaderOf", MLF) in found


def test_founded_by_a_person():
    found = triples(run(f"The {MLF} was founded around 2015 by the cleric Amadou Kouffa."))
    assert ("Amadou Kouffa", "leaderOf", MLF) in found


def test_founded_by_people_opposed_to_a_person_is_not_his():
    found = triples(run(f"The {MLF} was founded in the 1990s by herders opposed to the cleric Amadou Kouffa."))
    assert ("Amadou Kouffa", "leaderOf", MLF) not in found


def test_the_commander_of_a_unit_of_an_army_leads_the_unit():
    found = triples(run("The Tessit Brigade, a unit of the Malian Armed Forces commanded by Amadou Diallo, clashed with rebels."))
    assert ("Amadou Diallo", "leaderOf", "Tessit Brigade") in found
    assert ("Amadou Diallo", "leaderOf", "Malian Armed Forces") not in found


def test_holding_a_group_responsible_after_a_comma_and():
    found = triples(run(f"The {ECOWAS} condemns the killing of three soldiers in the north of the country on Monday, and "
                        f"holds the {MLF} fully responsible for it."))
    assert (ECOWAS, "criticizes", MLF) in found


def test_a_warning_to_a_regime_and_its_collaborators():
    found = triples(run(f"The {ANSARU} warns the {MLF} and its collaborators that any attack will be met with force."))
    assert (ANSARU, "threatens", MLF) in found


def test_fire_on_the_posts_of_an_army():
    found = triples(run(f"The Malian Armed Forces said {MLF} fighters had fired on several of its posts overnight."))
    assert (MLF, "attacked", "Malian Armed Forces") in found


def test_gunmen_believed_to_belong_to_a_group():
    found = triples(run(f"Gunmen believed to belong to the {MLF} ambushed a patrol of the {ANSARU}."))
    assert (MLF, "attacked", ANSARU) in found


def test_a_front_for_another_group():
    found = triples(run(f"The {ANSARU}, a group that officials describe as a front for the {MLF}, claimed the attack."))
    assert (ANSARU, "affiliateOf", MLF) in found


def test_a_group_based_in_a_country():
    found = triples(run(f"The attack was claimed by the Mali-based {MLF}."))
    assert (MLF, "operatesIn", "Mali") in found


def test_cooperating_by_exposing_a_group_is_not_cooperating_with_it():
    found = triples(run(f"The Malian Armed Forces call on the people to cooperate with the security forces by exposing "
                        f"the {MLF} and its supply networks."))
    assert ("Malian Armed Forces", "cooperatesWith", MLF) not in found


def test_condemning_the_attack_is_not_about_a_later_skirmish():
    text = (f"Gunmen killed 26 tourists near Bamako on Tuesday. Police named three suspects. The army was put on alert. "
            f"Officials met in the capital. The Malian Armed Forces said {MLF} fighters had fired on several of its posts on "
            f"Friday. A spokesman spoke. "
            f"Later that week the {ANSARU} condemned the attack.")
    assert (ANSARU, "criticizes", MLF) not in triples(run(text))
