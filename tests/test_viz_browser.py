"""A real headless Chromium for the page tests (Debian's ``chromium`` driven by Playwright), with the network cut off.

Shared by ``test_viz.py`` and ``test_serve.py``. Pages are opened with every request
that is not the page itself (a ``file:`` URL, or the test's own server) aborted and
recorded, JavaScript dialogs recorded and dismissed, and console errors collected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """Debian's Chromium; Playwright's own browser downloads are never used."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium (see README, Tests)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


@dataclass
class Opened:
    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(browser, url: str, *, allowed_prefix: str = "file:", size=(1400, 860), ready: bool = True) -> Opened:
    """Open ``url`` with only ``allowed_prefix`` URLs reachable; wait for the viewer when ``ready``."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    opened = Opened(page)
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))

    def on_dialog(dialog) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(request_route) -> None:
        url_ = request_route.request.url
        if url_.startswith(allowed_prefix) or url_.startswith("about:"):
            request_route.continue_()
        else:
            opened.blocked.append(url_)
            request_route.abort()

    page.route("**/*", route)
    page.goto(url)
    if ready:
        wait_ready(page)
    return opened


def wait_ready(target, timeout: float = 60) -> None:
    """Wait until the viewer has drawn and settled (polling from outside: the page's CSP forbids eval)."""
    deadline = time.monotonic() + timeout
    probe = "() => Boolean(window.kgViewer && window.kgViewer.ready && window.kgViewer.firstDraw)"
    while not target.evaluate(probe):
        if time.monotonic() > deadline:
            raise TimeoutError("the graph viewer did not finish drawing")
        time.sleep(0.05)


def visible_counts(target) -> tuple[int, int]:
    return tuple(target.evaluate("() => kgViewer.drawnCounts()"))


def node_position(page, label: str) -> tuple[float, float]:
    """Where on the screen the node with this label is drawn."""
    return tuple(page.evaluate(
        """(label) => {
            const network = kgViewer.network;
            const id = kgViewer.nodes.get().find((node) => node.label === label).id;
            const point = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("graph").getBoundingClientRect();
            return [point.x + box.left, point.y + box.top];
        }""",
        label,
    ))
