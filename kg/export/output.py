"""Write a file all at once or not at all: a temporary file beside it, renamed when complete.

An export that fails half-way (a full disk, a bad ``--as-of``, a kill) must not leave a
truncated file that looks like a finished one, nor clobber an earlier good export.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError


def _cannot_write(path: Path, error: OSError) -> KgError:
    return KgError(f"{path}: cannot write: {error.strerror or error}")


def _umask() -> int:
    """The process umask, so an export gets the permissions any new file would (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_paths(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths, one per target, renamed over the targets when the block succeeds.

    The temporary files sit in the target's folder (so the rename stays on one file system)
    and are created before the block runs: an unwritable ``-o`` fails at once, before any
    work. On any failure every temporary file is removed and no target is touched.
    """
    temporary: list[Path] = []
    try:
        for path in paths:
            if path.is_dir():
                raise KgError(f"{path}: is a folder; give a file name to -o")
            try:
                handle, name = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.",
                                                suffix=".part")
            except OSError as error:
                raise _cannot_write(path, error) from None
            os.close(handle)
            temporary.append(Path(name))
            os.chmod(name, 0o666 & ~_umask())
        yield temporary
        for work, path in zip(temporary, paths):
            try:
                os.replace(work, path)
            except OSError as error:
                raise _cannot_write(path, error) from None
    finally:
        for work in temporary:
            work.unlink(missing_ok=True)
