"""``kg build``: the ontology, the built-in Sahel graph and the user's files into a store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.curated import read_curated
from kg.errors import KgError, excerpt, printable
from kg.ontology import ontology_graph, relations
from kg.resources import data_dir
from kg.statements import Derivation, RelationFact, Source, relation_triples, source_triples, unique
from kg.store import Store
from kg.validate import ValidationReport, validate_triples
from kg.vocab import KGR, RDF, SKOS

ONTOLOGY_GRAPH = KGR["graph/ontology"]
BUILTIN_DATA = ("sahel.toml",)

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def read_rdf(path: Path) -> dict[ox.NamedNode, list[ox.Triple]]:
    """Parse an RDF file into named graphs.

    Triples outside any named graph go to ``kgr:graph/file/<file name>``; N-Quads and
    TriG keep their own graph names. Errors name the file, line and column.
    """
    suffix = path.suffix.lower()
    if suffix == ".toml":
        graph, triples = read_curated(path)
        return {graph: triples}
    if suffix not in _FORMATS:
        raise KgError(
            f"{path}: unknown file type {suffix or '(none)'}: use .ttl, .nt, .jsonld, .nq, .trig, .rdf or .toml"
        )
    default = KGR["graph/file/" + quote(path.name)]
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(path), format=_FORMATS[suffix], base_iri=path.resolve().as_uri()):
            name = quad.graph_name
            target = default if isinstance(name, ox.DefaultGraph) else name
            if isinstance(target, ox.BlankNode):
                raise KgError(f"{path}: named graphs must have IRIs, not blank nodes")
            graphs.setdefault(target, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except SyntaxError as error:
        raise KgError(f"{path}: {printable(excerpt(_position(error), 300))}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"{path}: cannot read: {error}") from None
    source = KGR["source/file/" + quote(path.name)]
    return {name: with_statements(triples, source, path.name) for name, triples in graphs.items()}


def with_statements(triples: list[ox.Triple], source: ox.NamedNode, title: str) -> list[ox.Triple]:
    """Give every bare relation triple its statement node, derived from ``source``.

    kg's queries find relations through their statement nodes, so a file that states
    ``a kg:leaderOf b`` and nothing more still answers them; the relation is marked
    curated and sourced to the file. A symmetric relation keeps its canonical direction.
    """
    by_iri = {r.iri: r for r in relations().values()}
    with_statement = set()
    subjects = {t.subject: t.object for t in triples if t.predicate == RDF.subject}
    for t in triples:
        if t.predicate == RDF.object and t.subject in subjects:
            with_statement.add((subjects[t.subject], t.object))
    out, added = [], False
    for t in triples:
        relation = by_iri.get(t.predicate)
        bare = relation is not None and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
        if not bare or (t.subject, t.object) in with_statement or (t.object, t.subject) in with_statement:
            out.append(t)
            continue
        out += relation_triples(RelationFact(t.subject, relation.name, t.object, Derivation(source=source), curated=True))
        added = True
    if added:
        out += source_triples(Source(iri=source, title=title, kind="data file"))
    return unique(out)


def _position(error: SyntaxError) -> str:
    """pyoxigraph reports "Parser error between line L column C and …": keep it short."""
    message = str(error)
    if error.lineno is not None and error.offset is not None:
        detail = message.split(": ", 1)[-1] if ": " in message else message
        return f"line {error.lineno}, column {error.offset}: {detail}"
    return message


@dataclass
class BuildSummary:
    graphs: list[str]
    classes: list[tuple[str, int]] = field(default_factory=list)
    relations: list[tuple[str, int]] = field(default_factory=list)
    statements: int = 0
    triples: int = 0
    validation: ValidationReport | None = None


def ontology_if_missing(store: Store) -> dict[ox.NamedNode, list[ox.Triple]]:
    """The ontology graph, when ``store`` lacks it (it was never built), else nothing.

    A store that ``kg ingest`` or ``kg import`` writes always carries its ontology, so that
    ``kg validate`` and queries over the class hierarchy work on it.
    """
    if store.query(f"ASK {{ GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }} }}").boolean:
        return {}
    return {ONTOLOGY_GRAPH: list(ontology_graph())}


def builtin_graphs() -> dict[ox.NamedNode, list[ox.Triple]]:
    """The ontology and the built-in curated data, as named graphs."""
    graphs = {ONTOLOGY_GRAPH: list(ontology_graph())}
    for name in BUILTIN_DATA:
        graphs.update(read_rdf(data_dir() / name))
    return graphs


def build(
    store: Store,
    data: Sequence[str | Path] = (),
    *,
    check: bool = True,
) -> BuildSummary:
    """Load the ontology, the Sahel graph and ``data`` files into ``store``.

    Each is a named graph that the build replaces, so building twice gives the same
    store. With ``check`` the result is validated against the SHACL shapes *before*
    anything is written: invalid input raises :class:`KgError` (exit code 1) and leaves
    the store as it was, as does a file that cannot be parsed (exit code 2).
    """
    graphs = builtin_graphs()
    origin = {name: "built-in data" for name in graphs}
    for item in data:
        path = Path(item)
        if not path.is_file():
            raise KgError(f"{path}: no such file")
        for name, triples in read_rdf(path).items():
            if name in origin:
                raise KgError(f"{path}: graph {name.value} is also loaded from {origin[name]}")
            origin[name] = str(path)
            graphs[name] = triples
    report = None
    if check:
        report = validate_triples(_chain(context_triples(store, graphs), graphs.values()))
        if not report.conforms:
            raise KgError("build refused, the store is unchanged: " + report.summary(), exit_code=1)
    store.replace_graphs(graphs)
    summary = summarize(store)
    summary.validation = report
    return summary


def context_triples(store: Store, graphs: dict[ox.NamedNode, list[ox.Triple]], batch: int = 400) -> Iterator[ox.Triple]:
    """What the rest of the store says that the check of the new graphs needs.

    Domain and range checks need the types and labels of the resources the new graphs
    mention; the stored-once check of symmetric relations needs any reverse triple kept in
    other graphs. Fetching just that, not the whole store, keeps a build next to millions
    of imported triples quick. IRIs enter the query as serialised ``NamedNode`` terms.
    """
    nodes = sorted(
        {term for triples in graphs.values() for t in triples for term in (t.subject, t.object)
         if isinstance(term, ox.NamedNode)},
        key=lambda n: n.value,
    )
    symmetric = {r.iri for r in relations().values() if r.symmetric}
    reverses = sorted({f"({t.object} {t.predicate} {t.subject})" for triples in graphs.values() for t in triples
                       if t.predicate in symmetric and isinstance(t.object, ox.NamedNode)})
    kept = "FILTER(?g NOT IN ({}))".format(", ".join(str(name) for name in graphs) or "<urn:kg:none>")
    # One query per predicate: with a VALUES-bound predicate as well, Oxigraph does not seek by subject and
    # predicate (seconds a batch on a store of millions of quads, not milliseconds).
    for start in range(0, len(nodes), batch):
        values = " ".join(str(node) for node in nodes[start:start + batch])
        for predicate in (RDF.type, SKOS.prefLabel):
            result = store.query(f"""SELECT ?s ?o WHERE {{
                  VALUES ?s {{ {values} }} GRAPH ?g {{ ?s {predicate} ?o }} {kept} }}""")
            yield from (ox.Triple(s, predicate, o) for s, o in result.rows)
    for start in range(0, len(reverses), batch):
        values = " ".join(reverses[start:start + batch])
        result = store.query(f"""SELECT ?s ?p ?o WHERE {{
              VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {kept} }}""")
        yield from (ox.Triple(*row) for row in result.rows)


def _chain(first: Iterable, rest: Iterable[Iterable]) -> Iterable:
    yield from first
    for part in rest:
        yield from part


def summarize(store: Store) -> BuildSummary:
    """Counts per class and per relation over the whole store."""
    classes = store.query(
        """SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
             ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:)))
             FILTER(?class NOT IN (kg:RelationStatement, kg:Derivation))
           } GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    relations = store.query(
        """SELECT ?p (COUNT(*) AS ?n) WHERE { ?p a kg:Relation . ?s ?p ?o }
           GROUP BY ?p ORDER BY DESC(?n) ?p"""
    )
    statements = store.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:RelationStatement }")

    def local(term: ox.NamedNode) -> str:
        return term.value.rsplit("#", 1)[-1]

    return BuildSummary(
        graphs=[g.value for g in store.graph_names()],
        classes=[(local(c), int(n.value)) for c, n in classes.rows if c.value.rsplit("#", 1)[-1] != "Relation"],
        relations=[(local(p), int(n.value)) for p, n in relations.rows],
        statements=int(statements.rows[0][0].value),
        triples=store.triple_count(),
    )
