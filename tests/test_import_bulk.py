"""The bulk loader process: the frames of one graph go to Oxigraph as one stream, graph after graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import open_store
from kg.errors import KgError

P = ox.NamedNode("https://example.org/p")


def _triples(prefix: str, n: int) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(f"https://example.org/{prefix}/{i}"), P, ox.Literal(f"{prefix} {i}")) for i in range(n)]


def _graph_counts(store) -> dict[str, int]:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {g.value: int(n.value) for g, n in rows}


def test_runs_of_several_graphs_in_many_frames_land_in_their_graphs(tmp_path, monkeypatch):
    import kg.bulk

    monkeypatch.setattr(kg.bulk, "BATCH", 40)  # many frames per run, and a run that returns to an earlier graph
    one, two = ox.NamedNode("https://example.org/graph/one"), ox.NamedNode("https://example.org/graph/two")
    a = _triples("a", 130)
    runs = [(one, a[i:i + 10]) for i in range(0, 130, 10)]
    runs += [(two, []), (two, _triples("b", 45)), (one, _triples("c", 7)), (two, _triples("d", 1))]
    store = open_store(str(tmp_path / "store"))
    seen: list[int] = []
    assert store.bulk_replace_triples([one, two], iter(runs), on_batch=seen.append) == 183
    assert {g: n for g, n in _graph_counts(store).items() if g in (one.value, two.value)} == {one.value: 137, two.value: 46}
    assert store.query("ASK { GRAPH <https://example.org/graph/one> { <https://example.org/c/6> ?p 'c 6' } }").boolean
    assert seen == sorted(seen) and len(seen) >= 4
    store.close()


def test_a_failing_loader_is_one_line_and_changes_nothing(tmp_path, monkeypatch):
    import kg.bulk

    graph = ox.NamedNode("https://example.org/graph/one")
    store = open_store(str(tmp_path / "store"))
    store.bulk_replace_triples([graph], iter([(graph, _triples("a", 3))]))
    monkeypatch.setattr(kg.bulk, "LOADER", kg.bulk.LOADER.replace("store.flush()", "raise OSError('No space left on device')"))
    with pytest.raises(KgError, match=r"^write to store .* failed, nothing changed: bulk loader failed: OSError: No sp") as error:
        store.bulk_replace_triples([graph], iter([(graph, _triples("b", 5))]))
    assert "\n" not in str(error.value)
    assert store.triple_count() == 3 and not list(tmp_path.glob(".store.kg-bulk-*"))
    store.close()
