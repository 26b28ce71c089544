"""The kg extract, kg ingest and kg eval commands, run as the user runs them."""

import codecs
import json
import shutil

import pytest

from tests.conftest import CORPUS, REPO, run_kg

DEVSET = REPO / "tests" / "devset"


@pytest.fixture
def seed_copy(tmp_path, corpus_text):
    shutil.copy(CORPUS, tmp_path / CORPUS.name)
    shutil.copy(CORPUS.with_name("mali-coup-2020.meta.json"), tmp_path)
    return tmp_path / CORPUS.name


def _count(store):
    result = run_kg("query", "--store", str(store), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv")
    return int(result.stdout.splitlines()[1])


def test_extract_prints_the_schema_and_writes_nothing(seed_copy, sahel_dir, tmp_path):
    before = _count(sahel_dir)
    result = run_kg("extract", str(seed_copy), "--store", str(sahel_dir), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"document", "entities", "relations", "events"}
    assert output["document"]["date"] == "2020-08" and len(output["document"]["sha256"]) == 64
    ids = {e["id"] for e in output["entities"]}
    for entity in output["entities"]:
        assert set(entity) == {"id", "label", "type", "aliases", "mentions"}
    for relation in output["relations"]:
        assert set(relation) == {"subject", "predicate", "object", "start", "end", "date", "confidence", "claimed_by", "stage",
                                 "evidence"}
        assert relation["stage"] in ("rules", "learned")
        assert {relation["subject"], relation["object"], *relation["claimed_by"]} <= ids
        text = seed_copy.read_text(encoding="utf-8")
        assert text[relation["evidence"]["start"]:relation["evidence"]["end"]] == relation["evidence"]["text"]
    found = {(r["subject"], r["predicate"], r["object"]): r for r in output["relations"]}
    assert {"kgr:jnim", "kgr:isgs", "kgr:iyad-ag-ghaly", "kgr:amadou-kouffa", "kgr:abu-hamza-al-qurashi", "kgr:al-naba"} <= ids
    war = found.get(("kgr:jnim", "atWarWith", "kgr:isgs")) or found[("kgr:isgs", "atWarWith", "kgr:jnim")]
    assert war["date"] == "2020-05-08/.." and set(war["claimed_by"]) == {"kgr:al-naba", "kgr:islamic-state"}
    assert ("kgr:isgs", "cooperatesWith", "kgr:jnim") in found
    assert _count(sahel_dir) == before
    assert not (tmp_path / "kg-store").exists()


def test_extract_date_option_and_no_store(seed_copy, tmp_path):
    result = run_kg("extract", str(seed_copy), "--date", "2020-08-25", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no store" in result.stderr and not (tmp_path / "kg-store").exists()
    output = json.loads(result.stdout)
    assert output["document"]["date"] == "2020-08-25"
    coup = [e for e in output["events"] if e["type"] == "Coup"][0]
    assert coup["date"] == "2020-08"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03" * 100, "binary"),
])
def test_extract_refuses_what_is_not_an_article(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_kg("extract", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "bad.txt" in result.stderr and "Traceback" not in result.stderr


def test_extract_reads_other_encodings_and_html(tmp_path):
    text = "The Macina Liberation Front and the Azawad Liberation Movement cooperated with one another in Mali."
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (tmp_path / "latin1.txt").write_bytes((text + " Keïta left.").encode("latin-1"))
    (tmp_path / "page.html").write_text(f"<html><body><script>x()</script><p>{text}</p></body></html>", encoding="utf-8")
    for name in ("utf16.txt", "latin1.txt", "page.html"):
        result = run_kg("extract", str(tmp_path / name), "--date", "2021", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        relations = json.loads(result.stdout)["relations"]
        assert any(r["predicate"] == "cooperatesWith" for r in relations), name
    assert "Latin-1" in run_kg("extract", str(tmp_path / "latin1.txt"), cwd=tmp_path).stderr


def test_ingest_then_relations_of_jnim_shows_each_quote(seed_copy, tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", "--store", str(store)).returncode == 0
    result = run_kg("ingest", "--store", str(store), str(seed_copy), *map(str, sorted(DEVSET.glob("*.txt"))))
    assert result.returncode == 0, result.stderr
    assert f"ingested {1 + len(list(DEVSET.glob('*.txt')))} document(s)" in result.stdout
    again = run_kg("ingest", "--store", str(store), str(seed_copy))
    assert "1 unchanged" in again.stdout
    rows = run_kg("query", "--store", str(store), "--name", "relations-of", "--bind", "actor=JNIM", "--format", "json")
    bindings = json.loads(rows.stdout)["results"]["bindings"]
    ingested = [b for b in bindings if "Insurgency" in b["source"]["value"] and b.get("quote")]
    assert len(ingested) >= 10 and all(b["quote"]["value"] for b in bindings)
    assert run_kg("validate", "--store", str(store)).returncode == 0


def test_ingest_into_a_store_never_built_gives_it_the_ontology(seed_copy, tmp_path):
    store = tmp_path / "fresh" / "store"
    assert run_kg("ingest", "--store", str(store), str(seed_copy)).returncode == 0
    checked = run_kg("validate", "--store", str(store))
    assert checked.returncode == 0 and checked.stdout.startswith("valid:"), checked.stdout + checked.stderr
    groups = run_kg("query", "--store", str(store), "--name", "actors", "--bind", "kind=MilitantGroup", "--format", "json")
    assert "JNIM" in groups.stdout


def test_ingest_of_a_bad_file_leaves_the_store_unchanged(tmp_path, seed_copy):
    store = tmp_path / "store"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run_kg("ingest", "--store", str(store), str(seed_copy), str(bad))
    assert result.returncode == 2 and "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert _count(store) == 0


def test_eval_prints_scores_per_article(tmp_path):
    result = run_kg("eval", str(DEVSET), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| article | entities P")
    assert any(line.startswith("| mali-coup-2020 |") for line in lines)
    assert lines[-1].startswith("| **all** |")


def test_eval_names_a_broken_gold_file(tmp_path):
    (tmp_path / "x.gold.json").write_text('{"text": "x.txt", "entities": [], "relations": [{"predicate": "likes"}]}')
    result = run_kg("eval", str(tmp_path))
    assert result.returncode == 2 and "x.gold.json" in result.stderr and "likes" in result.stderr


def test_ingest_refuses_binary_and_50_mb_files_and_can_skip_validation(tmp_path, seed_copy):
    store = tmp_path / "store"
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    for bad in (huge, binary):
        result = run_kg("ingest", "--store", str(store), str(seed_copy), str(bad))
        assert result.returncode == 2 and bad.name in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert _count(store) == 0
    result = run_kg("ingest", "--no-validate", "--store", str(store), str(seed_copy))
    assert result.returncode == 0 and "ingested 1 document(s)" in result.stdout, result.stderr
    assert _count(store) > 0
