"""Relations this round's rules read (kg.ingest.whereabouts, ontology/lexicon.ttl): the place a where-clause hangs on,
the force a government deploys, bans and terrorist listings read as criticism, members of a group in a place, the
largest gang in a region. Sentences written for this test."""

from __future__ import annotations

from tests.ingest_helpers import run, triples


def test_a_fight_in_a_where_clause_happens_in_the_place_before_it() -> None:
    found = triples(run("Drones hit army positions near Tepalcatepec, Michoacán, where the militant group CJNG has been "
                        "fighting the Cárteles Unidos coalition since 2019.", "2024-10-16"))
    assert ("CJNG", "operatesIn", "Tepalcatepec") in found
    assert ("Cárteles Unidos", "operatesIn", "Tepalcatepec") in found


def test_a_where_clause_places_the_attacker_not_its_target() -> None:
    found = triples(run("Troops are under pressure in the province of Balochistan, where the separatist Balochistan "
                        "Liberation Army has attacked the Pakistan Army.", "2023-02-01"))
    assert ("Balochistan Liberation Army", "operatesIn", "Balochistan") in found
    assert not any(s == "Pakistan Army" and p == "operatesIn" for s, p, _ in found)


def test_a_where_clause_ends_at_its_sentence() -> None:
    found = triples(run("The envoy visited Kidal, where she met elders. The militant group JNIM attacked the Malian "
                        "army near Gao.", "2024-01-01"))
    assert ("JNIM", "operatesIn", "Kidal") not in found


def test_the_force_a_government_deploys_is_where_it_is_sent() -> None:
    found = triples(run("The Armed Forces of the Philippines has deployed the 1st Infantry Division in Sulu to fight "
                        "the Abu Sayyaf Group.", "2023-01-24"))
    assert ("1st Infantry Division", "operatesIn", "Sulu") in found


def test_a_ban_is_criticism_and_the_banned_pronoun_is_the_group() -> None:
    found = triples(run("The militant group Lashkar-e-Taiba was founded in 1990. Pakistan banned it in 2002.", "2025-04-26"))
    assert ("Government of Pakistan", "criticizes", "Lashkar-e-Taiba") in found


def test_declaring_or_listing_a_terrorist_is_a_designation() -> None:
    found = triples(run("India banned the militant group TRF in 2023 and declared its commander, Sheikh Sajjad Gul, a "
                        "terrorist.", "2025-04-26"))
    assert ("Government of India", "criticizes", "Sheikh Sajjad Gul") in found
    found = triples(run("Washington still lists the militant group HTS as a terrorist organisation.", "2020-07-01"))
    assert ("Government of the United States", "criticizes", "HTS") in found


def test_members_of_a_group_in_a_place() -> None:
    found = triples(run("Police arrested 14 members of the militant group Ansar Dine in Gao.", "2024-01-01"))
    assert ("Ansar Dine", "operatesIn", "Gao") in found


def test_the_largest_gang_in_a_region() -> None:
    found = triples(run("The gang Gran Grif, led by Luckson Elan, is the largest gang in the Artibonite department.",
                        "2025-05-02"))
    assert ("Gran Grif", "operatesIn", "Artibonite") in found


def test_an_army_spokesman_speaks_for_the_army_just_named() -> None:
    found = triples(run("The Uganda People's Defence Force (UPDF) began air strikes on Tuesday. Ground units crossed the "
                        "border the next day, army spokeswoman Brigadier General Flavia Byekwaso told reporters.", "2021-12-05"))
    assert ("Flavia Byekwaso", "spokespersonOf", "Uganda People's Defence Force") in found


def test_an_army_spokesman_with_two_armies_just_named_is_not_guessed() -> None:
    found = triples(run("The Nigerian Army and the Chadian Army began joint strikes on Tuesday. Army spokesman Colonel "
                        "Musa Danladi confirmed the operation.", "2021-12-05"))
    assert ("Musa Danladi", "spokespersonOf", "Nigerian Army") not in found
    assert ("Musa Danladi", "spokespersonOf", "Chadian Army") not in found


def test_a_pair_carried_past_but_into_the_next_verb() -> None:
    found = triples(run("The Hezbollah movement and the Amal movement fought each other in the 1980s but have been allies "
                        "since 1990.", "2024-10-29"))
    assert ("Hezbollah movement", "atWarWith", "Amal movement") in found
    assert ("Hezbollah movement", "cooperatesWith", "Amal movement") in found


def test_a_pair_that_fought_for_control_is_at_war() -> None:
    found = triples(run("Local media linked the killing to the rivalry between the Ardillos movement and the Tlacos movement, "
                        "which have fought for control of the markets since 2023.", "2024-10-06"))
    assert ("Ardillos movement", "atWarWith", "Tlacos movement") in found
