"""Running SPARQL: ad-hoc queries, the named queries shipped in ``kg/queries/``, and output.

A named query is a ``.rq`` file whose header says what it answers and which values it
takes::

    # leaders: Who leads a group, with role, dates, source and quote.
    # param group (required): the group, by name, alias or IRI

Values are bound as RDF terms (see :mod:`kg.sparql`), never pasted into query text.

A query that lists the whole graph (every actor, every event…) is *paged*: its header
names the variable a page is made of and the pattern that finds its values, in the store's
own order and without sorting, so a page costs the same on a large store as on a small one
(Oxigraph has no cost-based optimiser and sorts by decoding every term, so a sorted listing
of a 10M-triple store takes seconds)::

    # page ?actor: ?class rdfs:subClassOf* kg:Actor . ?actor a ?class .
    # page ?e with actor: { ?e kg:agent ?actor } UNION { ?e kg:target ?actor } ...

The variant ``with PARAM`` is used when that value is given (it starts from it). The page
step finds ``limit`` values after skipping ``offset`` (both become parameters of the query;
the limit is 100 unless given), and the query proper runs on those values only, sorted as
it says within the page. :func:`run_named_page` says whether more rows remain.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg import ontology
from kg.errors import KgError, terminal_text
from kg.names import normalize
from kg.resources import queries_dir
from kg.sparql import bind_values, query_form, uses_service
from kg.store import QueryResult, Store, Term
from kg.vocab import KG, KG_NS, PREFIXES

_HEADER = re.compile(r"^#\s*(?P<name>[a-z0-9-]+):\s*(?P<description>.+)$")
_PARAM = re.compile(r"^#\s*param\s+(?P<name>\w+)(?:\s*\((?P<flags>[^)]*)\))?:\s*(?P<description>.+)$")
_PAGE = re.compile(r"^#\s*page\s+\?(?P<key>\w+)(?:\s+with\s+(?P<given>\w+))?:\s*(?P<pattern>.+)$")
_MORE = re.compile(r"^#\s{3,}(?P<pattern>\S.*)$")
#: Rows (values of the page variable) in a page unless ``limit`` says otherwise, and the most it may say.
PAGE_SIZE = 100
PAGE_MAX = 10_000


@dataclass(frozen=True)
class Param:
    """A value a named query takes. A ``name`` parameter given as text is resolved to the
    IRIs of every actor or place with that name or alias (any case or spelling variant); a
    ``class of ROOT`` parameter, given as a class's local name or IRI, to that kg class and
    every class below it (which must lie under ``kg:ROOT``)."""

    name: str
    description: str
    required: bool
    is_name: bool = False
    class_root: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    #: The page variable and its patterns by the parameter that selects them ("" when none is given).
    page_key: str | None = None
    page_patterns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Page:
    """Which rows of a paged named query an answer holds, and whether more remain."""

    limit: int
    offset: int
    count: int
    more: bool


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    description, params, key, patterns = "", [], None, []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM.match(line):
            flags = {flag.strip() for flag in (match["flags"] or "").split(",")}
            root = next((flag.removeprefix("class of ").strip() for flag in flags if flag.startswith("class of ")), None)
            params.append(Param(match["name"], match["description"].strip(), "required" in flags, "name" in flags, root))
        elif match := _PAGE.match(line):
            key = match["key"]
            patterns.append([match["given"] or "", match["pattern"]])
        elif (match := _MORE.match(line)) and patterns:
            patterns[-1][1] += "\n" + match["pattern"]
        elif match := _HEADER.match(line):
            description = match["description"].strip()
    if key is not None:
        params += [Param("limit", f"rows per page (default {PAGE_SIZE}, at most {PAGE_MAX})", False),
                   Param("offset", "rows to skip: the next page starts at offset + limit", False)]
    return NamedQuery(path.stem, description, tuple(params), text, key, tuple((g, p) for g, p in patterns))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with kg, by name."""
    return {path.stem: _read_named(path) for path in sorted(queries_dir().glob("*.rq"))}


