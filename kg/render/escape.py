"""Putting data into an HTML page so that it stays data: JSON in a script block, text escaped.

Every text that reaches a page comes from sources (labels, aliases, quotes, titles) and
is untrusted. It enters a page in exactly two ways: as JSON inside a
``<script type="application/json">`` block, read by the page's code and shown with
``textContent``; or escaped with :func:`text` in the few places the template needs it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment in it.

    >>> script_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def text(value: object) -> str:
    """Escape text for HTML element content or a quoted attribute.

    >>> text('<b title="x">')
    '&lt;b title=&quot;x&quot;&gt;'
    """
    return html.escape(str(value), quote=True)


def sha256_source(script: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
