"""The graph store, chosen in exactly one place: :func:`open_store`.

- a directory path (default ``./kg-store``): embedded on-disk Oxigraph;
- ``memory:``: an in-memory Oxigraph store, for tests and notebooks;
- ``http(s)://…``: a SPARQL 1.1 Query/Update endpoint.

Every source has its own named graph. Queries see the union of all graphs as their
default graph unless they say ``GRAPH`` or ``FROM``. Writes go through
:meth:`Store.replace_graphs`, which is atomic: new content is written to staging graphs
first and moved over the old graphs in one SPARQL Update, which Oxigraph applies as one
transaction. A failed write leaves every graph as it was.

The embedded store uses pyoxigraph directly rather than through oxrdflib: oxrdflib's
commit and rollback do nothing, and queries passed through rdflib can fall back to
rdflib's pure-Python engine. :meth:`Store.rdflib_graph` still gives notebooks an rdflib
view.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import bulk
from kg.beside import cache_beside, durably_create, in_use, lock_beside, note_write, staging_mark, touched_by
from kg.errors import KgError
from kg.names import with_name_keys
from kg.sparql import bind_values
from kg.vocab import PREFIXES

DEFAULT_STORE = "./kg-store"
_STAGING = "urn:kg:staging:"
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def records(self) -> list[dict[str, Term]]:
        """Rows as dicts of bound variables, for use from Python."""
        return [
            {name: value for name, value in zip(self.variables, row) if value is not None}
            for row in self.rows
        ]


def _from_pyoxigraph(result) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(solution[name] for name in variables) for solution in result]
        return QueryResult(kind="select", variables=variables, rows=rows)
    return QueryResult(kind="graph", triples=list(result))


def _syntax_error(error: SyntaxError, what: str) -> KgError:
    """One readable line: the parser's position and the start of its list of expected tokens."""
    message = " ".join(str(error).split())
    if len(message) > 160:
        message = message[:157] + "…"
    return KgError(f"{what} syntax error: {message}")


class Store:
    """Common interface of the embedded store and the remote endpoint."""

    spec: str

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        raise NotImplementedError

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Iterable[ox.Triple]]) -> None:
        """Atomically make each named graph hold exactly the given triples."""
        raise NotImplementedError

    def graph_names(self) -> list[ox.NamedNode]:
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad in every named graph."""
        raise NotImplementedError

    def triple_count(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0].value)

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        self.replace_graphs({name: () for name in names})

    def bulk_replace_graphs(self, names: Sequence[ox.NamedNode], quads: Iterable[ox.Quad],
                            on_batch: Callable[[int], None] | None = None) -> int:
        """Atomically make the graphs ``names`` hold exactly ``quads`` (streamed; each quad names one of them).

        For large writes (dataset imports). Returns the number of quads written. This
        fallback collects the quads and calls :meth:`replace_graphs`; the embedded on-disk
        store and the endpoint stream them in batches instead.
        """
        graphs: dict[ox.NamedNode, list[ox.Triple]] = {name: [] for name in names}
        count = 0
        for quad in quads:
            graphs[_target(quad, graphs)].append(quad.triple)
            count += 1
            if on_batch is not None and count % bulk.BATCH == 0:
                on_batch(count)
        self.replace_graphs(graphs)
        return count

    def bulk_replace_triples(self, names: Sequence[ox.NamedNode], batches: Iterable[tuple[ox.NamedNode, Sequence[ox.Triple]]],
                             on_batch: Callable[[int], None] | None = None) -> int:
        """:meth:`bulk_replace_graphs` for triples that come in runs of one graph each: ``(graph, triples)``.

        The on-disk store writes the runs as they are, without making a quad of each
        triple (a third of the Python time of a large import went to that).
        """
        quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for graph, triples in batches for t in triples)
        return self.bulk_replace_graphs(names, quads, on_batch)

    def close(self) -> None:
        """Release the store (the directory lock, for an embedded store)."""

    def rdflib_graph(self):
        """An rdflib ``Graph`` holding a copy of the union of all graphs (small stores)."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=_ntriples(self.quads()), format="nt")
        return graph

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