def run_query(store: Store, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
    """Run a read-only query; updates belong to ``kg build``/``ingest``/``import``."""
    if query_form(sparql) == "UPDATE":
        raise KgError("kg query runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE); this is an update")
    if uses_service(sparql):
        raise KgError("SERVICE (federated query) is not run: kg fetches nothing from other URLs on a query's behalf")
    return store.query(sparql, bindings)


def run_named_query(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
    return run_named_page(store, name, bindings)[0]


def run_named_page(store: Store, name: str,
                   bindings: Mapping[str, Term] | None = None) -> tuple[QueryResult, Page | None]:
    """Run named query ``name``; for a paged query, also which page the answer is (else ``None``)."""
    text, page = prepare_named_page(store, name, bindings)
    return run_query(store, text), page


def prepare_named_page(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> tuple[str, Page | None]:
    """The text of named query ``name`` with its values bound, ready to run on ``store``, and its page.

    Checks the values against the query's parameters and resolves ``name`` parameters
    given as text to IRIs (see :func:`resolve_name`). A paged query is bound to the
    values of one page (``limit`` and ``offset`` among ``bindings``; the first
    :data:`PAGE_SIZE` by default), which the returned :class:`Page` describes; for a
    query without pages it is ``None``.
    """
    queries = named_queries()
    if name not in queries:
        raise KgError(f"unknown named query {name!r}; known: {', '.join(queries)}")
    query = queries[name]
    bindings = dict(bindings or {})
    known = {p.name for p in query.params}
    for given in bindings:
        if given not in known:
            raise KgError(f"named query {name!r} takes {', '.join(sorted(known)) or 'no values'}, not {given!r}")
    for param in query.params:
        if param.required and param.name not in bindings:
            raise KgError(f"named query {name!r} needs --bind {param.name}=…  ({param.description})")
        value = bindings.get(param.name)
        if param.is_name and isinstance(value, ox.Literal):
            bindings[param.name] = resolve_name(store, value.value)
        elif param.class_root and value is not None:
            bindings[param.name] = class_and_below(value, param.class_root, param.name)
    if query.page_key is None:
        return bind_values(query.text, bindings), None
    limit = _whole(bindings.pop("limit", None), "limit", PAGE_SIZE, 1, PAGE_MAX)
    offset = _whole(bindings.pop("offset", None), "offset", 0, 0, None)
    given = dict(query.page_patterns)
    pattern = next((given[p] for p in given if p and p in bindings), given[""])
    finder = f"SELECT DISTINCT ?{query.page_key} WHERE {{\n{pattern}\n}} LIMIT {limit + 1} OFFSET {offset}"
    found = store.query(finder, bindings).rows
    keys = [row[0] for row in found[:limit] if isinstance(row[0], (ox.NamedNode, ox.Literal))]
    page = Page(limit, offset, len(keys), len(found) > limit)
    return bind_values(query.text, {**bindings, query.page_key: keys}), page


def _whole(value: Term | None, what: str, default: int, low: int, high: int | None) -> int:
    """A paging value given as a term (``--bind limit=50`` or ``?limit=50``): a whole number in range."""
    if value is None:
        return default
    text = value.value if isinstance(value, ox.Literal) else ""
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        bound = f"{low}…{high}" if high is not None else f"≥ {low}"
        raise KgError(f"{what}: expected a whole number {bound}, not {text or value}")
    return int(text)


def class_and_below(value: Term, root: str, what: str) -> list[ox.NamedNode]:
    """The kg class ``value`` names (local name or IRI) and every class below it, which must lie under ``kg:root``.

    Read from the ontology shipped with kg, so a listing by class needs no class hierarchy
    walk in the store (which Oxigraph would repeat for every row).

    >>> sorted(iri.value.rsplit("#")[1] for iri in class_and_below(ox.Literal("Person"), "Actor", "kind"))
    ['Person']
    """
    name = value.value
    if isinstance(value, ox.NamedNode):
        name = name.removeprefix(str(KG_NS)) if name.startswith(str(KG_NS)) else ""
    known = ontology.subclasses(root)
    if name not in known:
        raise KgError(f"{what}: {value.value!r} is not a kind of {root}; known: {', '.join(sorted(known))}")
    return [KG[local] for local in sorted(ontology.subclasses(name))]


def resolve_name(store: Store, name: str) -> list[ox.NamedNode]:
    """Every resource with ``name`` as a label or alias, matched on its ``kg:nameKey``.

    >>> from kg import build, open_store
    >>> store = open_store("memory:"); _ = build(store, check=False)
    >>> [iri.value for iri in resolve_name(store, "jamaat nusrat al-islam wal muslimeen")]
    ['https://w3id.org/kg/id/jnim']
    """
    result = store.query("SELECT DISTINCT ?x WHERE { ?x kg:nameKey ?key } ORDER BY ?x",
                         {"key": ox.Literal(normalize(name))})
    return [row[0] for row in result.rows if isinstance(row[0], ox.NamedNode)]


# ---------------------------------------------------------------- output


def compact(term: Term | None) -> str:
    """A readable form of a term: prefixed name, literal value, or ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, base in PREFIXES.items():
            if term.value.startswith(base) and len(term.value) > len(base):
                return f"{prefix}:{term.value[len(base):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    if result.kind == "graph":
        raise KgError("--format json is for SELECT and ASK results; use --format turtle for CONSTRUCT/DESCRIBE")
    bindings = [
        {name: _json_term(value) for name, value in zip(result.variables, row) if value is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (full IRIs, plain literal values)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    elif result.kind == "graph":
        raise KgError("--format csv is for SELECT and ASK results; use --format turtle for CONSTRUCT/DESCRIBE")
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(
                "" if v is None else (f"_:{v.value}" if isinstance(v, ox.BlankNode) else v.value) for v in row
            )
    return buffer.getvalue()


def to_turtle(result: QueryResult) -> str:
    if result.kind != "graph":
        raise KgError("--format turtle is for CONSTRUCT and DESCRIBE results; use table, csv or json")
    data = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return data.decode("utf-8") if data else ""


def to_table(result: QueryResult, console) -> None:
    """Print a result as a table on a rich console."""
    from rich.table import Table
    from rich.text import Text

    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        console.print(Text(to_turtle(result)))
        return
    table = Table(show_lines=False, header_style="bold")
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in result.rows:
        # Text objects: values from the data are shown literally, never read as markup or terminal control.
        table.add_row(*(Text(terminal_text(compact(value))) for value in row))
    console.print(table)
    console.print(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
