"""Events and casualty figures."""

from tests.ingest_helpers import run


def test_a_coup_with_its_agent_and_target():
    extraction = run("Malian President Ibrahim Boubacar Keita was ousted last week in an apparent military coup.",
                     date="2020-08")
    (coup,) = [e for e in extraction.events if e.type == "Coup"]
    assert [a.label for a in coup.agents] == ["Malian Armed Forces"]
    assert [t.label for t in coup.targets] == ["Ibrahim Boubacar Keita"]
    assert coup.date == "2020-08" and coup.confidence < 1
    ousted = [f for f in extraction.relations if f.predicate == "ousted"][0]
    assert ousted.subject.label == "Malian Armed Forces" and ousted.confidence < 0.9


def test_an_attack_with_killed_and_injured():
    extraction = run("On May 8, 2019, Taliban insurgents stormed the offices of Counterpart International in Kabul. "
                     "At least seven people were killed and 24 were injured.", date="2019-05")
    (attack,) = [e for e in extraction.events if e.type == "Attack"]
    assert [a.label for a in attack.agents] == ["Taliban"] and attack.date == "2019-05-08"
    killed, injured = extraction.figures
    assert (killed.measure, killed.count, killed.qualifier, killed.victims) == ("killed", 7, "at least", "people")
    assert (injured.measure, injured.count, injured.qualifier) == ("injured", 24, None)
    assert killed.figure_of is attack and injured.figure_of is attack


def test_figures_keep_their_qualifiers_and_period():
    extraction = run("In 2019, more than 456 were reportedly killed and hundreds more wounded. A tally of U.N. data shows "
                     "416 Malian civilians were killed in the first five months of 2020.", date="2020-08")
    first, second, third = extraction.figures
    assert (first.count, first.qualifier, first.date) == (456, "more than", "2019")
    assert (second.count, second.qualifier, second.measure) == (None, "hundreds", "injured")
    assert (third.count, third.victims, third.date) == (416, "Malian civilians", "2020-01/2020-05")
    assert third.tally_by.label == "U.N."
    assert first.confidence < 1


def test_years_are_not_casualties():
    assert not run("The war killed people in 2015 and attacks rose.", date="2020").figures


def test_statements_and_reports():
    extraction = run("On May 28, ISIS spokesman Abu Hamza al-Qurashi asserted that ISIS will retaliate against al-Qaeda.",
                     date="2020-08")
    (statement,) = [e for e in extraction.events if e.type == "Statement"]
    assert statement.date == "2020-05-28"


def test_who_claims_the_articles_attack_operates_where_it_happened_on_its_word():
    extraction = run("KANO, Nigeria (March 1) — Gunmen stormed a market in the town of Bichi on Sunday, killing 12 people.\n\n"
                     "Officials met on Monday. The Ansaru Front claimed responsibility for the attack.", date="2024-03-01")
    claimed = [f for f in extraction.relations if f.predicate == "operatesIn" and f.subject.label == "Ansaru Front"]
    assert [(f.object.label, [c.label for c in f.claimed_by]) for f in claimed] == [("Bichi", ["Ansaru Front"])]
