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
# # The Sahel as a network: blocs, balance, brokers and what changed in May 2020
#
# The built-in graph holds what the Counter Extremism Project's press release of August
# 2020 says about the actors around the coup in Mali. This notebook reads it as a signed
# network (cooperation and affiliation positive; rivalry, war, threats, criticism and
# attacks negative; leadership and presence neutral, as the ontology's `kg:sign` says) and
# answers the structural questions from the design notes:
#
# - Which actors cooperated before May 2020 and were at war after? What changed between two dates?
# - Where are the alliance blocs, the brokers, the unbalanced triangles?
# - Which of these findings rest only on one party's claims?
# - JNIM's two-hop neighbourhood as of 2019, with the quote behind every edge.
#
# Everything here is a plain function of `kg.network` over a networkx graph; `kg analyze`
# prints the same results on the command line.

# %%
import tempfile
from pathlib import Path

import pandas as pd

import kg
from kg import network
from kg.network.plots import plot_diff, plot_signed, plot_timeline

pd.set_option("display.max_colwidth", 120)
store = kg.open_store("memory:")
kg.build(store)
graph = network.project(store, types=["Actor"])  # actors only: places are not parties to a relation
name = {node: network.display_name(graph, node) for node in graph}
print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relation statements")
pd.Series([d["relation"] for *_, d in graph.edges(data=True)]).value_counts().rename("statements").to_frame()

# %% [markdown]
# Every edge carries its dates at the precision the source gives, its confidence, who
# claims it, and the evidence quote. The ISGS–JNIM pair has two statements:

# %%
isgs, jnim = network.find_node(graph, "ISGS"), network.find_node(graph, "JNIM")
pd.DataFrame([network.relation_row(graph, u, v, d) for u, v, d in graph.edges(data=True) if {u, v} == {isgs, jnim}])[
    ["subject", "relation", "object", "start", "end", "confidence", "claimed_by", "quotes"]]

# %% [markdown]
# ## What changed between June 2019 and July 2020?
#
# `network.diff` compares the graph as of two dates: relations that began or ended in
# between, pairs whose net sign turned, blocs and balance at each date. A relation holds
# on a date when it had begun, had not ended, and (for a relation reported at a point in
# time, such as a threat) had been reported by then; dates of different precision are
# compared on their common prefix.

# %%
change = network.diff(graph, "2019-06-01", "2020-07-01")
pd.DataFrame([{"pair": f"{name[t['a_iri']]} — {name[t['b_iri']]}",
               "2019-06-01": "; ".join(f"{r['relation']} ({network.when(r)})" for r in t["relations_before"]),
               "2020-07-01": "; ".join(f"{r['relation']} ({network.when(r)})" for r in t["relations_after"])}
              for t in change["turned"]])

# %% [markdown]
# The one pair that turned is the one the release is about: ISGS and JNIM "more or less
# cooperated" until the war Al-Naba reported on 8 May 2020. Around it, the relations that
# began or ended in the period:

# %%
pd.DataFrame(change["changes"])[["date", "change", "subject", "relation", "object", "claimed_by"]]

# %% [markdown]
# ## Where are the blocs?
#
# Blocs are groups with positive ties inside and negative ties across (correlation
# clustering, Doreian and Mrvar's criterion: the fewest ties the split contradicts). Grey
# actors have signed ties but no ally. Before the war the four jihadist groups cannot be
# split cleanly: whatever the split, one tie contradicts it — the JNIM–ISGS cooperation
# across the al-Qaeda–Islamic State rivalry. After it, two camps with no contradiction.

# %%
before, after = network.signed_snapshot(graph, "2019-06-01"), network.signed_snapshot(graph, "2020-07-01")
blocs_before, blocs_after = network.blocs(before), network.blocs(after)
pd.DataFrame([{"as of": date, "bloc": " + ".join(sorted(name[n] for n in bloc)),
               "ties contradicted": network.bloc_disagreements(ties, partition)}
              for date, ties, partition in (("2019-06-01", before, blocs_before), ("2020-07-01", after, blocs_after))
              for bloc in partition if len(bloc) > 1])

# %%
labels = {n: graph.nodes[n]["label"] for n in graph}
plot_diff(before, after, (blocs_before, blocs_after), labels=labels, titles=("as of 2019-06-01", "as of 2020-07-01"));

# %% [markdown]
# ## Structural balance: is "the enemy of my enemy my friend"?
#
# Heider's balance theory, as Cartwright and Harary formalised it, calls a triangle
# balanced when it has zero or two hostile ties. The frustration index counts the fewest
# ties that would have to change for the whole network to split into two camps; on a
# graph this size it is solved exactly (a binary program with the HiGHS solver).

# %%
rows = []
for date in ("2019-06-01", "2020-07-01", "2020-12-31"):
    ties = network.signed_snapshot(graph, date)
    result = network.frustration(ties)
    rows.append({"as of": date, **network.triangle_balance(ties), "frustration": result.index, "exact": result.exact,
                 "contradicting ties": ", ".join(f"{name[u]} – {name[v]}" for u, v in result.frustrated)})
