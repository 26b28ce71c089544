"""Entity rules for text the dev set was not written from: Spanish and French name forms, head nouns, persons in
apposition and by nickname, areas after towns, governments named by common nouns, names with "and" inside them.

Every sentence here is made up for the test; each test fails without the rule it names.
"""

import pytest

from kg.ingest.heads import head_class
from tests.ingest_helpers import run


def typed(text: str) -> dict[str, str]:
    """The used entities' labels and classes."""
    return {e.label: e.type for e in run(text, date="2024-03-01").used_entities()}


@pytest.mark.parametrize("name, cls", [
    ("Cártel del Golfo", "MilitantGroup"),                      # kg:leadNoun: the head comes first
    ("Cárteles Independientes", "MilitantGroup"),
    ("Frente de Liberación del Sur", "MilitantGroup"),
    ("Ejército Popular Revolucionario", "MilitantGroup"),
    ("Fuerzas Armadas de Honduras", "StateArmedForce"),
    ("Secretaría de Marina", "GovernmentAgency"),
    ("Tijuana Cartel", "MilitantGroup"),                        # kg:headNoun on the groups
    ("Republican Guard", "StateArmedForce"),
    ("Western Command", "StateArmedForce"),
    ("Punjab Police", "StateArmedForce"),
    ("Secretariat of Public Security", "GovernmentAgency"),
])
def test_head_nouns_type_names_in_english_and_head_first_forms(name, cls):
    assert head_class(name) == cls


def test_a_one_word_lead_noun_types_no_name():
    assert head_class("Frente") is None


def test_a_plural_article_and_name_is_an_armed_group_and_the_article_is_not_part_of_its_key():
    found = run("Residents blamed Los Cuervos and Los Pelones for the blockade. Los Cuervos denied it.").used_entities()
    groups = {e.label: e for e in found if e.type == "MilitantGroup"}
    assert set(groups) == {"Los Cuervos", "Los Pelones"}
    found = run("Los Cuervos seized the road. Later the Cuervos withdrew.").used_entities()
    assert [e.label for e in found if e.type == "MilitantGroup"] == ["Los Cuervos"]


def test_a_singular_spanish_article_name_is_not_made_a_group():
    assert "MilitantGroup" not in typed("Protesters gathered in La Ceiba on Monday.").values()


def test_an_honorific_makes_a_person():
    assert typed("The delegation was received by H.E. Amara Diallo Konte in the capital.").get("Amara Diallo Konte") == "Person"
    assert typed("Brig. Gen. Idrissa Kone Sidibe inspected the garrison.").get("Idrissa Kone Sidibe") == "Person"


def test_a_capitalised_title_after_the_name_makes_a_person():
    found = typed("Teodora Mwangi Achieng, President of the Senate, opened the session.")
    assert found.get("Teodora Mwangi Achieng") == "Person"


@pytest.mark.parametrize("text, person", [
    ("The rebels detained the governor of the eastern province, Tesfahun Alemu, on Friday.", "Tesfahun Alemu"),
    ("Soldiers arrested the head of the interim administration, Abebe Tola Gurmu, in March.", "Abebe Tola Gurmu"),
    ("The cell included two foreign nationals, Karim Obeidat and Yusuf Demir, officials said.", "Yusuf Demir"),
])
def test_a_role_in_apposition_before_the_name_makes_a_person(text, person):
    assert typed(text).get(person) == "Person"


def test_a_nickname_after_alias_makes_a_person_and_joins_the_nickname():
    extraction = run('Marines captured Rogelio Vela Duarte, alias "El Tordo", near the port. El Tordo had run the cell.')
    person = next(e for e in extraction.used_entities() if e.label == "Rogelio Vela Duarte")
    assert person.type == "Person"
    assert "El Tordo" in person.aliases


