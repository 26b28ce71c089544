"""Where fights and actors are (kg.ingest.whereabouts, the fight templates of the lexicon): both sides of a fight
operate where it happened, and an actor in a place is in the places the text puts that place in."""

import pytest

from tests.ingest_helpers import run, triples

KIA, AA = "Kachin Independence Army", "Arakan Army"


def _both_in(text: str, place: str) -> bool:
    found = triples(run(text, "2024-05-01"))
    return (KIA, "operatesIn", place) in found and (AA, "operatesIn", place) in found


def test_clashes_in_a_place_between_two_groups():
    assert _both_in(f"Clashes in Kyaukme between the {KIA} and the {AA} killed 12 people.", "Kyaukme")


def test_the_fighting_in_a_place_that_pitted_two_groups():
    text = f"The fighting in Mogok had pitted the {KIA} against the {AA}."
    assert (KIA, "atWarWith", AA) in triples(run(text)) and _both_in(text, "Mogok")


def test_where_the_fighting_was_concentrated():
    assert _both_in(f"Fighting between the {KIA} and the {AA} was concentrated in Lashio.", "Lashio")


def test_where_the_fighting_was_concentrated_past_appositions():
    assert _both_in(f"Fighting between the {KIA}, the faction led by Htang Gam Shawng, and the {AA}, which remains loyal "
                    "to Twan Mrat Naing, was concentrated in Lashio.", "Lashio")


def test_a_place_within_the_place_of_the_clashes():
    assert _both_in(f"Clashes between the {KIA} and the {AA} around Mogok, in Mandalay Region, forced 300 families to flee.",
                    "Mandalay Region")


def test_the_place_whose_war_it_is():
    assert _both_in(f"The group has exploited Myanmar's long war between the {KIA} and the {AA}.", "Myanmar")


def test_fighting_for_control_of_a_place():
    assert _both_in(f"The {KIA} and the {AA} fought each other in the 1990s for control of Yangon's markets.", "Yangon")


@pytest.mark.parametrize(("text", "place"), [
    (f"The {KIA} captured the Kokang capital of Laukkai on 5 January.", "Laukkai"),
    (f"{KIA} fighters took the gem-mining town of Mogok, in Mandalay Region, on 24 July.", "Mandalay Region"),
])
def test_the_wider_place_of_a_place_taken(text, place):
    assert (KIA, "operatesIn", place) in triples(run(text))


def test_the_helper_of_a_capture_was_there():
    found = triples(run(f"{KIA} fighters took the town of Mogok on 24 July with help from the {AA}."))
    assert (AA, "operatesIn", "Mogok") in found


def test_those_accused_of_abuses_in_a_place_act_there():
    assert _both_in(f"Amnesty International has accused both the {KIA} and the {AA} of grave abuses against civilians "
                    "in Rakhine State.", "Rakhine State")

