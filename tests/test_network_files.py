"""GraphML and GEXF files of a projection read back as the same graph."""

import networkx as nx
import pytest

from kg.network import collapse, project, read_gexf, read_graphml, write_gexf, write_graphml


@pytest.mark.parametrize(("write", "read", "suffix"), [(write_graphml, read_graphml, "graphml"),
                                                       (write_gexf, read_gexf, "gexf")])
def test_a_projection_round_trips(sahel, tmp_path, write, read, suffix):
    graph = project(sahel)
    path = tmp_path / f"sahel.{suffix}"
    write(graph, path)
    back = read(path)
    assert type(back) is nx.MultiDiGraph
    assert sorted(back.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    if suffix == "graphml":
        assert back.graph == graph.graph
    assert "Jama&apos;at" in path.read_text() or "Jama'at" in path.read_text()


@pytest.mark.parametrize(("write", "read"), [(write_graphml, read_graphml), (write_gexf, read_gexf)])
def test_a_collapsed_graph_round_trips(sahel, tmp_path, write, read):
    ties = collapse(project(sahel))
    write(ties, tmp_path / "ties")
    back = read(tmp_path / "ties")
    assert type(back) is nx.Graph
    assert sorted(back.edges(data=True)) == sorted(ties.edges(data=True))