def test_a_quoted_nickname_inside_a_name_is_one_person():
    found = typed('Gunmen loyal to Ramiro "El Güero" Salcedo blocked the highway.')
    assert found.get('Ramiro "El Güero" Salcedo') == "Person"


def test_a_title_inside_a_capitalised_run_splits_off_the_titled_person():
    found = typed("Joint Force Commander Ousmane Traoré said the base held.")
    assert found.get("Ousmane Traoré") == "Person"
    found = typed("UN Secretary-General Halvard Rønning urged restraint.")
    assert found.get("Halvard Rønning") == "Person"


def test_a_surname_standing_alone_makes_the_full_name_a_person():
    found = typed("Marisol Quintero Paz won the runoff in June. Quintero Paz promised to disarm the militias.")
    assert found.get("Marisol Quintero Paz") == "Person"


def test_a_capitalised_word_after_the_or_its_is_no_surname():
    found = typed("The ministers attended the Annual Regional Summit in May. The Summit ended without a statement.")
    assert "Person" not in found.values()


def test_the_area_after_a_town_is_a_region_but_a_list_of_towns_is_not():
    found = typed("A bomb exploded in Kurmuk, Blue Nile, on Tuesday.")
    assert found.get("Kurmuk") == "City" and found.get("Blue Nile") == "Region"
    found = typed("Families fled from Kurmuk, Bau, Geissan and other villages.")
    assert "Region" not in found.values()


def test_republic_of_a_country_is_its_government():
    extraction = run("Observers were sent by the Republic of Senegal. Senegal said the vote was fair.")
    senegal = [e for e in extraction.used_entities() if e.type == "Government"]
    assert [e.label for e in senegal] == ["Government of Senegal"]
    assert "Republic of Senegal" in {m.text for m in senegal[0].mentions}


@pytest.mark.parametrize("text, phrase", [
    ("Guinea's junta expelled the envoy.", "Guinea's junta"),
    ("The talks failed after the transitional authorities of Chad walked out.", "transitional authorities of Chad"),
    ("Aid was blocked by the government of Eritrea.", "government of Eritrea"),
])
def test_a_government_named_by_a_common_noun_is_the_countrys_government(text, phrase):
    extraction = run(text)
    government = next(e for e in extraction.used_entities() if e.type == "Government")
    assert phrase in {m.text for m in government.mentions}
    assert government.country in ("Guinea", "Chad", "Eritrea")


def test_a_country_named_as_a_place_stays_a_country():
    assert typed("Fighting spread across Chad in May.") == {"Chad": "Country"}


def test_names_with_and_inside_them_are_one_organisation():
    found = typed("The Peace and Reconciliation Commission met the Chadian Defence and Security Forces in N'Djamena.")
    assert found.get("Peace and Reconciliation Commission") == "GovernmentAgency"
    forces = next(e for e in run("Raids by the Chadian Defence and Security Forces went on.").used_entities()
                  if e.type == "StateArmedForce")
    assert forces.country == "Chad"


def test_regional_organisations_are_known_without_a_store():
    found = typed("ECOWAS and the AES traded accusations, and NATO stayed silent.")
    assert found == {"Economic Community of West African States": "IntergovernmentalOrganization",
                     "Alliance of Sahel States": "IntergovernmentalOrganization",
                     "North Atlantic Treaty Organization": "IntergovernmentalOrganization"}


def test_an_organ_named_after_its_intergovernmental_body_belongs_to_that_body():
    found = typed("The President of the ECOWAS Commission, Kwame Asante Boateng, also attended.")
    assert found.get("ECOWAS Commission") == "IntergovernmentalOrganization"
    assert found.get("Kwame Asante Boateng") == "Person"


def test_a_sentence_word_between_two_capitalised_words_stays_inside_the_name():
    found = typed("According to the Ituri Security Tracker, raids doubled.")
    assert found.get("Ituri Security Tracker") == "ResearchOrganization"
    found = typed("Troops surrounded the offices of the Afar Interim Regional Administration on Monday.")
    assert found.get("Afar Interim Regional Administration") == "GovernmentAgency"


