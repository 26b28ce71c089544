"""Where queries run: a pool of worker processes for an on-disk store, threads otherwise.

An on-disk store is held (and locked) by the server process, which applies updates; the
workers open read-only views of it (``pyoxigraph.Store.read_only``) and are killed at the
time limit. A read-only view sees the store as it was when opened, so after an update
every worker is replaced. Updates wait until no query is running and queries wait while
an update runs (:class:`Gate`), so a worker never reads while the store is written.

A ``memory:`` store cannot be shared with another process and a remote store does its
work elsewhere: both run in threads here. The time limit still answers the client on
time, but a runaway query on a ``memory:`` store keeps its thread busy until it ends.
"""

from __future__ import annotations

import asyncio
import json
import select
import subprocess
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.server.results import Answer, BadQuery, NotAcceptable, boolean_answer, check_query, graph_answer, run, select_answer
from kg.store import LocalStore, Store

_START_TIMEOUT = 120.0


class QueryTimeout(Exception):
    """The query ran past the time limit (or waited that long for a free worker)."""


class WorkerFailed(Exception):
    """A worker process ended without answering."""


@dataclass
class QueryRequest:
    """One SPARQL query as the protocol delivers it."""

    query: str
    accept: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


class Gate:
    """Many queries at once, or one update alone."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            async with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing)
            self._writing = True
            await self._condition.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            async with self._condition:
                self._writing = False
                self._condition.notify_all()


class _Worker:
    """One ``python -m kg.server.worker`` process and its pipes."""

    def __init__(self, path: str, generation: int) -> None:
        self.generation = generation
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.server.worker", path], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        try:
            header = self._read_header(_START_TIMEOUT)
        except (QueryTimeout, WorkerFailed):
            header = {"status": "no answer"}
        if header.get("status") != "ready":
            self.kill()
            raise WorkerFailed(f"query worker did not start: {header}")

    def _read_header(self, timeout: float) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise QueryTimeout(f"the query ran longer than the time limit of {timeout:g} s (kg serve --timeout)")
        line = self.process.stdout.readline()
        if not line:
            raise WorkerFailed("query worker ended unexpectedly")
        return json.loads(line)

    def exchange(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        try:
            self.process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise WorkerFailed("query worker ended unexpectedly") from None
        header = self._read_header(timeout)
        body = self.process.stdout.read(header.get("length", 0))
        return header, body

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            pipe.close()


def _to_answer(header: dict, body: bytes) -> Answer:
    if header["status"] == 400:
        raise BadQuery(header["message"])
    if header["status"] == 406:
        raise NotAcceptable(header["message"])
    return Answer(body, header["content_type"], header["truncated"])


class Runner:
    """Runs queries and updates against one store, with a time limit and a row limit."""

    def __init__(self, store: Store, *, timeout: float, max_rows: int, workers: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.gate = Gate()
        self.generation = 0
        self._size = max(1, workers)
        self._threads = ThreadPoolExecutor(max_workers=self._size + 2, thread_name_prefix="kg-query")
        self._on_disk = isinstance(store, LocalStore) and store.spec != "memory:"
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._background: set[asyncio.Task] = set()

    async def start(self) -> None:
        if self._on_disk:
            for worker in await asyncio.gather(*(self._spawn() for _ in range(self._size))):
                self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, _Worker, self.store.spec, self.generation)
        self._all.add(worker)
        return worker

    async def _retire(self, worker: _Worker, *, replace: bool) -> None:
        self._all.discard(worker)
        await asyncio.get_running_loop().run_in_executor(self._threads, worker.kill)
        if replace:
            self._idle.put_nowait(await self._spawn())

    async def query(self, request: QueryRequest) -> Answer:
        """Answer a query; :class:`QueryTimeout` past the time limit, :class:`BadQuery` for a bad query."""
        check_query(request.query)
        async with self.gate.reading():
            if self._on_disk:
                return await self._query_in_worker(request)
            return await self._query_in_thread(request)

    async def _query_in_worker(self, request: QueryRequest) -> Answer:
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s; try again later") from None
        if worker.generation != self.generation:
            await self._retire(worker, replace=False)
            worker = await self._spawn()
        message = {"query": request.query, "accept": request.accept, "max_rows": self.max_rows,
                   "default_graphs": request.default_graphs, "named_graphs": request.named_graphs}
        loop = asyncio.get_running_loop()
        try:
            header, body = await loop.run_in_executor(self._threads, worker.exchange, message, self.timeout)
        except (QueryTimeout, WorkerFailed):
            # Killing is the only way to stop a running Oxigraph query; a fresh worker takes its place.
            task = loop.create_task(self._retire(worker, replace=True))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            raise
        self._idle.put_nowait(worker)
        return _to_answer(header, body)

    async def _query_in_thread(self, request: QueryRequest) -> Answer:
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, self._answer_here, request)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise QueryTimeout(f"the query ran longer than the time limit of {self.timeout:g} s (kg serve --timeout)") from None

    def _answer_here(self, request: QueryRequest) -> Answer:
        if isinstance(self.store, LocalStore):
            return run(self.store.oxigraph, request.query, request.accept, self.max_rows,
                       request.default_graphs, request.named_graphs)
        if request.default_graphs or request.named_graphs:
            raise BadQuery("default-graph-uri and named-graph-uri are not passed on to a remote store")
        try:
            result = self.store.query(request.query)
        except KgError as error:
            raise BadQuery(str(error)) from None
        if result.kind == "ask":
            return boolean_answer(bool(result.boolean), request.accept)
        if result.kind == "graph":
            return graph_answer(result.triples, request.accept, self.max_rows)
        return select_answer(result.variables, iter(result.rows), request.accept, self.max_rows)

    async def update(self, text: str) -> None:
        """Apply a SPARQL Update; queries wait meanwhile, and workers are renewed to see the change."""
        async with self.gate.writing():
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(self._threads, self.store.update, text)
            except KgError as error:
                raise BadQuery(str(error)) from None
            finally:
                if self._on_disk:
                    self.store.oxigraph.flush()
                    await self._renew()

    async def _renew(self) -> None:
        self.generation += 1
        stale = []
        while not self._idle.empty():
            stale.append(self._idle.get_nowait())
        for worker in stale:
            await self._retire(worker, replace=True)

    async def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
