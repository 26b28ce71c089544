"""Network analysis of the knowledge graph: RDF to networkx, and the signed-network measures networkx lacks.

:func:`project` turns the store into a ``networkx.MultiDiGraph`` (one edge per relation
statement, with its dates, confidence, claimants and evidence; :func:`add_details` reads the
evidence later for the few relations a result shows); :func:`collapse` gives the
undirected signed ``Graph`` most measures take. The measures are plain functions over
networkx graphs, one module per topic:

- :mod:`kg.network.centrality`: degree, betweenness (sampled on large graphs), PageRank, eigenvector;
- :mod:`kg.network.blocs`: alliance blocs (allies inside, enemies across);
- :mod:`kg.network.balance`: balanced and unbalanced triangles, frustration index, who causes imbalance;
- :mod:`kg.network.brokers`: betweenness across blocs and Burt's constraint;
- :mod:`kg.network.keyplayers`: the actors whose removal fragments the network most;
- :mod:`kg.network.paths`: shortest connections with the evidence for each hop;
- :mod:`kg.network.change`: as-of views, what changed between dates, balance and blocs per year.
"""

from kg.network.balance import Frustration, frustration, imbalance_by_actor, signed_triangles, triangle_balance
from kg.network.blocs import bloc_disagreements, blocs
from kg.network.brokers import bridging_betweenness, brokers, structural_holes
from kg.network.centrality import betweenness, centrality
from kg.network.change import as_of, diff, during, holds_on, shown_by_diff, signed_snapshot, timeline, year_ends
from kg.network.details import add_details
from kg.network.files import read_gexf, read_graphml, write_gexf, write_graphml
from kg.network.keyplayers import fragmentation, key_players, removal_fragmentation
from kg.network.paths import display_name, explain_paths, neighbourhood, relation_row, when
from kg.network.projection import collapse, find_node, project, signed, undirected

__all__ = [
    "Frustration",
    "add_details",
    "as_of",
    "betweenness",
    "bloc_disagreements",
    "blocs",
    "bridging_betweenness",
    "brokers",
    "centrality",
    "collapse",
    "diff",
    "display_name",
    "during",
    "explain_paths",
    "find_node",
    "fragmentation",
    "frustration",
    "holds_on",
    "imbalance_by_actor",
    "key_players",
    "neighbourhood",
    "project",
    "read_gexf",
    "read_graphml",
    "relation_row",
    "removal_fragmentation",
    "shown_by_diff",
    "signed",
    "signed_snapshot",
    "signed_triangles",
    "structural_holes",
    "timeline",
    "triangle_balance",
    "undirected",
    "write_gexf",
    "write_graphml",
    "when",
    "year_ends",
]