def test_a_siege_or_its_residents_make_a_town():
    assert typed("Residents of Gidan Kara said the siege of Tumbun Alhaji had ended.") == {
        "Gidan Kara": "City", "Tumbun Alhaji": "City"}


@pytest.mark.parametrize("text, person", [
    ("The mission is led by Nigerian police officer Bello Dauda Sani.", "Bello Dauda Sani"),
    ("The self-styled Eastern Command (EC) of Ramón Ibarra Soto holds the coast.", "Ramón Ibarra Soto"),
    ("Clashes pitted the forces of Omar Bashir Dagash against the army.", "Omar Bashir Dagash"),
])
def test_a_commander_or_officer_is_a_person(text, person):
    assert typed(text).get(person) == "Person"


def test_a_signature_line_names_a_person():
    found = typed("The army said it had killed 40 militants in the region.\n\nColonel Abebe Tola Gurmu\nSpokesperson\n")
    assert found.get("Abebe Tola Gurmu") == "Person"


def test_a_tracker_is_a_research_organisation():
    assert head_class("Sahel Conflict Tracker") == "ResearchOrganization"


def test_a_countrys_army_named_by_country_and_noun_is_the_army_not_the_country():
    found = run("Paraguay closed its border on Monday. Paraguayan troops shelled two villages, and the Paraguay Army "
                "later withdrew from the area.", date="2024-03-01").used_entities()
    armies = [e for e in found if e.type == "StateArmedForce"]
    assert len(armies) == 1 and {m.text for m in armies[0].mentions} == {"Paraguayan troops", "Paraguay Army"}
    assert {m.text for e in found if e.type != "StateArmedForce" for m in e.mentions} == {"Paraguay"}


def test_republic_of_a_country_after_a_town_or_in_is_the_country_and_its_government_after_a_title():
    found = run("Envoys met in Lusaka, Republic of Zambia, on Monday. The President of the Republic of Zambia, "
                "Hakainde Hichilema, opened the talks.").used_entities()
    by_mention = {m.start: (e.type, e.label) for e in found for m in e.mentions}
    assert by_mention[22] == ("Country", "Zambia")
    assert ("Government", "Government of Zambia") in by_mention.values()


@pytest.mark.parametrize("text, area", [
    ("Gunmen attacked a market around Velmora, in Tarsenia, on Sunday.", "Tarsenia"),         # ", in" after a town
    ("The rebels entered the Vashti capital of Orlen after a week of fighting.", "Vashti"),      # the area of a capital
    ("Clashes spread across West Dorvan and North Kemla. Militias in Dorvan were disarmed.", "Dorvan"),  # a compass region
])
def test_areas_by_the_town_they_hold_and_the_compass_region_they_name(text, area):
    assert typed(text).get(area) == "Region"


def test_a_country_that_is_party_to_a_deal_is_its_government():
    found = typed("The rebels signed an agreement with Paraguay in Asunción last year.")
    assert found.get("Government of Paraguay") == "Government" and "Paraguay" not in found


def test_revolutionary_armed_forces_name_rebels_not_a_state_force():
    assert head_class("Revolutionary Armed Forces of Ruritania") == "MilitantGroup"
    assert head_class("Armed Forces of Ruritania") == "StateArmedForce"


@pytest.mark.parametrize("text, towns", [
    ("More than 900 families were displaced from Velmora after the raid.", ["Velmora"]),
    ("Aid reached Velmora, Orlen, San Cativo and other municipalities on Friday.", ["Velmora", "Orlen", "San Cativo"]),
])
def test_towns_by_flight_from_them_and_by_a_list_of_towns(text, towns):
    found = typed(text)
    assert [found.get(town) for town in towns] == ["City"] * len(towns)


