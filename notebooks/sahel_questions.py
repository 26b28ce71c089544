# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # What the Sahel graph answers
#
# The built-in graph is curated from the Counter Extremism Project's press release on the
# August 2020 coup in Mali. This notebook asks it the analyst questions from the design
# notes, using the named queries that `kg query --name …` runs, in an in-memory store.

# %%
import pandas as pd

import kg
from kg.queries import compact
from kg.sparql import parse_binding

store = kg.open_store("memory:")
summary = kg.build(store)
print(f"{summary.triples} triples, {summary.statements} relation statements")


def ask(name: str, **values: str) -> pd.DataFrame:
    """Run a named query and show its rows as a table of readable values."""
    bindings = dict(parse_binding(f"{key}={value}") for key, value in values.items())
    result = kg.run_named_query(store, name, bindings)
    return pd.DataFrame([[compact(v) for v in row] for row in result.rows], columns=result.variables)


# %% [markdown]
# ## Who leads JNIM? Who speaks for the Islamic State?

# %%
ask("leaders", group="JNIM")[["leaderName", "when", "quote"]]

# %%
ask("spokespersons", group="ISIS")[["spokespersonName", "groupName", "role", "when", "quote"]]

# %% [markdown]
# ## Which groups operate in Mali, and since when?

# %%
ask("groups-in-country", country="Mali")[["groupName", "start", "end", "when", "quote"]]

# %% [markdown]
# ## Who was hostile to whom before and after May 2020?
#
# ISGS and JNIM cooperated until the war that Al-Naba reported on 8 May 2020.

# %%
before = ask("hostile-pairs-as-of", date="2019-06-01")[["aName", "relation", "bName"]]
after = ask("hostile-pairs-as-of", date="2020-07-01")[["aName", "relation", "bName", "start", "claimedBy"]]
before

# %%
after

# %% [markdown]
# ## Which claims come only from a party to the conflict?
#
# `independentlyReported` is false when every source gives the relation as someone's claim.

# %%
ask("claims-by-source")[["claimantName", "subjectName", "relation", "objectName", "confidence", "independentlyReported"]]

# %% [markdown]
# ## Casualty figures, with their qualifiers and who tallied them

# %%
ask("figures")[["measure", "qualifier", "count", "victims", "start", "end", "when", "places", "tally"]]
