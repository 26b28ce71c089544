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