def test_the_person_an_alliance_is_of_is_a_person():
    assert typed("Fighting broke out between the port gangs and the Delta alliance of Marco Vitelli Sosa.").get(
        "Marco Vitelli Sosa") == "Person"


def test_the_home_army_and_government_a_description_names_are_mentioned_there():
    found = {e.label: [m.text for m in e.mentions] for e in run(
        "KAMPALA, March 3 (Reuters) — The army's regional commander said on Sunday that the federal government had sent "
        "500 more soldiers to the border.", date="2024-03-03").used_entities()}
    assert found.get("Government of Uganda") == ["the federal government"]
    assert found.get("Ugandan Armed Forces") == ["The army's"]


def test_a_name_sworn_in_or_appointed_as_something_is_a_persons():
    assert typed("On 2 May, Marta Vellani Cruz was sworn in as governor of the province.").get("Marta Vellani Cruz") == "Person"


def test_names_before_a_plural_area_noun_are_areas():
    found = typed("Troops were deployed to the Velmora, Orlen and Tarsenia districts on Friday.")
    assert [found.get(name) for name in ("Velmora", "Orlen", "Tarsenia")] == ["Region"] * 3


@pytest.mark.parametrize("text, area", [
    ("Traffickers moved the shipment through Sonora on Monday.", "Sonora"),          # a Mexican state
    ("The minister spoke at a rally in Bihar on Thursday.", "Bihar"),                 # an Indian state
    ("Marines were deployed in Sulu last year.", "Sulu"),                             # a province under a region
    ("Rebels regrouped in Bukidnon after the raid.", "Bukidnon"),                     # untyped before
    ("The gang controls much of the Artibonite department.", "Artibonite"),           # not an agency's department
])
def test_states_and_provinces_of_iso_3166_2_are_regions(text, area):
    assert typed(text).get(area) == "Region"


@pytest.mark.parametrize("text, town", [
    ("A rocket hit a base near Kirkuk on Friday.", "Kirkuk"),        # governorates bear their seat's name
    ("Gunmen attacked a checkpoint in Kunduz on Friday.", "Kunduz"),  # so do Afghanistan's provinces
    ("Soldiers entered the town of Durango at dawn.", "Durango"),     # the text says town
])
def test_towns_named_like_provinces_stay_towns(text, town):
    assert typed(text).get(town) == "City"


def test_a_province_typed_by_the_gazetteer_is_not_its_police_force():
    found = run("Khyber Pakhtunkhwa police chief Arsalan Qadir said the bomber wore a uniform. Most attacks this year "
                "were in Khyber Pakhtunkhwa.").used_entities()
    assert {e.label: e.type for e in found}.get("Khyber Pakhtunkhwa") == "Region"
    assert [m.text for e in found if e.type == "StateArmedForce" for m in e.mentions] == ["Khyber Pakhtunkhwa police"]


def test_a_titled_name_that_closes_a_headline_is_a_person():
    found = typed("Highlights of the Noon Briefing by Mara Veltins, Spokesperson for Secretary-General Tomas Ekwueme\n\n"
                  "Monday, 20 January 2025\n\nThe Secretary-General condemned the attacks.")
    assert found.get("Tomas Ekwueme") == "Person"


def test_a_coalition_of_gangs_named_with_a_copula_is_an_armed_group():
    assert typed("Tet Kole Ansanm is a coalition of Haitian gangs that formed in 2023.").get("Tet Kole Ansanm") == \
        "MilitantGroup"


def test_a_two_word_head_beats_a_name_patterns_class_among_civil_organisations():
    found = typed('"Nothing changes," said Ananya Roy, a researcher at the Meridian Research Foundation, an Indian think tank.')
    assert found.get("Meridian Research Foundation") == "ResearchOrganization"
    assert head_class("Inter-Services Public Relations") == "GovernmentAgency"


