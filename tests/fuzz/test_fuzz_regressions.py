"""The defects the fuzz suite found, each kept as a plain test of its fix."""

from __future__ import annotations

from tests.fuzz.fuzzing import run_cli, scratch, store_copy, store_digest


def test_deeply_nested_toml_is_one_error_not_a_recursion_error():
    """tomllib recursed past Python's limit on 50,000 nested arrays: ``internal error: RecursionError`` (exit 3)."""
    with scratch() as folder:
        path = folder / "deep.toml"
        path.write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
        outcome = run_cli(["build", "--store", "memory:", "--no-validate", "--data", str(path)])
    assert outcome.exit_code == 2 and "nested too deeply" in outcome.stderr


def test_a_parser_error_quoting_a_line_break_stays_on_one_line():
    """pyoxigraph's RDF/XML error quoted the text it choked on, line break included: the error took two lines."""
    with scratch() as folder:
        path = folder / "broken.rdf"
        path.write_text('?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
                        encoding="utf-8")
        outcome = run_cli(["build", "--store", "memory:", "--no-validate", "--data", str(path)])
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1 and "\\n" in outcome.stderr and "broken.rdf" in outcome.stderr


def test_terminal_escapes_and_bidi_controls_in_input_are_shown_escaped():
    """An error quoting input must not recolour the terminal or reorder the line it is printed on."""
    outcome = run_cli(["build", "--store", "memory:", "--data", "report\x1b[31m\u202etxt.ttl\nkg: error: forged"])
    assert outcome.exit_code == 2 and outcome.stderr.count("\n") == 1
    assert "\x1b" not in outcome.stderr and "\u202e" not in outcome.stderr
    assert "report\\x1b[31m\\u202etxt.ttl\\nkg: error: forged" in outcome.stderr


def test_kg_query_refuses_service_and_leaves_the_store_usable(tmp_path):
    """``kg query`` ran SERVICE: it fetched the URL given, and after the failed fetch Oxigraph kept the
    store's lock in the process, so a notebook could not open the store again ("in use")."""
    store = tmp_path / "store"
    assert run_cli(["build", "--store", str(store), "--no-validate"]).exit_code == 0
    with store_copy(store) as copy:
        before = store_digest(copy)
        for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                      "SELECT * WHERE { ?a ?b ?c . service#comment\n<http://127.0.0.1:9/> { ?s ?p ?o } }"):
            outcome = run_cli(["query", "--store", str(copy), query], store=copy)
            assert outcome.exit_code == 2 and "SERVICE" in outcome.stderr
        assert store_digest(copy) == before
        ok = run_cli(["query", "--store", str(copy), "--format", "csv",
                      "SELECT ?service WHERE { ?service skos:altLabel 'JNIM' }"])
        assert ok.exit_code == 0 and "jnim" in ok.stdout


def test_a_source_id_that_cannot_be_an_iri_is_refused_by_name():
    """``[source] id = "a b"`` reached pyoxigraph as an IRI: ``internal error: ValueError: Invalid IRI code point``."""
    with scratch() as folder:
        path = folder / "facts.toml"
        path.write_text('[source]\nid = "a b"\ntitle = "t"\nkind = "report"\n', encoding="utf-8")
        outcome = run_cli(["build", "--store", "memory:", "--no-validate", "--data", str(path)])
    assert outcome.exit_code == 2 and "[source]: field 'id': 'a b' is not a valid id" in outcome.stderr


def test_a_document_date_before_the_common_era_is_refused():
    """``{"published": -1000}`` passed the date check and broke the date reader: ``internal error: ValueError``."""
    with scratch() as folder:
        (folder / "a.txt").write_text("JNIM attacked the army in Mopti.", encoding="utf-8")
        (folder / "a.meta.json").write_text('{"published": -1000}', encoding="utf-8")
        outcome = run_cli(["extract", str(folder / "a.txt"), "--store", "memory:"])
        assert outcome.exit_code == 2 and "'-1000' is not a date" in outcome.stderr
        (folder / "a.meta.json").unlink()
        outcome = run_cli(["extract", str(folder / "a.txt"), "--store", "memory:", "--date=-0500"])
        assert outcome.exit_code == 2 and "'-0500' is not a date" in outcome.stderr


