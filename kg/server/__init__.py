"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store, with the graph viewer and a query page.

:func:`serve` opens the store, starts the query workers and runs the web server until
interrupted; :func:`kg.server.app.create_app` gives the ASGI application alone.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KgError
from kg.store import open_store, resolve_spec

__all__ = ["serve"]


def _check_port(host: str, port: int) -> None:
    """Fail with one clear line, before any worker starts, when the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise KgError(f"--host {host}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise KgError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def serve(
    store_spec: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    cors: Iterable[str] = (),
) -> None:
    """Serve the store at ``http://host:port/`` until interrupted (Ctrl-C or SIGTERM)."""
    import uvicorn

    from kg.server.app import create_app

    spec = resolve_spec(store_spec)
    if "://" not in spec and spec != "memory:" and not Path(spec).is_dir():
        raise KgError(f"store {spec} does not exist: build it first with kg build --store {spec}")
    if timeout <= 0 or max_rows <= 0 or workers <= 0:
        raise KgError("--timeout, --max-rows and --workers must be positive")
    _check_port(host, port)
    with open_store(spec) as store:
        app = create_app(store, timeout=timeout, max_rows=max_rows, workers=workers,
                         allow_update=allow_update, token=token, cors=tuple(cors))
        mode = "updates allowed with the token" if allow_update else "read-only"
        shown = f"[{host}]" if ":" in host else host
        print(f"kg serve: http://{shown}:{port}/ — SPARQL endpoint at /sparql, queries at /queries "
              f"({mode}; time limit {timeout:g} s, at most {max_rows} rows); store {store.spec}", file=sys.stderr, flush=True)
        uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                      lifespan="on")).run()
