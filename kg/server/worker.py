"""A query worker: a separate process that answers queries on a read-only view of an on-disk store.

Why a process: pyoxigraph releases the GIL while it evaluates, so threads would keep the
server answering, but a query cannot be interrupted once started. A runaway query (a
cross product) would keep a core busy until it ends by itself. A worker process can be
killed at the time limit and replaced; the server keeps answering from the others.

Protocol on stdin/stdout: one JSON request per line (``query``, ``accept``, ``max_rows``,
``default_graphs``, ``named_graphs``); each answer is one JSON header line (``status``,
``content_type``, ``truncated``, ``length`` or ``message``) followed by ``length`` bytes
of body. Run as ``python -m kg.server.worker STORE_DIRECTORY``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pyoxigraph as ox

from kg.server.results import BadQuery, NotAcceptable, run


def _exit_with_parent(parent: int) -> None:
    """Stop when the server is gone, even in the middle of a long query."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _answer(store: ox.Store, request: dict) -> tuple[dict, bytes]:
    try:
        answer = run(store, request["query"], request.get("accept"), int(request["max_rows"]),
                     request.get("default_graphs"), request.get("named_graphs"))
    except BadQuery as error:
        return {"status": 400, "message": str(error)}, b""
    except NotAcceptable as error:
        return {"status": 406, "message": str(error)}, b""
    header = {"status": 200, "content_type": answer.content_type, "truncated": answer.truncated, "length": len(answer.body)}
    return header, answer.body


def main(path: str) -> None:
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    store = ox.Store.read_only(path)
    incoming, outgoing = sys.stdin.buffer, sys.stdout.buffer
    outgoing.write(b'{"status": "ready"}\n')
    outgoing.flush()
    for line in incoming:
        header, body = _answer(store, json.loads(line))
        outgoing.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        outgoing.flush()


if __name__ == "__main__":
    main(sys.argv[1])
