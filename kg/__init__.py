"""kg: a knowledge graph of actors and relations in armed conflict.

The library API mirrors the command line: ``kg.open_store`` chooses a store,
``kg.build`` loads the ontology and the built-in Sahel graph, ``kg.run_query`` and
``kg.named_queries`` answer questions, ``kg.validate`` checks a store against the
SHACL shapes.
"""

from kg.build import build
from kg.errors import KgError
from kg.queries import named_queries, run_named_query, run_query
from kg.store import Store, open_store
from kg.validate import validate

__all__ = [
    "KgError",
    "Store",
    "build",
    "named_queries",
    "open_store",
    "run_named_query",
    "run_query",
    "validate",
]
__version__ = "0.1.0"
