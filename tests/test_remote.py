"""The same build and queries against a real SPARQL 1.1 server process (oxigraph serve)."""

import pyoxigraph as ox
import pytest

from kg import KgError, build, open_store, run_named_query, validate
from kg.sparql import parse_binding
from tests.conftest import run_kg


def test_build_query_validate_over_http(oxigraph_server):
    with open_store(oxigraph_server) as store:
        summary = build(store)
        assert summary.statements == 34
        leaders = run_named_query(store, "leaders", dict([parse_binding("group=JNIM")])).records()
        assert sorted(r["leaderName"].value for r in leaders) == ["Amadou Kouffa", "Iyad Ag Ghaly"]
        assert validate(store).conforms
        before = sorted(str(q) for q in store.quads())
        build(store)
        assert sorted(str(q) for q in store.quads()) == before


def test_cli_against_the_server(oxigraph_server):
    assert run_kg("build", store=oxigraph_server).returncode == 0
    result = run_kg("query", "--name", "hostile-pairs-as-of", "--bind", "date=2020-07-01", "--format", "csv",
                    store=oxigraph_server)
    assert "at war with" in result.stdout
    bad = run_kg("query", "SELECT * WHERE { ?s ?p }", store=oxigraph_server)
    assert bad.returncode == 2 and "SPARQL syntax error" in bad.stderr


def test_failed_remote_write_leaves_the_graphs(oxigraph_server):
    with open_store(oxigraph_server) as store:
        build(store)
        before = sorted(str(q) for q in store.quads())

        def failing():
            yield ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/b"))
            raise KgError("connection lost")

        with pytest.raises(KgError, match="nothing changed"):
            store.replace_graphs({store.graph_names()[0]: failing()})
        assert sorted(str(q) for q in store.quads()) == before
