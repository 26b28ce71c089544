"""``kg import ucdp|acled|mmp``: shuffled, missing and extra columns, wrong types, broken quoting, damaged files."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO, run_kg
from tests.fuzz.fuzzing import COUNTS, check_outcome, examples, run_cli, scratch, store_copy, store_digest
from tests.fuzz.mutations import mutated, unicode_text

FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared" / "data"


def _head(path: Path, lines: int) -> bytes:
    if not path.exists():
        return b""
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(lines))


SEEDS = {
    "ucdp-ged": ("ucdp", (FIXTURES / "ucdp_ged_official.csv").read_bytes()),
    "ucdp-niger-damaged": ("ucdp", _head(SHARED / "ucdp" / "Niger.csv", 30)),
    "ucdp-actors": ("ucdp", _head(SHARED / "ucdp" / "ucdp-actor-221.csv", 25)),
    "ucdp-brd": ("ucdp", _head(SHARED / "ucdp" / "BRD.csv", 25)),
    "ucdp-acd": ("ucdp", _head(SHARED / "ucdp" / "ucdp-prio-acd-221.csv", 25)),
    "acled-dyadic": ("acled", (FIXTURES / "acled_dyadic.csv").read_bytes()),
    "acled-monadic": ("acled", (FIXTURES / "acled_monadic.csv").read_bytes()),
    "mmp": ("mmp", (FIXTURES / "mmp_relationships.csv").read_bytes()),
}
SEEDS = {name: seed for name, seed in SEEDS.items() if seed[1]}
KEY = FIXTURES / "mmp_key.csv"

_CELL = st.one_of(
    unicode_text(max_size=20), st.integers(-(10**30), 10**30).map(str), st.floats().map(str),
    st.sampled_from(["", " ", "NA", "n/a", "-1", "1e400", "2020-13-45", "02/30/2020", "0000-00-00", "True", "\x00",
                     "=cmd|' /C calc'!A0", '"', '""', "a,b", "line\nbreak", "2020-05-08 00:00:00.000", "12, 34"]),
)


@st.composite
def reshaped(draw, seed: bytes) -> bytes:
    """The seed's table with columns shuffled, dropped, added or renamed, and cells replaced by values of any type."""
    rows = list(csv.reader(io.StringIO(seed.decode("utf-8-sig", errors="replace"))))
    if not rows:
        return seed
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    order = draw(st.permutations(range(width)))
    keep = [i for i in order if draw(st.integers(0, 9)) > 0]
    rows = [[row[i] for i in keep] for row in rows]
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["extra", "", "side_a", "best", "date", "type", "id", "event_date"]))
        rows = [row + [name if n == 0 else draw(_CELL)] for n, row in enumerate(rows)]
    for _ in range(draw(st.integers(0, 8))):
        if len(rows) > 1 and rows[0]:
            r, c = draw(st.integers(1, len(rows) - 1)), draw(st.integers(0, len(rows[0]) - 1))
            rows[r][c] = draw(_CELL)
    if draw(st.booleans()) and len(rows) > 1:
        rows = rows[:1] + draw(st.permutations(rows[1:]))
    out = io.StringIO()
    csv.writer(out, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))).writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # broken quoting: an opened quote that never closes, or a stray one
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', '""', '"\n', ',"'])) + text[at:]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"])), errors="replace")


def _import(name: str, payload: bytes, store: str | Path, strict: bool, target: str) -> None:
    dataset, _ = SEEDS[name]
    with scratch() as folder:
        path = folder / f"{name}.csv"
        path.write_bytes(payload)
        args = ["import", dataset, str(path), "--store", str(store)]
        if dataset == "mmp":
            args += ["--key", str(KEY)]
        if strict:
            args.append("--strict")
        run_cli(args, store=store if isinstance(store, Path) else None, timeout=60, target=target)


@pytest.mark.parametrize("name", sorted(SEEDS))
@examples(25)
@given(data=st.data(), strict=st.booleans())
def test_import_reshaped(name, data, strict):
    _import(name, data.draw(reshaped(SEEDS[name][1])), "memory:", strict, f"import-reshaped-{name}")


@pytest.mark.parametrize("name", sorted(SEEDS))
@examples(25)
@given(data=st.data(), strict=st.booleans())
def test_import_mutated_bytes(name, data, strict):
    _import(name, data.draw(mutated(SEEDS[name][1])), "memory:", strict, f"import-bytes-{name}")




@examples(12)
@given(name=st.sampled_from(sorted(SEEDS)), data=st.data(), strict=st.booleans())
def test_import_into_a_store_on_disk(built, name, data, strict):
    """On disk, beside the built-in graph: a refused file leaves every quad as it was."""
    payload = data.draw(st.one_of(reshaped(SEEDS[name][1]), mutated(SEEDS[name][1])))
    with store_copy(built) as store:
        _import(name, payload, store, strict, "import-on-disk")


@examples(10)
@given(key=st.one_of(mutated(KEY.read_bytes()), st.binary(max_size=200)), relationships=mutated(SEEDS["mmp"][1]))
def test_mmp_key_mutated(key, relationships):
    with scratch() as folder:
        (folder / "key.csv").write_bytes(key)
        (folder / "rel.csv").write_bytes(relationships)
        run_cli(["import", "mmp", str(folder / "rel.csv"), "--key", str(folder / "key.csv"), "--store", "memory:"],
                target="import-mmp-key")


@pytest.mark.skipif(not (SHARED / "ucdp" / "Niger.csv").exists(), reason="../shared/data is not beside the repository")
def test_damaged_niger_whole_file_in_a_subprocess(tmp_path, built):
    """The real spreadsheet-damaged Niger.csv, strict and not, through the real command."""
    store = tmp_path / "store"
    shutil.copytree(built, store)
    for strict in ([], ["--strict"]):
        COUNTS["import-subprocess"] += 1
        before = store_digest(store)
        result = run_kg("import", "ucdp", str(SHARED / "ucdp" / "Niger.csv"), "--store", str(store), *strict)
        check_outcome(result.returncode, result.stdout, result.stderr)
        if result.returncode:
            assert store_digest(store) == before
