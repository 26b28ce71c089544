"""The command line as a user runs it: real processes, real stores, one-line errors."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import run_kg


def assert_one_line_error(result, *fragments, code=2):
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def dump(store_dir):
    result = run_kg("query", "--format", "csv", "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o ?g",
                    store=store_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_build_prints_counts_and_validates(tmp_path):
    result = run_kg("build", "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert "MilitantGroup" in result.stdout and "leaderOf" in result.stdout
    assert "valid:" in result.stdout
    assert run_kg("validate", store=tmp_path / "s").returncode == 0


def test_leaders_from_the_readme(sahel_dir):
    result = run_kg("query", "--name", "leaders", "--bind", "group=JNIM", "--format", "csv", store=sahel_dir)
    assert result.returncode == 0, result.stderr
    assert "Iyad Ag Ghaly" in result.stdout and "Amadou Kouffa" in result.stdout


def test_query_json_is_sparql_results_json(sahel_dir):
    result = run_kg("query", "--format", "json", "SELECT ?g WHERE { ?g a kg:MilitantGroup } ORDER BY ?g", store=sahel_dir)
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["g"]
    assert len(data["results"]["bindings"]) == 5


def test_query_from_file_and_list(sahel_dir, tmp_path):
    (tmp_path / "q.rq").write_text("SELECT ?n WHERE { ?x kg:spokespersonOf ?g ; skos:prefLabel ?n }")
    result = run_kg("query", "--file", str(tmp_path / "q.rq"), "--format", "csv", store=sahel_dir)
    assert result.stdout.splitlines() == ["n", "Abu Hamza al-Qurashi"]
    listing = run_kg("query", "--list")
    assert "hostile-pairs-as-of" in listing.stdout and "--bind date=" in listing.stdout


def test_malformed_turtle_names_file_and_line_and_changes_nothing(sahel_dir, tmp_path):
    before = dump(sahel_dir)
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/kg/ontology#> .\n'
                   '<http://x/a> kg:leaderOf <http://x/b> .\n'
                   '<http://x/a> <http://x/p> "open .\n')
    result = run_kg("build", "--store", str(sahel_dir), "--data", str(bad))
    assert_one_line_error(result, "bad.ttl", "line 3")
    assert dump(sahel_dir) == before


def test_invalid_data_is_refused_and_changes_nothing(sahel_dir, tmp_path):
    before = dump(sahel_dir)
    bad = tmp_path / "invalid.ttl"
    bad.write_text("""@prefix kg: <https://w3id.org/kg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://x/a> a kg:MilitantGroup ; skos:prefLabel "A" .
<http://x/b> a kg:MilitantGroup ; skos:prefLabel "B" .
<http://x/a> kg:leaderOf <http://x/b> .
""")
    result = run_kg("build", "--store", str(sahel_dir), "--data", str(bad))
    assert result.returncode == 1
    assert "build refused" in result.stderr and "is not a" in result.stderr and "Traceback" not in result.stderr
    assert dump(sahel_dir) == before


def test_validate_fails_on_a_broken_graph(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("""@prefix kg: <https://w3id.org/kg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<http://x/a> a kg:MilitantGroup ; skos:prefLabel "A" .
<http://x/b> a kg:MilitantGroup .
<http://x/a> kg:rivalOf <http://x/b> . <http://x/b> kg:rivalOf <http://x/a> .
<http://x/st> a kg:RelationStatement ; rdf:subject <http://x/a> ; rdf:predicate kg:cooperatesWith ; rdf:object <http://x/b> .
<http://x/d> a kg:Derivation ; prov:entity <http://x/src> ; kg:start "2020-13-45"^^xsd:date ;
    kg:end "2019"^^xsd:gYear ; kg:confidence 1.5 .
