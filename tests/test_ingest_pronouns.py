"""Pronouns take their antecedents by grammar, not by nearness alone (kg.ingest.pronouns).

Each case is a sentence pair written for this test, in the register of wire reports; the
assertion is the actor the pronoun is read as, and for the cross-sentence cases the relation
the pronoun carries into the next sentence.
"""

from __future__ import annotations

import pytest

from kg.ingest.anaphora import read_descriptions
from kg.ingest.lexicon import lexicon
from kg.ingest.mentions import find_mentions
from kg.ingest.pipeline import extract, known_names
from kg.ingest.read import read_bytes
from kg.ingest.resolve import resolve
from kg.ingest.segment import segment, words_of


def _read_as(text: str, pronoun: str, nth: int = 0) -> list[str]:
    """The labels the ``nth`` mention spelled ``pronoun`` is read as."""
    known = known_names()
    sentences = segment(text)
    mentions = find_mentions(text, sentences, known, lexicon(), words_of(text, sentences))
    resolution = resolve(text, mentions, known, lexicon())
    read_descriptions(text, sentences, mentions, resolution)
    spelled = [m for m in mentions if m.kind == "anaphor" and m.text == pronoun]
    return [e.label for e in resolution.of(spelled[nth])]


@pytest.mark.parametrize(("text", "pronoun", "actor"), [
    # a possessive takes the nearest actor before it in its sentence, not the sentence's subject
    ("Iran said the militant group Jaish al-Adl attacked a border post. The Iranian government banned the group "
     "in 2019 and declared its leader, Salahuddin Farooqui, a terrorist.", "its", "Jaish al-Adl"),
    # ... but only one of its number: "troops" is not "its"; and in a report, the speaker's own
    ("The Indian Army said Pakistani troops had fired on several of its posts overnight.", "its", "Indian Army"),
    ("The militant group Ansar Dine said in a statement carried by the Al-Andalus agency that its fighters "
     "had taken the town.", "its", "Ansar Dine"),
    # ... and never the actor it stands in apposition to
    ("The militant group JNIM is at war with the militant group ISSP, its main rival in the region.", "its", "JNIM"),
    # an object pronoun never takes the subject of its own clause
    ("The militant group Lashkar-e-Taiba carried out the attacks on Mumbai in 2008. Pakistan banned it in 2002.",
     "it", "Lashkar-e-Taiba"),
    # ... nor the actor that is the subject of the verb before it ("deployed X to fight it": not X)
    ("Kenya banned the militant group al-Shabaab in 2010 and has deployed the Kenya Defence Forces in Gedo to fight it.",
     "it", "al-Shabaab"),
    ("The Ethiopian National Defense Force conducted operations against the armed group Fano and inflicted heavy losses "
     "on it.", "it", "Fano"),
    # a pronoun in a clause completing an owned noun takes the owner
    ("The United Nations could not confirm the rebel group ELN's claim that it had targeted only dissidents.",
     "it", "ELN"),
    # "ISIS's latest edition of its weekly": the owner of the phrase the possessive sits in
    ("On Friday it was reported in the militant group ISGS's latest edition of its weekly newsletter that the army "
     "had withdrawn.", "its", "ISGS"),
])
def test_pronoun_antecedent(text: str, pronoun: str, actor: str) -> None:
    assert _read_as(text, pronoun) == [actor]


def test_pronoun_after_a_description_takes_it_up() -> None:
    """In a communiqué, "It" continues "The Authority" of the sentence before, not the junta it condemned."""
    text = ("The Authority of Heads of State and Government of the Economic Community of West African States (ECOWAS) "
            "met in Abuja.\n\nThe Authority condemns the detention of President Bazoum and holds the military junta "
            "CNSP responsible for his safety. It rejects the appointment of a prime minister by the junta.")
    assert _read_as(text, "It") == ["Economic Community of West African States"]


def test_subject_carried_into_the_next_sentence() -> None:
    """"The group …" and "It …" open sentences whose relations belong to the actor named before."""
    text = ("The militant group Lashkar-e-Taiba was founded in 1990 in Pakistan. The group carried out the attacks "
            "in Mumbai, India, in 2008. It is led by Hafiz Saeed.")
    extraction = extract(read_bytes(text.encode(), "lashkar.txt", date="2024-01-01"))
    found = {(f.subject.label, f.predicate, f.object.label) for f in extraction.relations}
    assert ("Lashkar-e-Taiba", "operatesIn", "Mumbai") in found
    assert ("Hafiz Saeed", "leaderOf", "Lashkar-e-Taiba") in found


def test_a_description_right_before_a_name_takes_up_nothing() -> None:
    """"the militant group HTS" names HTS; it does not take up the group of the sentence before."""
    text = ("India banned the militant group TRF in 2023. Washington still lists the militant group HTS as a terrorist "
            "organisation.")
    assert _read_as(text, "the militant group", 1) == []
    found = {(f.subject.label, f.predicate, f.object.label) for f in extract(read_bytes(text.encode(), "t.txt")).relations}
    assert ("Government of the United States", "criticizes", "TRF") not in found


def test_the_government_is_the_home_government_not_the_last_named() -> None:
    """In a report from Aden, "the internationally recognised government" is Yemen's, not the UAE's named just before."""
    text = ("ADEN, Yemen, Sept 6 — The separatist movement STC, backed by the United Arab Emirates, attacked the militant "
            "group AQAP in Abyan.\n\nA Saudi-led coalition backs the internationally recognised government.")
    assert _read_as(text, "the internationally recognised government") == ["Government of Yemen"]


def test_the_two_factions_are_the_two_just_named_in_the_sentence() -> None:
    """Not the subject of an earlier sentence: "the two factions" follows the group and its rival."""
    text = ("The militant group JNIM is al-Qaeda's branch in the Sahel. The group is at war with the militant group ISSP, "
            "its main rival in the region, and the two factions have fought for control of gold mines.")
    assert _read_as(text, "the two factions") == ["JNIM", "ISSP"]


def test_two_equally_good_antecedents_give_no_guess() -> None:
    """"It" after a sentence whose subject is two actors joined by "and" could be either: it is read as nobody."""
    text = ("The Sudanese Armed Forces and the militant group RSF agreed to talks in Jeddah. It said the talks would "
            "begin on Monday.")
    assert _read_as(text, "It") == []
    assert _read_as("The Sudanese Armed Forces agreed to talks in Jeddah. It said the talks would begin on Monday.",
                    "It") == ["Sudanese Armed Forces"]
