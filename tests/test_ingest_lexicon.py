"""The trigger lexicon is read from the ontology and compiled."""

import pyoxigraph as ox

from kg.ingest.lexicon import compile_template, inflections, lexicon
from kg.ontology import ontology_graph, relations
from kg.vocab import KG


def test_the_lexicon_file_is_part_of_the_ontology():
    triggers = [t for t in ontology_graph() if t.predicate == KG.trigger]
    assert len(triggers) > 100
    assert any(t.subject == KG.cooperatesWith and t.object == ox.Literal("S cooperate~ with O") for t in triggers)


def test_every_relation_has_words_in_the_lexicon():
    lex = lexicon()
    with_triggers = {t.target for found in lex.templates.values() for t in found} | set(lex.titles.values())
    with_triggers |= {t.target for t in lex.possessive_templates}
    assert set(relations()) <= with_triggers


def test_templates_compile_with_slots_and_verb_forms():
    template = compile_template("cooperatesWith", "S cooperate~ with O")
    assert [s.role for s in template.left] == ["S"] and template.right.role == "O"
    assert template.pattern.match("cooperated with")
    assert template.pattern.match("cooperating  with")
    assert not template.pattern.match("cooperation with")
    assert "cooperate" in template.first_words


def test_template_options_gaps_and_alternatives():
    template = compile_template("atWarWith", "S start~|began a|an? war against O")
    assert template.pattern.match("started a “war” against")
    assert template.pattern.match("began war against")
    gap = compile_template("operatesIn", "S * attacks in O")
    assert gap.pattern.match("attacks in")
    assert compile_template("cooperatesWith", "SO cooperate~ with one_another|each_other").pattern.match(
        "cooperated with one another")


def test_possessive_and_class_slots():
    template = compile_template("publishedBy", "O's * S[MediaOutlet]")
    assert template.pattern is None
    assert template.left[0].possessive and template.left[1].cls == "MediaOutlet"


def test_inflections():
    assert inflections("attack") == ["attack", "attacks", "attacked", "attacking"]
    assert "allied" in inflections("ally")
    assert "targeted" in inflections("target")


def test_titles_name_patterns_and_hedges_are_read():
    lex = lexicon()
    assert lex.titles["spokesman"] == "spokespersonOf"
    assert lex.titles["leader"] == "leaderOf"
    assert lex.titles["Colonel"] is None
    assert any(p.text == "… Front" and p.cls == "MilitantGroup" for p in lex.name_patterns)
    assert "allegedly" in lex.hedges
    assert lex.intent["attacked"] == "threatens"
    assert lex.domains["operatesIn"] == ("Actor", "Place")


def test_title_ending_finds_what_the_title_pattern_finds():
    lex = lexicon()
    tails = ["said ISIS spokesman", "its leader", "the Prime Minister\n", "a former leader", "Boko Haram's commander ",
             "the spokesmanship", "deputy-leader", "said", "", "\n", "(spokesman"]
    # Every title after a space, a hyphen, a letter, and cut short: the pattern's answer each time.
    for title in lex.titles:
        tails += [f"said {title}", f"x-{title}", f"a{title}", title, title[1:], f"{title}s", f"the {title} and {title}"]
    for tail in tails + [t + "\n" for t in tails]:
        found, expected = lex.title_ending(tail), lex.title_at_end.search(tail)
        assert (found and found.span()) == (expected and expected.span()), tail
    assert lex.title_ending("said ISIS spokesman").group(1) == "spokesman"


def test_first_letter_lookahead_keeps_what_a_pattern_finds():
    import re

    from kg.ingest.lexicon import first_letters

    phrases = ["more or less", "Apparent", "allegedly", "[sic]"]
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")", re.IGNORECASE)
    quick = re.compile(f"(?={first_letters(phrases)})" + plain.pattern, re.IGNORECASE)
    text = "It was, more or less, APPARENT and allegedly [sic] so; apparently more-or-less."
    assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(list(quick.finditer(text))) == 4  # "[sic]" has no word boundary before it here


def test_a_messaging_channel_is_no_outlet_and_a_gang_is_an_armed_group():
    from tests.ingest_helpers import run, triples

    extraction = run("In a statement on its Telegram channel, the Ansaru Front claimed the attack. The Viv Ansanm gang "
                     "coalition attacked the Haitian National Police.")
    assert not [e for e in extraction.used_entities() if e.label == "Telegram"]
    assert ("Viv Ansanm", "attacked", "Haitian National Police") in triples(extraction)
    assert {e.label: e.type for e in extraction.used_entities()}["Viv Ansanm"] == "MilitantGroup"


def test_titles_of_secretaries_envoys_and_prosecutors_are_in_the_lexicon():
    titles = lexicon().titles
    assert titles["Secretary of State"] == titles["Special Envoy"] == titles["Prosecutor"] == "memberOf"
    assert titles["Secretary-General"] == "leaderOf"