class LocalStore(Store):
    """Embedded Oxigraph, on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | None) -> None:
        self.spec = path or "memory:"
        if path is None:
            self._store = ox.Store()
            return
        if Path(path).exists() and not Path(path).is_dir():
            raise KgError(f"store {path}: exists and is not a directory")
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise KgError(f"cannot open store {path}: {error.strerror}") from None
        self._lock = lock_beside(Path(path))
        try:
            self._store = ox.Store(path)
        except OSError as error:
            self._release()
            if "lock" in str(error).lower():
                raise KgError(in_use(path)) from None
            raise KgError(f"cannot open store {path}: {error}") from None
        self._drop_staging()

    def _drop_staging(self) -> None:
        """Remove staging graphs a killed writer may have left behind.

        Listing the graphs turns every graph name into a string (about a second for 125,000
        documents), so it is done only when a writer's mark says staging graphs may exist:
        the mark is made before they are written and removed once they are gone. Where no
        mark can be kept (the folder holding the store is read-only), the graphs are listed.
        """
        mark = staging_mark(self.spec)
        if self._lock is not None and not mark.exists():
            return
        stale = [g for g in self._store.named_graphs() if g.value.startswith(_STAGING)]
        if stale:
            with self._writing():
                for graph in stale:
                    self._store.remove_graph(graph)
            self._store.flush()
        mark.unlink(missing_ok=True)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings or {})
        try:
            result = self._store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
            return _from_pyoxigraph(result)
        except SyntaxError as error:
            raise _syntax_error(error, "SPARQL") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise KgError(f"query failed: {error}") from None

    def update(self, sparql: str) -> None:
        try:
            with self._writing():
                self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise _syntax_error(error, "SPARQL Update") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise KgError(f"update failed: {error}") from None

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Iterable[ox.Triple]]) -> None:
        staging = {name: ox.NamedNode(f"{_STAGING}{uuid.uuid4()}") for name in graphs}
        mark = staging_mark(self.spec) if self.spec != "memory:" else None
        try:
            touched = None
            if mark is not None:  # readers' caches beside the store re-read what a small write touches
                graphs, touched = touched_by(self._store, self.spec, graphs)
                durably_create(mark)
            with self._writing(touched):
                self._store.extend(
                    ox.Quad(t.subject, t.predicate, t.object, staging[name])
                    for name, triples in graphs.items()
                    for t in with_name_keys(triples)
                )
                self._store.update(_move_operations(staging, self._store.contains_named_graph))
                self._store.flush()
        except (OSError, RuntimeError, ValueError, SyntaxError) as error:
            for graph in staging.values():
                self._store.remove_graph(graph)
            raise KgError(f"write to store {self.spec} failed, nothing changed: {error}") from None
        if mark is not None:
            mark.unlink(missing_ok=True)

    def bulk_replace_graphs(self, names: Sequence[ox.NamedNode], quads: Iterable[ox.Quad],
                            on_batch: Callable[[int], None] | None = None) -> int:
        """Stream ``quads`` into a copy of the store, then swap the copy in (see :meth:`bulk_replace_triples`)."""
        if self.spec == "memory:":
            return super().bulk_replace_graphs(names, quads, on_batch)
        return self.bulk_replace_triples(names, bulk.runs(quads), on_batch)

    def bulk_replace_triples(self, names: Sequence[ox.NamedNode], batches: Iterable[tuple[ox.NamedNode, Sequence[ox.Triple]]],
                             on_batch: Callable[[int], None] | None = None) -> int:
        """Stream runs of triples into a copy of the store with the bulk loader, then swap the copy in.

        Oxigraph's transactional writes do not scale to millions of quads (a ``MOVE`` of a
        2 M-quad staging graph took minutes and gigabytes; so does removing a graph), so
        the atomic step is a directory swap instead. The copy is a RocksDB checkpoint (hard
        links, instant) from which the old target graphs are removed, or, when those are
        large, a fresh store that the other graphs are bulk-copied into. The new triples go
        in through the bulk loader in a child process, each graph as one stream that Oxigraph
        cuts into batches of its own (so memory is bounded by its batches, about 1.6 GB, not
        by the file), while this process makes the next batch: the loader holds the GIL for much
        of its work, so a thread would not run beside the Python that mints the triples.
        The copy then replaces the store with one ``renameat2(RENAME_EXCHANGE)``. Until that
        call the store is untouched; a failure or a kill before it leaves only a leftover
        copy, removed by the next bulk write. An in-memory store has no directory: it falls
        back to :meth:`replace_graphs`.
        """
        if self.spec == "memory:":
            return super().bulk_replace_triples(names, batches, on_batch)
        path = Path(self.spec).resolve()
        bulk.remove_leftovers(path)
        work = path.parent / f".{path.name}{bulk.WORK_SUFFIX}{uuid.uuid4().hex[:12]}"
        targets = set(names)
        try:
            copy = self._copy_without(work, targets)
            copy.flush()
            del copy  # the loader process opens the copy: this one must let go of its lock
            count = bulk.load_in_child(work, batches, targets, on_batch)
            self._store.flush()
            self._store = None
            with self._writing():
                bulk.exchange(work, path)
        except (OSError, RuntimeError, ValueError, SyntaxError) as error:
            raise KgError(f"write to store {self.spec} failed, nothing changed: {error}") from None
        finally:
            if self._store is None:
                self._store = ox.Store(str(path))
            shutil.rmtree(work, ignore_errors=True)
        return count

    def _copy_without(self, work: Path, targets: set[ox.NamedNode]) -> ox.Store:
        """A new store at ``work`` holding everything but the ``targets`` graphs."""
        old = sum(bulk.graph_size(self._store, g) for g in targets if self._store.contains_named_graph(g))
        if old <= bulk.REMOVE_MAX:
            self._store.flush()
            self._store.backup(str(work))
            copy = ox.Store(str(work))
            for graph in targets:
                copy.remove_graph(graph)
            return copy
        copy = ox.Store(str(work))
        for graph in self._store.named_graphs():
            if graph not in targets:
                data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                copy.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return copy

    def graph_names(self) -> list[ox.NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def quads(self) -> Iterator[ox.Quad]:
        for quad in self._store.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def triple_count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if getattr(self, "_store", None) is not None and self.spec != "memory:":
            self._store.flush()
        self._store = None
        self._release()

    def _release(self) -> None:
        if getattr(self, "_lock", None) is not None:
            os.close(self._lock)
        self._lock = None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for bulk paths."""
        return self._store

    @contextmanager
    def _writing(self, touched: set[str] | None = None) -> Iterator[None]:
        """Keep what readers keep beside the store (:func:`cache_beside`) from being taken as true after a write.

        Before it, so that a writer killed mid-write leaves no cache that looks valid; after
        it, so that a cache made from a read that overlapped the write is not taken as true.
        A write that knows the subjects it ``touched`` notes them for readers to re-read
        (:func:`kg.beside.note_write`); any other makes the cache stale.
        """
        folder = cache_beside(self.spec) if self.spec != "memory:" else None
        note_write(folder, touched)
        try:
            yield
        finally:
            note_write(folder, touched)


