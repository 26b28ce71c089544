"""General English forms of relations (issue 3, recall on unseen text, round 5): relation nouns in apposition and
after a copula, passives with "by", mergers, material support, joint action, media arms, relative clauses, subjects
shared across "and", coordinated names sharing a class, and bare offices in apposition."""

import pytest

from tests.ingest_helpers import run, triples

MLF, ANSARU, AZAWAD = "Macina Liberation Front", "Ansaru Front", "Azawad Liberation Movement"
SAHEL = "Sahel Liberation Front"


@pytest.mark.parametrize(("text", "expected"), [
    (f"Attacks by the {MLF}, the Sahel branch of the {AZAWAD}, rose last year.", (MLF, "affiliateOf", AZAWAD)),
    (f"The {SAHEL} was created in 2019 through the merger of the {MLF} and the {ANSARU}.", (ANSARU, "mergedInto", SAHEL)),
    (f"The {MLF} claimed the raid through its media arm, Radio Tessit.", ("Radio Tessit", "publishedBy", MLF)),
    (f"Officials say the {ANSARU} funds the {MLF}.", (ANSARU, "cooperatesWith", MLF)),
    (f"The {ANSARU}, which funds and arms both the {MLF} and the {AZAWAD}, denied it.", (ANSARU, "cooperatesWith", AZAWAD)),
    (f"The {MLF} and the {ANSARU} will begin joint patrols in May.", (MLF, "cooperatesWith", ANSARU)),
    (f"The {MLF} has been proscribed by the Malian government since 2015.", ("Government of Mali", "criticizes", MLF)),
    (f"The Security Council passed a resolution demanding that the {MLF} stop its attacks.",
     ("Security Council", "criticizes", MLF)),
    (f"Colonel Amadou Diallo was killed by the {MLF} near Gao.", (MLF, "attacked", "Amadou Diallo")),
    (f"The {ANSARU} said it had inflicted heavy losses on the {MLF} near Gao.", (ANSARU, "attacked", MLF)),
    (f"The {MLF} holds the river villages, where its fighters compete with the {ANSARU} for recruits.",
     (MLF, "rivalOf", ANSARU)),
    (f"Chad, which led a military coalition against the {MLF} from 2013, has withdrawn.",
     ("Government of Chad", "atWarWith", MLF)),
    (f"Colonel Amadou Diallo, a commander of the {MLF}, lives in Niamey.", ("Amadou Diallo", "operatesIn", "Niamey")),
    (f"The {MLF} leader, Amadou Diallo, operates from Niger.", ("Amadou Diallo", "operatesIn", "Niger")),
    (f"Algeria has hosted the political bureau of the {MLF} in Algiers since 2015.", (MLF, "operatesIn", "Algiers")),
    (f"The {MLF} (MLF) denied the raid. Aid convoys reached MLF-held areas of Niger on Monday.", (MLF, "operatesIn", "Niger")),
])
def test_general_forms(text, expected):
    assert expected in triples(run(text, "2024-05-01"))


def test_plural_heads_of_countries_act_for_each():
    """"the governments of Niger and Chad agreed": each government is a party, not the noun "governments"."""
    found = triples(run("On 3 May the governments of Niger and Chad agreed to run joint patrols on the border.", "2024-05-05"))
    assert ("Government of Niger", "cooperatesWith", "Government of Chad") in found \
        or ("Government of Chad", "cooperatesWith", "Government of Niger") in found