def test_brd_years_kg_cannot_write_are_bad_rows():
    """A BRD ``year`` of "01000" passed the number check and then failed as a date: ``internal error: ValueError``."""
    header = "conflict_id,dyad_id,side_a,side_a_id,side_b,side_b_id,year,bd_best,bd_low,bd_high\n"
    rows = ["1,2,Government of Mali,1,JNIM,2,01000,5,5,5\n", "1,2,Government of Mali,1,JNIM,2,12000,5,5,5\n",
            "1,2,Government of Mali,1,JNIM,2,2019,5,5,5\n"]
    with scratch() as folder:
        path = folder / "BRD.csv"
        path.write_text(header + "".join(rows), encoding="utf-8")
        outcome = run_cli(["import", "ucdp", str(path), "--store", "memory:", "-v"])
        assert outcome.exit_code == 0 and "line 3: year: '12000' is not a year" in outcome.stderr
        outcome = run_cli(["import", "ucdp", str(path), "--store", "memory:", "--strict"])
        assert outcome.exit_code == 2 and "'12000' is not a year" in outcome.stderr


def test_a_spreadsheet_damaged_file_with_a_stray_byte_is_one_error(tmp_path):
    """A byte that is not UTF-8 after the header of a repaired GED file: ``internal error: UnicodeDecodeError``."""
    from tests.fuzz.test_fuzz_import import SEEDS

    damaged = SEEDS.get("ucdp-niger-damaged")
    if damaged is None:
        import pytest

        pytest.skip("../shared/data is not beside the repository")
    data = damaged[1]
    at = data.index(b"\n", 20_000) + 10  # past the first buffer the header is read with
    path = tmp_path / "Niger.csv"
    path.write_bytes(data[:at] + b"\x80" + data[at:])
    outcome = run_cli(["import", "ucdp", str(path), "--store", "memory:"])
    assert outcome.exit_code == 2 and "Niger.csv: after line" in outcome.stderr and "not UTF-8" in outcome.stderr


def test_a_usage_error_is_one_line_too():
    """Click's usage errors took three lines (usage, hint, "Error: …"): a query text starting with "-" was one."""
    outcome = run_cli(["query", "--store", "memory:", "- x"])
    assert outcome.exit_code == 2 and outcome.stderr.count("\n") == 1
    assert outcome.stderr.startswith("kg: error: No such option '- '. (see ") and "query --help)" in outcome.stderr
    with scratch() as folder:
        outcome = run_cli(["viz", "--store", "memory:", "-o", str(folder)])
    assert outcome.exit_code == 2 and outcome.stderr.count("\n") == 1 and "is a directory" in outcome.stderr


def test_infinite_numbers_in_a_dataset_are_bad_rows():
    """A GED ``best`` of "inf" or "1e400" became float infinity: ``internal error: OverflowError``."""
    from tests.fuzz.test_fuzz_import import SEEDS

    header, *rows = SEEDS["ucdp-ged"][1].decode("utf-8-sig").splitlines()
    best = header.split(",").index("best")
    broken = []
    for number, value in enumerate(["inf", "1e400", "nan"]):
        cells = rows[number].split(",")
        cells[best] = value
        broken.append(",".join(cells))
    with scratch() as folder:
        path = folder / "ged.csv"
        path.write_text("\n".join([header, *broken, *rows[3:]]) + "\n", encoding="utf-8")
        outcome = run_cli(["import", "ucdp", str(path), "--store", "memory:", "-v"])
    assert outcome.exit_code == 0
    assert all(f"best: {value!r} is not a whole number" in outcome.stderr for value in ("inf", "1e400", "nan"))
