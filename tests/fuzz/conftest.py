"""Hypothesis profiles for the fuzz suite, and the per-target input counts it can write out.

``ci`` (the default) is deterministic and bounded: the same inputs on every run, no
deadline (a loaded CI machine must not turn slowness into failures), no example database.
``long`` is randomised and runs ``KG_FUZZ_SCALE`` times as many inputs per target;
``benchmarks/fuzz_long.py`` uses it. With ``KG_FUZZ_COUNTS=FILE`` the number of inputs
each target received is written to FILE as JSON when the session ends.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.fuzzing import COUNTS, run_cli, store_digest

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=_SLOW)
settings.register_profile("long", derandomize=False, deadline=None, database=None, print_blob=True,
                          suppress_health_check=_SLOW)
settings.load_profile(os.environ.get("KG_FUZZ_PROFILE", "ci"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The built-in graph on disk, one per test module.

    Tests read it or work on copies of it (``store_copy``), so at the end of the module it
    must be as it was: a fuzz input that changed it is a defect.
    """
    path = tmp_path_factory.mktemp("fuzz") / "store"
    assert run_cli(["build", "--store", str(path), "--no-validate"]).exit_code == 0
    before = store_digest(path)
    yield path
    assert store_digest(path) == before


def pytest_sessionfinish(session, exitstatus) -> None:
    target = os.environ.get("KG_FUZZ_COUNTS")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(dict(sorted(COUNTS.items())), handle, indent=1)