def test_a_standby_force_named_after_its_bloc_is_the_bloc_acting():
    assert typed("ECOWAS ordered the activation of the ECOWAS Standby Force.").get("ECOWAS Standby Force") == \
        "IntergovernmentalOrganization"


@pytest.mark.parametrize("text, country", [
    ("The Southern Council, a movement backed by the United Arab Emirates, took the port.", "United Arab Emirates"),
    ("The Iran-backed group said its fighters had withdrawn.", "Iran"),
    ("Turkey, which keeps thousands of troops in the province, did not comment.", "Turkey"),
    ("The Kivu Defence Union is an armed group that the United States describes as a terrorist organisation.",
     "United States"),
])
def test_a_country_as_agent_backer_or_present_tense_subject_is_its_government(text, country):
    found = typed(text)
    assert found.get(f"Government of {'the ' if country.startswith('United') else ''}{country}") == "Government"
    assert country not in found


def test_a_township_is_a_town():
    found = typed("Clashes were reported in Velmora and Orlen townships since 2021.")
    assert [found.get(name) for name in ("Velmora", "Orlen")] == ["City", "City"]


def test_governments_of_a_list_of_countries_are_each_a_government():
    found = typed("He welcomed the cooperation between the Governments of Chad and Niger at the border.")
    assert found.get("Government of Chad") == "Government" and found.get("Government of Niger") == "Government"
    assert "Chad" not in found and "Niger" not in found
    found = typed("The summit condemned the transitional authorities of Mali and Guinea.")
    assert found.get("Government of Mali") == "Government" and found.get("Government of Guinea") == "Government"


def test_countries_acting_after_an_apposition_of_all_of_them_are_governments():
    found = typed("Chad, Sudan and Eritrea, all ruled by military councils, left the regional bloc in 2023.")
    assert {found.get(f"Government of {c}") for c in ("Chad", "Sudan", "Eritrea")} == {"Government"}


@pytest.mark.parametrize("text, towns", [
    ("Rebels attacked convoys on the road between Velmora and Orlen on Friday.", ["Velmora", "Orlen"]),
    ("The army closed the main land crossing at Tarsenia on Monday.", ["Tarsenia"]),
    ("Smugglers moved fuel through Kemla, the envoy said.", ["Kemla"]),
])
def test_towns_at_a_roads_ends_at_a_crossing_and_passed_through(text, towns):
    found = typed(text)
    assert [found.get(town) for town in towns] == ["City"] * len(towns)


def test_a_chief_of_general_staff_is_one_title():
    found = typed("The Chief of General Staff, Field Marshal Tadesse Worku Gebre, visited the front.")
    assert "Staff" not in found and found.get("Tadesse Worku Gebre") == "Person"


def test_designation_categories_and_their_acronyms_name_no_actor():
    found = typed("The Department of State is designating Tet Kole and Gran Lame as Foreign Terrorist Organizations (FTO) "
                  "and Specially Designated Global Terrorists (SDGT).")
    assert not {"Foreign Terrorist Organizations", "Specially Designated Global Terrorists", "FTO", "SDGT"} & set(found)


def test_a_word_of_faith_or_people_before_a_noun_is_no_group_but_a_community_is_a_people():
    found = typed("The resolution was backed by Shiite blocs, and a Tebu militia clashed with the army near Ubari.")
    assert "Shiite" not in found and "Tebu" not in found
    assert typed("Fighters killed members of the Masalit community in El Geneina.").get("Masalit") == "PopulationGroup"


@pytest.mark.parametrize("hedge", ["Suspected", "Alleged", "Rival"])
def test_a_hedge_at_the_start_of_a_sentence_is_not_part_of_the_name(hedge):
    found = typed(f"The Gulf Clan (EGC) expanded its routes in Antioquia. {hedge} EGC gunmen burned two lorries near Caucasia.")
    assert "Gulf Clan" in found
    assert not any(label.startswith(hedge) for label in found)


