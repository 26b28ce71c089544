"""Pausing Python's cycle collector around work that makes many objects and no cycles to speak of."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector for the block; enable it again after, if it was on.

    Each collection walks every container still alive, so work that makes millions of
    objects (an import's rows, a projection's edges, an article's tokens beside a large
    store's names) would otherwise pay for walking them over and over. With ``keep``
    (objects made in the block that live on, like a projection), they are moved to the
    oldest generation on the way out (a freeze and unfreeze moves the lists whole), so the
    next young and middle collections do not walk them again before they get there.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
