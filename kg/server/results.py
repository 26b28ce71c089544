"""Running one query and writing its answer in the format the client asked for.

This is the part of the endpoint that touches the store, shared by the worker processes
(on-disk stores) and the in-process runner (``memory:`` and remote stores). It stays free
of any web framework so a worker starts quickly.

Answers are capped at ``max_rows`` rows (triples for CONSTRUCT and DESCRIBE): rows are
read one at a time from Oxigraph and the rest are never produced. SELECT rows are written
as SPARQL JSON here; the other result formats come from pyoxigraph's own writers (the
capped JSON is read back and re-serialised), so their escaping is Oxigraph's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg.sparql import uses_service
from kg.vocab import PREFIXES

#: Result formats for SELECT and ASK, by media type; the first is the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat | None] = {
    "application/sparql-results+json": None,  # written here, to stop at the row limit
    "application/json": None,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: RDF formats for CONSTRUCT and DESCRIBE, by media type; the first is the default.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class BadQuery(Exception):
    """The query cannot run: a syntax error, a refused feature. The message is shown to the client."""


class NotAcceptable(Exception):
    """None of the media types the client accepts fits this kind of result."""


@dataclass
class Answer:
    """A finished response body: what to send and whether the row limit cut it short."""

    body: bytes
    content_type: str
    truncated: bool = False


def preferred(accept: str | None, offered: Iterable[str]) -> str | None:
    """The offered media type the ``Accept`` header likes best (the first offered for ``*/*``).

    >>> preferred("text/csv;q=0.5, application/sparql-results+xml", ["application/sparql-results+json", "text/csv",
    ...           "application/sparql-results+xml"])
    'application/sparql-results+xml'
    >>> preferred("image/png", ["text/turtle"]) is None
    True
    """
    offered = list(offered)
    if not accept or not accept.strip():
        return offered[0]
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranked.append((quality, specificity, -position, media))
    for quality, _, _, media in sorted(ranked, reverse=True):
        if quality <= 0:
            break
        for candidate in offered:
            if media == candidate or media == "*/*" or (media.endswith("/*") and candidate.startswith(media[:-1])):
                return candidate
    return None


def check_query(text: str) -> None:
    """Refuse what an open endpoint must not run: SERVICE makes the server fetch any URL it is given."""
    if uses_service(text):
        raise BadQuery("SERVICE (federated query) is not allowed on this endpoint: it would make the server fetch other URLs")


def _syntax_message(error: Exception) -> str:
    message = " ".join(str(error).split())
    return f"SPARQL syntax error: {message[:300]}"


def run(
    store: ox.Store,
    query: str,
    accept: str | None,
    max_rows: int,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Answer:
    """Run ``query`` on a pyoxigraph store (union default graph unless ``default_graphs``) and write the answer."""
    check_query(query)
    options: dict = {"prefixes": PREFIXES}
    try:
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as error:
        raise BadQuery(f"default-graph-uri/named-graph-uri: {error}") from None
    # pyoxigraph's results may only be freed on the thread that made them. An exception raised
    # while writing one holds it (through its traceback's frames) and would carry it to the
    # event loop's thread, so failures are turned into new exceptions here, after the first
    # one and the result are released on this thread.
    result = failure = None
    try:
        result = store.query(query, **options)
        return write(result, accept, max_rows)
    except NotAcceptable as error:
        failure = NotAcceptable(str(error))
    except SyntaxError as error:
        failure = BadQuery(_syntax_message(error))
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        failure = BadQuery(f"query failed: {' '.join(str(error).split())[:300]}")
    finally:
        result = None
    raise failure


def write(result, accept: str | None, max_rows: int) -> Answer:
    """Serialise a pyoxigraph result (solutions, boolean or triples) in the negotiated format."""
    if isinstance(result, ox.QueryBoolean):
        return boolean_answer(bool(result), accept)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        return select_answer(variables, (tuple(solution) for solution in result), accept, max_rows)
    return graph_answer(result, accept, max_rows)


def boolean_answer(value: bool, accept: str | None) -> Answer:
    """An ASK result as an answer."""
    return _results({"head": {}, "boolean": value}, accept, truncated=False)


def select_answer(variables: list[str], rows: Iterator[tuple], accept: str | None, max_rows: int) -> Answer:
    """SELECT rows (tuples of terms or ``None``) as an answer, at most ``max_rows`` of them."""
    kept = list(islice(rows, max_rows + 1))
    truncated = len(kept) > max_rows
    bindings = [
        {name: _json_term(term) for name, term in zip(variables, row) if term is not None}
        for row in kept[:max_rows]
    ]
    return _results({"head": {"vars": variables}, "results": {"bindings": bindings}}, accept, truncated)


def graph_answer(triples: Iterable[ox.Triple], accept: str | None, max_rows: int) -> Answer:
    """CONSTRUCT/DESCRIBE triples as Turtle, N-Triples, RDF/XML or JSON-LD, at most ``max_rows`` of them."""
    media = preferred(accept, GRAPH_TYPES)
    if media is None:
        raise NotAcceptable(f"a graph result is available as {', '.join(GRAPH_TYPES)}")
    kept = list(islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    fmt = GRAPH_TYPES[media]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(kept[:max_rows], format=fmt, prefixes=prefixes) or b""
    return Answer(body, f"{_bare(fmt.media_type)}; charset=utf-8", truncated)


def _results(document: dict, accept: str | None, truncated: bool) -> Answer:
    media = preferred(accept, RESULT_TYPES)
    if media is None:
        raise NotAcceptable(f"query results are available as {', '.join(RESULT_TYPES)}")
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    fmt = RESULT_TYPES[media]
    if fmt is None:
        return Answer(data, "application/sparql-results+json; charset=utf-8", truncated)
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return Answer(parsed.serialize(format=fmt), f"{_bare(fmt.media_type)}; charset=utf-8", truncated)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _json_term(v) for k, v in parts.items()}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _bare(media_type: str) -> str:
    """A media type without parameters (pyoxigraph gives CSV and TSV with a charset already)."""
    return media_type.split(";")[0].strip()