def _move_operations(staging: Mapping[ox.NamedNode, ox.NamedNode], exists) -> str:
    """One SPARQL Update that swaps each staging graph over its target graph.

    An empty staging graph does not exist in Oxigraph, so its target is dropped instead.
    Graph names are ``NamedNode`` values, whose text form is a validated IRI.
    """
    operations = []
    for target, temporary in staging.items():
        if exists(temporary):
            operations.append(f"MOVE GRAPH {temporary} TO GRAPH {target}")
        else:
            operations.append(f"DROP SILENT GRAPH {target}")
    return " ;\n".join(operations)


def _target(quad: ox.Quad, names) -> ox.NamedNode:
    if quad.graph_name not in names:
        raise ValueError(f"quad for graph {quad.graph_name} outside the graphs being replaced")
    return quad.graph_name


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso…).

    The endpoint must use the union of its named graphs as the default graph
    (``oxigraph serve --union-default-graph``; Fuseki's ``unionDefaultGraph``). Updates
    go to ``update_url``: given ``…/query`` (Oxigraph, Fuseki) it is ``…/update``,
    otherwise the same URL, unless ``KG_UPDATE_URL`` says otherwise.
    """

    _BATCH = 20_000

    def __init__(self, url: str, update_url: str | None = None, timeout: float | None = None) -> None:
        import httpx

        self.spec = url
        self.url = url
        if update_url is None:
            update_url = os.environ.get("KG_UPDATE_URL") or (
                url[: -len("/query")] + "/update" if url.endswith("/query") else url
            )
        self.update_url = update_url
        timeout = timeout or float(os.environ.get("KG_HTTP_TIMEOUT", "60"))
        self._http = httpx.Client(timeout=timeout)
        self._httpx = httpx

    def _post(self, url: str, data: dict, accept: str):
        try:
            response = self._http.post(url, data=data, headers={"Accept": accept})
        except self._httpx.HTTPError as error:
            raise KgError(f"cannot reach SPARQL endpoint {url}: {error}") from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:300]
            raise KgError(f"SPARQL endpoint {url} answered {response.status_code}: {detail}")
        return response

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings or {})
        try:
            # Parse locally first: a syntax error gets the same line and column as on the
            # embedded store, and the endpoint is not asked to run what cannot run.
            ox.Store().query(text, prefixes=PREFIXES)
        except SyntaxError as error:
            raise _syntax_error(error, "SPARQL") from None
        except (RuntimeError, ValueError, OSError):
            pass
        prologue = "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())
        response = self._post(
            self.url,
            {"query": prologue + "\n" + text},
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if response.headers.get("kg-truncated") == "true":
            # A cut answer taken as whole would silently lose data (an export, a count, a write's context).
            raise KgError(f"SPARQL endpoint {self.url} cut the answer at {response.headers.get('kg-row-limit', '?')} rows "
                          "(kg serve --max-rows): the result would be incomplete")
        content_type = response.headers.get("content-type", "")
        try:
            if "sparql-results+json" in content_type:
                return _from_pyoxigraph(
                    ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
                )
            return QueryResult(
                kind="graph",
                triples=list(ox.parse(response.content, ox.RdfFormat.N_TRIPLES)),
            )
        except (SyntaxError, ValueError) as error:
            raise KgError(f"SPARQL endpoint {self.url} sent an unreadable answer: {error}") from None

    def update(self, sparql: str) -> None:
        prologue = "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())
        self._post(self.update_url, {"update": prologue + "\n" + sparql}, "*/*")

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Iterable[ox.Triple]]) -> None:
        staging = {name: ox.NamedNode(f"{_STAGING}{uuid.uuid4()}") for name in graphs}
        written: set[ox.NamedNode] = set()
        try:
            for name, triples in graphs.items():
                for batch in _batches(list(with_name_keys(triples)), self._BATCH):
                    self.update(f"INSERT DATA {{ GRAPH {staging[name]} {{\n{_ntriples_of(batch)}}} }}")
                    written.add(staging[name])
            self.update(_move_operations(staging, written.__contains__))
        except KgError as error:
            self._drop_quietly(written)
            raise KgError(f"write to {self.spec} failed, nothing changed: {error}") from None

    def bulk_replace_graphs(self, names: Sequence[ox.NamedNode], quads: Iterable[ox.Quad],
                            on_batch: Callable[[int], None] | None = None) -> int:
        """Stream ``quads`` as batched ``INSERT DATA`` into staging graphs, then one ``MOVE`` update.

        Blank nodes are not allowed (their labels are scoped to one request).
        """
        staging = {name: ox.NamedNode(f"{_STAGING}{uuid.uuid4()}") for name in names}
        written: set[ox.NamedNode] = set()
        count = 0
        batch: list[ox.Quad] = []

        def send() -> None:
            body = "".join(f"GRAPH {staging[q.graph_name]} {{ {q.subject} {q.predicate} {q.object} }}\n" for q in batch)
            self.update(f"INSERT DATA {{\n{body}}}")
            written.update(staging[q.graph_name] for q in batch)
            batch.clear()

        try:
            for quad in with_name_keys(quads):
                _target(quad, staging)
                if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                    raise KgError("bulk writes to an endpoint cannot carry blank nodes")
                batch.append(quad)
                count += 1
                if len(batch) >= self._BATCH:
                    send()
                    if on_batch is not None:
                        on_batch(count)
            if batch:
                send()
            self.update(_move_operations(staging, written.__contains__))
        except (KgError, ValueError) as error:
            self._drop_quietly(written)
            raise KgError(f"write to {self.spec} failed, nothing changed: {error}") from None
        return count

    def _drop_quietly(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Remove staging graphs after a failed write, as far as the endpoint still answers."""
        for graph in graphs:
            try:
                self.update(f"DROP SILENT GRAPH {graph}")
            except KgError:
                pass

    def graph_names(self) -> list[ox.NamedNode]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        names = [row[0] for row in result.rows if isinstance(row[0], ox.NamedNode)]
        return sorted((g for g in names if not g.value.startswith(_STAGING)), key=lambda g: g.value)

    def quads(self) -> Iterator[ox.Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in result.rows:
            yield ox.Quad(s, p, o, g)

    def close(self) -> None:
        self._http.close()


def _batches(items: list, size: int) -> Iterator[list]:
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in items):
        # Blank node labels are scoped to one request: keep a graph with them in one piece.
        yield items
        return
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ntriples_of(triples: Iterable[ox.Triple]) -> str:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


def resolve_spec(spec: str | None) -> str:
    """The store setting in force: the argument, else ``KG_STORE``, else ``./kg-store``."""
    return spec or os.environ.get("KG_STORE") or DEFAULT_STORE


def open_store(spec: str | None = None) -> Store:
    """Open the store named by ``spec`` (see the module docstring for the forms)."""
    spec = resolve_spec(spec)
    if spec == "memory:":
        return LocalStore(None)
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec)
    if "://" in spec:
        raise KgError(f"--store {spec}: expected a directory, memory: or an http(s):// SPARQL endpoint")
    return LocalStore(spec)
