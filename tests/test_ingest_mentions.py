"""Finding actor and place mentions: store names, acronyms, name forms, titles, places, possessives."""

import pytest

from kg.ingest.known import build_known
from kg.ingest.lexicon import lexicon
from kg.ingest.mentions import find_mentions
from kg.ingest.pipeline import known_names
from kg.ingest.segment import segment
from kg.names import Gazetteer
from tests.ingest_helpers import EMPTY, entity, run


def mentions(text, known=EMPTY):
    return find_mentions(text, segment(text), known, lexicon())


def kinds(text, known=EMPTY):
    return {(m.text, m.kind, m.type) for m in mentions(text, known)}


@pytest.fixture(scope="module")
def sahel_names(sahel):
    return known_names(sahel)


def test_every_store_name_is_found(sahel_names):
    found = kinds("Fighters of Jama'at Nusrat al-Islam wal-Muslimin and the Pentagon's analysts met.", sahel_names)
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "known", "MilitantGroup") in found
    assert ("Pentagon's", "known", "GovernmentAgency") in found


def test_short_names_match_only_as_written(sahel_names):
    texts = {m.text for m in mentions("It is clear that IS fighters moved.", sahel_names)}
    assert "IS" in texts and "is" not in texts


def test_acronym_definitions_make_aliases():
    extraction = run("The Islamic State in the Greater Sahara (ISGS) grew. ISGS fighters attacked a base.")
    isgs = entity(extraction, "Islamic State in the Greater Sahara")
    assert isgs.type == "MilitantGroup" and "ISGS" in isgs.aliases and len(isgs.mentions) == 3


@pytest.mark.parametrize("text, name, kind", [
    ("Fighters of the Macina Liberation Front attacked.", "Macina Liberation Front", "MilitantGroup"),
    ("Jamaat Ansar al-Islam claimed it.", "Jamaat Ansar al-Islam", "MilitantGroup"),
    ("Ansaru fighters and Ansar Dine met.", "Ansar Dine", "MilitantGroup"),
    ("The Islamic State of Iraq grew.", "Islamic State of Iraq", "MilitantGroup"),
    ("The Azawad Liberation Movement signed.", "Azawad Liberation Movement", "MilitantGroup"),
    ("The Malian Armed Forces advanced.", "Malian Armed Forces", "StateArmedForce"),
    ("According to Human Rights Watch, nothing changed.", "Human Rights Watch", "NonGovernmentalOrganization"),
    ("The Amaq news agency said.", "Amaq news agency", "MediaOutlet"),
])
def test_unknown_names_are_found_by_their_form(text, name, kind):
    assert (name, "name", kind) in kinds(text)


@pytest.mark.parametrize("text, name", [
    ("ISIS spokesman Abu Hamza al-Qurashi said so.", "Abu Hamza al-Qurashi"),
    ("Colonel Assimi Goita took power.", "Assimi Goita"),
    ("Malian President Ibrahim Boubacar Keita resigned.", "Ibrahim Boubacar Keita"),
    ("Its leader, Ahmed Diriye, spoke.", "Ahmed Diriye"),
    ("The group is led by Shahab al-Muhajir.", "Shahab al-Muhajir"),
])
def test_titled_and_led_persons(text, name):
    assert entity(run(text), name).type == "Person"


def test_classes_from_nouns_around_a_name():
    extraction = run("The al-Qaeda-aligned group Hurras al-Din clashed. The STC, a separatist movement, fought. "
                     "Houthi fighters left the port town of Mocha.")
    assert entity(extraction, "Hurras al-Din").type == "MilitantGroup"
    assert entity(extraction, "STC").type == "MilitantGroup"
    assert entity(extraction, "Houthi").type == "MilitantGroup"
    assert entity(extraction, "Mocha").type == "City"


def test_countries_regions_and_demonyms_without_a_store():
    extraction = run("Attacks spread from Mali to Burkina Faso and across the Sahel. Nigerian troops and US service members.")
    assert entity(extraction, "Mali").type == "Country"
    assert entity(extraction, "Sahel").type == "Region"
    assert entity(extraction, "Nigerian Armed Forces").type == "StateArmedForce"
    assert entity(extraction, "American Armed Forces").country == "United States"


