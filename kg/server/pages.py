"""The query page of ``kg serve``: the named queries with their values, ready to run, and a free query box.

The page's code and style sit in ``kg/server/assets/``; the named queries reach it as JSON
and are shown with ``textContent``. Each response gets a fresh nonce for its Content
Security Policy, which allows only this page's own script and style and requests to the
server itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from kg.queries import NamedQuery
from kg.render.escape import script_json

_EXAMPLE = """SELECT ?actor ?type (COUNT(?other) AS ?relations)
WHERE {
  ?actor a ?type ; skos:prefLabel ?name .
  ?type rdfs:subClassOf* kg:Actor .
  ?p a kg:Relation .
  { ?actor ?p ?other } UNION { ?other ?p ?actor }
}
GROUP BY ?actor ?type
ORDER BY DESC(?relations)
LIMIT 20"""


@cache
def _asset(name: str) -> str:
    return files("kg.server").joinpath("assets", name).read_text(encoding="utf-8")


def query_page(queries: Iterable[NamedQuery], *, max_rows: int, timeout: float) -> tuple[str, str]:
    """The page and its Content-Security-Policy header value."""
    nonce = secrets.token_urlsafe(18)
    data = {
        "queries": [
            {
                "name": query.name,
                "description": query.description,
                "params": [{"name": p.name, "description": p.description, "required": p.required} for p in query.params],
                "text": query.text,
            }
            for query in queries
        ],
        "example": _EXAMPLE,
        "limits": {"max_rows": max_rows, "timeout": timeout},
    }
    page = (
        _asset("queries.html")
        .replace("{{nonce}}", nonce)
        .replace("{{style}}", _asset("queries.css"))
        .replace("{{script}}", _asset("queries.js"))
        .replace("{{data}}", script_json(data))
    )
    policy = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    )
    return page, policy
