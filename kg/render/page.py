"""The self-contained HTML page: template, inlined vis-network, the viewer's code, the data, and its CSP.

The page loads nothing from the network. Its Content-Security-Policy (a ``<meta>``
element, so it travels with the file) allows exactly two scripts, named by their SHA-256
(vis-network and the viewer), no inline event handlers, no connections, no frames and no
remote images, fonts or styles. Inline styles stay allowed because vis-network adds its
own ``<style>`` elements at run time; with every remote source closed they cannot load
anything either.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from kg.render.escape import script_json, sha256_source, text

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def asset(name: str) -> str:
    return files("kg.render").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def content_security_policy() -> str:
    """The page's policy: its own two scripts only, nothing fetched from anywhere."""
    scripts = " ".join(sha256_source(asset(name)) for name in ("vis-network.min.js", "viewer.js"))
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
        "font-src 'none'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def page(data: dict) -> str:
    """The complete page for the data of :func:`kg.render.data.graph_data`."""
    values = {
        "title": text(data["title"]),
        "csp": text(content_security_policy()),
        "style": asset("viewer.css"),
        "vis": asset("vis-network.min.js"),
        "viewer": asset("viewer.js"),
        "data": script_json(data),
    }
    # One pass: inserted text (data, scripts) is never scanned for placeholders again.
    return _PLACEHOLDER.sub(lambda match: values[match[1]], asset("page.html"))
