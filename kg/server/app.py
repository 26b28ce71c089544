"""The web application behind ``kg serve``: the SPARQL 1.1 Protocol at ``/sparql``, the viewer, the query page.

Routes:

- ``GET|POST /sparql``: queries (``query=`` in the URL or a form, or an
  ``application/sparql-query`` body) and updates (``update=`` form or an
  ``application/sparql-update`` body), answered by content negotiation;
- ``GET /named/{name}?param=value``: a named query with its values bound as RDF terms;
- ``GET /``: the graph viewer (the page ``kg viz`` writes), drawn live from the store;
- ``GET /queries``: a page listing the named queries, ready to run.

Updates are refused (403) unless the server was started with ``allow_update`` and a
token, which clients send as ``Authorization: Bearer <token>`` (401 without it).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from contextlib import asynccontextmanager
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KgError, printable
from kg.queries import Page, named_queries, prepare_named_page
from kg.render import graph_html
from kg.server.pages import query_page
from kg.server.results import BadQuery, NotAcceptable
from kg.server.runner import QueryRequest, QueryTimeout, Runner, WorkerFailed
from kg.sparql import parse_term
from kg.store import Store

MAX_BODY = 1_000_000
_FORM = "application/x-www-form-urlencoded"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _page_headers(request: Request, page: Page) -> dict[str, str]:
    """Which rows a paged named query's answer holds, and a ``Link rel="next"`` (RFC 8288) when more remain."""
    headers = {"Kg-Page": f"offset={page.offset}; count={page.count}; limit={page.limit}; more={str(page.more).lower()}"}
    if page.more:
        following = request.url.include_query_params(limit=page.limit, offset=page.offset + page.limit)
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return headers


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    """One line of plain text: a line break or control character quoted from the request is shown escaped."""
    return PlainTextResponse(printable(message).replace("\n", "\\n") + "\n", status_code=status, headers=headers)


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ProtocolError(413, f"request body larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"give one {name!r} parameter, not {len(values)}")
    return values[0] if values else None


async def read_protocol(request: Request) -> tuple[str | None, str | None, dict[str, list[str]]]:
    """The operation (``query``, ``update`` or ``None``), its text and the other parameters of a request."""
    fields = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None
        if media == _FORM:
            for key, values in parse_qs(text, keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            return "query", text, fields
        elif media == "application/sparql-update":
            return "update", text, fields
        else:
            raise ProtocolError(415, f"POST a form ({_FORM}), application/sparql-query or application/sparql-update, "
                                     f"not {media!r}")
    query, update = _one(fields, "query"), _one(fields, "update")
    if query is not None and update is not None:
        raise ProtocolError(400, "give either 'query' or 'update', not both")
    if update is not None:
        if request.method != "POST":
            raise ProtocolError(400, "SPARQL Update must be sent with POST")
        return "update", update, fields
    return ("query" if query is not None else None), query, fields


def create_app(
    store: Store,
    *,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    allow_update: bool = False,
    token: str | None = None,
    cors: Iterable[str] = (),
) -> Starlette:
    """The ASGI application serving ``store``; the caller keeps the store open while it runs."""
    if allow_update and not token:
        raise KgError("--allow-update needs --token (or KG_SERVE_TOKEN): clients must prove they may write")
    runner = Runner(store, timeout=timeout, max_rows=max_rows, workers=workers)
    viewer_cache: dict[tuple, str] = {}

    async def answer_query(request: Request, query: str, fields: dict[str, list[str]]) -> Response:
        try:
            answer = await runner.query(QueryRequest(
                query, request.headers.get("accept"), fields.get("default-graph-uri", []), fields.get("named-graph-uri", [])
            ))
        except BadQuery as error:
            return _error(400, str(error))
        except NotAcceptable as error:
            return _error(406, str(error))
        except QueryTimeout as error:
            return _error(503, str(error))
        except WorkerFailed as error:
            return _error(500, str(error))
        headers = {"Vary": "Accept", "Kg-Row-Limit": str(max_rows)}
        if answer.truncated:
            headers["Kg-Truncated"] = "true"
        return Response(answer.body, media_type=answer.content_type, headers=headers)

    async def answer_update(request: Request, text: str) -> Response:
        if not allow_update:
            return _error(403, "this endpoint is read-only: start kg serve with --allow-update --token … to accept SPARQL Update")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            return _error(401, "SPARQL Update needs the server's token: send 'Authorization: Bearer <token>'",
                          {"WWW-Authenticate": 'Bearer realm="kg"'})
        try:
            await runner.update(text)
        except BadQuery as error:
            return _error(400, str(error))
        viewer_cache.clear()
        return Response(status_code=204)

    async def sparql(request: Request) -> Response:
        try:
            operation, text, fields = await read_protocol(request)
        except ProtocolError as error:
            return _error(error.status, str(error))
        if operation == "update":
            return await answer_update(request, text)
        if operation is None:
            if "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/queries", status_code=303)
            return _error(400, "missing 'query': send ?query=… or POST a query (see /queries for examples)")
        return await answer_query(request, text, fields)

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        query = named_queries().get(name)
        if query is None:
            return _error(404, f"unknown named query {name!r}; known: {', '.join(named_queries())}")
        try:
            given = [(key, value) for key, value in request.query_params.multi_items() if value.strip()]
            bindings = dict(parse_term(key, value) for key, value in given)
            text, page = await run_in_threadpool(prepare_named_page, store, name, bindings)
        except KgError as error:
            return _error(400, str(error))
        response = await answer_query(request, text, {})
        if page is not None and response.status_code == 200:
            response.headers.update(_page_headers(request, page))
        return response

    async def viewer(request: Request) -> Response:
        params = request.query_params
        options = {
            "focus": params.get("focus") or None,
            "hops": params.get("hops") or "2",
            "as_of": params.get("as_of") or None,
            "relations": tuple(params.getlist("relation")) or None,
            "types": tuple(params.getlist("type")) or None,
        }
        key = tuple(options.items())
        if key not in viewer_cache:
            try:
                hops = int(options.pop("hops"))
            except ValueError:
                return _error(400, "hops: expected a whole number")
            async with runner.gate.reading():
                try:
                    page = await run_in_threadpool(graph_html, store, hops=hops, **options)
                except KgError as error:
                    return _error(400, str(error))
            if len(viewer_cache) > 16:
                viewer_cache.clear()
            viewer_cache[key] = page
        return Response(viewer_cache[key], media_type="text/html")

    async def queries(request: Request) -> Response:
        page, policy = query_page(named_queries().values(), max_rows=max_rows, timeout=timeout)
        return Response(page, media_type="text/html", headers={"Content-Security-Policy": policy})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await runner.start()
        try:
            yield
        finally:
            await runner.close()

    middleware = [Middleware(_SecurityHeaders)]
    if cors:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept"], expose_headers=["Kg-Truncated", "Kg-Row-Limit"],
        ))
    routes = [
        Route("/", viewer, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/named/{name}", named, methods=["GET"]),
        Route("/queries", queries, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.runner = runner
    return app


class _SecurityHeaders:
    """Headers every response carries: no MIME sniffing, no referrer, no framing by other sites."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