def test_a_big_city_no_word_marks_is_a_city():
    assert typed("The cell planned the 2019 attacks on Surabaya, prosecutors said.").get("Surabaya") == "City"


def test_a_city_of_the_table_is_not_taken_out_of_a_longer_name():
    found = typed("Insurgents attacked the port of Vila da Surabaya on Friday, residents said.")
    assert "Surabaya" not in found


def test_a_place_followed_by_a_capitalised_head_is_part_of_that_name():
    found = typed("The Jammu and Kashmir Police arrested four men on Monday.")
    assert "Jammu and Kashmir" not in found
    assert found.get("Jammu and Kashmir Police") == "StateArmedForce"


def test_a_name_coordinated_with_a_place_typed_elsewhere_is_a_place():
    found = typed("Fighting spread to the town of Tamalé on Monday. Thousands fled to Tamalé and Bassaro, officials said.")
    assert found.get("Bassaro") == "City"


def test_al_qaeda_named_alone_is_an_armed_group_and_its_branches_keep_their_full_names():
    assert typed("The cell kept close ties to al-Qaida, officials said.") == {"al-Qaeda": "MilitantGroup"}
    assert "al-Qaeda in the Arabian Peninsula" in typed("Fighters of al-Qaeda in the Arabian Peninsula raided a post.")


@pytest.mark.parametrize("sentence", [
    "The militia's leaders met Qatar's special envoy in Doha on Monday.",       # a possessive before an official
    "A Qatar drone strike hit the convoy near the border on Monday.",            # an attributive name before an act
    "The militia vowed revenge against Qatar after the raid on Monday.",        # the side a struggle is against
    "The militia was accused of negotiating with Qatar behind closed doors.",  # a party to talks
    "Qatar's role in the talks was praised by the rebels.",
])
def test_a_state_that_has_officials_strikes_or_enemies_is_its_government(sentence):
    assert typed(sentence).get("Government of Qatar") == "Government"


def test_a_capital_held_accountable_is_its_government():
    found = typed("The army urged the world to hold Asmara accountable for the raids on the border towns.")
    assert found.get("Government of Eritrea") == "Government"
    assert "Asmara" not in found


def test_a_country_named_before_a_sanctions_list_stays_the_country():
    assert "Government of Qatar" not in typed("The council added the smuggler to its Qatar sanctions list in 2022.")


def test_a_word_that_usually_opens_a_sentence_starts_the_name_after_the_town_of():
    assert typed("Clashes broke out near the village of Arab Hamdan on Friday.").get("Arab Hamdan") == "City"


@pytest.mark.parametrize("verb", ["seized", "overran", "recaptured"])
def test_a_name_a_force_captures_is_a_town(verb):
    assert typed(f"Rebel fighters {verb} Kambaru on Tuesday after a week of shelling.").get("Kambaru") == "City"


def test_the_taliban_stay_an_armed_group_when_they_govern():
    assert typed("Islamabad said it would raise the attacks with the Taliban government in Kabul.").get("Taliban") \
        == "MilitantGroup"


def test_a_capital_as_the_agent_of_a_passive_is_its_government_and_a_capital_as_a_place_stays_a_city():
    assert typed("The rebel faction, squeezed by Hanoi, agreed to a truce on Monday.") == {"Government of Vietnam": "Government"}
    assert typed("Rebels shelled an army post in Hanoi on Monday.").get("Hanoi") == "City"


def test_a_state_that_says_or_judges_in_the_present_is_its_government():
    assert "Government of Qatar" in typed("Qatar still lists the militia as a terrorist group.")
    assert "Government of Qatar" not in typed("Qatar lies on a small peninsula in the Gulf.")


def test_a_state_a_group_is_aligned_with_is_its_government_but_a_base_is_a_place():
    assert "Government of Qatar" in typed("The Qatar-aligned faction seized the port on Monday.")
    assert "Government of Qatar" not in typed("The Qatar-based faction seized the port on Monday.")