def test_possessives_are_marked_and_stripped():
    found = [m for m in mentions("It was reported in ISIS’s weekly Al-Naba newsletter.") if m.text.startswith("ISIS")]
    assert found[0].possessive and found[0].name == "ISIS"


def test_headlines_in_title_case_give_no_chunk_names():
    found = mentions("Islamic State Khorasan Claims Kabul Airport Bombing\n\nISKP fighters attacked.")
    assert [m.text for m in found if m.kind in ("chunk", "name", "cued")] == ["ISKP"]


def test_a_gazetteer_from_entries():
    known = build_known(Gazetteer([]))
    assert known.names["mali"][0].type == "Country"
    assert known.demonyms["malian"] == "Mali"


@pytest.mark.parametrize("text, name, cls", [
    ("Tehreek-e-Taliban Pakistan (TTP) spokesman Muhammad Khurasani spoke.", "Tehreek-e-Taliban Pakistan", "MilitantGroup"),
    ("The Uganda People's Defence Force (UPDF) shelled camps.", "Uganda People's Defence Force", "StateArmedForce"),
    ("The Armed Forces of the Democratic Republic of the Congo (FARDC) said so.",
     "Armed Forces of the Democratic Republic of the Congo", "StateArmedForce"),
])
def test_an_acronym_makes_the_words_it_abbreviates_one_name(text, name, cls):
    found = entity(run(text), name)
    assert found.type == cls and text[text.index("(") + 1:text.index(")")] in found.aliases


def test_lowercase_particles_inside_hyphenated_names():
    assert entity(run("A commander of the Jamaat-ul-Ahrar faction claimed the attack."), "Jamaat-ul-Ahrar")


def typed(text):
    """The used entities of a text's extraction, as label → class."""
    return {e.label: e.type for e in run(text).used_entities()}


@pytest.mark.parametrize("text, name", [
    ("Ombudsman Teodoro Ruiz Peña visited the camp.", "Teodoro Ruiz Peña"),
    ("Its founding secretary-general Karim Ould Salem left in 1999.", "Karim Ould Salem"),
    ("Rebels loyal to the rogue commander known as Ousmane Diakité fled.", "Ousmane Diakité"),
    ("Police in Bamako detained Seydou Traoré, the alleged head of the cell's finances.", "Seydou Traoré"),
    ("Reporters in Gao met Ahmed Ould Ali, who was wounded in 2009.", "Ahmed Ould Ali"),
])
def test_persons_from_titles_cue_phrases_apposition_and_who(text, name):
    assert typed(text)[name] == "Person"


def test_a_role_in_apposition_before_said_is_not_the_name_s():
    assert typed("Drones struck a depot in Kidal, the spokesman said.").get("Kidal") != "Person"


def test_an_organisation_noun_before_the_role_makes_no_person():
    assert typed("Ansar Dine, a group whose leader fled, split.")["Ansar Dine"] == "MilitantGroup"


@pytest.mark.parametrize("text, name, cls", [
    ("The armed group that calls itself Ganda Izo raided Boni.", "Ganda Izo", "MilitantGroup"),
    ("A militia known as the Dan Na Ambassagou burned a village.", "Dan Na Ambassagou", "MilitantGroup"),
    ("Koglweogo militiamen blocked the road.", "Koglweogo", "MilitantGroup"),
])
def test_groups_from_cue_phrases_and_nouns(text, name, cls):
    assert typed(text)[name] == cls


@pytest.mark.parametrize("text, name, cls", [
    ("The Four Rivers Alliance seized a bridge.", "Four Rivers Alliance", "MilitantGroup"),
    ("The 12th Front ambushed a patrol.", "12th Front", "MilitantGroup"),
    ("The Karenni National Progressive Council signed a truce.", "Karenni National Progressive Council", "MilitantGroup"),
    ("The Supreme Council of Azawad State met.", "Supreme Council of Azawad State", "MilitantGroup"),
    ("The Military Administration Council imposed a curfew.", "Military Administration Council", "Government"),
    ("The Transitional Unity Government was sworn in.", "Transitional Unity Government", "Government"),
    ("The Government of National Salvation resigned.", "Government of National Salvation", "Government"),
    ("The Revolutionary Guard Corps fired missiles.", "Revolutionary Guard Corps", "StateArmedForce"),
    ("Troops of the 42nd Infantry Brigade advanced.", "42nd Infantry Brigade", "StateArmedForce"),
    ("The Abu Hafs Group claimed the bombing.", "Abu Hafs Group", "MilitantGroup"),
    ("The Sahel Liberation Fighters, a breakaway faction, fought.", "Sahel Liberation Fighters", "MilitantGroup"),
    ("The Karen National Army shelled a camp.", "Karen National Army", "MilitantGroup"),
    ("The Council of Ministers approved the budget.", "Council of Ministers", "Government"),
])
def test_the_head_noun_decides_the_class(text, name, cls):
    assert typed(text)[name] == cls


