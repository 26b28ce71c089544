"""Entity rules that carry to text the rules were not written from: incident logs, letterheads, units of a state's force,
regional governments, countries acting in headlines and elided possessives, descriptions that are not names.

Every sentence here is made up for the test; each test fails without the rule it names.
"""

import pytest

from kg.ingest.entities import document_country
from kg.ingest.heads import head_class
from kg.ingest.lexicon import lexicon
from kg.ingest.mentions import find_mentions
from kg.ingest.resolve import resolve
from kg.ingest.segment import segment
from tests.ingest_helpers import EMPTY, run


def typed(text: str) -> dict[str, str]:
    """The used entities' labels and classes."""
    return {e.label: e.type for e in run(text, date="2025-03-01").used_entities()}


def named(text: str, label: str) -> list[str]:
    """The mention texts of the entity with this label."""
    entity = next(e for e in run(text, date="2025-03-01").entities if e.label == label)
    return [m.text for m in entity.mentions]


@pytest.mark.parametrize("name, cls", [
    ("Sahel Border Monitor", "NonGovernmentalOrganization"),    # kg:headNoun "Monitor"
    ("Okavango National Park", "Region"),                       # kg:headNoun "National Park"
    ("INTER SERVICES PUBLIC RELATIONS", "GovernmentAgency"),    # a letterhead in capitals has its head noun too
])
def test_head_nouns_of_monitors_parks_and_letterheads(name, cls):
    assert head_class(name) == cls


def test_bare_gaza_is_the_strip_not_the_city():
    assert typed("Aid trucks were stopped at the crossing into Gaza on Monday.").get("Gaza") == "Region"


def test_a_country_before_a_river_names_the_river():
    assert typed("Smugglers crossed the Niger River at night with fuel.").get("Niger River") == "Region"


def test_a_television_channel_names_an_outlet():
    assert typed("The commander spoke on the group's Al-Bayan television channel on Sunday.").get("Al-Bayan") == "MediaOutlet"


def test_az_is_an_article_glued_to_the_name():
    assert "az-Zahra" in typed("The claim was carried by its media arm, az-Zahra, on Friday.")


def test_a_coordinator_in_apposition_after_a_possessive_name_is_a_person():
    assert typed("Mark Feld, the outgoing administration's Sahel coordinator, drafted the text.").get("Mark Feld") == "Person"
    assert typed("Lena Ostrova, President-elect Tomas Berg's envoy, met the rebels.").get("Lena Ostrova") == "Person"


def test_an_acronym_abbreviates_the_run_whose_initials_are_its_letters():
    found = typed("Troops of the Kenya Army and the Kenya Air Force (KAF) secured the base at dawn.")
    assert "Kenya Army and the Kenya Air Force" not in found
    assert found.get("Kenya Air Force") == "StateArmedForce"


def test_no_at_the_start_of_a_sentence_is_no_name():
    assert "No" not in typed("Gunmen burned a market near the border. No group claimed the attack.")


def test_a_unit_of_a_state_force_is_a_state_force():
    text = "Commandos of the Rapid Action Group (RAG) of the Kenya Army stormed the hideout."
    assert typed(text).get("Rapid Action Group") == "StateArmedForce"


def test_countries_joined_by_a_hyphen_in_a_longer_name_are_not_mentioned():
    found = typed("Officials discussed the China-Nepal Economic Corridor on Friday in a long meeting.")
    assert "China" not in found and "Nepal" not in found


def test_an_interim_government_keeps_its_first_word():
    assert "Interim Sudanese Government" in named("The Interim Sudanese Government rejected the plan on Monday.",
                                                  "Government of Sudan")


def test_a_countrys_government_and_forces_name_the_country_an_article_is_about():
    text = ("Talks ended without a deal, the Government of Kenya said on Monday.\n\nThe Kenya Defence Forces moved "
            "north. Somalia was not invited. Kenya and its partners will meet again in May.")
    mentions = find_mentions(text, segment(text), EMPTY, lexicon())
    assert document_country(text, resolve(text, mentions, EMPTY, lexicon())) == "Kenya"


def test_the_so_called_name_after_a_comma_is_an_alias():
    found = run("Police arrested members of Fitna al Sharq, the so-called Eastern Liberation Army (ELA), in March.").entities
    army = next(e for e in found if "Eastern Liberation Army" in (e.label, *e.aliases))
    assert "Fitna al Sharq" in (army.label, *army.aliases)


