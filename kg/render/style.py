"""How the graph looks: colour and shape per actor type, line per relation, colour per sign.

These are visual choices only. What a relation means (its sign, whether it is symmetric)
comes from each edge of the projection, which reads it from the ontology; the names
shown in the legend are the ontology's ``rdfs:label``. A type or relation added to the
ontology later is drawn with the fallback style until it gets its own here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import ontology
from kg.vocab import KG_NS, RDFS


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    """``marker`` is a vis-network arrow type: at the target for directed relations, mid-line for symmetric ones."""

    marker: str | None
    width: float


#: Actor types: warm colours for armed non-state actors, greens for states, blues for people,
#: purples for international and civil bodies, greys for places. Colour-blind safe (Okabe–Ito based).
NODE_STYLES: dict[str, NodeStyle] = {
    "MilitantGroup": NodeStyle("#d55e00", "hexagon"),
    "Person": NodeStyle("#0072b2", "dot"),
    "Government": NodeStyle("#009e73", "square"),
    "StateArmedForce": NodeStyle("#00664a", "triangle"),
    "GovernmentAgency": NodeStyle("#56b4e9", "square"),
    "IntergovernmentalOrganization": NodeStyle("#cc79a7", "star"),
    "NonGovernmentalOrganization": NodeStyle("#e69f00", "diamond"),
    "ResearchOrganization": NodeStyle("#b8860b", "diamond"),
    "MediaOutlet": NodeStyle("#8e6bbf", "triangleDown"),
    "IdentityGroup": NodeStyle("#a0522d", "dot"),
    "PopulationGroup": NodeStyle("#c08552", "dot"),
    "Country": NodeStyle("#7b8794", "square"),
    "Region": NodeStyle("#9aa5b1", "triangleDown"),
    "City": NodeStyle("#9aa5b1", "dot"),
}
FALLBACK_NODE = NodeStyle("#b0bec5", "dot")

#: Colour of a relation by its sign: cooperation, neutral, hostility.
SIGN_COLOURS: dict[int, str] = {1: "#1b9e4b", 0: "#8a96a3", -1: "#d62728"}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "cooperatesWith": EdgeStyle(None, 2.5),
    "rivalOf": EdgeStyle("circle", 2),
    "atWarWith": EdgeStyle("bar", 3.5),
    "negotiatesWith": EdgeStyle("circle", 1.5),
    "declaredWarOn": EdgeStyle("arrow", 3),
    "threatens": EdgeStyle("vee", 2),
    "criticizes": EdgeStyle("vee", 1.2),
    "attacked": EdgeStyle("diamond", 3),
    "ousted": EdgeStyle("bar", 3),
    "affiliateOf": EdgeStyle("arrow", 2),
    "mergedInto": EdgeStyle("diamond", 2),
    "splinterOf": EdgeStyle("vee", 2),
    "memberOf": EdgeStyle("circle", 1.5),
    "leaderOf": EdgeStyle("diamond", 2),
    "spokespersonOf": EdgeStyle("box", 1.5),
    "publishedBy": EdgeStyle("vee", 1.2),
    "operatesIn": EdgeStyle("arrow", 1),
}
FALLBACK_EDGE = EdgeStyle("arrow", 1.5)

#: Below this confidence a relation is drawn dashed, like one that is only someone's claim.
LOW_CONFIDENCE = 0.6


def node_style(kind: str | None) -> NodeStyle:
    return NODE_STYLES.get(kind or "", FALLBACK_NODE)


def edge_style(relation: str) -> EdgeStyle:
    return EDGE_STYLES.get(relation, FALLBACK_EDGE)


@cache
def class_labels() -> dict[str, str]:
    """The ontology's label of each kg class, by local name."""
    return {
        t.subject.value[len(KG_NS):]: t.object.value
        for t in ontology.ontology_graph()
        if t.predicate == RDFS.label and t.subject.value.startswith(KG_NS)
    }


def type_label(kind: str | None) -> str:
    """A readable name for an actor or place type: the ontology's label, else the split class name.

    >>> type_label("MilitantGroup"), type_label("SomeNewThing"), type_label(None)
    ('Militant group', 'Some New Thing', 'Unknown type')
    """
    if not kind:
        return "Unknown type"
    return class_labels().get(kind) or re.sub(r"(?<!^)(?=[A-Z])", " ", kind)