<http://x/src> a prov:Entity .
""")
    store = tmp_path / "s"
    assert run_kg("build", "--store", str(store), "--data", str(broken), "--no-validate").returncode == 0
    result = run_kg("validate", store=store)
    assert result.returncode == 1
    for problem in ["prefLabel", "both directions", "without its direct triple", "a source", "confidence", "start"]:
        assert problem in result.stdout, problem


@pytest.mark.parametrize("args, fragments", [
    (("query", "SELECT * WHERE { ?s ?p }"), ["SPARQL syntax error", "1:"]),
    (("query", "--name", "no-such-query"), ["unknown named query"]),
    (("query", "--name", "leaders"), ["needs --bind group"]),
    (("query", "--bind", "oops", "SELECT * {}"), ["NAME=VALUE"]),
    (("query", "--file", "/nonexistent/q.rq"), ["cannot read"]),
    (("query", "DROP ALL"), ["read-only"]),
    (("build", "--data", "/nonexistent/x.ttl"), ["no such file"]),
])
def test_bad_input_gets_one_line(sahel_dir, args, fragments):
    assert_one_line_error(run_kg(*args, store=sahel_dir), *fragments)


def test_bad_curated_file(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text('[source]\nid = "x"\ntitle = "T"\nkind = "news"\n\n'
                     '[[relation]]\nsubject = "a"\npredicate = "leadrOf"\nobject = "b"\n')
    assert_one_line_error(run_kg("build", "--store", str(tmp_path / "s"), "--data", str(facts)),
                          "facts.toml", "[[relation]] #1", "leadrOf")
    facts.write_text('[source\nid = "x"\n')
    assert_one_line_error(run_kg("build", "--store", str(tmp_path / "s"), "--data", str(facts)), "facts.toml", "line 1")


def test_unreachable_endpoint():
    result = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", store="http://127.0.0.1:9/query")
    assert_one_line_error(result, "cannot reach SPARQL endpoint http://127.0.0.1:9/query")


def test_store_in_use(sahel_dir, oxigraph_server, tmp_path):
    import subprocess
    import sys
    holder = subprocess.Popen(
        [sys.executable, "-c", "import kg, sys, time; s = kg.open_store(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
         str(tmp_path / "held")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert_one_line_error(run_kg("build", store=tmp_path / "held"), "in use by another process")
        assert_one_line_error(run_kg("query", "ASK {}", store=tmp_path / "held"), "in use by another process")
    finally:
        holder.kill()
        holder.wait()


def test_user_data_in_other_formats(tmp_path):
    jsonld = tmp_path / "extra.jsonld"
    jsonld.write_text(json.dumps({
        "@context": {"kg": "https://w3id.org/kg/ontology#", "skos": "http://www.w3.org/2004/02/skos/core#"},
        "@id": "https://w3id.org/kg/id/ansar-dine", "@type": "kg:MilitantGroup", "skos:prefLabel": "Ansar Dine",
        "kg:operatesIn": {"@id": "https://w3id.org/kg/id/mali"}}))
    nt = tmp_path / "extra.nt"
    nt.write_text('<https://w3id.org/kg/id/ansar-dine> <http://www.w3.org/2004/02/skos/core#altLabel> "Ansar al-Din" .\n')
    store = tmp_path / "s"
    assert run_kg("build", "--store", str(store), "--data", str(jsonld), "--data", str(nt)).returncode == 0
    result = run_kg("query", "--name", "groups-in-country", "--bind", "country=Mali", "--format", "csv", store=store)
    assert "Ansar Dine" in result.stdout
    whois = run_kg("query", "--name", "whois", "--bind", "name=ansar al-din", "--format", "csv", store=store)
    assert "Ansar Dine" in whois.stdout


_ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_query_timeout_stops_a_runaway_query(sahel_dir):
    started = time.monotonic()
    result = run_kg("query", "--store", str(sahel_dir), "--timeout", "1", _ENDLESS, timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 2
    assert result.stderr == "kg: error: the query ran longer than --timeout 1 s and was stopped\n"
    answer = run_kg("query", "--store", str(sahel_dir), "--timeout", "30", "--name", "leaders", "--bind", "group=JNIM")
    assert answer.returncode == 0 and "Iyad Ag Ghaly" in answer.stdout


def test_ctrl_c_stops_a_running_query(sahel_dir):
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    process = subprocess.Popen([sys.executable, "-m", "kg", "query", "--store", str(sahel_dir), _ENDLESS],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        time.sleep(3)  # well inside the evaluation (imports and opening take well under a second)
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    finally:
        process.kill()
    assert process.returncode == 130 and stderr == "kg: interrupted\n"


def test_labels_cannot_drive_the_terminal(tmp_path, monkeypatch):
    from tests.fuzz.graphs import text_graph

    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no label is folded across lines

    labels = ["Evil\x1b]0;pwned\x07 Front", "Red\x1b[31m Brigade\x1b[2J", "Mirror\u202e Army\x9b"]
    data = tmp_path / "hostile.ttl"
    data.write_text(text_graph(labels, quotes=["a quote"]), encoding="utf-8")
    assert run_kg("build", "--store", str(tmp_path / "s"), "--data", str(data)).returncode == 0
    shown = run_kg("query", "--store", str(tmp_path / "s"), "--name", "actors", "--format", "table", "--limit", "500")
    assert shown.returncode == 0
    ranked = run_kg("analyze", "centrality", "--store", str(tmp_path / "s"), "--format", "table")
    assert ranked.returncode == 0, ranked.stderr
    for output in (shown.stdout, ranked.stdout):
        assert not any(c in output for c in "\x1b\x07\u202e\x9b")
        for escaped in ("Evil\\x1b]0;pwned\\x07 Front", "Red\\x1b[31m Brigade\\x1b[2J", "Mirror\\u202e Army\\x9b"):
            assert escaped in output
