"""A synthetic UCDP GED file of any size, for benchmarking ``kg import ucdp``.

Rows have the official release's columns and value forms: sides drawn by preferential
attachment from a pool of governments and armed groups (a few dyads carry most events, as
in the real data), one-sided violence against civilians, day-precision dates (some spans),
places repeated across events with coordinates, death estimates with a heavy tail, and a
source headline. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

COLUMNS = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,"
    "dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,"
    "source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,"
    "date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low"
).split(",")
SYLLABLES = "ka ma li ta ra do bu sa ni ko ze ga hu fa mo di wa ya ba na si te lo ki ha ja za re mu".split()
FIRST_DAY = datetime.date(1989, 1, 1).toordinal()
LAST_DAY = datetime.date(2023, 12, 31).toordinal()


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def write_ged(path: Path, rows: int, seed: int = 11) -> int:
    """Write ``rows`` events to ``path``; returns the number written."""
    rng = random.Random(seed)
    countries = [_word(rng, 3) for _ in range(60)]
    forms = ("Front", "Movement", "Army", "Jama’at")
    groups = [(2000 + i, f"{rng.choice(forms)} {_word(rng, 3)}") for i in range(max(40, rows // 400))]
    urn = list(range(len(groups)))
    places = [(rng.choice(countries), f"{_word(rng, 2)} {rng.choice(('town', 'village', 'district'))}",
               round(rng.uniform(-30, 30), 6), round(rng.uniform(-20, 50), 6), f"{_word(rng, 2)} region")
              for _ in range(max(100, rows // 20))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for n in range(rows):
            country, where, lat, lon, region = places[int(rng.paretovariate(1.1)) % len(places)]
            violence = rng.choices((1, 2, 3), (0.55, 0.15, 0.30))[0]
            g = urn[rng.randrange(len(urn))]
            urn.append(g)
            gid, gname = groups[g]
            if violence == 1:
                side_a, side_a_id = f"Government of {country}", str(countries.index(country) + 1)
                side_b, side_b_id = gname, str(gid)
            elif violence == 2:
                other = urn[rng.randrange(len(urn))]
                other = other if other != g else (g + 1) % len(groups)
                side_a, side_a_id, (side_b_id_int, side_b) = gname, str(gid), groups[other]
                side_b_id = str(side_b_id_int)
            else:
                side_a, side_a_id, side_b, side_b_id = gname, str(gid), "Civilians", "1"
            day = rng.randrange(FIRST_DAY, LAST_DAY)
            start = datetime.date.fromordinal(day)
            end = datetime.date.fromordinal(day + (rng.randrange(1, 5) if rng.random() < 0.1 else 0))
            best = int(rng.paretovariate(1.3)) - 1
            low, high = max(0, best - rng.randrange(3)), best + rng.randrange(5)
            out.writerow([
                100000 + n, f"SYN-{start.year}-{violence}-{n}", start.year, "True", "Clear", violence, "", "", "",
                "", "", f"{side_a} - {side_b}", "", side_a_id, side_a, "", side_b_id, side_b, 1,
                "", "", "", f"{side_a} and {side_b}: clashes near {where}", "", rng.choice((1, 1, 2, 3, 4)), where,
                f"near {where}", region, "", lat, lon, f"POINT ({lon} {lat})", "", country, "", "Africa",
                1, 1, start.isoformat(), end.isoformat(), 0, 0, 0, best, best, high, low,
            ])
    return rows