@pytest.mark.parametrize("text, name, cls", [
    ("The Chad National Resistance Council attacked a garrison.", "Chad National Resistance Council", "MilitantGroup"),
    ("The Tigray Region Health Commission reported deaths.", "Tigray Region Health Commission", "GovernmentAgency"),
    ("The People's Resistance Force ambushed a convoy.", "People's Resistance Force", "MilitantGroup"),
    ("The Prosecutor's Office opened a case.", "Prosecutor's Office", "GovernmentAgency"),
    ("The Office for the Protection of Displaced Persons said so.", "Office for the Protection of Displaced Persons",
     "GovernmentAgency"),
    ("The Central Bank of Yemen froze accounts.", "Central Bank of Yemen", "GovernmentAgency"),
    ("The Attorney General's Office charged them.", "Attorney General's Office", "GovernmentAgency"),
    ("The Front for the Liberation of the Enclave of Cabinda struck.", "Front for the Liberation of the Enclave of Cabinda",
     "MilitantGroup"),
])
def test_names_split_by_the_word_rules_are_joined(text, name, cls):
    assert typed(text)[name] == cls


def test_directions_and_zones_make_regions_not_towns():
    found = typed("Fighting spread to North Shewa and West Wollega, then to the Borana zone. A clinic in South Omo zone shut.")
    assert found["North Shewa"] == found["West Wollega"] == found["Borana"] == found["South Omo"] == "Region"


def test_a_direction_after_the_is_not_a_region():
    assert typed("Gunmen attacked the North Hospital in Kadugli.").get("North Hospital") != "Region"


def test_joined_acronyms_are_split_and_codes_are_not_places():
    found = {m.text for m in mentions("The PDF-KIA offensive stalled in Q3 and H1.")}
    assert {"PDF", "KIA"} <= found and "PDF-KIA" not in found
    assert typed("The PDF-KIA offensive stalled in Q3.").get("Q3") is None


def test_a_lone_head_noun_is_no_actor():
    assert "Commission" not in typed("The regional Police Commission said three died.")


def test_international_organisations_are_known_by_every_name():
    found = typed("The World Food Programme and UNHCR warned. The Office for the Coordination of Humanitarian Affairs agreed.")
    assert found["World Food Programme"] == found["United Nations High Commissioner for Refugees"] == \
        found["United Nations Office for the Coordination of Humanitarian Affairs"] == "IntergovernmentalOrganization"


def test_a_numbered_unit_is_not_joined_with_the_group_it_belongs_to():
    found = typed("The 21st Front of the Central General Staff recruited children.")
    assert found["21st Front"] == "MilitantGroup" and "21st Front of the Central General Staff" not in found


def test_a_possessor_before_a_relation_title_is_an_organisation():
    extraction = run("Amal's founding leader Musa Sadr vanished in 1978.")
    assert entity(extraction, "Amal").type == "MilitantGroup"
    assert ("Musa Sadr", "leaderOf", "Amal") in {(f.subject.label, f.predicate, f.object.label) for f in extraction.relations}


def test_identified_as_after_a_comma_and_succession_make_persons():
    assert typed("Police held a courier, identified as Amina Yusuf Ali, in Garissa.")["Amina Yusuf Ali"] == "Person"
    assert typed("He was expected to succeed Omar Dia Kone as emir.")["Omar Dia Kone"] == "Person"


def test_a_name_after_an_organisation_s_of_is_not_typed_by_its_head():
    assert typed("The Sudanese Armed Forces of Abdel Fattah Burhan advanced.").get("Abdel Fattah Burhan") != "StateArmedForce"


def test_del_joins_the_words_of_a_name():
    assert "Zamboanga del Norte" in {m.text for m in mentions("Troops in Zamboanga del Norte fought.")}