@pytest.mark.parametrize("text, country", [
    ("Talks stalled with Chad, whose military government accuses the rebels of bad faith.", "Chad"),   # ", whose government"
    ("Western diplomats say Moscow supplies the junta with helicopters.", "Moscow"),                    # present of backing
    ("The group was designated a terrorist organisation by Canada in 2014.", "Canada"),                  # a passive's agent
    ("Norway has mediated alongside Kenya since March.", "Kenya"),                                       # the party one acts with
    ("Norway has mediated alongside Kenya and Uganda since March.", "Uganda"),                           # … and the next one
    ("The deal owes much to two governments, Oman's and Kuwait's, which carried messages.", "Kuwait's"),  # an elided noun
    ("How Oman Brokered A Truce Between The Rivals\n\nThe talks lasted a week.", "Oman"),                # a headline's verb
])
def test_a_country_acting_is_its_government(text, country):
    governments = [e for e in run(text, date="2025-03-01").entities if e.type == "Government"]
    assert country in [m.text for e in governments for m in e.mentions]


def test_a_town_placed_by_an_area_and_a_country_in_an_incident_log():
    text = "3 June 2025 – Sokodéré, Kara region, Togo. Gunmen burned a market and killed two traders."
    assert typed(text).get("Sokodéré") == "City"


def test_the_end_of_a_road_is_a_town():
    assert typed("Gunmen ambushed a convoy on the road to Kourbani on Tuesday.").get("Kourbani") == "City"


def test_a_name_the_text_defines_is_the_same_name_in_its_letterhead():
    text = "Sahel Border Monitor\n\nThe Sahel Border Monitor (SBM) recorded 40 incidents in the first quarter of the year."
    found = typed(text)
    assert "Sahel" not in found and found.get("Sahel Border Monitor") == "NonGovernmentalOrganization"


def test_an_indefinite_description_is_not_a_name():
    found = typed("The Ahlul Bayt, a Zaydi Shi'ite movement from the north, seized the port.")
    assert not any("movement" in label for label in found)
    assert "Zaydi Shi'ite" not in found and found.get("Ahlul Bayt") == "MilitantGroup"


def test_a_government_in_apposition_outweighs_a_council_head():
    assert typed("The National Transition Council, the country's interim government, met on Monday.").get(
        "National Transition Council") == "Government"


def test_an_apposition_after_an_acronym_types_the_name():
    assert typed("The National Transition Council (NTC), the country's interim government, met on Monday.").get(
        "National Transition Council") == "Government"


def test_a_name_under_an_organisation_is_the_person_heading_it():
    text = "The National Intelligence Bureau under Karim Haddad keeps its own lines to the rebels."
    assert typed(text).get("Karim Haddad") == "Person"


def test_names_before_a_plural_park_noun_are_areas():
    assert typed("Rangers patrol the Bouba and Ndjida national parks every week.").get("Ndjida") == "Region"


def test_a_force_named_before_a_model_name_is_cut_from_it():
    assert typed("Two Royal Navy Merlin helicopters landed on the deck at noon.").get("Royal Navy") == "StateArmedForce"


def test_what_gunmen_belong_to_is_an_armed_group():
    assert typed("Gunmen believed to belong to the Mariposa ambushed a patrol near the town.").get("Mariposa") \
        == "MilitantGroup"


def test_what_land_or_houses_belong_to_is_no_armed_group():
    found = typed("Land belonging to Amadou Diallo was seized near Gao. The houses belonged to Moussa Traore, a trader.")
    assert found.get("Amadou Diallo") != "MilitantGroup" and found.get("Moussa Traore") != "MilitantGroup"


def test_a_road_alongside_countries_is_no_act_of_their_governments():
    found = typed("JNIM fighters moved along the road that runs alongside Niger and Burkina Faso, residents said.")
    assert found.get("Niger") == "Country" and found.get("Burkina Faso") == "Country"


def test_a_provinces_government_is_an_agency():
    assert typed("The Government of Sindh announced compensation for families in Sindh, Pakistan.").get(
        "Government of Sindh") == "GovernmentAgency"


def test_two_named_forces_of_one_country_stay_two_while_its_army_is_one():
    found = run("Fighters of the Syrian National Army (SNA) attacked the Syrian Democratic Forces (SDF) near Manbij. "
                "Pakistani troops and the Pakistan Army were not involved.", date="2024-12-08")
    labels = [e.label for e in found.entities if e.type == "StateArmedForce"]
    assert "Syrian National Army" in labels and "Syrian Democratic Forces" in labels
    assert len([label for label in labels if label.startswith("Pakistan")]) == 1
