"""Relations that unseen wire and press text states in forms the first rules missed (issue 3, recall on unseen text)."""

import pytest

from tests.ingest_helpers import run, triples

MLF, ANSARU, AZAWAD = "Macina Liberation Front", "Ansaru Front", "Azawad Liberation Movement"


@pytest.mark.parametrize(("text", "expected"), [
    ("The Somali National Army, in coordination with the Ansaru Front, raided a village.",
     ("Somali National Army", "cooperatesWith", ANSARU)),
    (f"The {MLF} and the {AZAWAD} have been allies since 2012.", (MLF, "cooperatesWith", AZAWAD)),
    (f"The {AZAWAD} praised its ally the {MLF}.", (AZAWAD, "cooperatesWith", MLF)),
    (f"The {MLF} captured the town of Tessit with help from the {AZAWAD}.", (MLF, "cooperatesWith", AZAWAD)),
    (f"The Kidal Brigade belongs to the {AZAWAD}.", ("Kidal Brigade", "memberOf", AZAWAD)),
    (f"The {ANSARU} supplied weapons to the {MLF}.", (ANSARU, "cooperatesWith", MLF)),
    (f"The {ANSARU} has helped the Malian army track the militants.", (ANSARU, "cooperatesWith", "Malian Armed Forces")),
    (f"The {ANSARU} worked closely with the {MLF}.", (ANSARU, "cooperatesWith", MLF)),
    (f"The {ANSARU} would share intelligence with the {MLF}.", (ANSARU, "cooperatesWith", MLF)),
    (f"The {ANSARU} and the {MLF} jointly attacked Bamako.", (ANSARU, "cooperatesWith", MLF)),
    (f"A joint offensive by the {ANSARU} and the {MLF} began.", (ANSARU, "cooperatesWith", MLF)),
    (f"The {ANSARU} patrolled the border jointly with the {MLF}.", (ANSARU, "cooperatesWith", MLF)),
    (f"Colonel Amadou Diallo, one of the founders of the {ANSARU}, was arrested.", ("Amadou Diallo", "memberOf", ANSARU)),
    (f"The Sahel Liberation Front, made up of the {MLF}, the {ANSARU} and the {AZAWAD}, seized Bamako.",
     (ANSARU, "memberOf", "Sahel Liberation Front")),
    (f"Fighting in Bamako pitted the {MLF} against the {ANSARU}.", (MLF, "atWarWith", ANSARU)),
    (f"Officials reported clashes between the {MLF} and the {ANSARU}.", (MLF, "atWarWith", ANSARU)),
    (f"The Malian army said attacks by the {MLF} on the {ANSARU} continued.", (MLF, "attacked", ANSARU)),
    (f"The {MLF} fired rockets at the {ANSARU}.", (MLF, "attacked", ANSARU)),
    (f"The {ANSARU}'s long rivalry with the {MLF} continued.", (ANSARU, "rivalOf", MLF)),
    (f"Mediators brokered a ceasefire between the {MLF} and the {ANSARU}.", (MLF, "negotiatesWith", ANSARU)),
    (f'The Malian government has called the {MLF} "terrorists".', ("Government of Mali", "criticizes", MLF)),
])
def test_relations_in_nominal_and_appositive_forms(text, expected):
    assert expected in triples(run(text, "2024-05-01"))


@pytest.mark.parametrize("text", [
    "The Macina Liberation Front withdrew from Bamako.",
    "The Macina Liberation Front fought on its own front in Bamako for years.",
    "The Macina Liberation Front is based in Bamako.",
    "The Macina Liberation Front launched a new offensive in Bamako.",
    "Bamako's Macina Liberation Front advanced.",
])
def test_where_a_group_acts_is_where_it_operates(text):
    assert (MLF, "operatesIn", "Bamako") in triples(run(text, "2024-05-01"))


def test_a_clash_places_both_sides_where_it_happened():
    for text in (f"The {MLF} clashed with the {ANSARU} in Bamako.", f"The {MLF} clashed near Bamako in March with the {ANSARU}."):
        found = triples(run(text, "2024-05-01"))
        assert {(MLF, "atWarWith", ANSARU), (MLF, "operatesIn", "Bamako"), (ANSARU, "operatesIn", "Bamako")} <= found


def test_the_agent_of_an_aside_is_not_the_subject():
    found = triples(run(f"The {MLF}, led by Colonel Amadou Diallo, controls Bamako.", "2024-05-01"))
    assert (MLF, "operatesIn", "Bamako") in found
    assert ("Amadou Diallo", "operatesIn", "Bamako") not in found


@pytest.mark.parametrize("text", [
    f"The {MLF}, under its commander-in-chief, Amadou Diallo, took the town.",
    f"Colonel Amadou Diallo spoke. The {MLF} of Colonel Amadou Diallo controls Bamako.",
    f"The group praised Amadou Diallo, the parliament speaker and leader of the {MLF}, for his work.",
    f"The {MLF} attacked Bamako. Colonel Amadou Diallo, the group's commander, said the attack succeeded.",
])
def test_leaders_named_by_role_and_by_of(text):
    assert ("Amadou Diallo", "leaderOf", MLF) in triples(run(text, "2024-05-01"))


def test_the_person_after_a_possessive_role_is_the_object():
    found = triples(run(f"Colonel Musa Kone leads the {ANSARU}. The Malian army killed his deputy Amadou Diallo in May."))
    assert ("Malian Armed Forces", "attacked", "Amadou Diallo") in found


def test_a_signature_under_a_press_release_gives_the_role():
    text = f"The {ANSARU} (ANF) said Colonel Amadou Diallo would speak.\n\nAmadou Diallo\nSpokesperson, ANF\n"
    assert ("Amadou Diallo", "spokespersonOf", ANSARU) in triples(run(text))


def test_countries_of_titles_read_normalised_demonyms_and_the_speakers_country():
    assert ("Yoav Gallant", "memberOf", "Government of Israel") in triples(run("Israeli Defence Minister Yoav Gallant visited."))
    found = triples(run("Talks began under pressure from Mali.\n\nPrime Minister Amadou Diallo said Niger was ready to talk."))
    assert ("Amadou Diallo", "leaderOf", "Government of Niger") in found


def test_units_loyal_to_a_government_are_its_affiliate():
    found = triples(run(f"{ANSARU} units loyal to the Government of National Accord fought in the north."))
    assert (ANSARU, "affiliateOf", "Government of National Accord") in found


def test_offices_named_after_an_organisation_are_not_affiliates():
    found = triples(run("The United Nations Verification Mission said the United Nations would help."))
    assert not {t for t in found if t[1] == "affiliateOf"}


def test_a_group_known_as_a_name_is_the_named_group():
    found = triples(run(f"A Fulani militia known as the Kidal Brigade attacked the {ANSARU}."))
    assert ("Kidal Brigade", "attacked", ANSARU) in found
    assert not {t for t in found if t[0] == "Fulani"}
