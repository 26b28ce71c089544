"""SPARQL text handling that must be exact: binding values and reading the query form.

Values given with ``--bind`` never become query text of the user's making. Each is an
RDF term (a pyoxigraph ``NamedNode`` or ``Literal``, which validate IRIs and escape
literals) joined to the query as a ``VALUES`` block at the top of its WHERE clause. The
scanner below finds that spot while skipping strings, IRIs and comments, so nothing in
the query text can move it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.vocab import PREFIXES, XSD

Term = ox.NamedNode | ox.Literal

_TOKEN = re.compile(
    r"""
    (?P<long_string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{}()])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.-]*)$")


def _significant(query: str):
    """Yield (kind, text, position) for the tokens that matter to query structure."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in ("comment",) or (kind == "other" and match.group().isspace()):
            continue
        yield kind, match.group(), match.start()


def query_form(query: str) -> str:
    """The query form keyword in upper case (SELECT, CONSTRUCT, ASK, DESCRIBE), or UPDATE."""
    for kind, text, _ in _significant(query):
        if kind == "word" and text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return text.upper()
        if kind == "word" and text.upper() in (
            "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"
        ):
            return "UPDATE"
    return "UNKNOWN"


def uses_service(query: str) -> bool:
    """Whether the query has a ``SERVICE`` clause, which would make the store fetch a URL.

    >>> uses_service("SELECT * WHERE { ?s ?p ?o . service <http://x/> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service WHERE { ?s kg:service 'SERVICE' } # SERVICE")
    False
    """
    for kind, text, position in _significant(query):
        if kind == "word" and text.upper() == "SERVICE":
            before, after = query[position - 1:position] if position else "", query[position + 7:position + 8]
            if before not in ("?", "$", ":", "-") and after != ":":
                return True
    return False


def _where_open_brace(query: str) -> int:
    """Offset just after the ``{`` that opens the outermost WHERE group."""
    form = None
    depth_paren = 0
    tokens = list(_significant(query))
    index = 0
    while index < len(tokens):
        kind, text, position = tokens[index]
        if form is None:
            if kind == "word" and text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = text.upper()
                if form == "CONSTRUCT" and index + 1 < len(tokens) and tokens[index + 1][1] == "{":
                    index = _skip_group(tokens, index + 1)
                    continue
                if form == "CONSTRUCT" and index + 1 < len(tokens) and tokens[index + 1][1].upper() == "WHERE":
                    raise KgError("--bind does not work with CONSTRUCT WHERE { … }: write CONSTRUCT { … } WHERE { … }")
        elif text == "(":
            depth_paren += 1
        elif text == ")":
            depth_paren -= 1
        elif text == "{" and depth_paren == 0:
            return position + 1
        index += 1
    raise KgError("cannot bind values: the query has no WHERE clause")


def _skip_group(tokens: list, index: int) -> int:
    depth = 0
    while index < len(tokens):
        text = tokens[index][1]
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise KgError("unbalanced braces in the query")


def bind_values(query: str, bindings: Mapping[str, Term | Sequence[Term]]) -> str:
    """Return ``query`` with ``bindings`` joined at the top of its WHERE clause.

    A variable bound to a sequence takes each of its values (an empty one matches nothing).

    >>> bind_values("SELECT ?n WHERE { ?x <http://p> ?n }", {"x": ox.NamedNode("http://a")})
    'SELECT ?n WHERE { VALUES ?x { <http://a> } ?x <http://p> ?n }'
    """
    if not bindings:
        return query
    blocks = []
    for name, value in bindings.items():
        if not _VARIABLE.match(name):
            raise KgError(f"--bind: {name!r} is not a SPARQL variable name")
        terms = [value] if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)) else list(value)
        if not all(isinstance(term, (ox.NamedNode, ox.Literal)) for term in terms):
            raise KgError(f"--bind {name}: only IRIs and literals can be bound")
        blocks.append(f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}")
    at = _where_open_brace(query)
    return f"{query[:at]} {' '.join(blocks)}{query[at:]}"


def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """Read one ``--bind NAME=VALUE`` into a variable name and an RDF term (see :func:`parse_term`)."""
    name, sep, value = text.partition("=")
    if not sep or not _VARIABLE.match(name.strip().lstrip("?$")):
        raise KgError(f"--bind {text!r}: expected NAME=VALUE, for example --bind group=JNIM")
    return parse_term(name, value)


def parse_term(name: str, value: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """The variable ``name`` (a leading ``?`` or ``$`` dropped) and ``value`` read as an RDF term.

    ``<…>`` is an IRI, ``prefix:name`` with a known prefix is an IRI, ``2020``,
    ``2020-05`` and ``2020-05-08`` are xsd:gYear, xsd:gYearMonth and xsd:date, anything
    else is a plain string.

    >>> parse_term("group", "kgr:jnim")
    ('group', <NamedNode value=https://w3id.org/kg/id/jnim>)
    """
    name = name.strip().lstrip("?$")
    if not _VARIABLE.match(name):
        raise KgError(f"{name!r} is not a variable name")
    if value.startswith("<") and value.endswith(">"):
        try:
            return name, ox.NamedNode(value[1:-1])
        except ValueError as error:
            raise KgError(f"--bind {name}: {value} is not a valid IRI ({error})") from None
    prefixed = _PREFIXED.match(value)
    if prefixed and (prefixed.group(1) or "") in PREFIXES:
        return name, ox.NamedNode(PREFIXES[prefixed.group(1) or ""] + prefixed.group(2))
    if _DATE.match(value):
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
        return name, ox.Literal(value, datatype=datatype)
    return name, ox.Literal(value)


def csv_rows(oxigraph: ox.Store, sparql: str, literal: bool = False, into: Callable = list, *,
             blank_ids: bool = True) -> Any:
    """An embedded store's SELECT rows as plain strings: IRIs, blank node ids and literal values.

    pyoxigraph writes the answer as CSV in Rust without holding Python's lock, and the C
    csv reader splits it, which is many times quicker than making a term object per cell;
    so other threads run meanwhile. CSV writes a blank node as ``_:id``: with ``blank_ids``
    the prefix is cut (what ``Term.value`` gives), except in the last column if it holds
    ``literal`` values, which may start with ``_:`` too; without, it is kept, so blank
    nodes can be told from IRIs.
    """
    data = oxigraph.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.CSV)
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(rows)
    if not blank_ids or (b"\n_:" not in data and b",_:" not in data):
        return into(rows)

    def node(value: str) -> str:
        return value[2:] if value.startswith("_:") else value

    if literal:
        return into([*map(node, row[:-1]), row[-1]] for row in rows)
    return into(list(map(node, row)) for row in rows)
