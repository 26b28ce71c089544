"""`kg analyze` run as the real command line against an on-disk store of the built-in graph."""

import json

import pytest

from tests.conftest import run_kg


def analyze(sahel_dir, *args):
    return run_kg("analyze", *args, "--store", str(sahel_dir))


def test_diff_shows_the_isgs_jnim_turn_with_both_names_and_dates(sahel_dir):
    result = analyze(sahel_dir, "diff", "--from", "2019-06-01", "--to", "2020-07-01")
    assert result.returncode == 0, result.stderr
    turned = result.stdout.split("Pairs that turned")[1].split("Relations that began")[0]
    assert "Islamic State in the Greater Sahara (ISGS)" in turned and "(JNIM)" in turned
    assert "allied: cooperatesWith (until 2020-05-08)" in turned
    assert "hostile: atWarWith (from 2020-05-08)" in turned
    assert result.stdout.startswith("From 2019-06-01 to 2020-07-01: 1 pair turned, 12 relations began, 1 ended")


def test_diff_as_json(sahel_dir):
    result = analyze(sahel_dir, "diff", "--from", "2019-06-01", "--to", "2020-07-01", "--format", "json")
    data = json.loads(result.stdout)
    (turn,) = data["turned"]
    assert turn["a"].startswith("Islamic State in the Greater Sahara") and turn["b"].startswith("Jama'at Nusrat")
    assert data["balance"]["before"]["frustration"] == 1 and data["balance"]["after"]["frustration"] == 0


def test_centrality_and_brokers(sahel_dir):
    data = json.loads(analyze(sahel_dir, "centrality", "--by", "degree", "--top", "3", "--format", "json").stdout)
    assert [row["actor"] for row in data["rows"]][0] == "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
    assert len(data["rows"]) == 3
    data = json.loads(analyze(sahel_dir, "brokers", "--format", "json").stdout)
    assert "Government of Mali" in [row["actor"] for row in data["brokers"][:3]]


def test_sampling_is_said_in_the_output(sahel_dir):
    result = analyze(sahel_dir, "centrality", "--samples", "5")
    assert "betweenness estimated from 5 sampled sources of 13 actors" in result.stdout


def test_blocs_and_balance_as_of_a_date(sahel_dir):
    data = json.loads(analyze(sahel_dir, "blocs", "--as-of", "2020-07-01", "--format", "json").stdout)
    assert sorted(b["members"] for b in data["blocs"]) == [
        ["Islamic State (IS)", "Islamic State in the Greater Sahara (ISGS)"],
        ["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", "al-Qaeda"]]
    result = analyze(sahel_dir, "balance")
    assert "frustration index: exact (binary program, HiGHS)" in result.stdout
    assert "Government of Mali" in result.stdout.split("Who creates imbalance")[1]


def test_balance_per_year_with_a_plot(sahel_dir, tmp_path):
    plot = tmp_path / "balance.png"
    result = analyze(sahel_dir, "balance", "--from", "2019", "--to", "2020", "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    assert "2019-12-31" in result.stdout and "2020-12-31" in result.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_path_and_keyplayers(sahel_dir, tmp_path):
    result = analyze(sahel_dir, "path", "Iyad Ag Ghali", "Al Naba", "--plot", str(tmp_path / "path.png"))
    assert result.returncode == 0, result.stderr
    assert "criticizes" in result.stdout and "Al-Naba criticized JNIM" in result.stdout
    assert (tmp_path / "path.png").exists()
    data = json.loads(analyze(sahel_dir, "keyplayers", "-k", "1", "--format", "json").stdout)
    assert data["set"][0]["actor"] == "Government of Mali" and data["after"] > data["before"]


def test_blocs_plot_and_filters(sahel_dir, tmp_path):
    result = analyze(sahel_dir, "blocs", "--exclude-claims-by", "ISIS", "--relations", "rivalOf,affiliateOf,atWarWith",
                     "--plot", str(tmp_path / "blocs.png"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "blocs.png").stat().st_size > 1000


@pytest.mark.parametrize(("args", "message"), [
    (("centrality", "--as-of", "2020-13-01"), "--as-of '2020-13-01': not a date"),
    (("diff", "--from", "2019-06-01"), "--from and --to go together"),
    (("diff",), "needs --from DATE and --to DATE"),
    (("path", "JNIM", "Nobody Known"), "'Nobody Known': no actor"),
    (("balance", "--as-of", "2020", "--from", "2019", "--to", "2020"), "either --as-of or --from/--to"),
    (("centrality", "--relations", "likes"), "unknown relation likes"),
])
def test_bad_input_is_one_line_and_exit_2(sahel_dir, args, message):
    result = analyze(sahel_dir, *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_keyplayers_read_no_dates_unless_a_period_asks_for_them(sahel_dir):
    everyone = json.loads(analyze(sahel_dir, "keyplayers", "--format", "json").stdout)
    early = json.loads(analyze(sahel_dir, "keyplayers", "--from", "2012", "--to", "2013", "--format", "json").stdout)
    assert "relations that held at some time from 2012 to 2013" in early["notes"]
    assert len(early["alone"]) < len(everyone["alone"])