def test_a_passive_after_and_shares_the_subject_of_the_verb_before():
    found = triples(run(f"The {SAHEL} was formed in 2019 from the merger of two groups, and is led by the Malian "
                        "preacher Amadou Diallo.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", SAHEL) in found


def test_coordinated_names_share_the_class_of_their_typed_members():
    found = triples(run(f"The {SAHEL} was founded in 2017 from the merger of the {MLF}, Kel Essouk and the {ANSARU}.",
                        "2024-05-01"))
    assert ("Kel Essouk", "mergedInto", SAHEL) in found


def test_an_aside_opened_by_whose_is_not_the_subject():
    found = triples(run(f"The {MLF}, whose {AZAWAD} claimed the ambush, has been banned by Niger since 2016.", "2024-05-01"))
    assert ("Government of Niger", "criticizes", MLF) in found
    assert ("Government of Niger", "criticizes", AZAWAD) not in found


def test_who_takes_up_the_person_an_apposition_describes():
    found = triples(run(f"Talks rest with Amadou Diallo, the deputy head of the {MLF} in Gao, who lives in Niamey.",
                        "2024-05-01"))
    assert ("Amadou Diallo", "operatesIn", "Niamey") in found
    assert (MLF, "operatesIn", "Niamey") not in found


def test_a_backer_is_not_placed_where_the_one_it_backs_is():
    found = triples(run(f"The {MLF}, which is backed by Niger and based in Gao, denied the claim.", "2024-05-01"))
    assert {("Government of Niger", "cooperatesWith", MLF), (MLF, "operatesIn", "Gao")} <= found
    assert ("Government of Niger", "operatesIn", "Gao") not in found


def test_a_bare_office_in_apposition_is_the_countrys():
    found = triples(run("Chad's army moved north. The decision lies with Amadou Diallo, the prime minister, whose "
                        "cabinet may leave the government.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", "Government of Chad") in found


def test_a_lower_case_prime_minister_leads():
    found = triples(run("Chad closed its border. Its prime minister, Amadou Diallo, announced the truce.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", "Government of Chad") in found


def test_the_countrys_own_government_does_not_hide_a_bare_titles_country():
    found = triples(run("Chad closed its northern border on Monday.\n\nThe cabinet includes Interior Minister Amadou Diallo, who "
                        "has said he will leave the government if talks begin.", "2024-05-01"))
    assert ("Amadou Diallo", "memberOf", "Government of Chad") in found


def test_the_place_line_of_an_incident_log_entry_is_where_its_armed_parties_act():
    text = (f"Incident log\n\n3 March 2024 – Menaka, Menaka region, Mali. Two traders were abducted by {MLF} (MLF) gunmen "
            "and a Malian Armed Forces patrol searched the road.\n\n"
            f"9 March 2024 – Gao, Mali. A market burned; residents blamed the militants.\n")
    found = triples(run(text, "2024-04-01"))
    assert {(MLF, "operatesIn", "Menaka"), ("Malian Armed Forces", "operatesIn", "Menaka")} <= found
    assert (MLF, "operatesIn", "Gao") not in found  # "the militants": named in no act of the second entry


def test_a_timeline_entry_that_goes_on_in_a_clause_is_no_place_line():
    text = (f"Timeline\n\nMarch 12 – Malian troops withdrew from their base in Gao. Days later the {MLF} (MLF) ambushed "
            "a convoy near Tessalit.\n")
    assert (MLF, "operatesIn", "Gao") not in triples(run(text, "2024-04-01"))


def test_a_place_joined_by_a_hyphen_and_a_tab_before_a_name():
    found = run("Mali-Niger\tTalks\nend", "2024-04-01")  # the compound rule once looked for a space and found none
    assert "Mali" not in {e.label for e in found.entities}


def test_a_name_glued_to_a_modifier_is_not_the_agent_inside_a_phrase():
    found = triples(run(f"Officials reported attacks by the Niger-backed {ANSARU} on the {MLF}.", "2024-05-01"))
    assert (ANSARU, "attacked", MLF) in found
    assert ("Government of Niger", "attacked", MLF) not in found


def test_an_apposition_after_a_comma_does_not_hold_the_object():
    found = triples(run(f"The {MLF} attacked the market, a target the {ANSARU} had long protected.", "2024-05-01"))
    assert (MLF, "attacked", ANSARU) not in found


def test_a_body_introduced_by_whose_is_a_part_of_its_owner():
    found = triples(run(f"The {AZAWAD}, whose so-called {MLF} claimed the ambush, denied it. Chad, whose National "
                        "Intelligence Agency keeps lines to the rebels, said nothing.", "2024-05-01"))
    assert (MLF, "memberOf", AZAWAD) in found
    assert ("National Intelligence Agency", "memberOf", "Government of Chad") in found


def test_the_name_after_a_body_and_a_role_noun_fills_a_persons_place():
    found = triples(run(f"The {AZAWAD} is commanded by Nigerien army officer Amadou Diallo.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", AZAWAD) in found


def test_a_relative_with_a_singular_verb_takes_up_the_last_of_a_list():
    found = triples(run(f"Niger backs the {MLF} and the {AZAWAD}, which is led by Colonel Amadou Diallo.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", AZAWAD) in found
    assert ("Amadou Diallo", "leaderOf", MLF) not in found


def test_the_office_a_person_is_sworn_into_is_the_countrys():
    found = triples(run("Chad held a presidential election in April. On 1 May Amadou Diallo was sworn in as president.",
                        "2024-05-05"))
    assert ("Amadou Diallo", "leaderOf", "Government of Chad") in found


def test_a_deed_only_weighed_is_not_done():
    found = triples(run(f"Niger said on Friday that it was considering designating the {MLF} a terrorist group.", "2024-05-01"))
    assert ("Government of Niger", "criticizes", MLF) not in found
    found = triples(run(f"Niger designated the {MLF} a terrorist group on Friday.", "2024-05-01"))
    assert ("Government of Niger", "criticizes", MLF) in found


def test_a_title_that_names_the_army_leads_it():
    found = triples(run("The Malian Armed Forces retook Gao on Monday. The Chief of General Staff, General Amadou Diallo, "
                        "visited the town.", "2024-05-01"))
    assert ("Amadou Diallo", "leaderOf", "Malian Armed Forces") in found
