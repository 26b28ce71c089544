"""Change over time on the built-in graph: the ISGS-JNIM turn, as-of views, balance per year."""

import networkx as nx
import pytest

from kg import KgError
from kg.network import as_of, diff, during, project, timeline, year_ends
from kg.vocab import KGR

ISGS, JNIM = KGR["isgs"].value, KGR["jnim"].value


def edge_set(graph):
    return sorted(graph.edges(keys=True))


@pytest.mark.parametrize("date", ["2019", "2019-06-01", "2020-05", "2020-05-08", "2020-05-09", "2020-08", "2021"])
def test_as_of_on_a_graph_matches_as_of_in_the_projection(sahel, date):
    assert edge_set(as_of(project(sahel), date)) == edge_set(project(sahel, as_of=date))


def test_the_isgs_jnim_turn_from_cooperation_to_war(sahel):
    result = diff(project(sahel, types=["Actor"]), "2019-06-01", "2020-07-01")
    (turn,) = result["turned"]
    assert {turn["a_iri"], turn["b_iri"]} == {ISGS, JNIM}
    assert (turn["before"], turn["after"]) == (1, -1)
    assert [(r["relation"], r["end"]) for r in turn["relations_before"]] == [("cooperatesWith", "2020-05-08")]
    assert [(r["relation"], r["start"]) for r in turn["relations_after"]] == [("atWarWith", "2020-05-08")]
    changes = {(r["change"], r["relation"], r["subject"], r["object"], r["date"]) for r in result["changes"]}
    assert ("ended", "cooperatesWith", "Islamic State in the Greater Sahara", "Jama'at Nusrat al-Islam wal-Muslimin",
            "2020-05-08") in changes
    assert ("began", "atWarWith", "al-Qaeda", "Islamic State in the Greater Sahara", "2020-05-08") in changes
    assert not any(r["relation"] == "rivalOf" for r in result["changes"])  # undated: held throughout
    assert result["balance"]["before"]["frustration"] == 1 and result["balance"]["after"]["frustration"] == 0
    assert any(m["actor"] == "Jama'at Nusrat al-Islam wal-Muslimin" for m in result["blocs"]["moved"])


def test_a_relation_inside_the_window_began_and_ended():
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", relation="cooperatesWith", sign=1, start="2016-02", end="2017")
    (change,) = diff(graph, "2015", "2018")["changes"]
    assert (change["change"], change["began"], change["ended"]) == ("began and ended", "2016-02", "2017")


def test_during_keeps_what_held_at_some_time_in_the_period(sahel):
    graph = project(sahel)
    before_war = during(graph, "2019-01-01", "2020-04-30")
    assert not any(d["relation"] == "atWarWith" for *_, d in before_war.edges(data=True))
    assert any(d["relation"] == "cooperatesWith" for *_, d in before_war.edges(data=True))
    with pytest.raises(KgError, match="after"):
        during(graph, "2021", "2020")


def test_balance_and_blocs_per_year(sahel):
    rows = timeline(project(sahel, types=["Actor"]), year_ends("2019", "2020"))
    assert [r["date"] for r in rows] == ["2019-12-31", "2020-12-31"]
    first, second = rows
    assert (first["positive"], first["frustration"], first["triangles"]) == (3, 1, 0)
    # 2020: the war restores balance in the jihadist camps; the government at war with both leaves an all-hostile triangle.
    assert (second["positive"], second["triangles"], second["unbalanced"], second["all_negative"]) == (2, 3, 1, 1)
    assert second["frustration"] == 1 and second["exact"]
    assert sorted(sorted(b) for b in second["blocs"]) == sorted([
        sorted([KGR["al-qaeda"].value, JNIM]), sorted([KGR["islamic-state"].value, ISGS])])