pd.DataFrame(rows)

# %% [markdown]
# Balance improved in May 2020: the alliance across the rivalry ended. By the end of 2020
# one contradiction remains, of another kind: the Malian government is at war with both
# al-Qaeda and the Islamic State, who are at war with each other — three mutual enemies,
# a triangle that is unbalanced in Cartwright and Harary's sense (Davis's weaker
# "clusterable" balance allows it). The actors in the unbalanced triangles:

# %%
end_2020 = network.signed_snapshot(graph, "2020-12-31")
pd.DataFrame([{**row, "node": name[row["node"]]} for row in network.imbalance_by_actor(end_2020)])

# %%
timeline = network.timeline(graph, network.year_ends("2018", "2020"))
pd.DataFrame(timeline)[["date", "actors", "positive", "negative", "triangles", "unbalanced", "frustration"]]

# %%
plot_timeline(timeline);

# %% [markdown]
# ## Who brokers between the camps?
#
# Over all relations (any sign: a rival is still a contact), the brokers are the actors
# through which the shortest routes between members of different blocs run, with Burt's
# constraint (low: ties to actors who are not tied to each other).

# %%
ties = network.collapse(graph)
partition = network.blocs(ties)
pd.DataFrame([{"actor": name[r["node"]], "across blocs": round(r["bridging"], 3), "blocs reached": r["blocs_reached"],
               "constraint": round(r["constraint"], 3)} for r in network.brokers(ties, partition, top=6)])

# %% [markdown]
# The Malian government comes first: it is at war with both camps and, on Al-Naba's word,
# negotiating with JNIM. JNIM is second, tied to al-Qaeda, to ISGS, to the government and
# to its own leaders. Centrality tells a similar story:

# %%
scores = network.centrality(ties)
pd.DataFrame(scores).rename(index=name).sort_values("betweenness", ascending=False).round(3).head(6)

# %% [markdown]
# ## Key players: whose removal fragments the network most?
#
# Borgatti's fragmentation is the share of actor pairs that cannot reach each other.

# %%
chosen, left = network.key_players(ties, 2)
print(f"fragmentation with everyone: {network.fragmentation(ties):.3f}; without "
      f"{' and '.join(name[n] for n in chosen)}: {left:.3f}")

# %% [markdown]
# ## Whose word is it?
#
# The war between ISGS and JNIM is reported through the Islamic State's own newsletter,
# Al-Naba. Leaving out what the Islamic State and Al-Naba claim, the turn disappears: the
# graph no longer shows any war between the two groups, only their earlier cooperation.

# %%
independent = network.project(store, types=["Actor"], exclude_claims_by=["Islamic State", "Al-Naba"])
print("pairs that turned without their claims:", network.diff(independent, "2019-06-01", "2020-07-01")["turned"])
sorted(d["relation"] for u, v, d in independent.edges(data=True) if {u, v} == {isgs, jnim})

# %% [markdown]
# ## JNIM's two-hop neighbourhood as of 2019, with the quote behind every edge
#
# Places included this time (where the groups operate). "As of 2019" at year precision
# covers every relation that held at some point of that year.

# %%
with_places = network.project(store, as_of="2019", types=["Actor", "Place"])
near = network.neighbourhood(with_places, network.find_node(with_places, "JNIM"), radius=2)
pd.DataFrame([network.relation_row(near, u, v, d) for u, v, d in near.edges(data=True)])[
    ["subject", "relation", "object", "start", "end", "point", "quotes"]].sort_values(["subject", "relation", "object"])

# %%
near_ties = network.collapse(near)
plot_signed(near_ties, network.blocs(near_ties), labels={n: near.nodes[n]["label"] for n in near},
            title="JNIM's two-hop neighbourhood, 2019");

# %% [markdown]
# ## Explain a connection
#
# How is JNIM connected to the Islamic State? Every shortest path, each hop with its
# relations, dates and evidence:

# %%
paths = network.explain_paths(graph, jnim, network.find_node(graph, "ISIS"))
pd.DataFrame([{"path": number, "hop": f"{r['subject']} {r['relation']} {r['object']}", "when": network.when(r),
               "claimed by": ", ".join(r["claimed_by"]), "quote": r["quotes"][0] if r["quotes"] else ""}
              for number, path in enumerate(paths, 1) for hop in path for r in hop["relations"]])

# %% [markdown]
# ## For Gephi
#
# The projection round-trips through GraphML and GEXF (lists such as claimants and
# evidence become JSON strings in the file).

# %%
folder = Path(tempfile.mkdtemp())
network.write_graphml(graph, folder / "sahel.graphml")
network.write_gexf(graph, folder / "sahel.gexf")
back = network.read_graphml(folder / "sahel.graphml")
print(back.number_of_nodes(), "actors and", back.number_of_edges(), "relations read back;",
      "identical:", sorted(back.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True)))
