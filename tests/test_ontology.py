"""The ontology declares the relations with their meaning; code reads it from there."""

import re
from pathlib import Path

import pytest

from kg.ontology import actor_types, event_types, place_types, relations
from kg.vocab import KG, declared_terms

REQUIRED = [
    "cooperatesWith", "rivalOf", "atWarWith", "declaredWarOn", "threatens", "affiliateOf", "splinterOf",
    "mergedInto", "memberOf", "leaderOf", "spokespersonOf", "publishedBy", "criticizes", "negotiatesWith",
    "ousted", "attacked", "operatesIn",
]


def test_exactly_the_required_relations():
    assert sorted(relations()) == sorted(REQUIRED)


@pytest.mark.parametrize(
    "name, sign, symmetric, mmp",
    [
        ("cooperatesWith", 1, True, ("all",)),
        ("affiliateOf", 1, False, ("aff",)),
        ("mergedInto", 1, False, ("mer",)),
        ("splinterOf", 0, False, ("spl",)),
        ("rivalOf", -1, True, ("riv",)),
        ("atWarWith", -1, True, ("riv",)),
        ("declaredWarOn", -1, False, ("riv",)),
        ("threatens", -1, False, ()),
        ("criticizes", -1, False, ()),
        ("attacked", -1, False, ()),
        ("negotiatesWith", 0, True, ()),
        ("leaderOf", 0, False, ()),
        ("operatesIn", 0, False, ()),
    ],
)
def test_relation_meaning_matches_the_alignment_table(name, sign, symmetric, mmp):
    relation = relations()[name]
    assert (relation.sign, relation.symmetric, relation.mmp) == (sign, symmetric, mmp)


def test_standard_codes_and_inverses():
    assert relations()["cooperatesWith"].cameo == ("05", "06", "07")
    assert relations()["threatens"].plover == ("THREATEN",)
    assert relations()["attacked"].plover == ("ASSAULT",)
    assert relations()["criticizes"].plover == ("ACCUSE",)
    assert relations()["negotiatesWith"].plover == ("CONSULT",)
    assert relations()["leaderOf"].inverse == "ledBy"
    assert relations()["spokespersonOf"].inverse == "hasSpokesperson"
    for relation in relations().values():
        assert (relation.inverse is None) == relation.symmetric, relation.name


def test_classes():
    assert actor_types() >= {
        "MilitantGroup", "Person", "Government", "StateArmedForce", "GovernmentAgency",
        "IntergovernmentalOrganization", "NonGovernmentalOrganization", "ResearchOrganization", "MediaOutlet",
    }
    assert place_types() >= {"Country", "Region", "City"}
    assert event_types() >= {"Coup", "Attack", "Statement", "Report", "Protest", "StateOfEmergency"}


def test_kg_namespace_is_closed():
    assert KG.leaderOf.value.endswith("#leaderOf")
    with pytest.raises(AttributeError):
        KG.leaderof  # noqa: B018


def test_every_kg_term_the_code_uses_is_in_the_ontology():
    package = Path(__file__).resolve().parent.parent / "kg"
    used = set()
    for path in package.rglob("*"):
        if path.suffix == ".py":
            used |= set(re.findall(r"\bKG\.([A-Za-z]\w*)", path.read_text()))
            used |= set(re.findall(r"\bKG\[\"([A-Za-z]\w*)\"\]", path.read_text()))
        elif path.suffix == ".rq":
            used |= set(re.findall(r"\bkg:([A-Za-z]\w*)", path.read_text()))
    assert used, "the scan found no terms"
    assert used - declared_terms() == set()
