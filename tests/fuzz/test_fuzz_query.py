"""``kg query``: SPARQL strings mutated and generated, ``--bind`` values of any text, named queries with any values."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from kg.queries import named_queries
from tests.fuzz.fuzzing import examples, run_cli, scratch
from tests.fuzz.mutations import mutated, unicode_text

QUERIES = {name: query.text for name, query in named_queries().items()}
WORDS = ["SELECT", "WHERE", "{", "}", "(", ")", "?x", "?y", "$z", "kg:leaderOf", "skos:prefLabel", "a", ".", ";", ",",
         "OPTIONAL", "UNION", "FILTER", "BIND", "AS", "VALUES", "GRAPH", "SERVICE", "<http://127.0.0.1:9/>", "LIMIT", "1",
         "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "DROP", "ALL", "#", "\n", "'x'", '"""', "'''", "<", ">", "^^", "@en",
         "COUNT(*)", "GROUP BY", "ORDER BY", "CONSTRUCT", "ASK", "DESCRIBE", "*", "REGEX(?x, '(a+)+$')", "prefix:", "\\u0000"]
FORMATS = ["csv", "json", "turtle", "table"]


def _values() -> st.SearchStrategy[str]:
    return st.one_of(
        unicode_text(max_size=40),
        st.sampled_from(["JNIM", "<http://x/a>", "<not an iri>", "<>", "kgr:jnim", "kg:", "nope:x", ":x", "2020", "2020-13",
                         "2020-02-30", "0000-00-00", "-1", "99999999999999999999", "' } ; DROP ALL ; { '", "\" . ?s ?p ?o",
                         "<http://x> } UNION { ?s ?p ?o", "\\", "\x00", "a" * 5000]),
    )


def _binds() -> st.SearchStrategy[list[str]]:
    names = st.one_of(st.sampled_from(["group", "actor", "name", "by", "kind", "place", "country", "date", "limit", "offset",
                                       "x", "?x", "$x", "", "1x", "a b", "x}", "group"]), unicode_text(max_size=8))
    return st.lists(st.tuples(names, _values()).map(lambda pair: f"{pair[0]}={pair[1]}") | unicode_text(max_size=10),
                    max_size=4)




def _bind_args(binds: list[str]) -> list[str]:
    return [arg for bind in binds for arg in ("--bind", bind)]


@examples(50)
@given(name=st.sampled_from(sorted(QUERIES)) | unicode_text(max_size=12), binds=_binds(), fmt=st.sampled_from(FORMATS))
@example(name="actors", binds=["limit=99999999999999999999", "offset=-5"], fmt="csv")
@example(name="leaders", binds=["group=' } ; DROP ALL ; { '"], fmt="json")
def test_named_query_any_values(built, name, binds, fmt):
    """Named queries on the built store with any values: answers or one error."""
    run_cli(["query", "--store", str(built), "--name", name, "--format", fmt, *_bind_args(binds)], timeout=60,
            target="query-named")


@examples(60)
@given(data=st.data(), binds=_binds(), fmt=st.sampled_from(FORMATS))
def test_mutated_queries(data, binds, fmt):
    """Named queries' text cut and spliced, on an empty store so that no mutation can make a runaway join."""
    text = data.draw(mutated(QUERIES[data.draw(st.sampled_from(sorted(QUERIES)))].encode(),
                             [w.encode() for w in WORDS])).decode("utf-8", errors="replace")
    run_cli(["query", "--store", "memory:", "--format", fmt, *_bind_args(binds), text], timeout=60, target="query-mutated")


@examples(50)
@given(words=st.lists(st.sampled_from(WORDS) | unicode_text(max_size=6), max_size=30), binds=_binds())
@example(words=["SELECT", "*", "WHERE", "{", "SERVICE", "<http://127.0.0.1:9/>", "{", "?s", "?p", "?o", "}", "}"], binds=[])
@example(words=["INSERT", "DATA", "{", "<http://x/a>", "<http://x/p>", "<http://x/o>", "}"], binds=[])
def test_generated_queries(built, words, binds):
    """Token soup on the built store: SERVICE, updates and syntax errors refused in one line."""
    run_cli(["query", "--store", str(built), *_bind_args(binds), " ".join(words)], timeout=60, target="query-generated")


@examples(25)
@given(payload=st.binary(max_size=300) | mutated(QUERIES["leaders"].encode()))
def test_query_file_any_bytes(payload):
    with scratch() as folder:
        path = folder / "q.rq"
        path.write_bytes(payload)
        run_cli(["query", "--store", "memory:", "--file", str(path)], timeout=60, target="query-file")
